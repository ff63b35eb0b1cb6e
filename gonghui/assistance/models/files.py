"""Hardship files (困难职工档案): a surveyed household, its causes, its per-capita
income and tier, approved in three levels (the union files, the station checks, the
federation approves), reviewed every year, left (解困) and returned to (返困)."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_FILE, ASSISTANCE_VIEW
from gonghui.assistance.choices import (
    FILE_HOLDING,
    Cause,
    Document,
    FileStatus,
    Relation,
    Situation,
    Tier,
)
from gonghui.assistance.models.reference import money_field
from gonghui.core.attachments.rules import AttachmentRules
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet


class HardshipFileQuerySet(ScopedQuerySet):
    def owner_condition(self, actor: Actor) -> Q:
        return Q(person__user=actor.pk)


class HardshipFile(TimeStampedModel):
    number = models.CharField(_("档案编号"), max_length=20, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("建档工会"),
        on_delete=models.PROTECT,
        related_name="hardship_files",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("职工"),
        on_delete=models.PROTECT,
        related_name="hardship_files",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=FileStatus.choices, default=FileStatus.FILED
    )
    surveyed_on = models.DateField(_("调查日期"))
    causes = models.JSONField(_("致困原因"), default=list)
    situation = models.TextField(_("家庭情况"), blank=True)
    worker_income = money_field(_("本人月收入（元）"))
    household_size = models.PositiveSmallIntegerField(_("家庭人口"), default=1)
    household_income = money_field(_("家庭月收入（元）"), default=Decimal("0"))
    per_capita_income = money_field(_("家庭月人均收入（元）"), default=Decimal("0"))
    suggested_tier = models.CharField(
        _("建议类别"), max_length=10, choices=Tier.choices, blank=True
    )
    tier = models.CharField(_("困难类别"), max_length=10, choices=Tier.choices)
    tier_reason = models.TextField(_("调整类别的理由"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("建档人"),
        null=True,
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
    entered_on = models.DateField(_("入档日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("最近复核日期"), null=True, blank=True)
    next_review_on = models.DateField(_("下次复核日期"), null=True, blank=True, db_index=True)
    left_on = models.DateField(_("解困日期"), null=True, blank=True)

    objects = HardshipFileQuerySet.as_manager()

    attachment_rules = AttachmentRules(
        view_action=ASSISTANCE_VIEW,
        upload_action=ASSISTANCE_FILE,
        kinds=tuple((d.value, d.label) for d in Document),
        organization=lambda file: file.organization,
    )

    class Meta:
        verbose_name = _("困难职工档案")
        verbose_name_plural = _("困难职工档案")
        ordering = ["-surveyed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=FILE_HOLDING) | Q(status=FileStatus.LEFT),
                name="one_hardship_file_per_person",
                violation_error_message=_("此职工已建档"),
            ),
            models.CheckConstraint(
                condition=Q(household_size__gte=1), name="household_has_the_worker"
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="file_org_status_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.person}"

    def cause_labels(self) -> list[str]:
        labels = dict(Cause.choices)
        return [str(labels.get(code, code)) for code in self.causes]

    @property
    def organization_path(self) -> Any:
        return self.organization.path


class HouseholdMember(models.Model):
    """A member of the worker's household other than the worker."""

    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("档案"),
        on_delete=models.CASCADE,
        related_name="household",
    )
    name = models.CharField(_("姓名"), max_length=50)
    relation = models.CharField(_("与职工关系"), max_length=14, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    situation = models.CharField(_("状况"), max_length=12, choices=Situation.choices)
    monthly_income = money_field(_("月收入（元）"), default=Decimal("0"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["file", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class Standing(models.TextChoices):
    NEW = "new", _("新建档")
    RETURNED = "returned", _("返困")
    CHANGED = "changed", _("类别或原因调整")
    LEFT = "left", _("解困")


class FileStandingQuerySet(ScopedQuerySet):
    scope_path_field = "file__organization__path"

    def on(self, day: Any) -> "FileStandingQuerySet":
        """The periods that hold ``day`` (a date, or a date column)."""
        return self.filter(Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gt=day)))


class FileStanding(models.Model):
    """A period during which a file was on record (在档) with a tier and causes: from
    ``starts_on`` (inclusive) to ``ends_on`` (exclusive; NULL: still on file). Opened by
    the federation's approval (new, or returned after leaving) or by a change of tier or
    causes, closed by leaving (解困) or by such a change. Nothing rewrites a closed
    period, so the figures of a past day read what was true that day."""

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("档案"), on_delete=models.CASCADE, related_name="standings"
    )
    tier = models.CharField(_("困难类别"), max_length=10, choices=Tier.choices)
    causes = models.JSONField(_("致困原因"), default=list)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期（不含）"), null=True, blank=True)
    opened_by = models.CharField(_("起因"), max_length=10, choices=Standing.choices)
    closed_by = models.CharField(_("结束原因"), max_length=10, choices=Standing.choices, blank=True)

    objects = FileStandingQuerySet.as_manager()

    class Meta:
        verbose_name = _("在档记录")
        verbose_name_plural = _("在档记录")
        ordering = ["file", "starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["file"], condition=Q(ends_on__isnull=True), name="one_open_standing"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="standing_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_id} {self.tier} {self.starts_on}..{self.ends_on or ''}"
