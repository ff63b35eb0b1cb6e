"""Reads of the members app for staff. Every one is scoped through ``for_actor``.

Search (``q``) looks at what the text is: a resident ID number or a phone number is found
through its blind index (exact), other text with a digit is a member or application number
(exact), anything else is the start of a name (``name LIKE 'q%'``, indexed). One condition
at a time, so each search is one index lookup on PostgreSQL, not an OR across tables.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.roles import MEMBERS_REVIEW, MEMBERS_VIEW
from gonghui.core import search, sections
from gonghui.core.scoping import Actor, allowed_ids
from gonghui.core.sections import Section
from gonghui.core.workflow import takeable, workflow_for
from gonghui.members.choices import ApplicationStatus, MembershipStatus
from gonghui.members.models import EmploymentPeriod, JoinApplication, Membership, Person
from gonghui.organizations.models import LegalEntity

OPEN = "open"  # pseudo-status of the application list: submitted or waiting for information
OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_INFO)

SORTABLE_APPLICATION_FIELDS = {"number", "name", "created_at", "status", "union__name"}
SORTABLE_MEMBER_FIELDS = {
    "number",
    "person__name",
    "started_on",
    "ended_on",
    "status",
    "union__name",
}


# --- search --------------------------------------------------------------------------


def _search(q: str, *, name: str, number: str, id_index: str, phone_index: str) -> Q | None:
    terms = search.read(q)
    if terms is None:
        return None
    if terms.id_index:
        return Q(**{id_index: terms.id_index})
    if terms.phone_index:
        return Q(**{phone_index: terms.phone_index})
    if terms.has_digits:
        return Q(**{number: terms.text.upper()})
    return Q(**{f"{name}__startswith": terms.text})


def membership_search(queryset: QuerySet[Membership], q: str) -> QuerySet[Membership]:
    """Memberships whose person's name starts with ``q``, or with member number ``q``,
    or whose person has ID number or phone ``q``."""
    condition = _search(
        q,
        name="person__name",
        number="number",
        id_index="person__id_number_index",
        phone_index="person__phone_index",
    )
    return queryset if condition is None else queryset.filter(condition)


def application_search(queryset: QuerySet[JoinApplication], q: str) -> QuerySet[JoinApplication]:
    """Applications by the start of the applicant's name, application number, ID number
    or phone."""
    condition = _search(
        q, name="name", number="number", id_index="id_number_index", phone_index="phone_index"
    )
    return queryset if condition is None else queryset.filter(condition)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _sorted(queryset: QuerySet[Any], sort: str, allowed: set[str], default: str) -> QuerySet[Any]:
    if sort.lstrip("-") not in allowed:
        sort = default
    return queryset.order_by(sort, "pk")


# --- applications --------------------------------------------------------------------


def applications_in_status(
    queryset: QuerySet[JoinApplication], status: str
) -> QuerySet[JoinApplication]:
    """``status`` may be ``OPEN``: submitted or waiting for information."""
    if status == OPEN:
        return queryset.filter(status__in=OPEN_STATUSES)
    return queryset.filter(status=status) if status else queryset


def applications_submitted(
    queryset: QuerySet[JoinApplication], start: date | None, end: date | None
) -> QuerySet[JoinApplication]:
    """Submitted on local days ``start`` to ``end``, both included (either may be None)."""
    if start:
        queryset = queryset.filter(created_at__gte=_day_start(start))
    if end:
        queryset = queryset.filter(created_at__lt=_day_start(end + timedelta(days=1)))
    return queryset


def application_list(
    *,
    actor: Actor,
    status: str = "",
    union: Any = None,
    q: str = "",
    submitted_from: date | None = None,
    submitted_to: date | None = None,
    sort: str = "-created_at",
    action: str = MEMBERS_VIEW,
) -> QuerySet[JoinApplication]:
    """Join applications to the unions in scope. ``status`` may be ``OPEN`` (submitted or
    waiting for information); ``submitted_from`` / ``submitted_to`` are local days,
    both included."""
    applications: QuerySet[JoinApplication] = JoinApplication.objects.for_actor(actor, action)
    applications = applications_in_status(applications, status)
    if union:
        applications = applications.filter(union=union)
    applications = applications_submitted(applications, submitted_from, submitted_to)
    applications = application_search(applications, q)
    applications = applications.select_related("union", "employer", "reviewed_by")
    return _sorted(applications, sort, SORTABLE_APPLICATION_FIELDS, "-created_at")


# --- members -------------------------------------------------------------------------


def member_list(
    *,
    actor: Actor,
    union: Any = None,
    q: str = "",
    status: str = "",
    employment_kind: str = "",
    sort: str = "number",
    action: str = MEMBERS_VIEW,
) -> QuerySet[Membership]:
    """Memberships in the unions in scope (or in ``union``), with their person and union.
    A page of it is one query whatever the size of the union."""
    memberships: QuerySet[Membership] = Membership.objects.for_actor(actor, action)
    if union:
        memberships = memberships.filter(union=union)
    if status:
        memberships = memberships.filter(status=status)
    if employment_kind:
        memberships = memberships.filter(person__employment_kind=employment_kind)
    memberships = membership_search(memberships, q)
    memberships = memberships.select_related("person", "union")
    return _sorted(memberships, sort, SORTABLE_MEMBER_FIELDS, "number")


# --- a person ------------------------------------------------------------------------


def membership_history() -> Prefetch:
    """All memberships of a person (any union), newest first, as ``person.history``."""
    memberships = Membership.objects.select_related("union", "union__station").order_by(
        "-started_on", "-pk"
    )
    return Prefetch("memberships", queryset=memberships, to_attr="history")


def person_queryset(*, actor: Actor, action: str = MEMBERS_VIEW) -> QuerySet[Person]:
    """People with a membership (any status) in scope, with their membership history."""
    return (
        Person.objects.for_actor(actor, action)
        .select_related("employer")
        .prefetch_related(membership_history())
    )


def person_applications(
    *, actor: Actor, person: Person, action: str = MEMBERS_VIEW
) -> list[JoinApplication]:
    """The person's join applications (found by ID number) to unions in scope, newest
    first."""
    return list(
        JoinApplication.objects.for_actor(actor, action)
        .filter(id_number_index=person.id_number_index)
        .select_related("union")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class PersonDetail:
    """What the actor may see of a person, for the person page and the API alike.

    A union (or a node above it) serving the person's active membership sees everything:
    every membership (all unions), the employer, the phone. A *former* union, reached only
    through memberships that have ended, sees its own memberships and what it did for the
    person, never where they are now: not the current union, employer, member number or
    phone (``phone``, ``employer`` and ``employer_name`` are empty, ``current`` is None).
    """

    person: Person
    memberships: list[Membership]  # those the actor may see, newest first
    applications: list[JoinApplication]  # to unions in scope, newest first
    current: Membership | None  # the active membership, when the actor serves it
    former: bool  # the actor reaches the person only through ended memberships
    phone: str
    employer: LegalEntity | None
    employer_name: str


def person_detail(*, actor: Actor, pk: Any, action: str = MEMBERS_VIEW) -> PersonDetail:
    """What the actor may see of a person in scope; raises ``Person.DoesNotExist`` when
    the person is outside the actor's scope."""
    person = person_queryset(actor=actor, action=action).get(pk=pk)
    return detail_of(actor=actor, person=person, action=action)


def detail_of(*, actor: Actor, person: Person, action: str = MEMBERS_VIEW) -> PersonDetail:
    """What the actor may see of a person already fetched through ``person_queryset``
    (or a view's scoped queryset)."""
    history = person.history if hasattr(person, "history") else list(_history(person))
    reachable = allowed_ids(actor, action, [m.union for m in history])
    reached = [m for m in history if m.union_id in reachable]
    active = next((m for m in history if m.status == MembershipStatus.ACTIVE), None)
    serves = actor.is_superuser or (active is not None and active in reached)
    applications = person_applications(actor=actor, person=person, action=action)
    return PersonDetail(
        person=person,
        memberships=history if serves else reached,
        applications=applications,
        current=active if serves else None,
        former=not serves,
        phone=person.phone if serves else "",
        employer=person.employer if serves else None,
        employer_name=person.employer_name if serves else "",
    )


def employment_history(*, person: Person) -> list[EmploymentPeriod]:
    """The person's past employment (closed periods), latest first; for those who serve
    the person now (``PersonDetail.former`` is False)."""
    return list(
        EmploymentPeriod.objects.filter(person=person)
        .select_related("employer")
        .order_by("-valid_to")
    )


def _history(person: Person) -> QuerySet[Membership]:
    return (
        person.memberships.select_related("union", "union__station")
        .order_by("-started_on", "-pk")
        .all()
    )


# --- what later modules add to a person's page ----------------------------------------


# A section of a member's page filled by another module ("services received": aid,
# mediation, legal aid ...): ``core.sections``, registered for ``members.Person``.
PersonSection = Section


def register_person_section(section: Section) -> None:
    """Called by a module's ``AppConfig.ready``; registering a key again replaces it."""
    sections.register("members.person", section)


def person_sections(*, actor: Actor, person: Person) -> list[tuple[Section, list[Any]]]:
    """The registered sections in order that have rows for this person, with the rows."""
    return sections.sections_for(actor, person)


def approvable_applications(
    user: Actor, filters: dict[str, Any], *, limit: int
) -> list[JoinApplication]:
    """The applications ``filters`` match that ``user`` may approve now, at most
    ``limit``, oldest first: what "approve every matching application" takes, and
    the number the list offers. Only rows in a state the approve step leaves are read;
    the engine (``takeable``) decides on each, one query whatever the number."""
    workflow = workflow_for(JoinApplication)
    leaves = workflow.step("approve").sources
    rows = list(
        application_list(actor=user, action=MEMBERS_REVIEW, **filters)
        .filter(**{f"{workflow.status_field}__in": leaves})
        .order_by("pk")[: limit * 4]
    )
    approvable = takeable(user, rows, "approve")
    return [row for row in rows if row.pk in approvable][:limit]
