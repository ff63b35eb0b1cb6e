"""Reads about accounts."""

from typing import Any

from django.db.models import QuerySet

from gonghui.accounts.roles import ROLE_ACTIONS
from gonghui.core.scoping import Visitor, signed_in

# Who the staff sign-in serves, and who it sends elsewhere
STAFF = "staff"  # staff, and anyone whose role opens staff pages (a mediator, a lawyer)
MEMBER = "member"  # a member's account: the member pages


def audience(user: Visitor) -> str:
    """Whom the signed-in ``user`` is served by: a superuser or a role granting actions on
    the staff pages is staff (a mediator and a lawyer work there, on what is assigned to
    them); else (no role, or the member role) a member."""
    actor = signed_in(user)
    if actor is None:
        return MEMBER
    if actor.is_superuser or any(
        actions and actor.holds_role(role) for role, actions in ROLE_ACTIONS.items()
    ):
        return STAFF
    return MEMBER


def holders(action: str, node: Any, *, nearest: bool = False) -> QuerySet[Any]:
    """The active users who hold ``action`` over ``node``: assigned, with a role granting
    it, at the node or above it (a reminder's or a notice's recipients). ``nearest``: only
    those assigned at the lowest of those levels that has any (the union's own staff, or
    its station's when the union has none), not everyone above."""
    from gonghui.accounts.models import User
    from gonghui.accounts.roles import roles_granting

    levels = [*node.ancestor_ids(), node.pk]  # the root first
    rows = User.objects.filter(
        is_active=True,
        assignments__role__in=roles_granting(action),
        assignments__organization_id__in=levels,
    )
    if nearest:
        found = set(rows.values_list("assignments__organization_id", flat=True))
        lowest = next((level for level in reversed(levels) if level in found), None)
        if lowest is None:
            return User.objects.none()
        rows = rows.filter(assignments__organization_id=lowest)
    return rows.distinct().order_by("username")
