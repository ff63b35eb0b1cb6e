"""The one way a service changes fields of an existing row.

``apply_changes(obj, changes, fields=...)`` sets the named fields that differ from the row,
refuses a field the service does not allow, saves only what changed (with the blind
indexes of changed personal data and the ``auto_now`` time stamps), and returns the
snapshots and the diff for the audit entry::

    changes = apply_changes(union, cleaned, fields=UNION_FIELDS)
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=union, changes=changes.diff)

An update that changes nothing writes nothing (no query). A workflow step, whose object
the engine saves, passes ``save=False``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.fields import with_blind_indexes


@dataclass(frozen=True)
class Changes:
    """The row before and after (audit snapshots) and the names of the fields changed."""

    before: audit.Snapshot
    after: audit.Snapshot
    fields: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.fields)

    def __contains__(self, name: object) -> bool:
        return name in self.fields

    @property
    def diff(self) -> dict[str, list[Any]]:
        """``{field: [old, new]}`` as ``audit.record(changes=...)`` stores it (personal data
        as a keyed tag, never the value)."""
        return audit.diff(self.before, self.after)


def _time_stamps(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def apply_changes(
    obj: models.Model, changes: Mapping[str, Any], *, fields: Iterable[str], save: bool = True
) -> Changes:
    """Set on ``obj`` those of ``changes`` (cleaned values) that differ from it and save
    them; raise ``ValidationError`` naming each field not among ``fields``."""
    unknown = sorted(set(changes) - set(fields))
    if unknown:
        raise ValidationError({name: _("该字段不能在此修改") for name in unknown})
    before = audit.snapshot(obj)
    changed = tuple(name for name, value in changes.items() if getattr(obj, name) != value)
    if not changed:
        return Changes(before, before)
    for name in changed:
        setattr(obj, name, changes[name])
    if save:
        model = type(obj)
        obj.save(update_fields=with_blind_indexes(model, [*changed, *_time_stamps(model)]))
    return Changes(before, audit.snapshot(obj), changed)
