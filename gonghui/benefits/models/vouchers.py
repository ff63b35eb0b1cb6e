"""Vouchers: what a successful claim gives the member. The voucher is the claim's record
(who, which item, when, through which request), so a claim writes one row.

The database holds the invariants the claim service keeps: a member's n-th voucher of a
campaign is unique (``ordinal``) and at most the campaign's limit at the time of the claim
(``allowed``, copied onto the row so a CHECK can see it); a request's idempotency key is
unique per person; the code is unique; a redeemed voucher has its time and redeemer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.benefits.choices import Channel, VoucherStatus
from gonghui.core.scoping import Actor, ScopedQuerySet


class VoucherQuerySet(ScopedQuerySet):
    # staff reach the vouchers of the members of their subtree's unions
    scope_path_field = "union__path"

    def assignee_condition(self, actor: Actor) -> Q | None:
        """A supplier's account reaches the vouchers of the items its supplier supplies."""
        return Q(item__supplier__accounts=actor.pk)

    def owner_condition(self, actor: Actor) -> Q:
        return Q(person__user=actor.pk)


class Voucher(models.Model):
    campaign = models.ForeignKey(
        "benefits.Campaign",
        verbose_name=_("普惠活动"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="vouchers",
    )
    item = models.ForeignKey(
        "benefits.CampaignItem",
        verbose_name=_("物品"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="vouchers",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    membership = models.ForeignKey(
        "members.Membership",
        verbose_name=_("会籍"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    # the member's union when claiming: whose statistics the claim counts in, ever after
    union = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在工会"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ordinal = models.PositiveSmallIntegerField(_("第几张"))
    allowed = models.PositiveSmallIntegerField(_("领取时每人限领"))
    code = models.CharField(_("券码"), max_length=16, unique=True)
    face_value = models.DecimalField(_("面值（元）"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.ISSUED
    )
    claimed_at = models.DateTimeField(_("领取时间"))
    # the local day of ``claimed_at``: the day the statistics place the claim on
    claimed_on = models.DateField(_("领取日期"))
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    idempotency_key = models.CharField(_("请求幂等键"), max_length=64)
    redeemed_at = models.DateTimeField(_("核销时间"), null=True, blank=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    closed_at = models.DateTimeField(_("过期/作废时间"), null=True, blank=True)

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = _("领取凭证")
        verbose_name_plural = _("领取凭证")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "ordinal"], name="benefit_voucher_one_per_turn"
            ),
            models.CheckConstraint(
                condition=Q(ordinal__gte=1, ordinal__lte=models.F("allowed")),
                name="benefit_voucher_within_limit",
            ),
            models.UniqueConstraint(
                fields=["person", "idempotency_key"], name="benefit_voucher_idempotent"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=VoucherStatus.REDEEMED, redeemed_at__isnull=False)
                    | (~Q(status=VoucherStatus.REDEEMED) & Q(redeemed_at__isnull=True))
                ),
                name="benefit_voucher_redeemed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(face_value__gte=0), name="benefit_voucher_value_not_negative"
            ),
        ]
        # Few indexes: every claim of a flash sale writes each of them. The campaign's and
        # the person's foreign keys are served by the unique constraints that lead with
        # them, the item's by (item, status); memberships and users are never deleted.
        indexes = [
            models.Index(fields=["item", "status"], name="benefit_voucher_item_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def code_display(self) -> str:
        """The code in groups of four, as printed and typed: ``ABCD-EFGH-JKMN``."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
