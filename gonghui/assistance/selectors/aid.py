"""Reads of aid: the scoped list with its filters and each level's queue, one
application with what its page shows, what may be published and paid, publications."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.roles import ASSISTANCE_APPROVE, ASSISTANCE_PAY, ASSISTANCE_VIEW
from gonghui.assistance.choices import AidStatus, DocumentSubject, ObjectionStatus
from gonghui.assistance.models import (
    AidApplication,
    AidKind,
    AidRound,
    Publication,
    RequiredDocument,
)
from gonghui.core.attachments.models import Attachment
from gonghui.core.scoping import Actor
from gonghui.members.models import Person
from gonghui.organizations.models import Organization

APPLICATION_MODEL = AidApplication  # the scoped base views name the model they serve
PUBLICATION_MODEL = Publication


def publisher(*, actor: Actor) -> Organization | None:
    """The node a publication is made in: the highest the actor publishes for."""
    nodes = Organization.objects.for_actor(actor, ASSISTANCE_APPROVE)
    return nodes.order_by("depth", "pk").first()


def aid_list(
    *,
    actor: Actor,
    action: str = ASSISTANCE_VIEW,
    q: str = "",
    status: str = "",
    kind: Any = None,
    year: int | None = None,
    cause: str = "",
) -> QuerySet[AidApplication]:
    rows = AidApplication.objects.for_actor(actor, action).select_related(
        "person", "organization", "kind", "round"
    )
    if q:
        rows = rows.filter(Q(person__name__contains=q.strip()) | Q(number=q.strip()))
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(year=year)
    if cause:
        rows = rows.filter(cause=cause)
    return rows


def aid_detail(*, actor: Actor, action: str = ASSISTANCE_VIEW) -> QuerySet[AidApplication]:
    return (
        AidApplication.objects.for_actor(actor, action)
        .select_related(
            "person",
            "organization",
            "kind",
            "kind__fund",
            "round",
            "file",
            "publication",
            "filed_by",
            "checked_by",
            "approved_by",
        )
        .prefetch_related("objections", "fund_entries")
    )


def checklist(application: AidApplication) -> list[tuple[str, bool]]:
    general = Q(aid_kind__isnull=True, cause__in=["", application.cause])
    required = RequiredDocument.objects.filter(
        general | Q(aid_kind=application.kind), subject=DocumentSubject.AID
    )
    attached = set(Attachment.objects.of(application).values_list("kind", flat=True))
    seen: dict[str, tuple[str, bool]] = {}
    for row in required:
        seen.setdefault(row.document, (str(row.get_document_display()), row.document in attached))
    return list(seen.values())


def publishable(*, actor: Actor) -> QuerySet[AidApplication]:
    """Approved aid not yet published, which the actor may publish."""
    return aid_list(actor=actor, action=ASSISTANCE_APPROVE, status=AidStatus.APPROVED)


def payable(*, actor: Actor) -> QuerySet[AidApplication]:
    """Published aid whose publication has ended without an open objection: the bank's
    payment list."""
    today = timezone.localdate()
    return (
        aid_list(actor=actor, action=ASSISTANCE_PAY, status=AidStatus.PUBLISHED)
        .filter(publication__ends_on__lt=today)
        .exclude(objections__status=ObjectionStatus.OPEN)
        .order_by("organization__name_sort", "person__name")
    )


def publication_list(*, actor: Actor) -> QuerySet[Publication]:
    return Publication.objects.for_actor(actor, ASSISTANCE_VIEW).select_related("organization")


def publication_rows(publication: Publication) -> QuerySet[AidApplication]:
    return publication.applications.select_related("person", "organization", "kind").order_by(
        "organization__name_sort", "id"
    )


def kind_choices() -> QuerySet[AidKind]:
    return AidKind.objects.filter(active=True)


def round_of(pk: Any) -> AidRound | None:
    """A round named by id (the service says whether it is open on the day)."""
    return AidRound.objects.filter(pk=pk).select_related("kind").first()


def round_choices() -> QuerySet[AidRound]:
    today = timezone.localdate()
    return AidRound.objects.filter(closes_on__gte=today.replace(month=1, day=1)).select_related(
        "kind"
    )


def duplicates_seen(*, actor: Actor, application: AidApplication) -> tuple[list[Any], int]:
    """The duplicate-benefit guard's rows the actor may see, and how many others there
    are (held by unions outside the actor's scope: counted, never shown)."""
    from gonghui.assistance.services.aid import duplicates

    rows = duplicates(application)
    seen = set(
        AidApplication.objects.for_actor(actor, ASSISTANCE_VIEW)
        .filter(pk__in=[row.pk for row in rows])
        .values_list("pk", flat=True)
    )
    return [row for row in rows if row.pk in seen], len(rows) - len(seen)


def aid_of_person(actor: Actor, person: Person) -> list[AidApplication]:
    """A worker's aid applications in the actor's scope: a section of their member page."""
    if not actor.has_action(ASSISTANCE_VIEW):
        return []
    return list(
        AidApplication.objects.for_actor(actor, ASSISTANCE_VIEW)
        .filter(person=person)
        .select_related("kind", "organization")
    )


LEVEL_STEPS = {
    "filed": ("file", "accept", "resubmit"),
    "checked": ("check",),
    "approved": ("approve",),
}


def decision_days(application: AidApplication) -> dict[str, Any]:
    """The day each level last passed the application, from its status history."""
    from gonghui.core.models import StatusChange

    days: dict[str, Any] = {}
    history = StatusChange.objects.filter(
        workflow="aid_application", object_id=application.pk
    ).order_by("at", "id")
    for step, at in history.values_list("step", "at"):
        for level, steps in LEVEL_STEPS.items():
            if step in steps:
                days[level] = timezone.localtime(at).date()
    return days
