"""Figures of claim campaigns, for the benefits report of the kit (``core.reports``).

Definitions (what ``claim_figures`` counts):

- **a claim counted**: a voucher claimed in the period (its ``claimed_on``, the local day
  of the claim, between ``start`` and ``end`` inclusive), whatever became of it later (a
  campaign cancelled afterwards voids its vouchers but does not undo that they were
  claimed);
- **in the subtree**: the voucher's union is the member's union when claiming, placed in
  the tree as the tree stood on the day of the claim (``organizations.placement``); and
  the voucher is one the reader may see now;
- **members reached**: distinct people among the claims counted; **campaigns** and
  **items**: distinct campaigns and items among them;
- **redeemed**: claims counted whose voucher was redeemed on or before ``end`` (a
  redemption after the period leaves the period's figure as it was); the **redemption
  rate** is redeemed / claims;
- **face value distributed**: the sum of the face values of the claims counted (coupons
  handed out), and of those redeemed.

Four queries whatever the number of vouchers: the totals, the rows per campaign, the rows
per union path (folded into the child nodes of the report's node) and those nodes' names."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from gonghui.accounts.roles import BENEFITS_VIEW
from gonghui.benefits.models import Voucher
from gonghui.core.scoping import Actor
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import PATH_THEN, breakdown_index, placed, scope_then

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Tally:
    claims: int = 0
    members: int = 0
    redeemed: int = 0
    value: Decimal = ZERO
    redeemed_value: Decimal = ZERO

    @property
    def redemption_rate(self) -> float | None:
        return self.redeemed / self.claims if self.claims else None


@dataclass(frozen=True)
class CampaignRow:
    number: str
    title: str
    tally: Tally


@dataclass(frozen=True)
class NodeRow:
    key: int
    label: str
    tally: Tally


@dataclass(frozen=True)
class Claims:
    total: Tally = field(default_factory=Tally)
    campaigns: int = 0
    items: int = 0
    by_campaign: list[CampaignRow] = field(default_factory=list)
    by_node: list[NodeRow] = field(default_factory=list)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def counted_claims(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> QuerySet[Voucher]:
    """The claims counted (see the module's definitions), scoped as they stood then."""
    rows = Voucher.objects.for_actor(actor, BENEFITS_VIEW)
    where = placed(rows, "union", "claimed_on").filter(claimed_on__gte=start, claimed_on__lte=end)
    return where.filter(scope_then(rows, actor, node, BENEFITS_VIEW))


def _sums(end: date) -> dict[str, Any]:
    redeemed = Q(redeemed_at__lt=_end_of(end))
    return {
        "claims": Count("pk"),
        "members": Count("person", distinct=True),
        "redeemed": Count("pk", filter=redeemed),
        "value": Sum("face_value"),
        "redeemed_value": Sum("face_value", filter=redeemed),
    }


def _tally(row: Any) -> Tally:
    return Tally(
        claims=row["claims"] or 0,
        members=row["members"] or 0,
        redeemed=row["redeemed"] or 0,
        value=row["value"] or ZERO,
        redeemed_value=row["redeemed_value"] or ZERO,
    )


def claim_figures(*, actor: Actor, start: date, end: date, node: Organization | None) -> Claims:
    claims = counted_claims(actor=actor, start=start, end=end, node=node)
    sums = _sums(end)
    total = claims.order_by().aggregate(
        **sums, campaigns=Count("campaign", distinct=True), items=Count("item", distinct=True)
    )
    per_campaign = (
        claims.order_by()
        .values("campaign", "campaign__number", "campaign__title")
        .annotate(**sums)
        .order_by("campaign__number")
    )
    by_node_rows = (
        claims.order_by().annotate(node_path=F(PATH_THEN)).values("node_path").annotate(**sums)
    )
    index = breakdown_index(actor, node, BENEFITS_VIEW)
    groups: dict[int, list[Tally]] = {}
    for row in by_node_rows:
        segments = str(row["node_path"] or "").strip(".").split(".")
        key = int(segments[min(index, len(segments) - 1)])
        groups.setdefault(key, []).append(_tally(row))
    names = dict(Organization.objects.filter(pk__in=groups).values_list("pk", "name"))
    by_node = sorted(
        (
            NodeRow(key, names.get(key, "—"), _sum_tallies(tallies))
            for key, tallies in groups.items()
        ),
        key=lambda r: (-r.tally.claims, r.label),
    )
    return Claims(
        total=_tally(total),
        campaigns=total["campaigns"] or 0,
        items=total["items"] or 0,
        by_campaign=[
            CampaignRow(row["campaign__number"], row["campaign__title"], _tally(row))
            for row in per_campaign
        ],
        by_node=by_node,
    )


def _sum_tallies(tallies: list[Tally]) -> Tally:
    """Tallies of several union paths added up (members per path: a member who claimed in
    two unions of one node in the period, a transfer, counts twice there)."""
    return Tally(
        claims=sum(t.claims for t in tallies),
        members=sum(t.members for t in tallies),
        redeemed=sum(t.redeemed for t in tallies),
        value=sum((t.value for t in tallies), ZERO),
        redeemed_value=sum((t.redeemed_value for t in tallies), ZERO),
    )
