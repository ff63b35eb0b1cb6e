"""Writing the audit log. Services call these; nothing is written by signals.

``snapshot`` captures a row's concrete field values before and after a change; ``record``
stores only the fields whose value changed. Personal-data fields are never copied into the
log: a change to one is recorded as ``***`` and a keyed tag.
"""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gonghui.core import pii
from gonghui.core.middleware import current_client_request_id, current_request_id
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.scoping import Visitor, signed_in

Snapshot = dict[str, Any]
HIDDEN = "***"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


# Secrets that are not personal data but must not be copied either (a password hash).
SECRET_FIELDS = frozenset({"password"})


def snapshot(obj: models.Model) -> Snapshot:
    values: Snapshot = {}
    for field in obj._meta.concrete_fields:
        if getattr(field, "pii", False) or field.name in SECRET_FIELDS:
            raw = getattr(obj, field.attname)
            # a keyed tag shows that the value changed without revealing it
            values[field.name] = f"{HIDDEN}{pii.blind_index(str(raw))[:8]}" if raw else ""
        else:
            values[field.name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: Snapshot | None, after: Snapshot | None) -> dict[str, list[Any]]:
    before, after = before or {}, after or {}
    changes: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[key] = [old, new]
    return changes


def organization_id_of(obj: models.Model | None, organization: Any = None) -> int | None:
    """The node an entry about ``obj`` belongs to (``organization`` when given): what the
    auditors of a subtree see."""
    if organization is not None:
        return int(organization.pk)
    if obj is None:
        return None
    if obj._meta.label == "organizations.Organization":
        return int(obj.pk)
    org_id = getattr(obj, "organization_id", None)
    return int(org_id) if org_id is not None else None


def entry(
    *,
    actor: Visitor,
    action: str,
    obj: models.Model | None = None,
    organization: Any = None,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEntry:
    """Build (unsaved) one audit entry. ``actor`` is whoever acted: a signed-in user, or an
    anonymous visitor (a worker applying without an account) or None (the system, a
    task), both entered as "system"."""
    user = signed_in(actor)
    return AuditEntry(
        actor_id=user.pk if user else None,
        actor_name=user.get_username() if user else "system",
        request_id=current_request_id(),
        client_request_id=current_client_request_id(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        organization_id=organization_id_of(obj, organization),
        changes=changes if changes is not None else diff(before, after),
        message=str(message),
    )


def record(**kwargs: Any) -> AuditEntry:
    """Write one audit entry; see ``entry`` for the arguments."""
    audit_entry = entry(**kwargs)
    audit_entry.save()
    return audit_entry


def record_many(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Write many entries in one statement (bulk operations)."""
    return AuditEntry.objects.bulk_create(list(entries), batch_size=1000)


__all__ = [
    "AuditAction",
    "diff",
    "entry",
    "organization_id_of",
    "record",
    "record_many",
    "snapshot",
]
