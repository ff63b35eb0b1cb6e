"""Reads of legal-aid cases: the scoped list with its filters, one case with what its
pages show, whom the review's reminders go to, the lawyers a case may be assigned to
(with their load), and a worker's cases."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.accounts.roles import LEGALAID_DECIDE, LEGALAID_VIEW
from gonghui.accounts.selectors import holders
from gonghui.core.scoping import Actor
from gonghui.legalaid.choices import Status
from gonghui.legalaid.models import Lawyer, LegalAidCase
from gonghui.members.models import Person
from gonghui.organizations.models import Organization

CASE_MODEL = LegalAidCase  # the scoped base views name the model they serve
LAWYER_MODEL = Lawyer


def case_list(
    *,
    actor: Actor,
    action: str = LEGALAID_VIEW,
    q: str = "",
    status: str = "",
    matter: str = "",
    channel: str = "",
    lawyer: Any = None,
    overdue: bool = False,
    mine: bool = False,
) -> QuerySet[LegalAidCase]:
    cases = (
        LegalAidCase.objects.for_actor(actor, action)
        .with_overdue()
        .select_related("organization", "lawyer", "lawyer__firm")
    )
    if q:
        text = q.strip()
        cases = cases.filter(
            Q(name__contains=text) | Q(number=text) | Q(opposing_name__contains=text)
        )
    if status:
        cases = cases.filter(status=status)
    if matter:
        cases = cases.filter(matter=matter)
    if channel:
        cases = cases.filter(channel=channel)
    if lawyer:
        cases = cases.filter(lawyer=lawyer)
    if overdue:
        cases = cases.overdue()
    if mine:
        cases = cases.filter(lawyer__user=actor.pk)
    return cases


def case_detail(*, actor: Actor, action: str = LEGALAID_VIEW) -> QuerySet[LegalAidCase]:
    return (
        LegalAidCase.objects.for_actor(actor, action)
        .with_overdue()
        .select_related(
            "organization",
            "person",
            "lawyer",
            "lawyer__firm",
            "opposing_party",
            "consultation",
            "mediation_case",
            "ticket",
            "decided_by",
            "received_by",
        )
        .prefetch_related("stages")
    )


def deciders(case: LegalAidCase) -> list[Any]:
    """The active staff holding the decision over the node that received the case: the
    review's reminders go to them."""
    return list(holders(LEGALAID_DECIDE, case.organization))


def lawyers_for(case: LegalAidCase) -> QuerySet[Lawyer]:
    """The active lawyers retained by the node that received the case or above it, each
    with ``load``: the cases they are handling now."""
    path = case.organization.path
    retained = [org.pk for org in Organization.objects.filter(path__in=_prefixes(path)).only("pk")]
    return (
        Lawyer.objects.filter(active=True, organization__in=retained)
        .select_related("firm")
        .annotate(load=Count("cases", filter=Q(cases__status=Status.ACTING)))
        .order_by("load", "name", "id")
    )


def _prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(1, len(path) + 1) if path[end - 1] == "."]


def cases_of_person(actor: Actor, person: Person) -> list[Any]:
    """A worker's legal-aid cases in the actor's scope: a section of their member page."""
    if not actor.has_action(LEGALAID_VIEW):
        return []
    return list(
        LegalAidCase.objects.for_actor(actor, LEGALAID_VIEW)
        .filter(person=person)
        .select_related("organization", "lawyer")
    )


def cases_of_mediation(actor: Actor, mediation_case: Any) -> list[Any]:
    """The legal-aid cases of a mediation case's dispute in the actor's scope: a section of
    the mediation case's page."""
    if not actor.has_action(LEGALAID_VIEW):
        return []
    return list(
        LegalAidCase.objects.for_actor(actor, LEGALAID_VIEW)
        .filter(mediation_case=mediation_case)
        .select_related("lawyer")
    )


def acts_for(actor: Actor, case: LegalAidCase) -> bool:
    """Whether ``actor`` is the lawyer assigned to the case (who reaches the worker)."""
    return bool(case.lawyer_id and case.lawyer is not None and case.lawyer.user_id == actor.pk)


def cases_of_ticket(actor: Actor, ticket: Any) -> list[Any]:
    """The legal-aid case a hotline ticket became, in the actor's scope: a section of the
    ticket's page."""
    if not actor.has_action(LEGALAID_VIEW):
        return []
    return list(
        LegalAidCase.objects.for_actor(actor, LEGALAID_VIEW)
        .filter(ticket=ticket)
        .select_related("lawyer")
    )
