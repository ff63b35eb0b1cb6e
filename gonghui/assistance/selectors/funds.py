"""Reads of funds and their ledgers: the funds in the actor's scope, a fund's entries
(filtered by day and kind), its donations, and the statement of a fund for a period.

The statement (``fund_statement``): every figure is a sum of entries by their
``booked_on`` day (holds and their releases on lines of their own, never as spending or
income, and what is still held at the end: 预留中), so a period's statement never moves once
the days are past (entries are never changed; a correction is a new entry on the day it
is made)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from gonghui.accounts.roles import ASSISTANCE_VIEW
from gonghui.assistance.choices import HOLD_KINDS, Cause, EntryKind
from gonghui.assistance.models import Donation, Fund, FundEntry
from gonghui.core.scoping import Actor

ZERO = Decimal("0.00")

# the models the staff pages and the API name (``model = ...`` of the scoped views):
# views reach them through this module, never through ``assistance.models``
FUND_MODEL = Fund
ENTRY_MODEL = FundEntry
DONATION_MODEL = Donation


def fund_list(
    *, actor: Actor, action: str = ASSISTANCE_VIEW, kind: str = "", active: bool | None = None
) -> QuerySet[Fund]:
    """The funds managed by nodes in the actor's scope, with their managing node."""
    funds = Fund.objects.for_actor(actor, action).select_related("organization")
    if kind:
        funds = funds.filter(kind=kind)
    if active is not None:
        funds = funds.filter(active=active)
    return funds.order_by("kind", "code")


def fund_entries(
    *,
    fund: Fund,
    start: date | None = None,
    end: date | None = None,
    kind: str = "",
) -> QuerySet[FundEntry]:
    """The entries of ``fund`` (a fund the caller has reached through its scope), newest
    posted first (the order of ``balance_after``), booked in [start, end] and of ``kind``
    when given; each with the entry it reverses, its reversal and its donation."""
    entries = FundEntry.objects.filter(fund=fund)
    if start is not None:
        entries = entries.filter(booked_on__gte=start)
    if end is not None:
        entries = entries.filter(booked_on__lte=end)
    if kind:
        entries = entries.filter(kind=kind)
    return entries.select_related(
        "fund", "reverses", "reversed_by", "donation", "created_by", "application__person"
    ).order_by("-id")


def entry_list(*, actor: Actor, action: str = ASSISTANCE_VIEW) -> QuerySet[FundEntry]:
    """Entries of the funds in the actor's scope (the base of an entry's page)."""
    return FundEntry.objects.for_actor(actor, action).select_related(
        "fund", "fund__organization", "reversed_by"
    )


def donation_list(*, actor: Actor, action: str = ASSISTANCE_VIEW) -> QuerySet[Donation]:
    """Donations into the funds in the actor's scope, with their fund and entry."""
    return Donation.objects.for_actor(actor, action).select_related(
        "fund", "fund__organization", "entry", "entry__reversed_by"
    )


def is_reversed(entry: FundEntry) -> bool:
    """Whether a reversal names ``entry`` (read through the one-to-one, cached when
    selected with ``reversed_by``)."""
    try:
        return entry.reversed_by is not None
    except FundEntry.DoesNotExist:
        return False


# --- statement -------------------------------------------------------------------------


@dataclass(frozen=True)
class CauseLine:
    """Grants of one cause in the period: the sum paid out and the people it went to
    (distinct persons of the grants' applications)."""

    cause: str
    label: str
    amount: Decimal
    people: int
    grants: int


@dataclass(frozen=True)
class Statement:
    fund: Fund
    start: date
    end: date
    opening: Decimal  # the sum of the entries booked before ``start``
    donations: Decimal
    donation_count: int
    allocations: Decimal
    grants: Decimal  # paid out (a positive figure)
    grant_people: int  # distinct persons over every cause
    by_cause: list[CauseLine]
    spending: Decimal  # other spending (campaigns), paid out
    reversals: Decimal  # the net of the corrections booked in the period (signed)
    reversal_count: int
    holds: Decimal  # set aside in the period (a positive figure)
    releases: Decimal  # given back in the period (a positive figure)
    held: Decimal  # held at ``end`` and not released by then (预留中)
    closing: Decimal  # the sum of the entries booked up to ``end``: the money available

    @property
    def movements(self) -> Decimal:
        """The net of the period: what came in less what went out, with corrections, less
        what was set aside and plus what was given back."""
        return (
            self.donations
            + self.allocations
            - self.grants
            - self.spending
            + self.reversals
            - self.holds
            + self.releases
        )


def _sum(condition: Q) -> Coalesce:
    return Coalesce(Sum("amount", filter=condition), ZERO)


def fund_statement(*, fund: Fund, start: date, end: date) -> Statement:
    """The statement of ``fund`` for [start, end]. One query."""
    before = Q(booked_on__lt=start)
    within = Q(booked_on__gte=start, booked_on__lte=end)
    grant = within & Q(kind=EntryKind.GRANT)
    sums: dict[str, Any] = {
        "opening": _sum(before),
        "closing": _sum(Q(booked_on__lte=end)),
        "donations": _sum(within & Q(kind=EntryKind.DONATION)),
        "donation_count": Count("pk", filter=within & Q(kind=EntryKind.DONATION)),
        "allocations": _sum(within & Q(kind=EntryKind.ALLOCATION)),
        "grants": _sum(grant),
        "grant_people": Count("application__person", filter=grant, distinct=True),
        "spending": _sum(within & Q(kind=EntryKind.SPENDING)),
        "reversals": _sum(within & Q(kind=EntryKind.REVERSAL)),
        "reversal_count": Count("pk", filter=within & Q(kind=EntryKind.REVERSAL)),
        "holds": _sum(within & Q(kind=EntryKind.HOLD)),
        "releases": _sum(within & Q(kind=EntryKind.RELEASE)),
        "held": _sum(Q(booked_on__lte=end, kind__in=HOLD_KINDS)),
    }
    for cause in Cause.values:
        of_cause = grant & Q(cause=cause)
        sums[f"amount_{cause}"] = _sum(of_cause)
        sums[f"people_{cause}"] = Count("application__person", filter=of_cause, distinct=True)
        sums[f"grants_{cause}"] = Count("pk", filter=of_cause, distinct=True)
    totals = FundEntry.objects.filter(fund=fund).aggregate(**sums)
    by_cause = [
        CauseLine(
            cause.value,
            str(cause.label),
            -totals[f"amount_{cause.value}"],
            totals[f"people_{cause.value}"],
            totals[f"grants_{cause.value}"],
        )
        for cause in Cause
        if totals[f"grants_{cause.value}"]
    ]
    return Statement(
        fund=fund,
        start=start,
        end=end,
        opening=totals["opening"],
        donations=totals["donations"],
        donation_count=totals["donation_count"],
        allocations=totals["allocations"],
        grants=-totals["grants"],
        grant_people=totals["grant_people"],
        by_cause=by_cause,
        spending=-totals["spending"],
        reversals=totals["reversals"],
        reversal_count=totals["reversal_count"],
        holds=-totals["holds"],
        releases=totals["releases"],
        held=-totals["held"],
        closing=totals["closing"],
    )


def ledger_total(fund: Fund) -> Decimal:
    """The sum of every entry of ``fund``: what its balance must be."""
    return FundEntry.objects.filter(fund=fund).aggregate(total=_sum(Q()))["total"]
