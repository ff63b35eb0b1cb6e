"""Reads the API needs beyond the pages': the items of many campaigns with what is left of
each, in one query (the member's list of campaigns)."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Sum

from gonghui.benefits.models import CampaignItem


def items_left(campaign_ids: Iterable[int]) -> dict[int, list[CampaignItem]]:
    """The items of each campaign, in their order, each with ``left``: the units not
    claimed yet (the stock itself before the campaign is published). One query."""
    items = (
        CampaignItem.objects.filter(campaign__in=list(campaign_ids))
        .select_related("supplier")
        .annotate(shards_left=Sum("shards__remaining"))
        .order_by("campaign", "position", "pk")
    )
    by_campaign: dict[int, list[CampaignItem]] = defaultdict(list)
    for item in items:
        shards_left = item.shards_left  # type: ignore[attr-defined]
        item.left = (shards_left or 0) if item.shard_count else item.stock  # type: ignore[attr-defined]
        by_campaign[item.campaign_id].append(item)
    return by_campaign
