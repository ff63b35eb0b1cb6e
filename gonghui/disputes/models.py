"""Consultations and three-tier labour-dispute mediation.

A ``MediationCommittee`` sits at a node of the tree (the federation, a service station, an
enterprise's union) and has mediators. A ``MediationCase`` is handled by one committee:
applicants (one or many workers), the employer, claims with amounts; accepted or
declined; from acceptance the 15-day mediation period runs (``core.deadlines``: the
fields of ``DeadlineFields``; extendable only by agreement of both parties); sessions; an outcome
(agreement, failure, withdrawal); an agreement's payments are tracked as fulfilment.
"""

from datetime import time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import DISPUTES_MEDIATE, DISPUTES_VIEW
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.deadlines import DeadlineFields, DeadlineQuerySet
from gonghui.core.fields import BlindIndexField, EncryptedTextField, PhoneField
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet
from gonghui.disputes.choices import (
    CaseStatus,
    Channel,
    ClaimKind,
    ConsultationOutcome,
    Outcome,
    Satisfaction,
    SessionStatus,
    Tier,
    Topic,
)

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class ConsultationQuerySet(ScopedQuerySet):
    """Staff see the consultations of their subtrees; a mediator sees their own."""

    def assignee_condition(self, actor: Actor) -> Q:
        return Q(handled_by=actor.pk)


class CommitteeQuerySet(ScopedQuerySet):
    """Staff see the committees of their subtrees; a mediator sees those they sit on."""

    def assignee_condition(self, actor: Actor) -> Q:
        seats = CommitteeMember.objects.filter(committee=OuterRef("pk"), user=actor.pk, active=True)
        return Q(Exists(seats))


class Consultation(TimeStampedModel):
    """One consultation; each counts as one person-time (人次), ``people`` for a group."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("受理单位"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    channel = models.CharField(_("咨询方式"), max_length=10, choices=Channel.choices)
    held_on = models.DateField(_("咨询日期"), db_index=True)
    people = models.PositiveSmallIntegerField(
        _("人次"), default=1, validators=[MinValueValidator(1)]
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("职工"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    worker_name = models.CharField(_("职工姓名"), max_length=50, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)
    employer = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("用人单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employer_name = models.CharField(_("用人单位名称"), max_length=120, blank=True)
    topic = models.CharField(_("咨询事项"), max_length=20, choices=Topic.choices)
    question = models.TextField(_("问题"), blank=True)
    answer = models.TextField(_("解答"), blank=True)
    outcome = models.CharField(
        _("处理结果"),
        max_length=10,
        choices=ConsultationOutcome.choices,
        default=ConsultationOutcome.ANSWERED,
    )
    satisfaction = models.CharField(
        _("满意度"), max_length=12, choices=Satisfaction.choices, default=Satisfaction.NOT_ASKED
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接待人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mediation_case = models.ForeignKey(
        "MediationCase",
        verbose_name=_("转入的调解案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("咨询")
        verbose_name_plural = _("咨询")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "held_on"], name="consultation_org_day_idx")
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_channel_display()} {self.get_topic_display()}"


class MediationCommittee(TimeStampedModel):
    name = models.CharField(_("名称"), max_length=120)
    tier = models.CharField(_("层级"), max_length=12, choices=Tier.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在组织"),
        on_delete=models.PROTECT,
        related_name="mediation_committees",
    )
    active = models.BooleanField(_("有效"), default=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("调解委员会")
        verbose_name_plural = _("调解委员会")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(active=True),
                name="one_active_committee_per_node",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    committee = models.ForeignKey(
        MediationCommittee, on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_seats"
    )
    is_chair = models.BooleanField(_("主任"), default=False)
    active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.committee}"


class MediationCaseQuerySet(DeadlineQuerySet):
    """Staff see the cases of the committees in their subtrees; a mediator sees the cases
    of the committees they sit on, whatever node their account is assigned to; a member
    sees the cases they applied for from their account."""

    scope_path_field = "committee__organization__path"

    def assignee_condition(self, actor: Actor) -> Q:
        seats = CommitteeMember.objects.filter(
            committee=OuterRef("committee"), user=actor.pk, active=True
        )
        return Q(Exists(seats))

    def owner_condition(self, actor: Actor) -> Q:
        return Q(applicant_user=actor.pk)


class MediationCase(DeadlineFields, TimeStampedModel):
    # evidence and the signed agreement (core.attachments)
    attachment_rules = AttachmentRules(
        view_action=DISPUTES_VIEW,
        upload_action=DISPUTES_MEDIATE,
        kinds=(("evidence", _("证据材料")), ("agreement_signed", _("签字的调解协议"))),
        organization=lambda case: case.committee.organization,
    )
    number = models.CharField(_("案件编号"), max_length=24, unique=True)
    committee = models.ForeignKey(
        MediationCommittee,
        verbose_name=_("调解委员会"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.APPLIED
    )
    applied_on = models.DateField(_("申请日期"), db_index=True)
    oral = models.BooleanField(_("口头申请"), default=False)
    employer = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("被申请单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employer_name = models.CharField(_("被申请单位名称"), max_length=120)
    employer_agent = models.CharField(_("单位委托代理人"), max_length=50, blank=True)
    facts = models.TextField(_("事实与理由"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True, db_index=True)
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, db_index=True)
    closing_note = models.TextField(_("结案说明"), blank=True)
    arbitration_handed_on = models.DateField(_("移送仲裁日期"), null=True, blank=True)
    transferred_to = models.OneToOneField(
        "self",
        verbose_name=_("移交至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferred_from",
    )
    mediators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("承办调解员"), blank=True, related_name="+"
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网上申请人账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediation_cases",
    )

    objects = MediationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("调解案件")
        verbose_name_plural = _("调解案件")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def organization_id(self) -> Any:
        return self.committee.organization_id

    @property
    def next_session(self) -> "Session | None":
        """The earliest session still scheduled (read from the prefetched sessions)."""
        planned = [row for row in self.sessions.all() if row.status == SessionStatus.SCHEDULED]
        return min(planned, key=lambda row: (row.held_on, row.starts_at or time()), default=None)

    def claimed_total(self) -> Decimal:
        return self.claims.aggregate(total=Sum("amount"))["total"] or Decimal("0")


class CaseApplicant(models.Model):
    """One worker applying (a group case has many; statistics count applicants)."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="applicants")
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    id_number_index = BlindIndexField(source="id_number", null=True, blank=True, db_index=True)
    phone = PhoneField(_("联系电话"), blank=True)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")

    def __str__(self) -> str:
        return self.name


class Claim(models.Model):
    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("请求事项"), max_length=20, choices=ClaimKind.choices)
    amount = models.DecimalField(
        _("请求金额（元）"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("请求")
        verbose_name_plural = _("请求")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class SessionQuerySet(ScopedQuerySet):
    """Sessions are read as their cases are: the committee's subtree, a mediator's seats
    on the committee, or the applicant's own case."""

    scope_path_field = "case__committee__organization__path"

    def assignee_condition(self, actor: Actor) -> Q:
        seats = CommitteeMember.objects.filter(
            committee=OuterRef("case__committee"), user=actor.pk, active=True
        )
        return Q(Exists(seats))

    def owner_condition(self, actor: Actor) -> Q:
        return Q(case__applicant_user=actor.pk)


class Session(models.Model):
    """A mediation session: scheduled ahead (day, time, place, mediator), then recorded as
    held with what happened, or cancelled with a reason."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="sessions")
    status = models.CharField(
        _("状态"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.HELD
    )
    held_on = models.DateField(_("调解日期"), db_index=True)
    starts_at = models.TimeField(_("开始时间"), null=True, blank=True)
    place = models.CharField(_("调解地点"), max_length=100, blank=True)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调解员"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="mediation_sessions",
    )
    summary = models.TextField(_("调解情况"), blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["held_on", "starts_at", "id"]
        indexes = [models.Index(fields=["status", "held_on"], name="session_status_day")]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"


class Agreement(TimeStampedModel):
    """The mediation agreement (调解协议书): effective once the parties and the mediator
    have signed and the committee has sealed it."""

    case = models.OneToOneField(MediationCase, on_delete=models.PROTECT, related_name="agreement")
    number = models.CharField(_("协议书编号"), max_length=24, unique=True)
    terms = models.TextField(_("协议内容"))
    amount = models.DecimalField(
        _("协议金额（元）"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE
    )
    excess_note = models.TextField(_("金额超出请求的说明"), blank=True)
    parties_signed_on = models.DateField(_("双方签字日期"), null=True, blank=True)
    mediator_signed_on = models.DateField(_("调解员签字日期"), null=True, blank=True)
    sealed_on = models.DateField(_("调解委员会盖章日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("调解协议书")
        verbose_name_plural = _("调解协议书")

    def __str__(self) -> str:
        return self.number

    @property
    def is_effective(self) -> bool:
        return bool(self.parties_signed_on and self.mediator_signed_on and self.sealed_on)

    @property
    def effective_on(self) -> Any:
        if not self.is_effective:
            return None
        return max(self.parties_signed_on, self.mediator_signed_on, self.sealed_on)  # type: ignore[type-var]


class Instalment(models.Model):
    """A payment the agreement schedules."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("应付日期"))
    amount = models.DecimalField(
        _("应付金额（元）"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE
    )

    class Meta:
        verbose_name = _("约定付款")
        verbose_name_plural = _("约定付款")
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.due_on} {self.amount}"


class Payment(models.Model):
    """A payment made under the agreement (履行)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("支付日期"), db_index=True)
    amount = models.DecimalField(
        _("支付金额（元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("履行记录")
        verbose_name_plural = _("履行记录")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"
