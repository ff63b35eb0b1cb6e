"""Aid applications (帮扶申请): applied for by a member on the portal or by staff,
approved in the same three levels as a file, published (公示) with names and ID numbers
masked, paid, and signed for."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_FILE, ASSISTANCE_VIEW
from gonghui.assistance.choices import (
    AidStatus,
    Cause,
    Channel,
    Document,
    ObjectionStatus,
    PaymentMethod,
    ReceiptMethod,
)
from gonghui.assistance.models.reference import money_field
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet


class AidApplicationQuerySet(ScopedQuerySet):
    def owner_condition(self, actor: Actor) -> Q:
        """A member's applications: those of their worker's record and those they sent."""
        return Q(person__user=actor.pk) | Q(applicant=actor.pk)


class Publication(TimeStampedModel):
    """A publication list (公示名单) of approved aid, up from ``starts_on`` for its days."""

    number = models.CharField(_("公示编号"), max_length=20, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("公示单位"),
        on_delete=models.PROTECT,
        related_name="aid_publications",
    )
    title = models.CharField(_("标题"), max_length=120)
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="publication_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class AidApplication(TimeStampedModel):
    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在工会"),
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("职工"),
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    file = models.ForeignKey(
        "assistance.HardshipFile",
        verbose_name=_("困难职工档案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_applications",
    )
    kind = models.ForeignKey(
        "assistance.AidKind",
        verbose_name=_("帮扶项目"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    round = models.ForeignKey(
        "assistance.AidRound",
        verbose_name=_("申请批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    cause = models.CharField(_("致困原因"), max_length=20, choices=Cause.choices)
    reason = models.TextField(_("申请理由"))
    applied_on = models.DateField(_("申请日期"))
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    amount_requested = money_field(_("申请金额（元）"))
    amount = money_field(_("核定金额（元）"), null=True, blank=True)
    channel = models.CharField(_("申请渠道"), max_length=8, choices=Channel.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aid_applications",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=AidStatus.choices, default=AidStatus.APPLIED
    )
    duplicate_note = models.TextField(_("重复救助说明"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filing_opinion = models.TextField(_("基层工会意见"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    check_opinion = models.TextField(_("服务站审核意见"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approval_opinion = models.TextField(_("总工会审批意见"), blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    publication = models.ForeignKey(
        Publication,
        verbose_name=_("公示"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    bank_name = models.CharField(_("开户银行"), max_length=60, blank=True)
    bank_account = EncryptedTextField(_("银行账号"), blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_method = models.CharField(
        _("发放方式"), max_length=6, choices=PaymentMethod.choices, blank=True
    )
    payment_reference = models.CharField(_("付款凭证号"), max_length=60, blank=True)

    objects = AidApplicationQuerySet.as_manager()

    attachment_rules = AttachmentRules(
        view_action=ASSISTANCE_VIEW,
        upload_action=ASSISTANCE_FILE,
        kinds=tuple((d.value, d.label) for d in Document),
        organization=lambda application: application.organization,
        # the member adds photos of documents while the union has it or has sent it back
        owner_may_add=lambda application: (
            application.status in (AidStatus.APPLIED, AidStatus.SENT_BACK)
        ),
    )

    class Meta:
        verbose_name = _("帮扶申请")
        verbose_name_plural = _("帮扶申请")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0), name="aid_requested_is_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="aid_amount_is_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="aid_org_status_idx"),
            models.Index(fields=["person", "year"], name="aid_person_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.person} {self.kind}"

    @property
    def granted(self) -> Any:
        return self.amount if self.amount is not None else self.amount_requested


class Objection(TimeStampedModel):
    """An objection raised against published aid: it stops payment until resolved."""

    application = models.ForeignKey(
        AidApplication,
        verbose_name=_("帮扶申请"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    raised_on = models.DateField(_("提出日期"))
    raised_by = models.CharField(_("提出人"), max_length=50, blank=True)
    content = models.TextField(_("异议内容"))
    status = models.CharField(
        _("处理状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.raised_on}"


class Receipt(TimeStampedModel):
    """The worker's receipt of aid paid or of a campaign's line: a signature drawn at the
    counter or a scan of the signed sheet, kept as an attachment of the record."""

    application = models.OneToOneField(
        AidApplication,
        verbose_name=_("帮扶申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipt",
    )
    line = models.OneToOneField(
        "assistance.DistributionLine",
        verbose_name=_("发放明细"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipt",
    )
    method = models.CharField(_("签收方式"), max_length=10, choices=ReceiptMethod.choices)
    signed_on = models.DateField(_("签收日期"))
    signed_by = models.CharField(_("签收人"), max_length=50)
    attachment = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("签名或签收单"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("签收记录")
        verbose_name_plural = _("签收记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, line__isnull=True)
                | Q(application__isnull=True, line__isnull=False),
                name="receipt_of_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signed_by} {self.signed_on}"
