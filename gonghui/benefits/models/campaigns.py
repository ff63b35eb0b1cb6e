"""Claim campaigns (普惠活动): items with a stock each, a claim window, who may claim, a
limit per member and the budget line the campaign spends from.

An item's stock is split over ``StockShard`` rows (at most ``STOCK_SHARDS_MAX``), each
checked not negative by the database; a claim takes one unit from one row
(``services/claims.py`` says why). The item's ``stock`` is what it started with and
stays: ``stock = sum(shards.remaining) + vouchers issued for the item`` is the invariant
the benchmark and the concurrency test check."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.benefits.choices import PER_MEMBER_LIMIT_MAX, CampaignStatus, Eligibility, ItemKind
from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership
from gonghui.organizations.placement import paths_nodes


class CampaignQuerySet(ScopedQuerySet):
    def assignee_condition(self, actor: Actor) -> Q | None:
        """A supplier's account reaches the published (or ended) campaigns whose items its
        supplier supplies; never a draft."""
        supplied = CampaignItem.objects.filter(supplier__accounts=actor.pk).values("campaign")
        return Q(pk__in=supplied, status__in=[CampaignStatus.PUBLISHED, CampaignStatus.CLOSED])

    def owner_condition(self, actor: Actor) -> Q:
        """A member reaches the published campaigns of the nodes above their union (what
        the portal lists; whether they may claim is the claim service's question)."""
        unions = Membership.objects.filter(
            person__user=actor.pk, status=MembershipStatus.ACTIVE
        ).values_list("union__path", flat=True)
        ancestors = paths_nodes(unions)
        return Q(
            organization__in=ancestors,
            status__in=[CampaignStatus.PUBLISHED, CampaignStatus.CLOSED],
        )


class Campaign(TimeStampedModel):
    number = models.CharField(_("活动编号"), max_length=20, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("主办单位"),
        on_delete=models.PROTECT,
        related_name="benefit_campaigns",
    )
    title = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("活动说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("开始领取时间"))
    closes_at = models.DateTimeField(_("截止领取时间"))
    ends_at = models.DateTimeField(_("券有效期至"))
    per_member_limit = models.PositiveSmallIntegerField(_("每人限领"), default=1)
    eligibility = models.CharField(
        _("领取对象"), max_length=12, choices=Eligibility.choices, default=Eligibility.ALL
    )
    employment_kinds = models.JSONField(_("用工形式"), default=list, blank=True)
    platforms = models.JSONField(_("平台类别"), default=list, blank=True)
    fund = models.ForeignKey(
        "assistance.Fund",
        verbose_name=_("列支预算"),
        on_delete=models.PROTECT,
        related_name="benefit_campaigns",
    )
    reserve_entry = models.OneToOneField(
        "assistance.FundEntry",
        verbose_name=_("预留分录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refund_entry = models.OneToOneField(
        "assistance.FundEntry",
        verbose_name=_("结余退回分录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("普惠活动")
        verbose_name_plural = _("普惠活动")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="benefit_campaign_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("closes_at")),
                name="benefit_campaign_ends_after_window",
            ),
            models.CheckConstraint(
                condition=Q(per_member_limit__gte=1, per_member_limit__lte=PER_MEMBER_LIMIT_MAX),
                name="benefit_campaign_limit_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_at"], name="benefit_campaign_open_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CampaignItemQuerySet(ScopedQuerySet):
    scope_path_field = "campaign__organization__path"

    def assignee_condition(self, actor: Actor) -> Q | None:
        return Q(supplier__accounts=actor.pk)


class CampaignItem(TimeStampedModel):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("普惠活动"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=10, choices=ItemKind.choices)
    supplier = models.ForeignKey(
        "benefits.Supplier",
        verbose_name=_("供应商（核销方）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        help_text=_("不选则由主办工会自行核销"),
    )
    unit_value = models.DecimalField(
        _("单价/面值（元）"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    stock = models.PositiveIntegerField(_("数量"))
    # the StockShard rows the stock was split over when the campaign was published
    shard_count = models.PositiveSmallIntegerField(_("库存分片数"), default=0)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    note = models.CharField(_("领取说明"), max_length=200, blank=True)

    objects = CampaignItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动物品")
        verbose_name_plural = _("活动物品")
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gt=0), name="benefit_item_stock_positive"),
            models.CheckConstraint(
                condition=Q(unit_value__gte=0), name="benefit_item_value_not_negative"
            ),
            models.UniqueConstraint(
                fields=["campaign", "name"], name="benefit_item_name_unique_per_campaign"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StockShard(models.Model):
    """One part of an item's stock. ``remaining`` never goes below zero (CHECK)."""

    item = models.ForeignKey(
        CampaignItem, verbose_name=_("物品"), on_delete=models.CASCADE, related_name="shards"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    remaining = models.IntegerField(_("剩余"))

    class Meta:
        verbose_name = _("库存分片")
        verbose_name_plural = _("库存分片")
        ordering = ["item", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0), name="benefit_stock_not_negative"
            ),
            models.UniqueConstraint(fields=["item", "number"], name="benefit_shard_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}#{self.number}"
