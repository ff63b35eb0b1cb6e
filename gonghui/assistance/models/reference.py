"""What staff configure rather than code: the income lines with the days they apply from,
the kinds of aid with their standards, the application rounds, the documents each kind
of file or application needs, and the federation's policy."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import (
    AidCategory,
    AmountMode,
    Cause,
    Document,
    DocumentSubject,
    IncomeLineKind,
)
from gonghui.core.models import TimeStampedModel

NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


def money_field(label: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, validators=NOT_NEGATIVE, **kwargs
    )


class IncomeLine(models.Model):
    """A monthly per-capita income line (最低生活保障标准, 低收入认定标准) from a day on:
    the tier a file is suggested reads the lines in force on its survey day."""

    kind = models.CharField(_("标准类别"), max_length=12, choices=IncomeLineKind.choices)
    monthly_amount = money_field(_("月人均收入标准（元）"))
    effective_from = models.DateField(_("执行日期"))
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("收入标准")
        verbose_name_plural = _("收入标准")
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="one_line_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.monthly_amount} ({self.effective_from})"


class AssistancePolicy(models.Model):
    """The federation's rules from a day on: how many days aid is published, and whether
    a worker of a covered unit who is not a member may be filed."""

    effective_from = models.DateField(_("执行日期"), unique=True)
    publication_days = models.PositiveSmallIntegerField(
        _("公示天数"), default=5, validators=[MinValueValidator(1)]
    )
    allow_covered_non_members = models.BooleanField(_("覆盖单位的非会员职工可建档"), default=False)

    class Meta:
        verbose_name = _("帮扶政策")
        verbose_name_plural = _("帮扶政策")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return str(self.effective_from)


class AidKind(TimeStampedModel):
    """A kind of aid and its standard: a fixed amount or a band, a cap per person per
    year, whether it is applied for in rounds, whether the worker must be on file, and
    the fund it is paid from (a special fund, the warmth fund) when it has one."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    category = models.CharField(_("类别"), max_length=12, choices=AidCategory.choices)
    standard = models.TextField(_("帮扶标准"), blank=True)
    amount_mode = models.CharField(_("金额方式"), max_length=8, choices=AmountMode.choices)
    fixed_amount = money_field(_("定额（元）"), null=True, blank=True)
    min_amount = money_field(_("最低金额（元）"), null=True, blank=True)
    max_amount = money_field(_("最高金额（元）"), null=True, blank=True)
    annual_cap = money_field(_("每人每年上限（元）"))
    in_rounds = models.BooleanField(_("按批次申请"), default=False)
    needs_file = models.BooleanField(_("须为在档困难职工"), default=False)
    fund = models.ForeignKey(
        "assistance.Fund",
        verbose_name=_("资金来源"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_kinds",
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("帮扶项目")
        verbose_name_plural = _("帮扶项目")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_mode=AmountMode.BAND, min_amount__isnull=False)
                & Q(max_amount__isnull=False, max_amount__gte=models.F("min_amount"))
                | Q(amount_mode=AmountMode.FIXED, fixed_amount__isnull=False),
                name="aid_kind_amount_is_set",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AidRound(TimeStampedModel):
    """An application round of a kind of aid (临时致困帮扶 runs two a year): open from
    ``opens_on`` to ``closes_on`` inclusive, under its published standard."""

    kind = models.ForeignKey(
        AidKind, verbose_name=_("帮扶项目"), on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(_("批次名称"), max_length=60)
    opens_on = models.DateField(_("开始受理"))
    closes_on = models.DateField(_("截止受理"))
    standard = models.TextField(_("本批次标准"), blank=True)

    class Meta:
        verbose_name = _("申请批次")
        verbose_name_plural = _("申请批次")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on


class RequiredDocument(models.Model):
    """A document a file or an application must carry before a level passes it: for
    every one (no cause, no kind), for a cause, or for a kind of aid."""

    subject = models.CharField(_("适用于"), max_length=6, choices=DocumentSubject.choices)
    cause = models.CharField(_("致困原因"), max_length=20, choices=Cause.choices, blank=True)
    aid_kind = models.ForeignKey(
        AidKind,
        verbose_name=_("帮扶项目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="required_documents",
    )
    document = models.CharField(_("材料"), max_length=30, choices=Document.choices)

    class Meta:
        verbose_name = _("必备材料")
        verbose_name_plural = _("必备材料")
        ordering = ["subject", "document"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "cause", "aid_kind", "document"], name="one_requirement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.get_document_display()}"
