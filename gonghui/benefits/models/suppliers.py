"""Suppliers: the firms that supply a campaign's items and redeem its vouchers (a cinema,
a laundry, a bakery), or sell group-purchase goods. A supplier's sign-in accounts hold
the supplier role: they reach only the vouchers of the items their supplier supplies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import PhoneField
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet


class SupplierQuerySet(ScopedQuerySet):
    def assignee_condition(self, actor: Actor) -> Q | None:
        return Q(accounts=actor.pk)


class Supplier(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("签约单位"),
        on_delete=models.PROTECT,
        related_name="suppliers",
    )
    name = models.CharField(_("名称"), max_length=120)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    active = models.BooleanField(_("合作中"), default=True)
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核销账户"),
        blank=True,
        related_name="suppliers",
    )

    objects = SupplierQuerySet.as_manager()

    class Meta:
        verbose_name = _("供应商")
        verbose_name_plural = _("供应商")
        ordering = ["-active", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="supplier_name_unique_per_node"
            ),
        ]

    def __str__(self) -> str:
        return self.name
