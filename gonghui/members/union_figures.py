"""The members counted on the organisation pages (``organizations.figures``): the active
members of each union in the tree, and on a union's page the link to the member list
filtered to that union (which lists the active members unless asked otherwise)."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import MEMBERS_VIEW
from gonghui.core.scoping import Actor, allows
from gonghui.members.choices import MembershipStatus
from gonghui.members.selectors import member_list
from gonghui.organizations import figures
from gonghui.organizations.models import Organization


def active_by_union(actor: Actor) -> dict[int, int]:
    """Active members per union in the actor's scope: one query."""
    rows = (
        member_list(actor=actor, status=MembershipStatus.ACTIVE)
        .order_by()
        .values("union_id")
        .annotate(count=Count("pk"))
    )
    return {row["union_id"]: row["count"] for row in rows}


def union_members(actor: Actor, union: Organization) -> figures.Link | None:
    """The member list filtered to ``union`` and the number of rows it shows; None when
    the union's members are outside the actor's scope (the list would ignore the filter)."""
    if not allows(actor, MEMBERS_VIEW, union):
        return None
    count = member_list(actor=actor, union=union, status=MembershipStatus.ACTIVE).count()
    url = f"{reverse('members:member_list')}?{urlencode({'union': union.pk})}"
    return figures.Link(count=count, url=url)


figures.register(
    figures.UnionFigure(
        key="members",
        label=_("在会会员"),
        action=MEMBERS_VIEW,
        by_union=active_by_union,
        link=union_members,
        order=10,
    )
)
