"""The rules held in data: the cap on managers among a congress's representatives, the
size under which a firm may hold a workers' assembly instead, and how long before a
contract's end its renewal is due, each in force from a day on."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TimeStampedModel


class Policy(TimeStampedModel):
    effective_from = models.DateField(_("执行日期"), unique=True)
    manager_cap = models.DecimalField(
        _("管理人员代表比例上限（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    assembly_below = models.PositiveIntegerField(
        _("可召开职工大会的职工人数上限（不含）"), validators=[MinValueValidator(1)]
    )
    renewal_lead_days = models.PositiveIntegerField(
        _("合同到期前提醒续签天数"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    basis = models.CharField(_("依据"), max_length=200)

    class Meta:
        verbose_name = _("职代会与集体协商规则")
        verbose_name_plural = _("职代会与集体协商规则")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(manager_cap__gte=0) & Q(manager_cap__lte=100),
                name="bargaining_manager_cap_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effective_from} {self.basis}"
