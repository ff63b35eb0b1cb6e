"""The type-ahead kinds of the organisation tree (``core.lookups``): ``node`` any active
node, ``union`` active unions, ``union_parent`` what a union can be placed under
(stations and joint unions), ``entity`` legal entities. Searched by name or code."""

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce

from gonghui.accounts.roles import ORG_VIEW
from gonghui.core.lookups import Kind, register
from gonghui.core.scoping import Actor
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import LegalEntity, Organization
from gonghui.organizations.selectors import sort_columns


def node_label(node: Organization) -> str:
    """A node with its station, so that equal names can be told apart."""
    if node.kind == NodeKind.UNION and node.station is not None:
        return f"{node.station.name} › {node.name}"
    return str(node.name)


# as a reader looks for a node in the tree: the federation, then each station (by pinyin,
# ``core.collation``) followed by its unions (by pinyin)
TREE_ORDER: tuple[str | Combinable, ...] = (
    Case(When(kind=NodeKind.FEDERATION, then=Value(0)), default=Value(1)),
    Coalesce("station__name_sort", "name_sort"),
    "depth",
    *sort_columns("name"),
    "pk",
)


def _nodes(actor: Actor, action: str) -> QuerySet[Organization]:
    return (
        Organization.objects.for_actor(actor, action)
        .active()
        .select_related("station")
        .order_by(*TREE_ORDER)
    )


def _unions(actor: Actor, action: str) -> QuerySet[Organization]:
    by_station = (*sort_columns("station__name"), *sort_columns("name"), "pk")
    return _nodes(actor, action).unions().order_by(*by_station)  # type: ignore[attr-defined, no-any-return]


def union_parents(actor: Actor, action: str) -> QuerySet[Organization]:
    """Stations and joint unions in scope: the nodes a union can be placed under."""
    can_hold_unions = Q(kind=NodeKind.STATION) | Q(kind=NodeKind.UNION, union_kind=UnionKind.JOINT)
    return _nodes(actor, action).filter(can_hold_unions)


def _by_name_or_code(rows: QuerySet[Organization], text: str) -> QuerySet[Organization]:
    return rows.filter(Q(name__icontains=text) | Q(code__istartswith=text))


def _entities(actor: Actor, action: str) -> QuerySet[LegalEntity]:
    return (
        LegalEntity.objects.for_actor(actor, action).select_related("union").order_by("name", "pk")
    )


def _entity_search(rows: QuerySet[LegalEntity], text: str) -> QuerySet[LegalEntity]:
    return rows.filter(Q(name__icontains=text) | Q(credit_code__istartswith=text.upper()))


register("node", Kind(ORG_VIEW, _nodes, _by_name_or_code, node_label))
register("union", Kind(ORG_VIEW, _unions, _by_name_or_code, node_label))
register("union_parent", Kind(ORG_VIEW, union_parents, _by_name_or_code, node_label))
register(
    "entity",
    Kind(ORG_VIEW, _entities, _entity_search, lambda e: f"{e.name}（{e.credit_code}）"),
)
