"""Taking a step, and asking which steps a user may take: the one code path of every
workflow.

``take`` scopes the object through ``for_actor`` with the step's action (``OutOfScope``,
answered 404, outside), locks its row (``select_for_update``), checks the state and the
guard, applies the step, writes the status history and the audit entry, and lets the
step's notices queue themselves on commit. A refusal is a ``ValidationError`` on
``status`` with a Chinese message; two people taking steps at once are serialised by the
row lock, and the second one sees the state the first left, so it is refused cleanly.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.models import AuditAction, StatusChange
from gonghui.core.scoping import Actor, OutOfScope, Visitor, signed_in
from gonghui.core.workflow.declarations import OWNER, SYSTEM, Done, Step, Workflow, workflow_for


def scoped(workflow: Workflow, actor: Visitor, action: str) -> models.QuerySet[Any]:
    """The objects of ``workflow`` the actor reaches for ``action`` (``OWNER``: their own,
    by the owner rule of the model's queryset)."""
    manager = workflow.model._default_manager
    if action == OWNER:
        return manager.for_owner(actor)  # type: ignore[attr-defined, no-any-return]
    return manager.for_actor(actor, action)  # type: ignore[attr-defined, no-any-return]


def _reaches(workflow: Workflow, actor: Visitor, action: str, pk: Any) -> bool:
    return bool(scoped(workflow, actor, action).filter(pk=pk).exists())


def _pk(obj_or_pk: Any) -> Any:
    return obj_or_pk.pk if isinstance(obj_or_pk, models.Model) else obj_or_pk


def _refusal(workflow: Workflow, step: Step, obj: Any, actor: Visitor = None) -> str | None:
    state = workflow.state_of(obj)
    if not step.leaves(state):
        if step.wrong_state:
            return str(step.wrong_state)
        return _("%(noun)s当前状态为“%(status)s”，不能办理此操作") % {
            "noun": workflow.noun,
            "status": workflow.state_label(state),
        }
    if step.guard is not None:
        message = step.guard(obj)
        if message:
            return str(message)
    if step.actor_guard is not None and step.action != SYSTEM:
        message = step.actor_guard(signed_in(actor), obj)
        if message:
            return str(message)
    return None


def refuse(message: Any) -> ValidationError:
    return ValidationError({"status": str(message)})


def take(
    actor: Actor,
    obj_or_pk: Any,
    step_name: str,
    *,
    workflow: Workflow | None = None,
    **data: Any,
) -> Any:
    """Take ``step_name`` on the object (or the pk of an object of ``workflow``) with the
    step's input ``data``; returns the step's result (default: the object, updated)."""
    if workflow is None:
        workflow = workflow_for(obj_or_pk)
    step = workflow.step(step_name)
    pk = _pk(obj_or_pk)
    with transaction.atomic():
        if (
            step.action != SYSTEM
            and not scoped(workflow, actor, step.action).filter(pk=pk).exists()
        ):
            raise OutOfScope(pk)
        obj = workflow.model._default_manager.select_for_update().get(pk=pk)
        message = _refusal(workflow, step, obj, actor)
        if message:
            raise refuse(message)
        return _apply(workflow, step, actor, obj, data)


def _apply(workflow: Workflow, step: Step, actor: Actor, obj: Any, data: dict[str, Any]) -> Any:
    before = audit.snapshot(obj)
    from_state = workflow.state_of(obj)
    done = (step.apply(actor, obj, **data) if step.apply else None) or Done()
    if step.target is not None:
        setattr(obj, workflow.status_field, step.target)
    obj.save()
    organization = workflow.organization(obj)
    _history(workflow, step, actor, obj, from_state, organization, done.note)
    if not done.audited:
        audit.record(
            actor=actor,
            action=AuditAction.TRANSITION if step.target is not None else AuditAction.UPDATE,
            obj=obj,
            organization=organization,
            before=before,
            after=audit.snapshot(obj),
            message=str(done.message or step.label),
        )
    for notice in done.notices:
        notice()
    return done.result if done.result is not None else obj


def _history(
    workflow: Workflow,
    step: Step,
    actor: Visitor,
    obj: Any,
    from_state: str,
    organization: Any,
    note: str,
) -> StatusChange:
    rows = _history_rows(
        workflow, step, actor, type(obj), [(obj.pk, from_state)], organization, note
    )
    row = rows[0]
    row.save()
    return row


def _history_rows(
    workflow: Workflow,
    step: Step,
    actor: Visitor,
    model: type[models.Model],
    rows: list[tuple[Any, str]],
    organization: Any,
    note: str,
) -> list[StatusChange]:
    """The (unsaved) history rows of one step taken on objects: (pk, the state it left)."""
    user = signed_in(actor)
    content_type = ContentType.objects.get_for_model(model)
    return [
        StatusChange(
            content_type=content_type,
            object_id=pk,
            organization_path=getattr(organization, "path", "") or "",
            workflow=workflow.name,
            step=step.name,
            from_state=from_state,
            to_state=step.target or "",
            actor_id=user.pk if user else None,
            actor_name=str(user) if user else "",  # the name people know; blank: the system
            note=note,
        )
        for pk, from_state in rows
    ]


def begin(actor: Visitor, obj: Any, step_name: str, *, note: str = "") -> StatusChange:
    """The first entry of a new object's history, written by the service that creates it
    (in its transaction): the step (``submit``, ``apply``) leads from no state to the
    object's first one."""
    workflow = workflow_for(obj)
    step = workflow.step(step_name)
    organization = workflow.organization(obj)
    return _history(workflow, step, actor, obj, "", organization, note)


def begin_many(
    actor: Visitor,
    model: type[models.Model],
    pks: list[Any],
    step_name: str,
    *,
    organization: Any,
    note: str = "",
) -> None:
    """``begin`` for objects created in bulk (a roster import): one insert for all of
    them, all of ``organization``."""
    workflow = workflow_for(model)
    rows = [(pk, "") for pk in pks]
    step = workflow.step(step_name)
    history = _history_rows(workflow, step, actor, model, rows, organization, note)
    StatusChange.objects.bulk_create(history, batch_size=1000)


def take_many(
    actor: Actor,
    model: type[models.Model],
    pks: list[Any],
    step_name: str,
    *,
    fields: tuple[str, ...],
    organization: Any,
    message: str,
    note: str = "",
    **data: Any,
) -> list[Any]:
    """Take ``step_name`` on many objects of ``model`` at once (the memberships of a union
    that merges): the checks of ``take`` for each, in one transaction, and a refusal of
    one refuses all; the rows are locked in one query, the ``fields`` the step's apply
    sets are written in bulk with the state, each object gets its history row, and one
    audit entry of ``organization`` covers them all. Notices of the steps are not sent
    (the caller says what happened, once)."""
    workflow = workflow_for(model)
    step = workflow.step(step_name)
    with transaction.atomic():
        if step.action != SYSTEM:
            reached = set(
                scoped(workflow, actor, step.action).filter(pk__in=pks).values_list("pk", flat=True)
            )
            outside = [pk for pk in pks if pk not in reached]
            if outside:
                raise OutOfScope(outside[0])
        manager = workflow.model._default_manager
        objects = list(manager.select_for_update().filter(pk__in=pks).order_by("pk"))
        rows = []
        for obj in objects:
            refusal = _refusal(workflow, step, obj, actor)
            if refusal:
                raise refuse(refusal)
            rows.append((obj.pk, workflow.state_of(obj)))
            if step.apply is not None:
                step.apply(actor, obj, **data)
            if step.target is not None:
                setattr(obj, workflow.status_field, step.target)
        written = [*fields, *([workflow.status_field] if step.target is not None else [])]
        if any(f.name == "updated_at" for f in workflow.model._meta.concrete_fields):
            now = timezone.now()
            for obj in objects:
                obj.updated_at = now  # type: ignore[attr-defined]
            written.append("updated_at")
        manager.bulk_update(objects, written, batch_size=1000)
        history = _history_rows(workflow, step, actor, model, rows, organization, note)
        StatusChange.objects.bulk_create(history, batch_size=1000)
        audit.record(
            actor=actor,
            action=AuditAction.BULK,
            organization=organization,
            changes={"step": step.name, "objects": len(objects)},
            message=message,
        )
    return objects


def available(actor: Visitor, obj: Any, *, workflow: Workflow | None = None) -> list[Step]:
    """The steps the actor may take on ``obj`` now: the state allows them, the actor holds
    their action on the object, and their guard passes. One query per distinct action."""
    if workflow is None:
        workflow = workflow_for(obj)
    state = workflow.state_of(obj)
    reach: dict[str, bool] = {}
    steps = []
    for step in workflow.steps:
        if not step.leaves(state) or step.action == SYSTEM:
            continue
        if step.action not in reach:
            reach[step.action] = _reaches(workflow, actor, step.action, obj.pk)
        if reach[step.action] and _refusal(workflow, step, obj, actor) is None:
            steps.append(step)
    return steps


def takeable(actor: Visitor, objects: list[Any], *step_names: str) -> set[Any]:
    """The pks of ``objects`` (of one workflow) on which the actor may take one of
    ``step_names`` now: for a list page's checkboxes and links, one query per distinct
    action of those steps whatever the number of rows."""
    if not objects:
        return set()
    workflow = workflow_for(objects[0])
    by_action: dict[str, set[Any]] = {}
    for name in step_names:
        step = workflow.step(name)
        if step.action == SYSTEM:
            continue
        by_action.setdefault(step.action, set()).update(
            obj.pk for obj in objects if _refusal(workflow, step, obj, actor) is None
        )
    found: set[Any] = set()
    for action, candidates in by_action.items():
        if candidates:
            reach = scoped(workflow, actor, action).filter(pk__in=candidates)
            found.update(reach.values_list("pk", flat=True))
    return found


def may(actor: Visitor, obj: Any, step_name: str) -> bool:
    return any(step.name == step_name for step in available(actor, obj))
