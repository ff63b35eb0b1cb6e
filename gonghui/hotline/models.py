"""Hotline tickets (派单) from the city hotline 12345 and the union hotline 12351, the
service levels per source, the configured reasons for returning a ticket and the record
of each return."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.accounts.roles import HOTLINE_HANDLE, HOTLINE_VIEW
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.fields import BlindIndexField, PhoneField
from gonghui.core.models import ClockUnit, TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet
from gonghui.hotline.choices import Category, Measure, Source, TicketStatus


class ServiceLevel(models.Model):
    """How long a unit has for one measure of a source's tickets, from a day on: the row
    with the latest ``effective_from`` not after the day a clock starts applies."""

    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    measure = models.CharField(_("考核环节"), max_length=12, choices=Measure.choices)
    amount = models.PositiveIntegerField(_("时限"))
    unit = models.CharField(_("计时单位"), max_length=20, choices=ClockUnit.choices)
    effective_from = models.DateField(_("生效日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务时限")
        verbose_name_plural = _("服务时限")
        ordering = ["source", "measure", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "measure", "effective_from"],
                name="hotline_level_once_a_day",
                violation_error_message=_("该来源此环节在该日已有时限"),
            ),
            models.CheckConstraint(condition=Q(amount__gte=1), name="hotline_level_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_measure_display()} {self.amount} {self.get_unit_display()}"


class ReturnReason(models.Model):
    """A reason a unit may give for returning a ticket (held in data)."""

    name = models.CharField(_("退回理由"), max_length=60, unique=True)
    active = models.BooleanField(_("启用"), default=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("退回理由")
        verbose_name_plural = _("退回理由")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class TicketQuerySet(ScopedQuerySet):
    """A ticket belongs to the unit it is dispatched to (before dispatch and after a
    return: the unit holding it); a handler is its assignee."""

    def assignee_condition(self, actor: Actor) -> Q:
        return Q(handler=actor.pk)


class Ticket(TimeStampedModel):
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    number = models.CharField(_("工单编号"), max_length=40)
    received_at = models.DateTimeField(pgettext_lazy("ticket", "受理时间"), db_index=True)
    caller_name = models.CharField(_("来电人"), max_length=50, blank=True)
    caller_phone = PhoneField(_("来电号码"), blank=True)
    caller_phone_index = BlindIndexField(
        source="caller_phone", null=True, blank=True, db_index=True
    )
    request = models.TextField(_("诉求内容"))
    category = models.CharField(_("诉求类别"), max_length=20, choices=Category.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.RECEIVED
    )
    # the unit holding the ticket: scoping, the unit it is dispatched to
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        related_name="hotline_tickets",
    )
    # the unit that first received it (首接负责): set when registered, never changed
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("首接单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the unit that dispatched it last: a return sends it back there
    dispatcher_unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("派单单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hotline_tickets",
    )
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("首次联系时间"), null=True, blank=True)
    contact_note = models.TextField(_("联系情况"), blank=True)
    hold_reason = models.TextField(_("挂起原因"), blank=True)
    returns = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, db_index=True)
    completed_unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("办结单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField(_("答复内容"), blank=True)
    completed_on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    callback_at = models.DateTimeField(_("回访时间"), null=True, blank=True, db_index=True)
    callback_contacted = models.BooleanField(_("是否联系来电人"), null=True, blank=True)
    callback_solved = models.BooleanField(_("问题是否解决"), null=True, blank=True)
    callback_satisfied = models.BooleanField(_("来电人是否满意"), null=True, blank=True)
    callback_note = models.TextField(_("回访情况"), blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    consultation = models.ForeignKey(
        "disputes.Consultation",
        verbose_name=_("转为咨询"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hotline_tickets",
    )
    mediation_case = models.ForeignKey(
        "disputes.MediationCase",
        verbose_name=_("转为调解案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hotline_tickets",
    )

    objects = TicketQuerySet.as_manager()

    attachment_rules = AttachmentRules(
        view_action=HOTLINE_VIEW,
        upload_action=HOTLINE_HANDLE,
        kinds=(("record", _("办理记录")), ("reply", _("答复材料")), ("other", _("其他材料"))),
        organization=lambda ticket: ticket.organization,
    )

    class Meta:
        verbose_name = _("热线工单")
        verbose_name_plural = _("热线工单")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number"],
                name="hotline_ticket_number_once",
                violation_error_message=_("该来源的工单编号已存在"),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="hotline_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.source}-{self.number}"

    @property
    def organization_path(self) -> Any:
        return self.organization.path


class TicketReturnQuerySet(ScopedQuerySet):
    """A return belongs to the unit that returned the ticket."""


class TicketReturn(models.Model):
    """One return of a ticket by the unit it was dispatched to (counted per period)."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="return_rows"
    )
    returned_at = models.DateTimeField(_("退回时间"), db_index=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("退回单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.ForeignKey(
        ReturnReason, verbose_name=_("退回理由"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("退回人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TicketReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("工单退回记录")
        verbose_name_plural = _("工单退回记录")
        ordering = ["returned_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket} {self.returned_at:%Y-%m-%d}"
