"""The lawyers the federation retains, their firms, and the register of engagements the
conflict check reads (who already acts for or against a party)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import PhoneField
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import ScopedQuerySet
from gonghui.legalaid.choices import Holder, Side


class LawFirm(TimeStampedModel):
    name = models.CharField(_("律师事务所"), max_length=120, unique=True)
    licence_number = models.CharField(_("执业许可证号"), max_length=40, blank=True)
    active = models.BooleanField(_("合作中"), default=True)

    class Meta:
        verbose_name = _("律师事务所")
        verbose_name_plural = _("律师事务所")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LawyerQuerySet(ScopedQuerySet):
    """The lawyers retained by a node (the federation): its staff's subtree reads them."""


class Lawyer(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("聘请单位"),
        on_delete=models.PROTECT,
        related_name="lawyers",
    )
    name = models.CharField(_("姓名"), max_length=50)
    firm = models.ForeignKey(
        LawFirm, verbose_name=_("律师事务所"), on_delete=models.PROTECT, related_name="lawyers"
    )
    licence_number = models.CharField(_("执业证号"), max_length=17, unique=True)
    specialities = models.JSONField(_("擅长领域"), default=list, blank=True)
    languages = models.JSONField(_("工作语言"), default=list, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)
    active = models.BooleanField(_("在聘"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lawyer_profile",
    )

    objects = LawyerQuerySet.as_manager()

    class Meta:
        verbose_name = _("援助律师")
        verbose_name_plural = _("援助律师")
        ordering = ["-active", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"

    def speciality_labels(self) -> list[str]:
        from gonghui.legalaid.choices import Matter

        labels = dict(Matter.choices)
        return [str(labels.get(code, code)) for code in self.specialities]

    def language_labels(self) -> list[str]:
        from gonghui.legalaid.choices import Language

        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]


class EngagementQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class Engagement(TimeStampedModel):
    """A declared engagement with a party outside legal aid (利益冲突登记): a lawyer, a firm
    or the federation acts for a party (its counsel, its adviser) or against it. The
    conflict check reads these rows and the legal-aid cases themselves."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("登记单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder = models.CharField(_("关系方"), max_length=12, choices=Holder.choices)
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), null=True, blank=True, on_delete=models.CASCADE
    )
    firm = models.ForeignKey(
        LawFirm, verbose_name=_("律师事务所"), null=True, blank=True, on_delete=models.CASCADE
    )
    party = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("对方单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_name = models.CharField(_("对方名称"), max_length=120)
    side = models.CharField(_("关系"), max_length=8, choices=Side.choices)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("利益冲突登记")
        verbose_name_plural = _("利益冲突登记")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(holder=Holder.LAWYER, lawyer__isnull=False, firm__isnull=True)
                    | Q(holder=Holder.FIRM, firm__isnull=False, lawyer__isnull=True)
                    | Q(holder=Holder.FEDERATION, firm__isnull=True, lawyer__isnull=True)
                ),
                name="engagement_names_its_holder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_holder_display()} {self.get_side_display()} {self.party_name}"

    @property
    def holder_name(self) -> Any:
        return self.lawyer or self.firm or self.get_holder_display()
