"""A legal-aid case (法律援助案件): the worker's application, its review within 7 working
days (the clock paused while documents are awaited), acceptance or refusal, the lawyer
assigned after a conflict check, the stages the lawyer takes it through, its outcome,
the money recovered for the worker, closure and the worker's rating."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import LEGALAID_VIEW
from gonghui.assistance.models.reference import money_field
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.deadlines import DeadlineFields, DeadlineQuerySet
from gonghui.core.fields import BlindIndexField, EncryptedTextField, PhoneField
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet
from gonghui.legalaid.choices import (
    ApplicantStatus,
    Channel,
    Matter,
    MeansResult,
    Outcome,
    StageKind,
    Status,
)


class LegalAidQuerySet(DeadlineQuerySet):
    """Staff read the cases received in their subtrees; a lawyer the cases assigned to
    them; a worker their own."""

    def assignee_condition(self, actor: Actor) -> Q:
        return Q(lawyer__user=actor.pk)

    def owner_condition(self, actor: Actor) -> Q:
        return Q(applicant_user=actor.pk) | Q(person__user=actor.pk)


def _may_add(case: Any) -> bool:
    """A worker adds documents while the application is open."""
    return case.status in (Status.RECEIVED, Status.WAITING, Status.ACCEPTED, Status.ACTING)


DOCUMENT_KINDS = (
    ("identity", _("身份证明")),
    ("means", _("经济困难证明")),
    ("evidence", _("证据材料")),
    ("decision", _("审查决定书")),
    *((kind.value, kind.label) for kind in StageKind),
    ("closing", _("结案材料")),
)


class LegalAidCase(DeadlineFields, TimeStampedModel):
    attachment_rules = AttachmentRules(
        view_action=LEGALAID_VIEW,
        upload_action=LEGALAID_VIEW,  # whoever reads the case may add its documents
        kinds=DOCUMENT_KINDS,
        organization=lambda case: case.organization,
        owner_may_add=_may_add,
    )
    number = models.CharField(_("案件编号"), max_length=24, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("受理单位"),
        on_delete=models.PROTECT,
        related_name="legal_aid_cases",
    )
    channel = models.CharField(_("申请渠道"), max_length=14, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    received_on = models.DateField(_("收到申请日期"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网上申请人账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_aid_cases",
    )
    # the worker
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("职工"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_aid_cases",
    )
    name = models.CharField(_("申请人姓名"), max_length=50)
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    id_number_index = BlindIndexField(source="id_number", null=True, blank=True, db_index=True)
    phone = PhoneField(_("联系电话"), blank=True)
    statuses = models.JSONField(_("申请人身份"), default=list, blank=True)
    household_size = models.PositiveSmallIntegerField(
        _("家庭人口"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    household_income = money_field(_("家庭月收入（元）"), null=True, blank=True)
    # the matter
    matter = models.CharField(_("援助事项"), max_length=20, choices=Matter.choices)
    facts = models.TextField(_("案情及请求"))
    opposing_party = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("对方当事人（单位）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opposing_name = models.CharField(_("对方当事人"), max_length=120)
    amount_claimed = money_field(_("涉案金额（元）"), null=True, blank=True)
    consultation = models.ForeignKey(
        "disputes.Consultation",
        verbose_name=_("来源咨询"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_aid_cases",
    )
    ticket = models.ForeignKey(
        "hotline.Ticket",
        verbose_name=_("来源热线工单"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_aid_cases",
    )
    mediation_case = models.ForeignKey(
        "disputes.MediationCase",
        verbose_name=_("关联调解案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_aid_cases",
    )
    # the review
    means_result = models.CharField(
        _("经济困难审查"), max_length=12, choices=MeansResult.choices, blank=True
    )
    means_basis = models.CharField(_("审查依据"), max_length=200, blank=True)
    waiting_for = models.TextField(_("需补充的材料"), blank=True)
    # the day of the latest step recorded on the case (received, documents asked for or
    # in, decided, assigned, a stage, closed): no step may be dated before it
    last_event_on = models.DateField(_("最近办理日期"), null=True, blank=True)
    decided_on = models.DateField(_("审查决定日期"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late_reason = models.TextField(_("逾期决定的理由"), blank=True)
    refusal_reason = models.TextField(_("不予援助的理由"), blank=True)
    # the lawyer
    lawyer = models.ForeignKey(
        "Lawyer",
        verbose_name=_("承办律师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assigned_on = models.DateField(_("指派日期"), null=True, blank=True)
    conflict_waiver = models.TextField(_("利益冲突豁免说明"), blank=True)
    # the end
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices, blank=True)
    recovered = money_field(_("为职工挽回金额（元）"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, db_index=True)
    closing_summary = models.TextField(_("结案说明"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("职工评价"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_on = models.DateField(_("评价日期"), null=True, blank=True)

    objects = LegalAidQuerySet.as_manager()

    class Meta:
        verbose_name = _("法律援助案件")
        verbose_name_plural = _("法律援助案件")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["organization", "status"], name="legalaid_org_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="legalaid_rating_one_to_five",
            ),
            models.CheckConstraint(
                condition=Q(recovered__isnull=True) | Q(recovered__gte=0),
                name="legalaid_recovered_not_negative",
            ),
            # a consultation or a hotline ticket becomes one application
            models.UniqueConstraint(
                fields=["consultation"],
                condition=Q(consultation__isnull=False),
                name="one_legal_aid_case_per_consultation",
            ),
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(ticket__isnull=False),
                name="one_legal_aid_case_per_ticket",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def organization_path(self) -> Any:
        return self.organization.path

    def status_labels(self) -> list[str]:
        labels = dict(ApplicantStatus.choices)
        return [str(labels.get(code, code)) for code in self.statuses]


class StageQuerySet(ScopedQuerySet):
    """Stages are read as their cases are."""

    scope_path_field = "case__organization__path"

    def assignee_condition(self, actor: Actor) -> Q:
        return Q(case__lawyer__user=actor.pk)

    def owner_condition(self, actor: Actor) -> Q:
        return Q(case__applicant_user=actor.pk) | Q(case__person__user=actor.pk)


class Stage(models.Model):
    """A stage of the case (advice, negotiation ... enforcement), begun and ended on a day,
    its documents attached to the case under the stage's kind."""

    case = models.ForeignKey(LegalAidCase, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("阶段"), max_length=16, choices=StageKind.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.TextField(_("进展情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StageQuerySet.as_manager()

    class Meta:
        verbose_name = _("办案阶段")
        verbose_name_plural = _("办案阶段")
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="stage_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"
