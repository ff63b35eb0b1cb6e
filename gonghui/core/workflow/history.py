"""The status history of one object, as its staff page, API detail and portal page show
it. Read from ``StatusChange`` (written by the engine only), never rebuilt from audit."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType

from gonghui.core.models import StatusChange
from gonghui.core.workflow.declarations import Workflow, workflow_for


@dataclass(frozen=True)
class Entry:
    object_id: Any
    at: datetime
    step: str
    label: str
    from_state: str
    from_label: str
    to_state: str
    to_label: str
    actor_name: str
    note: str


def _label(workflow: Workflow, name: str) -> str:
    try:
        return str(workflow.step(name).label)
    except KeyError:
        return name


def timeline(obj: Any, *, workflow: Workflow | None = None) -> list[Entry]:
    """The steps taken on ``obj``, oldest first, in one query. The caller has already
    scoped ``obj`` (the page or endpoint that shows it)."""
    return timeline_of([obj], workflow=workflow)


def timeline_of(objects: list[Any], *, workflow: Workflow | None = None) -> list[Entry]:
    """The steps taken on several objects of one workflow (a person's memberships), oldest
    first, in one query; ``Entry.object_id`` says whose."""
    if not objects:
        return []
    if workflow is None:
        workflow = workflow_for(objects[0])
    rows = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(objects[0]),
        object_id__in=[obj.pk for obj in objects],
    ).order_by("at", "id")
    return [
        Entry(
            object_id=row.object_id,
            at=row.at,
            step=row.step,
            label=_label(workflow, row.step),
            from_state=row.from_state,
            from_label=workflow.state_label(row.from_state),
            to_state=row.to_state,
            to_label=workflow.state_label(row.to_state) if row.to_state else "",
            actor_name=row.actor_name,
            note=row.note,
        )
        for row in rows
    ]
