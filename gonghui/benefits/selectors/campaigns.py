"""Reads of campaigns, their items' stock and vouchers, and suppliers."""

import contextlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gonghui.accounts.roles import BENEFITS_MANAGE, BENEFITS_RUN, BENEFITS_VIEW
from gonghui.assistance.choices import FundKind
from gonghui.assistance.models import Fund
from gonghui.benefits.choices import CampaignStatus, VoucherStatus
from gonghui.benefits.models import Campaign, CampaignItem, StockShard, Supplier, Voucher
from gonghui.core.scoping import Visitor
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import paths_nodes

CAMPAIGN_MODEL = Campaign
ITEM_MODEL = CampaignItem
SUPPLIER_MODEL = Supplier
VOUCHER_MODEL = Voucher


def campaign_list(*, actor: Visitor, status: str = "", query: str = "") -> QuerySet[Campaign]:
    campaigns = Campaign.objects.for_actor(actor, BENEFITS_VIEW).select_related("organization")
    if status:
        campaigns = campaigns.filter(status=status)
    if query:
        campaigns = campaigns.filter(Q(title__icontains=query) | Q(number__icontains=query))
    return campaigns


@dataclass(frozen=True)
class ItemStock:
    item: CampaignItem
    remaining: int
    claimed: int
    redeemed: int
    expired: int

    @property
    def left_ratio(self) -> float:
        return self.remaining / self.item.stock if self.item.stock else 0.0


def item_stock(campaign: Campaign, actor: Visitor = None) -> list[ItemStock]:
    """Each item with what is left and what its vouchers became (of the items and the
    vouchers ``actor`` may see, when given: a supplier's cashier, its own). Two queries."""
    items_seen = CampaignItem.objects.filter(campaign=campaign)
    vouchers_seen = Voucher.objects.filter(campaign=campaign)
    if actor is not None:
        items_seen = items_seen.for_actor(actor, BENEFITS_VIEW)
        vouchers_seen = vouchers_seen.for_actor(actor, BENEFITS_VIEW)
    items = list(
        items_seen.select_related("supplier")
        .annotate(left=Sum("shards__remaining"))
        .order_by("position", "pk")
    )
    counts: dict[int, dict[str, int]] = {
        row["item"]: {key: int(str(value)) for key, value in row.items()}
        for row in vouchers_seen.values("item").annotate(
            claimed=Count("pk"),
            redeemed=Count("pk", filter=Q(status=VoucherStatus.REDEEMED)),
            expired=Count("pk", filter=Q(status=VoucherStatus.EXPIRED)),
        )
    }
    rows = []
    for item in items:
        row = counts.get(item.pk, {})
        claimed = row.get("claimed", 0)
        published = item.shard_count > 0
        rows.append(
            ItemStock(
                item=item,
                remaining=(item.left or 0) if published else item.stock,  # type: ignore[attr-defined]
                claimed=claimed,
                redeemed=row.get("redeemed", 0),
                expired=row.get("expired", 0),
            )
        )
    return rows


def remaining_by_item(campaign: Campaign, *, fresh_for: int = 0) -> dict[int, int]:
    """What is left of each item (one query): what the claim page shows. ``fresh_for``
    seconds: an answer that old may be shared through the cache (the page polled by every
    member of a flash sale; a claim itself is always checked by the database)."""
    key = f"benefits:left:{campaign.pk}"
    if fresh_for:
        with contextlib.suppress(Exception):  # a cache that is down: ask the database
            cached = cache.get(key)
            if cached is not None:
                return dict(cached)
    rows = (
        StockShard.objects.filter(item__campaign=campaign)
        .values("item")
        .annotate(left=Sum("remaining"))
    )
    left = {row["item"]: row["left"] for row in rows}
    if fresh_for:
        with contextlib.suppress(Exception):
            cache.set(key, left, fresh_for)
    return left


def vouchers_of(*, actor: Visitor, campaign: Campaign) -> QuerySet[Voucher]:
    return (
        Voucher.objects.for_actor(actor, BENEFITS_VIEW)
        .filter(campaign=campaign)
        .select_related("item", "person", "union", "redeemed_by")
    )


def running_nodes(actor: Visitor) -> QuerySet[Organization]:
    """The nodes the actor may run campaigns for."""
    return Organization.objects.for_actor(actor, BENEFITS_RUN).order_by("path")


def managing_nodes(actor: Visitor) -> QuerySet[Organization]:
    """The nodes the actor may register suppliers for."""
    return Organization.objects.for_actor(actor, BENEFITS_MANAGE).order_by("path")


def budget_lines(actor: Visitor) -> QuerySet[Fund]:
    """The active budget lines and special funds a campaign may spend from: those of the
    nodes the actor runs campaigns for and above (the service checks the node)."""
    nodes = list(running_nodes(actor).values_list("path", flat=True)[:200])
    ancestors = paths_nodes(nodes)
    return (
        Fund.objects.filter(organization__in=ancestors, active=True)
        .exclude(kind=FundKind.WARMTH)
        .select_related("organization")
        .order_by("organization__path", "code")
    )


def suppliers_for(actor: Visitor) -> QuerySet[Supplier]:
    """Active suppliers a campaign of the actor's nodes may name (of those nodes or above)."""
    nodes = list(running_nodes(actor).values_list("path", flat=True)[:200])
    ancestors = paths_nodes(nodes)
    return Supplier.objects.filter(organization__in=ancestors, active=True).order_by("name")


def supplier_list(*, actor: Visitor) -> QuerySet[Supplier]:
    return (
        Supplier.objects.for_actor(actor, BENEFITS_MANAGE)
        .select_related("organization")
        .annotate(account_count=Count("accounts", distinct=True))
    )


def open_now(campaign: Campaign) -> bool:
    now = timezone.now()
    return (
        campaign.status == CampaignStatus.PUBLISHED
        and campaign.opens_at <= now < campaign.closes_at
    )


def redeemed_by(*, actor: Visitor) -> QuerySet[Voucher]:
    """The vouchers the actor redeemed, the latest first."""
    return (
        Voucher.objects.for_actor(actor, BENEFITS_VIEW)
        .filter(redeemed_by=getattr(actor, "pk", None))
        .select_related("item", "campaign")
        .order_by("-redeemed_at")
    )
