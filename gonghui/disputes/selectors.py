"""Reads of the disputes app for staff pages. Every one is scoped through ``for_actor``.

A case is *overdue* by the one rule of ``core.deadlines`` (``overdue()``, ``is_overdue``):
still being mediated, its clock not paused, and the day it runs to (``due_on``: the
extension agreed by both parties, else the statutory 15-day deadline) before today.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import DISPUTES_VIEW, STAFF_ROLES, Role
from gonghui.core import search
from gonghui.core.scoping import Actor, paths_q
from gonghui.disputes.choices import CaseStatus, Channel, SessionStatus
from gonghui.disputes.models import (
    Agreement,
    CaseApplicant,
    Claim,
    CommitteeMember,
    Consultation,
    MediationCase,
    MediationCommittee,
    Payment,
    Session,
)
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization

SORTABLE_CONSULTATION_FIELDS = {"held_on", "channel", "topic", "organization__name"}
SORTABLE_CASE_FIELDS = {"number", "applied_on", "due_on", "status", "committee__name"}

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _zero() -> Value:
    return Value(Decimal("0"), output_field=_MONEY)


# --- consultations ---------------------------------------------------------------------


def consultation_list(
    *,
    actor: Actor,
    action: str,
    sort: str = "-held_on",
    organization: Organization | None = None,
    channel: str = "",
    topic: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Consultation]:
    rows = Consultation.objects.for_actor(actor, action).select_related(
        "organization", "mediation_case"
    )
    if organization is not None:
        rows = rows.filter(organization=organization)
    if channel:
        rows = rows.filter(channel=channel)
    if topic:
        rows = rows.filter(topic=topic)
    if since:
        rows = rows.filter(held_on__gte=since)
    if until:
        rows = rows.filter(held_on__lte=until)
    return rows.order_by(sort, "-pk")


def consultation_nodes(*, actor: Actor, action: str) -> QuerySet[Organization]:
    """Where the actor may log a consultation: the nodes the actor serves with ``action``
    (a superuser: the federation and its stations)."""
    nodes = Organization.objects.for_actor(actor, action).select_related("station")
    if actor.is_superuser:
        return nodes.filter(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]).order_by("path")
    assignments = Assignment.objects.filter(user_id=actor.pk)
    served = [a.organization_id for a in assignments if a.grants(action)]
    return nodes.filter(pk__in=served).order_by("path")


# --- committees ------------------------------------------------------------------------


def committee_list(*, actor: Actor, action: str, tier: str = "") -> QuerySet[MediationCommittee]:
    rows = (
        MediationCommittee.objects.for_actor(actor, action)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMember.objects.filter(active=True)
                .select_related("user")
                .order_by("-is_chair", "user__username"),
                to_attr="seated",
            )
        )
        .annotate(open_cases=Count("cases", filter=Q(cases__status=CaseStatus.MEDIATING)))
    )
    if tier:
        rows = rows.filter(tier=tier)
    return rows.order_by("tier", "organization__path", "pk")


def mediator_candidates(*, actor: Actor, action: str) -> QuerySet[User]:
    """Users who may sit on a committee (mediators and union staff) serving a node in the
    actor's scope for ``action``."""
    users = User.objects.filter(is_active=True, assignments__role__in=[Role.MEDIATOR, *STAFF_ROLES])
    if not actor.is_superuser:
        users = users.filter(paths_q("assignments__organization__path", actor.scope_paths(action)))
    return users.distinct().order_by("username")


def committee_choices(*, actor: Actor, action: str) -> QuerySet[MediationCommittee]:
    return (
        MediationCommittee.objects.for_actor(actor, action)
        .filter(active=True)
        .select_related("organization")
        .order_by("tier", "organization__path")
    )


# --- cases -----------------------------------------------------------------------------


DUE_SOON_WORKING_DAYS = 3  # a case due this soon is on the workbench


def case_list(
    *,
    actor: Actor,
    action: str,
    sort: str = "-applied_on",
    status: str = "",
    committee: MediationCommittee | None = None,
    overdue: bool = False,
    due_soon: bool = False,
    q: str = "",
) -> QuerySet[MediationCase]:
    """Cases in scope with their deadline, number of applicants and claimed total; one
    query per page whatever the number of cases."""
    claimed = (
        Claim.objects.filter(case=OuterRef("pk"))
        .values("case")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        MediationCase.objects.for_actor(actor, action)
        .with_overdue()
        .select_related("committee", "committee__organization")
        .annotate(
            applicant_count=Count("applicants", distinct=True),
            claimed=Coalesce(Subquery(claimed, output_field=_MONEY), _zero()),
        )
    )
    if status:
        rows = rows.filter(status=status)
    if committee is not None:
        rows = rows.filter(committee=committee)
    if overdue:
        rows = rows.overdue()
    if due_soon:
        rows = rows.due_soon(DUE_SOON_WORKING_DAYS)
    if q:
        rows = rows.filter(_case_search(q))
    return rows.order_by(sort, "-pk")


def _case_search(q: str) -> Q:
    """A case by its number, its employer, an applicant's name, or an applicant's ID
    number (through the blind index: the number is never compared in clear)."""
    terms = search.read(q)
    if terms is None:
        return Q()
    if terms.id_index:
        return Q(
            pk__in=CaseApplicant.objects.filter(id_number_index=terms.id_index).values("case_id")
        )
    applicants = CaseApplicant.objects.filter(name__contains=terms.text)
    return (
        Q(number__iexact=terms.text)
        | Q(employer_name__contains=terms.text)
        | Q(pk__in=applicants.values("case_id"))
    )


@dataclass(frozen=True)
class Amounts:
    claimed: Decimal
    agreed: Decimal | None
    paid: Decimal
    remaining: Decimal | None


def case_amounts(case: MediationCase) -> Amounts:
    """What the applicants claimed, what was agreed, paid (履行金额) and still owed."""
    claimed = sum((c.amount for c in case.claims.all()), Decimal("0"))
    agreement: Agreement | None = getattr(case, "agreement", None)
    if agreement is None:
        return Amounts(claimed, None, Decimal("0"), None)
    paid = sum((p.amount for p in agreement.payments.all()), Decimal("0"))
    return Amounts(claimed, agreement.amount, paid, agreement.amount - paid)


def case_detail(*, actor: Actor, action: str) -> QuerySet[MediationCase]:
    """The queryset of a case page: everything it shows, fetched up front."""
    return (
        MediationCase.objects.for_actor(actor, action)
        .with_overdue()
        .select_related(
            "committee",
            "committee__organization",
            "employer",
            "transferred_to",
            "applicant_user",
            "agreement",
        )
        .prefetch_related(
            "applicants",
            "claims",
            "mediators",
            Prefetch("consultations", queryset=Consultation.objects.select_related("organization")),
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("mediator").order_by("held_on", "pk"),
            ),
            "agreement__instalments",
            Prefetch("agreement__payments", queryset=Payment.objects.order_by("paid_on", "pk")),
        )
    )


def application_from(consultation: Consultation) -> dict[str, Any]:
    """What a consultation turned "to mediation" fills in on the application form."""
    employer = consultation.employer.name if consultation.employer is not None else ""
    facts = "\n".join(part for part in (consultation.question, consultation.answer) if part)
    return {
        "consultation": consultation.pk,
        "employer_name": employer or consultation.employer_name,
        "facts": facts,
        "oral": consultation.channel != Channel.ONLINE,
    }


def applicants_from(consultation: Consultation, *, visible: bool) -> list[dict[str, Any]]:
    """The consulting worker as the first applicant: the name, and, for a reader who may
    see personal data (``visible``), the phone and the ID number of their record."""
    person = consultation.person
    name = person.name if person is not None else consultation.worker_name
    if not name:
        return []
    row = {"name": name}
    if visible:
        row["phone"] = consultation.phone or (person.phone if person is not None else "")
        row["id_number"] = person.id_number if person is not None else ""
    return [row]


def planned_sessions(case: MediationCase) -> QuerySet[Session]:
    """The case's sessions still scheduled, soonest first (the record and cancel forms)."""
    return (
        Session.objects.filter(case=case, status=SessionStatus.SCHEDULED)
        .select_related("mediator")
        .order_by("held_on", "starts_at", "pk")
    )


def seated_mediators(case: MediationCase) -> QuerySet[User]:
    """The mediators seated on the case's committee, for the accept form's choices."""
    return User.objects.filter(
        committee_seats__committee_id=case.committee_id, committee_seats__active=True
    ).order_by("username")


def cases_of_person(actor: Actor, person: Any) -> list[MediationCase]:
    """The mediation cases a worker applied in (as one of the applicants), in the actor's
    scope: the "services received" section of a member's page."""
    if not actor.has_action(DISPUTES_VIEW):
        return []
    return list(
        MediationCase.objects.for_actor(actor, DISPUTES_VIEW)
        .filter(applicants__person=person)
        .select_related("committee")
        .distinct()
        .order_by("-applied_on", "-pk")
    )
