"""Membership statistics: read-only selectors over memberships, scoped through
``Membership.objects.for_actor(actor, MEMBERS_VIEW)``, for the actor's scope or the
subtree of ``node``. Each function costs a fixed, small number of queries whatever the
number of members (conditional ``Count`` and ``values().annotate()``).

Definitions (docs/members.md):

- **Active on a day D**: started on or before D and not ended on or before D. A transfer
  ends the old membership on the day the new one starts, so on that day the person counts
  in the new union only.
- **Joins in [start, end]**: memberships started in the period, transfers in included (a
  transfer is a join for the receiving union).
- **New members of the scope S**: joins whose person came from outside S, i.e. not a
  transfer, or a transfer from a union outside S. For the whole district a transfer is
  never a new member; for a station or a union a transfer from elsewhere is.
- **Leaves in [start, end]**: memberships ended in the period, by status, transfers out
  included; **left the scope** leaves out the transfers to a union inside S.

Where a membership counts: the tree as it stood on the day of the figure, never today's
tree (a union moved or merged today leaves the figures of the days before it as they
were). Each membership is placed by its union's ``organizations.UnionPlacement`` valid
on one day, on which the membership was active:

- members on D: the placement on D (and its station for the breakdown by station);
- a join: the placement on the day it started (``started_on``);
- a leave: the placement on its last day as a member, the day before ``ended_on`` (or
  ``started_on`` for a membership that ended on the day it began). Not ``ended_on``
  itself: a union merged on that day (its members transferred to the target that day) has
  no placement from that day;
- the other side of a transfer (where a join came from, where a leave went to): the other
  membership read the same way, i.e. the previous union on its last day (the day before
  the transfer), the next union on the day of the transfer.

The scope S is the subtree of ``node`` (a station or the federation by its own path: no
service moves them, ``organizations.services`` rewrites the paths of unions only; a union
by its segment in the placement's path), or, without a node, the actor's scope paths,
applied to the placement's path; the rows counted are also limited to those the actor
may see now (``for_actor``). A membership counts only on a day its union has a
placement: the organisation services write them from the union's founding to its merger
or dissolution, and ``membership_start`` starts memberships in active unions, on or after
their founding. Days without one (a membership left open after its union was merged or
dissolved; a roster row whose 入会日期 is before the union's founding) count nowhere.

The employer and the kind of employment of the members on a day are the person's on that
day: the closed ``EmploymentPeriod`` that held then, or the person's record when their
employment has not changed since (a change from a day leaves the figures of the days
before it as they were). The joins of platform workers read the membership: the kind and
platform the person had when it began. Age and sex read the person's record: the age is
computed at the day from the birth date (from the ID number).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, FilteredRelation, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import MEMBERS_VIEW
from gonghui.core.disclosure import AGE_BANDS, age_band_label
from gonghui.core.scoping import NOTHING, Actor
from gonghui.members.choices import EmploymentKind, MembershipStatus, Platform
from gonghui.members.models import Membership
from gonghui.organizations.models import Organization, holds_on, subtree_then

SEXES = (("M", gettext_lazy("男")), ("F", gettext_lazy("女")))
ENDED_STATUSES = (
    MembershipStatus.TRANSFERRED_OUT,
    MembershipStatus.LAPSED,
    MembershipStatus.WITHDRAWN,
    MembershipStatus.DECEASED,
)


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a key (a pk or a choice value), its label and a count."""

    key: Any
    label: str
    count: int


@dataclass(frozen=True)
class FlowRow:
    """One line of a joins or leaves breakdown: all of them, the transfers among them, and
    those that cross the border of the scope (new members, or members who left it)."""

    key: Any
    label: str
    total: int
    transfers: int
    crossing: int


@dataclass(frozen=True)
class ActiveMembers:
    on: date
    total: int
    by_union: list[Row]
    by_station: list[Row]
    by_employer: list[Row]
    by_kind: list[Row]
    by_age: list[Row]
    by_sex: list[Row]


@dataclass(frozen=True)
class Joins:
    start: date
    end: date
    total: int  # memberships started: joins of a union, transfers in included
    transfers: int  # of which transfers from another union
    new_members: int  # of which from outside the scope
    by_union: list[FlowRow]  # crossing = new members


@dataclass(frozen=True)
class Leaves:
    start: date
    end: date
    total: int  # memberships ended, transfers out included
    left_scope: int  # of which not continued in a union of the scope
    by_status: list[Row]
    by_union: list[FlowRow]  # transfers = transfers out; crossing = left the scope


@dataclass(frozen=True)
class PlatformJoins:
    """Joins of new-employment-form workers (employment kind ``platform``)."""

    start: date
    end: date
    total: int
    transfers: int
    new_members: int
    by_platform: list[FlowRow]  # crossing = new members


# --- scope -----------------------------------------------------------------------------
#
# A membership is placed by its union's ``UnionPlacement`` on the day the figure is about,
# joined as a ``FilteredRelation`` (one join, no extra query): ``PLACED`` is the counted
# membership's union, ``OTHER`` the other union of a transfer.

UNION_PLACEMENTS = "union__placements"
PLACED = "placed"
OTHER = "other"


def _holds_on(relation: str, day: Any) -> FilteredRelation:
    """``relation``'s placement that holds on ``day`` (a date or an ``F`` of the row):
    ``valid_from <= day < valid_to``."""
    return FilteredRelation(relation, condition=holds_on(day, f"{relation}__"))


def _holds_on_last_day(relation: str, started: str, ended: str) -> FilteredRelation:
    """``relation``'s placement that holds on the last day of a membership that started on
    ``started`` and ended on ``ended`` (fields): the day before its end, or the day it
    started if it ended on that day (a transfer on the day of the join). That day is
    ``max(started, ended - 1)``; spelled without date arithmetic, which the databases
    write differently."""
    p = f"{relation}__"
    begun = Q(**{f"{p}valid_from__lte": F(started)}) | Q(**{f"{p}valid_from__lt": F(ended)})
    lasting = Q(**{f"{p}valid_to__isnull": True}) | Q(
        **{f"{p}valid_to__gt": F(started), f"{p}valid_to__gte": F(ended)}
    )
    return FilteredRelation(relation, condition=begun & lasting)


def _placed(alias: str, actor: Actor, node: Organization | None) -> Q:
    """Rows whose placement ``alias`` lies in the scope: the subtree of ``node``, else the
    actor's scope (the whole district for a superuser), as the tree stood then."""
    path = f"{alias}__path"
    if node is not None:
        return subtree_then(path, node.path)
    if actor.is_superuser:
        return Q(**{f"{alias}__isnull": False})
    condition = NOTHING
    for outer in actor.scope_paths(MEMBERS_VIEW):
        condition |= subtree_then(path, outer)
    return condition


def _memberships(
    actor: Actor, node: Organization | None, placement: FilteredRelation
) -> QuerySet[Membership]:
    """The memberships the actor may see now (``for_actor``) whose union's ``placement``
    lies in the scope."""
    rows = Membership.objects.for_actor(actor, MEMBERS_VIEW).annotate(**{PLACED: placement})
    return rows.filter(_placed(PLACED, actor, node))


# The person's employment on the day: the closed period that held then (``EMPLOYED``,
# joined as a ``FilteredRelation``: periods never overlap, so at most one row), else the
# person's record, whose values hold since their last change.

EMPLOYED = "employed"


def _employment_on(day: date) -> FilteredRelation:
    p = "person__employment_periods__"
    condition = Q(**{f"{p}valid_to__gt": day}) & (
        Q(**{f"{p}valid_from__isnull": True}) | Q(**{f"{p}valid_from__lte": day})
    )
    return FilteredRelation("person__employment_periods", condition=condition)


def _then(path: str) -> Case:
    """The person's ``path`` (a field, or a field across the employer) on the day."""
    return Case(
        When(**{f"{EMPLOYED}__isnull": False}, then=F(f"{EMPLOYED}__{path}")),
        default=F(f"person__{path}"),
    )


def active_on(day: date) -> Q:
    """Memberships active on ``day``."""
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _in_period(field: str, start: date, end: date) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


# --- members on a day ------------------------------------------------------------------


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February): a person born on or
    before it is at least ``years`` old on ``day``."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _age_q(day: date, low: int | None, high: int | None) -> Q:
    condition = Q()
    if low is not None:
        condition &= Q(person__birth_date__lte=years_before(day, low))
    if high is not None:
        condition &= Q(person__birth_date__gt=years_before(day, high))
    return condition


def _groups(
    rows: QuerySet[Any], keys: tuple[str, ...], counts: dict[str, Count]
) -> list[dict[str, Any]]:
    """The ``counts`` per distinct value of ``keys``: one GROUP BY query."""
    grouped: QuerySet[Any] = rows.values(*keys)
    return list(grouped.annotate(**counts).order_by(*keys))


def _grouped(rows: QuerySet[Any], key: str, label: str, *, empty: str = "—") -> list[Row]:
    """Members per ``key``, largest first."""
    groups = _groups(rows, (key, label), {"n": Count("pk")})
    found = [Row(g[key], g[label] or empty, g["n"]) for g in groups]
    return sorted(found, key=lambda row: (-row.count, row.label, str(row.key)))


def _flows(
    rows: QuerySet[Any], key: str, label: str, counts: dict[str, Count], inside: str
) -> list[FlowRow]:
    """Flow rows per ``key``, largest first; ``crossing`` is the total less ``inside``."""
    groups = _groups(rows, (key, label), counts)
    found = [
        FlowRow(g[key], g[label] or "—", g["total"], g["transfers"], g["total"] - g[inside])
        for g in groups
    ]
    return sorted(found, key=lambda row: (-row.total, row.label, str(row.key)))


def active_members(
    *, actor: Actor, on: date | None = None, node: Organization | None = None
) -> ActiveMembers:
    """Members active on ``on`` (default today) by union, station, employer (legal
    entity) and employment kind (both as they were that day), age band and sex. Four
    queries."""
    day = on or timezone.localdate()
    members = (
        _memberships(actor, node, _holds_on(UNION_PLACEMENTS, day))
        .filter(active_on(day))
        .annotate(**{EMPLOYED: _employment_on(day)})
        .annotate(
            kind_then=_then("employment_kind"),
            employer_then=_then("employer"),
            employer_name_then=_then("employer__name"),
        )
    )
    kinds = {f"kind_{k}": Count("pk", filter=Q(kind_then=k)) for k in EmploymentKind}
    ages = {f"age_{i}": Count("pk", filter=_age_q(day, *b)) for i, b in enumerate(AGE_BANDS)}
    sexes = {f"sex_{s}": Count("pk", filter=Q(person__sex=s)) for s, _label in SEXES}
    totals = members.aggregate(total=Count("pk"), **kinds, **ages, **sexes)
    return ActiveMembers(
        on=day,
        total=totals["total"],
        by_union=_grouped(members, "union", "union__name"),
        by_station=_grouped(members, f"{PLACED}__station", f"{PLACED}__station__name"),
        by_employer=_grouped(
            members, "employer_then", "employer_name_then", empty=_("未关联法人单位")
        ),
        by_kind=[Row(k.value, str(k.label), totals[f"kind_{k}"]) for k in EmploymentKind],
        by_age=[
            Row(i, age_band_label(*band), totals[f"age_{i}"]) for i, band in enumerate(AGE_BANDS)
        ],
        by_sex=[Row(s, str(label), totals[f"sex_{s}"]) for s, label in SEXES],
    )


# --- joins and leaves in a period ------------------------------------------------------


def _started(
    actor: Actor, node: Organization | None, start: date, end: date
) -> QuerySet[Membership]:
    """The memberships started in [start, end] whose union stood in the scope on the day
    they started; ``OTHER``: the previous union of a transfer, on the last day of the
    membership there (the day before the transfer)."""
    placement = _holds_on(UNION_PLACEMENTS, F("started_on"))
    started = _memberships(actor, node, placement).filter(_in_period("started_on", start, end))
    previous = _holds_on_last_day(
        f"transferred_from__{UNION_PLACEMENTS}",
        "transferred_from__started_on",
        "transferred_from__ended_on",
    )
    return started.annotate(**{OTHER: previous})


def _join_counts(actor: Actor, node: Organization | None) -> dict[str, Count]:
    transfer = Q(transferred_from__isnull=False)
    from_inside = transfer & _placed(OTHER, actor, node)
    return {
        "total": Count("pk"),
        "transfers": Count("pk", filter=transfer),
        "from_inside": Count("pk", filter=from_inside),
    }


def joins(*, actor: Actor, start: date, end: date, node: Organization | None = None) -> Joins:
    """Memberships started in [start, end]: all joins (transfers in included), the
    transfers, and the new members of the scope; by union. Two queries."""
    started = _started(actor, node, start, end)
    counts = _join_counts(actor, node)
    totals = started.aggregate(**counts)
    return Joins(
        start=start,
        end=end,
        total=totals["total"],
        transfers=totals["transfers"],
        new_members=totals["total"] - totals["from_inside"],
        by_union=_flows(started, "union", "union__name", counts, "from_inside"),
    )


def leaves(*, actor: Actor, start: date, end: date, node: Organization | None = None) -> Leaves:
    """Memberships ended in [start, end] by status (transfers out included), and those
    that left the scope (all but the transfers to a union inside it); by union. Two
    queries."""
    placement = _holds_on_last_day(UNION_PLACEMENTS, "started_on", "ended_on")
    next_one = _holds_on(f"transferred_to__{UNION_PLACEMENTS}", F("transferred_to__started_on"))
    ended = (
        _memberships(actor, node, placement)
        .filter(_in_period("ended_on", start, end))
        .annotate(**{OTHER: next_one})
    )
    transfer = Q(status=MembershipStatus.TRANSFERRED_OUT)
    counts = {
        "total": Count("pk"),
        "transfers": Count("pk", filter=transfer),
        "to_inside": Count("pk", filter=transfer & _placed(OTHER, actor, node)),
    }
    statuses = {f"status_{s}": Count("pk", filter=Q(status=s)) for s in ENDED_STATUSES}
    totals = ended.aggregate(**counts, **statuses)
    return Leaves(
        start=start,
        end=end,
        total=totals["total"],
        left_scope=totals["total"] - totals["to_inside"],
        by_status=[Row(s.value, str(s.label), totals[f"status_{s.value}"]) for s in ENDED_STATUSES],
        by_union=_flows(ended, "union", "union__name", counts, "to_inside"),
    )


def platform_joins(
    *, actor: Actor, start: date, end: date, node: Organization | None = None
) -> PlatformJoins:
    """Joins in [start, end] of new-employment-form workers, by platform: all, the
    transfers, and the new members of the scope. One query."""
    started = _started(actor, node, start, end).filter(employment_kind=EmploymentKind.PLATFORM)
    groups = _groups(started, ("platform",), _join_counts(actor, node))
    labels = dict(Platform.choices)
    rows = [
        FlowRow(
            g["platform"],
            str(labels.get(g["platform"], _("未填写平台"))),
            g["total"],
            g["transfers"],
            g["total"] - g["from_inside"],
        )
        for g in groups
    ]
    rows.sort(key=lambda row: (-row.total, str(row.key)))
    return PlatformJoins(
        start=start,
        end=end,
        total=sum(r.total for r in rows),
        transfers=sum(r.transfers for r in rows),
        new_members=sum(r.crossing for r in rows),
        by_platform=rows,
    )
