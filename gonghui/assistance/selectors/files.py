"""Reads of hardship files: the scoped list with its filters, one file with what its
pages show, and the files of one worker."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.roles import ASSISTANCE_FILE, ASSISTANCE_VIEW
from gonghui.assistance.choices import DocumentSubject, FileStatus
from gonghui.assistance.models import HardshipFile, RequiredDocument
from gonghui.assistance.services.files import policy_on
from gonghui.core import pii
from gonghui.core.attachments.models import Attachment
from gonghui.core.scoping import Actor
from gonghui.members.models import Person
from gonghui.organizations.models import Organization

REVIEW_NOTICE_DAYS = 30
FILE_MODEL = HardshipFile  # the scoped base views name the model they serve


def file_list(
    *,
    actor: Actor,
    action: str = ASSISTANCE_VIEW,
    q: str = "",
    status: str = "",
    tier: str = "",
    cause: str = "",
    review_due: bool = False,
) -> QuerySet[HardshipFile]:
    files = HardshipFile.objects.for_actor(actor, action).select_related("person", "organization")
    if q:
        files = files.filter(Q(person__name__contains=q.strip()) | Q(number=q.strip()))
    if status:
        files = files.filter(status=status)
    if tier:
        files = files.filter(tier=tier)
    if cause:
        # causes is a JSON list: match the quoted code (works on SQLite and PostgreSQL)
        files = files.filter(causes__icontains=f'"{cause}"')
    if review_due:
        soon = timezone.localdate() + timedelta(days=REVIEW_NOTICE_DAYS)
        files = files.filter(status=FileStatus.ACTIVE, next_review_on__lte=soon)
    return files


def file_detail(*, actor: Actor, action: str = ASSISTANCE_VIEW) -> QuerySet[HardshipFile]:
    return (
        HardshipFile.objects.for_actor(actor, action)
        .select_related("person", "organization", "filed_by", "checked_by", "approved_by")
        .prefetch_related("household")
    )


def checklist(file: HardshipFile) -> list[tuple[str, bool]]:
    """The documents the file must carry, each with whether it is attached."""
    required = RequiredDocument.objects.filter(
        subject=DocumentSubject.FILE, aid_kind__isnull=True, cause__in=["", *file.causes]
    )
    attached = set(Attachment.objects.of(file).values_list("kind", flat=True))
    seen: dict[str, tuple[str, bool]] = {}
    for row in required:
        seen.setdefault(row.document, (str(row.get_document_display()), row.document in attached))
    return list(seen.values())


def person_to_file(*, actor: Actor, id_number: str) -> Person | None:
    """The worker with this ID number among those the actor may file."""
    try:
        index = pii.blind_index(pii.normalize_id_number(id_number))
    except ValidationError:  # an invalid number finds nobody
        return None
    found = Person.objects.for_actor(actor, ASSISTANCE_FILE).filter(id_number_index=index).first()
    if found is not None:
        return found
    # a worker of a covered unit who is not a member, where the federation allows filing
    # them: found through their employer's union in the actor's scope
    if not policy_on(timezone.localdate()).allow_covered_non_members:
        return None
    unions = Organization.objects.for_actor(actor, ASSISTANCE_FILE)
    return Person.objects.filter(id_number_index=index, employer__union__in=unions).first()


def files_of_person(actor: Actor, person: Person) -> list[Any]:
    """A worker's hardship files in the actor's scope: a section of their member page."""
    if not actor.has_action(ASSISTANCE_VIEW):
        return []
    return list(
        HardshipFile.objects.for_actor(actor, ASSISTANCE_VIEW)
        .filter(person=person)
        .select_related("organization")
    )
