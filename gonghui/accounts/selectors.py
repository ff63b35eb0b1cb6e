"""Reads about accounts."""

from gonghui.accounts.roles import ROLE_ACTIONS, Role
from gonghui.core.scoping import Visitor, signed_in

# Who the staff sign-in serves, and who it sends elsewhere
STAFF = "staff"  # staff, and anyone whose role opens staff pages (a mediator)
LAWYER = "lawyer"  # no lawyer's page yet: the staff home, told the module is not open
MEMBER = "member"  # a member's account: the member pages


def audience(user: Visitor) -> str:
    """Whom the signed-in ``user`` is served by: a superuser or a role granting actions on
    the staff pages is staff; else a lawyer; else (no role, or the member role) a member."""
    actor = signed_in(user)
    if actor is None:
        return MEMBER
    if actor.is_superuser or any(
        actions and actor.holds_role(role) for role, actions in ROLE_ACTIONS.items()
    ):
        return STAFF
    return LAWYER if actor.holds_role(Role.LAWYER) else MEMBER
