"""Reads of the audit log shared by every module."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from gonghui.accounts.roles import AUDIT_VIEW
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.scoping import Actor


def audit_history(*, actor: Actor, objects: Iterable[Model], limit: int = 50) -> list[AuditEntry]:
    """The changes to ``objects`` (of any models), newest first, as far as ``actor`` may
    read the audit log; views of personal data are left out. One query."""
    about = Q(pk__in=[])
    by_model: dict[type[Model], list[str]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(str(obj.pk))
    types = ContentType.objects.get_for_models(*by_model)
    for model, ids in by_model.items():
        about |= Q(content_type=types[model], object_id__in=ids)
    return list(
        AuditEntry.objects.for_actor(actor, AUDIT_VIEW)
        .filter(about)
        .exclude(action=AuditAction.VIEW_PERSONAL_DATA)
        .select_related("content_type")
        .order_by("-time", "-id")[:limit]
    )
