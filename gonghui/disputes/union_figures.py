"""What a union's page counts of disputes (``organizations.figures``): the consultations
the union took, linked to the consultation list filtered to it, and the cases of the
union's mediation committee, linked to the case list filtered to that committee."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import DISPUTES_VIEW
from gonghui.core.scoping import Actor, allows
from gonghui.disputes.selectors import case_list, committee_choices, consultation_list
from gonghui.organizations import figures
from gonghui.organizations.models import Organization


def union_cases(actor: Actor, union: Organization) -> figures.Link | None:
    """The case list filtered to the union's committee and the number of rows it shows;
    None when the union has no committee the actor can filter on (the list would ignore
    the filter)."""
    committee = (
        committee_choices(actor=actor, action=DISPUTES_VIEW).filter(organization=union).first()
    )
    if committee is None:
        return None
    count = case_list(actor=actor, action=DISPUTES_VIEW, committee=committee).count()
    url = f"{reverse('disputes:case_list')}?{urlencode({'committee': committee.pk})}"
    return figures.Link(count=count, url=url)


def union_consultations(actor: Actor, union: Organization) -> figures.Link | None:
    """The consultations the union took, linked to the list filtered to it."""
    if not allows(actor, DISPUTES_VIEW, union):
        return None
    count = consultation_list(actor=actor, action=DISPUTES_VIEW, organization=union).count()
    url = f"{reverse('disputes:consultation_list')}?{urlencode({'organization': union.pk})}"
    return figures.Link(count=count, url=url)


figures.register(
    figures.UnionFigure(
        key="consultations",
        label=_("咨询"),
        action=DISPUTES_VIEW,
        link=union_consultations,
        order=21,
    )
)
figures.register(
    figures.UnionFigure(
        key="cases",
        label=_("调解案件"),
        action=DISPUTES_VIEW,
        link=union_cases,
        order=20,
    )
)
