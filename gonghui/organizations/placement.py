"""Where a record counts in a figure: the tree as it stood on the record's own day,
never today's tree (a union moved or merged today leaves the figures of the days before
it as they were). The one rule of every statistics selector:

- ``placed(rows, node_field, day)``: ``rows`` with ``PATH_THEN``, the path of their node
  (``node_field``) on their day (``day``: a date column's name, or a date): the path of the
  node's ``UnionPlacement`` valid that day (one join, as a ``FilteredRelation``), or the
  node's own path when it has none (the federation and the stations, which no service
  moves; a union on a day outside its placements);
- ``scope_then(rows, actor, node, action)``: the subtree of ``node`` as it stood then, or,
  without a node, the actor's (the subtrees of its staff roles for ``action``, read the
  same way, and the rows assigned to it as the model's ``ScopedQuerySet`` declares them;
  a superuser: everything). Applied on top of ``for_actor``: a record counts only if the
  actor may also see it now."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.db.models.functions import Coalesce

from gonghui.accounts.roles import ASSIGNEE_ROLES, STAFF_ROLES
from gonghui.core.scoping import NOTHING, Actor, ScopedQuerySet
from gonghui.organizations.models import Organization, holds_on, subtree_then

PLACED = "placed"
PATH_THEN = "path_then"


def placed(rows: QuerySet[Any], node_field: str, day: str | date) -> QuerySet[Any]:
    relation = f"{node_field}__placements"
    when: Any = F(day) if isinstance(day, str) else day
    placement = FilteredRelation(relation, condition=holds_on(when, f"{relation}__"))
    return rows.annotate(**{PLACED: placement}).alias(
        **{PATH_THEN: Coalesce(f"{PLACED}__path", f"{node_field}__path")}
    )


def scope_then(rows: ScopedQuerySet, actor: Actor, node: Organization | None, action: str) -> Q:
    if node is not None:
        return subtree_then(PATH_THEN, node.path)
    if actor.is_superuser:
        return Q()
    condition = NOTHING
    for outer in actor.scope_paths(action, STAFF_ROLES):
        condition |= subtree_then(PATH_THEN, outer)
    assigned = rows.assignee_condition(actor)
    if assigned is not None and actor.scope_paths(action, ASSIGNEE_ROLES):
        condition |= assigned
    return condition


def breakdown_index(actor: Actor, node: Organization | None, action: str) -> int:
    """Which segment of a path names the rows of a report's breakdown by node: the
    node's children, or without a node the children of the actor's widest scope for
    ``action``."""
    if node is not None:
        return int(node.depth)
    if actor.is_superuser:
        return 1
    paths = actor.scope_paths(action)
    return min((len(p.strip(".").split(".")) for p in paths), default=1)


def paths_nodes(paths: Iterable[str]) -> set[int]:
    """The ids of every node on ``paths`` (each path's own node and those above it)."""
    return {int(part) for path in paths for part in path.rstrip(".").split(".")}
