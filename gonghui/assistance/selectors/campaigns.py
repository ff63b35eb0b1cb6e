"""Reads of condolence campaigns: the list (scoped for ``ASSISTANCE_VIEW``, filtered by
year, occasion and status), a campaign's progress (planned against distributed, people
and person-times reached, sets, cash and goods spent against the budget) in one query,
its distribution list, and the choices of the forms."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.accounts.roles import ASSISTANCE_MANAGE, ASSISTANCE_VIEW
from gonghui.assistance.choices import FundKind, LineStatus
from gonghui.assistance.models import Campaign, CampaignSite, DistributionLine, Fund
from gonghui.assistance.services.campaigns import campaign_spent
from gonghui.core.scoping import Actor
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization

# the models the scoped base views of the campaign pages and API name (``model = ...``)
__all__ = ["Campaign", "CampaignSite", "DistributionLine"]

ZERO = Decimal("0.00")


def campaign_list(
    *,
    actor: Actor,
    year: int | None = None,
    occasion: str = "",
    status: str = "",
    action: str = ASSISTANCE_VIEW,
) -> QuerySet[Campaign]:
    """Campaigns in scope, each with its lines planned and handed out (``lines_total``,
    ``lines_done``): one query for a page."""
    done = Q(lines__status=LineStatus.DISTRIBUTED)
    rows = (
        Campaign.objects.for_actor(actor, action)
        .select_related("organization", "fund")
        .annotate(lines_total=Count("lines"), lines_done=Count("lines", filter=done))
    )
    if year:
        rows = rows.filter(year=year)
    if occasion:
        rows = rows.filter(occasion=occasion)
    if status:
        rows = rows.filter(status=status)
    return rows


def campaign_detail(*, actor: Actor, action: str = ASSISTANCE_VIEW) -> QuerySet[Campaign]:
    return (
        Campaign.objects.for_actor(actor, action)
        .select_related("organization", "fund", "created_by")
        .prefetch_related("units")
    )


@dataclass(frozen=True)
class Progress:
    """Planned against distributed, for one campaign."""

    budget: Decimal
    lines: int
    lines_distributed: int
    people: int  # planned heads
    people_reached: int
    person_times: int  # reached
    sets_planned: int
    sets: int  # handed out
    cash_planned: Decimal
    goods_planned: Decimal
    cash_spent: Decimal
    goods_spent: Decimal
    spent: Decimal  # as the ledger has it

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def planned(self) -> Decimal:
        return self.cash_planned + self.goods_planned

    def _percent(self, part: Any, whole: Any) -> int:
        return int(min(100, round(100 * part / whole))) if whole else 0

    @property
    def lines_percent(self) -> int:
        return self._percent(self.lines_distributed, self.lines)

    @property
    def people_percent(self) -> int:
        return self._percent(self.people_reached, self.people)

    @property
    def budget_percent(self) -> int:
        return self._percent(self.spent, self.budget)


def campaign_progress(campaign: Campaign) -> Progress:
    """Two queries: the lines' aggregates and the ledger's spending."""
    done = Q(status=LineStatus.DISTRIBUTED)
    sums = DistributionLine.objects.filter(campaign=campaign).aggregate(
        n_lines=Count("pk"),
        n_lines_distributed=Count("pk", filter=done),
        n_people=Sum("people"),
        n_people_reached=Sum("people", filter=done),
        n_person_times=Sum("person_times", filter=done),
        n_sets_planned=Sum("sets"),
        n_sets=Sum("sets", filter=done),
        n_cash_planned=Sum("cash"),
        n_goods_planned=Sum("goods_value"),
        n_cash_spent=Sum("cash", filter=done),
        n_goods_spent=Sum("goods_value", filter=done),
    )
    money = ("cash_planned", "goods_planned", "cash_spent", "goods_spent")
    figures: dict[str, Any] = {
        key.removeprefix("n_"): value or (ZERO if key.removeprefix("n_") in money else 0)
        for key, value in sums.items()
    }
    return Progress(budget=campaign.budget, spent=campaign_spent(campaign), **figures)


def line_list(
    *, actor: Actor, campaign: Campaign, status: str = "", action: str = ASSISTANCE_VIEW
) -> QuerySet[DistributionLine]:
    rows = (
        DistributionLine.objects.for_actor(actor, action)
        .filter(campaign=campaign)
        .select_related("unit", "site", "receipt", "campaign")
        .order_by("pk")
    )
    if status:
        rows = rows.filter(status=status)
    return rows


def line_detail(*, actor: Actor, action: str) -> QuerySet[DistributionLine]:
    return DistributionLine.objects.for_actor(actor, action).select_related(
        "campaign", "campaign__organization", "campaign__fund", "site", "unit"
    )


def campaign_sites(campaign: Campaign) -> QuerySet[CampaignSite]:
    return campaign.sites.order_by("pk")


# --- choices of the forms ----------------------------------------------------------------


def organization_choices(actor: Actor) -> QuerySet[Organization]:
    """Nodes that may run a campaign: the federation and stations the actor manages."""
    return (
        Organization.objects.for_actor(actor, ASSISTANCE_MANAGE)
        .filter(kind__in=[NodeKind.FEDERATION, NodeKind.STATION])
        .order_by("path")
    )


def unit_choices(actor: Actor) -> QuerySet[Organization]:
    """Stations and unions the actor manages (a unit's list is its subtree's members)."""
    return (
        Organization.objects.for_actor(actor, ASSISTANCE_MANAGE)
        .exclude(kind=NodeKind.FEDERATION)
        .active()
        .order_by("name_sort", "pk")
    )


def fund_choices(actor: Actor) -> QuerySet[Fund]:
    """Active budget lines and special funds the actor manages."""
    return (
        Fund.objects.for_actor(actor, ASSISTANCE_MANAGE)
        .filter(active=True, kind__in=[FundKind.BUDGET, FundKind.SPECIAL])
        .order_by("kind", "code")
    )
