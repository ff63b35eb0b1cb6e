"""Reads about accounts."""

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
