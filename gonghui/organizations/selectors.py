"""Reads of the organisation registry. Every one is scoped through ``for_actor``."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from gonghui.accounts.roles import ORG_VIEW
from gonghui.core.scoping import Actor
from gonghui.organizations.choices import (
    LARGE_UNION_HEADCOUNT,
    NodeKind,
    UnionKind,
    UnionStatus,
)
from gonghui.organizations.figures import UnionFigure
from gonghui.organizations.models import (
    EntityCoverage,
    LegalEntity,
    Organization,
    OrganizationQuerySet,
    UnionPlacement,
    UnionPlacementQuerySet,
)

SORTABLE_UNION_FIELDS = {"name", "code", "founded_on", "headcount", "status", "station__name"}
# a name sorts by its pinyin (``Organization.name_sort``, ``core.collation``), then by
# itself (names that read the same)
NAME_SORT = {
    "name": ("name_sort", "name"),
    "station__name": ("station__name_sort", "station__name"),
}


def sort_columns(sort: str) -> list[str]:
    """The columns that order by ``sort`` (a field, ``-`` first for descending)."""
    descending, field = sort.startswith("-"), sort.lstrip("-")
    return [f"-{column}" if descending else column for column in NAME_SORT.get(field, (field,))]


def visible_nodes(*, actor: Actor, action: str = ORG_VIEW) -> OrganizationQuerySet:
    return Organization.objects.for_actor(actor, action)


def node_get(*, actor: Actor, pk: Any, action: str = ORG_VIEW) -> Organization:
    """One node in the actor's scope; ``Organization.DoesNotExist`` otherwise."""
    return visible_nodes(actor=actor, action=action).get(pk=pk)


def union_list(
    *,
    actor: Actor,
    root: Organization | None = None,
    q: str = "",
    status: str = "",
    union_kind: str = "",
    size_class: str = "",
    station: Any = None,
    sort: str = "name",
    action: str = ORG_VIEW,
) -> QuerySet[Organization]:
    """Unions in scope, searchable by name, code, chair or a covered entity's name or
    credit code."""
    unions = visible_nodes(actor=actor, action=action).filter(kind=NodeKind.UNION)
    if root is not None:
        unions = unions.within(root)
    if q:
        q = q.strip()
        entity_match = LegalEntity.objects.filter(
            Q(name__icontains=q) | Q(credit_code__iexact=q)
        ).values("union_id")
        unions = unions.filter(
            Q(name__icontains=q)
            | Q(code__iexact=q)
            | Q(chair_name__icontains=q)
            | Q(pk__in=entity_match)
        )
    if status:
        unions = unions.filter(status=status)
    if union_kind:
        unions = unions.filter(union_kind=union_kind)
    if size_class:
        unions = unions.filter(size_class=size_class)
    if station:
        unions = unions.filter(station_id=station)
    if sort.lstrip("-") not in SORTABLE_UNION_FIELDS:
        sort = "name"
    return unions.select_related("station", "parent").order_by(*sort_columns(sort), "pk")


def station_list(*, actor: Actor) -> list[dict[str, Any]]:
    """Stations in scope with their active unions and workers: one query."""
    stations = visible_nodes(actor=actor).filter(kind=NodeKind.STATION)
    rows = stations.annotate(
        unions=Count(
            "station_unions",
            filter=Q(station_unions__status=UnionStatus.ACTIVE),
        ),
        workers=Sum(
            "station_unions__headcount",
            filter=Q(station_unions__status=UnionStatus.ACTIVE),
        ),
    ).order_by(*sort_columns("name"), "pk")
    return [{"station": s, "unions": s.unions, "workers": s.workers or 0} for s in rows]


# --- the tree ------------------------------------------------------------------------


@dataclass
class TreeNode:
    """A node of the organisation tree with what lies under it, added up over its subtree:
    the active unions below it, the workers covered (its own headcount included) and the
    figures other modules count per union (``organizations.figures``), in their order."""

    org: Organization
    figures: Sequence[UnionFigure] = ()
    children: list["TreeNode"] = field(default_factory=list)
    unions: int = 0
    workers: int = 0
    counts: list[int] = field(default_factory=list)

    @property
    def is_union(self) -> bool:
        return self.org.kind == NodeKind.UNION

    @property
    def figure_counts(self) -> list[tuple[UnionFigure, int]]:
        return list(zip(self.figures, self.counts, strict=True))


# what the tree reads of a node (workers: the union's current headcount, its entities'
# and its directly attached workers, as the union list shows it)
TREE_FIELDS = (
    "name",
    "name_sort",
    "code",
    "kind",
    "union_kind",
    "status",
    "depth",
    "path",
    "parent",
    "headcount",
)


def union_tree(
    *, actor: Actor, figures: Sequence[UnionFigure] = (), root: Organization | None = None
) -> list[TreeNode]:
    """The tree of the actor's scope, or of ``root``'s subtree within it: the federation,
    its stations and their active unions, joint unions holding their member unions. Its
    roots are the nodes whose parent lies outside (a union's staff: their union). Each
    node's children: joint unions first, then the others, each by pinyin. One query, and
    one per figure, whatever the size of the tree."""
    nodes = visible_nodes(actor=actor).filter(
        ~Q(kind=NodeKind.UNION) | Q(status=UnionStatus.ACTIVE)
    )
    if root is not None:
        nodes = nodes.within(root)
    rows = nodes.only(*TREE_FIELDS).order_by("depth", *sort_columns("name"), "pk")
    counted = [figure.by_union(actor) if figure.by_union else {} for figure in figures]
    placed: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for org in rows:
        node = placed[org.pk] = TreeNode(org, figures, counts=[0] * len(figures))
        parent = placed.get(org.parent_id) if org.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in reversed(placed.values()):  # the deepest first: children before parents
        _add_own(node, counted)
        node.children.sort(key=lambda child: child.org.union_kind != UnionKind.JOINT)
        parent = placed.get(node.org.parent_id) if node.org.parent_id else None
        if parent is not None:
            _add_to(parent, node)
    return roots


def _add_own(node: TreeNode, counted: list[dict[int, int]]) -> None:
    if node.is_union:
        node.workers += node.org.headcount
        node.counts = [
            total + by_union.get(node.org.pk, 0)
            for total, by_union in zip(node.counts, counted, strict=True)
        ]


def _add_to(parent: TreeNode, child: TreeNode) -> None:
    parent.unions += child.unions + (1 if child.is_union else 0)
    parent.workers += child.workers
    parent.counts = [a + b for a, b in zip(parent.counts, child.counts, strict=True)]


def legal_entity_list(
    *, actor: Actor, union: Organization | None = None, q: str = ""
) -> QuerySet[LegalEntity]:
    entities = LegalEntity.objects.for_actor(actor, ORG_VIEW).select_related("union")
    if union is not None:
        entities = entities.filter(union=union)
    if q:
        entities = entities.filter(Q(name__icontains=q) | Q(credit_code__iexact=q.strip()))
    return entities.order_by("name", "pk")


# --- coverage ------------------------------------------------------------------------
#
# Figures read the dated facts (``UnionPlacement``, ``EntityCoverage``), never the current
# rows: a figure for a day is what was true that day, and a change made later (an entity
# attached, a headcount reported, a union moved or merged) does not move it. Definitions
# in docs/organizations.md.

FOREVER = date(9999, 12, 31)


def _placements(
    actor: Actor, root: Organization | None, day: date, action: str = ORG_VIEW
) -> UnionPlacementQuerySet:
    """The placements in the actor's scope for ``action``, under ``root`` as the tree
    stood on ``day`` (a union root by its own path that day; stations and the federation
    do not move)."""
    placements = UnionPlacement.objects.for_actor(actor, action)
    if root is None:
        return placements
    if root.kind != NodeKind.UNION:
        return placements.filter(path__startswith=root.path)
    then = UnionPlacement.objects.valid_on(day).filter(union=root).values("path")[:1]
    return placements.filter(path__startswith=Subquery(then))


def coverages_on(
    *, actor: Actor, action: str, root: Organization | None, on: date
) -> QuerySet[EntityCoverage]:
    """The legal entities' coverage rows that held on ``on`` under the unions placed, that
    day, in the actor's scope for ``action`` (the subtree of ``root`` as it stood then):
    the unionised firms of a day, each with its union and its headcount then."""
    placed = _placements(actor, root, on, action).valid_on(on)
    return EntityCoverage.objects.valid_on(on).filter(union__in=placed.values("union_id"))


@dataclass(frozen=True)
class Coverage:
    on: date
    unions: int
    standalone: int
    joint: int
    legal_entities: int
    workers: int


def coverage(*, actor: Actor, root: Organization | None = None, on: date | None = None) -> Coverage:
    """Unions, legal entities and workers covered on a day, for the actor's scope or the
    subtree of ``root`` as they stood that day. Two queries whatever the size of the tree.

    Workers covered are the headcounts the covered entities had reported by that day plus
    the workers attached directly to a joint union that day."""
    day = on or timezone.localdate()
    placed = _placements(actor, root, day).valid_on(day)
    totals = placed.aggregate(
        unions=Count("pk"),
        standalone=Count("pk", filter=Q(union__union_kind=UnionKind.STANDALONE)),
        joint=Count("pk", filter=Q(union__union_kind=UnionKind.JOINT)),
        direct=Sum("direct_workers"),
    )
    entities = (
        EntityCoverage.objects.valid_on(day)
        .filter(union__in=placed.values("union_id"))
        .aggregate(count=Count("pk"), workers=Sum("headcount"))
    )
    return Coverage(
        on=day,
        unions=totals["unions"],
        standalone=totals["standalone"],
        joint=totals["joint"],
        legal_entities=entities["count"],
        workers=(entities["workers"] or 0) + (totals["direct"] or 0),
    )


@dataclass(frozen=True)
class NewUnions:
    start: date
    end: date
    total: int
    standalone: int
    standalone_large: int
    standalone_small: int
    joined_joint: int
    joint: int
    workers: int
    previous_total: int
    growth: Decimal | None

    @property
    def growth_percent(self) -> Decimal | None:
        if self.growth is None:
            return None
        return (self.growth * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _one_year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _held_on_last_day(end: date, ended_on: Any) -> Q:
    """Dated rows that held on a union's last day in a period ending on ``end``: ``end``,
    or the day before the union's end (``ended_on``, an expression) if that is earlier."""
    ended = Coalesce(ended_on, Value(FOREVER))
    return (
        Q(valid_from__lte=end)
        & Q(valid_from__lt=ended)
        & (Q(valid_to__isnull=True) | Q(valid_to__gt=end) | Q(valid_to__gte=ended))
    )


def _new_union_counts(
    actor: Actor, root: Organization | None, start: date, end: date
) -> dict[str, Any]:
    """The unions founded in [start, end], each as it stood on its last day in the period
    (the period's end, or the day before its merger or dissolution): its place, its size
    class and its workers. One query."""
    entities = (
        EntityCoverage.objects.filter(union=OuterRef("union"))
        .filter(_held_on_last_day(end, OuterRef("union__ended_on")))
        .values("union")
        .annotate(total=Sum("headcount"))
        .values("total")
    )
    new = (
        _placements(actor, root, end)
        .filter(union__founded_on__gte=start, union__founded_on__lte=end)
        .filter(_held_on_last_day(end, F("union__ended_on")))
    )
    # spelled out rather than annotated: an aggregate over an annotated subquery loses it
    workers = Coalesce(Subquery(entities), 0) + F("direct_workers")
    joined = Q(parent__union_kind=UnionKind.JOINT)
    standalone = Q(union__union_kind=UnionKind.STANDALONE)
    large = Q(GreaterThanOrEqual(workers, LARGE_UNION_HEADCOUNT))
    return new.aggregate(
        total=Count("pk"),
        standalone=Count("pk", filter=standalone),
        standalone_large=Count("pk", filter=standalone & ~joined & large),
        standalone_small=Count("pk", filter=standalone & ~joined & ~large),
        joined_joint=Count("pk", filter=standalone & joined),
        joint=Count("pk", filter=Q(union__union_kind=UnionKind.JOINT)),
        workers=Sum(workers),
    )


def new_unions(
    *, actor: Actor, start: date, end: date, root: Organization | None = None
) -> NewUnions:
    """Unions founded in [start, end] by kind and size class, the workers they cover, and
    the growth on the same period one year earlier (同比). Two queries.

    Each union is taken as it stood on its last day in the period: a standalone union
    inside a joint union counts as "joined a joint union", not in a size class; the size
    class (100 workers or more) and the workers are those of its own entities and direct
    workers reported by that day. Merged or dissolved unions still count in the period
    they were founded."""
    current = _new_union_counts(actor, root, start, end)
    previous = _new_union_counts(actor, root, _one_year_earlier(start), _one_year_earlier(end))
    growth = None
    if previous["total"]:
        growth = Decimal(current["total"] - previous["total"]) / Decimal(previous["total"])
    return NewUnions(
        start=start,
        end=end,
        total=current["total"],
        standalone=current["standalone"],
        standalone_large=current["standalone_large"],
        standalone_small=current["standalone_small"],
        joined_joint=current["joined_joint"],
        joint=current["joint"],
        workers=current["workers"] or 0,
        previous_total=previous["total"],
        growth=growth,
    )


def year_to_date(day: date | None = None) -> tuple[date, date]:
    day = day or timezone.localdate()
    return day.replace(month=1, day=1), day
