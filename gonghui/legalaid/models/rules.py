"""The eligibility rules held in data: who passes the means test by their status, who
is exempt from it for their matter, and the income line the others are assessed
against, each from a day on."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TimeStampedModel
from gonghui.legalaid.choices import RuleKind


class EligibilityRule(TimeStampedModel):
    """One rule: ``status`` (the applicant holds one of ``statuses``: passes by status),
    ``exempt`` (holds one of ``statuses`` and the matter is one of ``matters``, or any
    matter when empty: exempt from the test) or ``income`` (the household's monthly
    per-capita income at or below ``monthly_line`` passes). In force from
    ``effective_from`` until ``effective_to`` (exclusive), when set."""

    kind = models.CharField(_("规则类别"), max_length=8, choices=RuleKind.choices)
    statuses = models.JSONField(_("适用身份"), default=list, blank=True)
    matters = models.JSONField(_("适用事项"), default=list, blank=True)
    monthly_line = models.DecimalField(
        _("月人均收入标准（元）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    basis = models.CharField(_("依据"), max_length=200)
    effective_from = models.DateField(_("执行日期"))
    effective_to = models.DateField(_("停止执行日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("法律援助条件")
        verbose_name_plural = _("法律援助条件")
        ordering = ["kind", "-effective_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="income") | Q(monthly_line__isnull=False),
                name="income_rule_has_a_line",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="eligibility_rule_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.basis}"

    def status_labels(self) -> list[str]:
        from gonghui.legalaid.choices import ApplicantStatus

        labels = dict(ApplicantStatus.choices)
        return [str(labels.get(code, code)) for code in self.statuses]

    def matter_labels(self) -> list[str]:
        from gonghui.legalaid.choices import Matter

        labels = dict(Matter.choices)
        return [str(labels.get(code, code)) for code in self.matters]
