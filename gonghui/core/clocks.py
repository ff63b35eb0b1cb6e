"""Service-level clocks counted in working hours or working days, with pauses.

``core.deadlines`` keeps one day-level deadline on a model's own row. A service level that
is counted to the minute, or several per object (a hotline ticket: first contact within
so many working hours, completion within so many working days), is a ``core.Clock`` row
per object and clock name, on the working-hours calendar (``core.calendar``: office hours
on working days).

- ``start(obj, name, at=..., amount=..., unit=...)``: the clock runs from ``at``; a
  working-hours clock is due ``amount`` office hours later, a working-days clock at the
  close of office on the ``amount``-th working day after the day it starts. Starting a
  clock again restarts it.
- ``pause(obj, at=...)`` / ``resume(obj, at=...)``: the object's running clocks (or the
  ``names`` given) stop, keeping the working seconds left; on resuming they are due that
  much office time later.
- ``meet(obj, name, at=...)``: the clock stops as met (``met_on_time`` says whether in
  time). Meeting a met clock keeps the first time.
- ``cancel(obj, names=...)``: remove clocks that no longer apply.
- the one overdue rule: running (neither met nor paused) and ``due_at`` before now —
  ``overdue_q(now)`` on ``Clock`` rows, ``Clock.is_overdue(now)`` for one row,
  ``with_overdue(queryset, names, now)`` to annotate a list's rows with
  ``overdue_<name>`` flags (and ``overdue`` for any of them) in the list's one query, and
  ``overdue_objects(queryset, name, now)`` to filter a list to its overdue rows.

These write the clock rows themselves (a service calls them inside its transaction, e.g.
in a workflow step's ``apply``).
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from gonghui.core import calendar
from gonghui.core.models import Clock, ClockUnit

__all__ = [
    "Clock",
    "ClockUnit",
    "cancel",
    "clocks_of",
    "due_at",
    "meet",
    "overdue_objects",
    "overdue_q",
    "pause",
    "resume",
    "start",
    "with_overdue",
]


def _type(obj_or_model: models.Model | type[models.Model]) -> ContentType:
    return ContentType.objects.get_for_model(obj_or_model)


def due_at(at: datetime, amount: int, unit: str) -> calendar.DueTime:
    """When a clock of ``amount`` ``unit`` started at ``at`` is due."""
    if unit == ClockUnit.WORKING_HOURS:
        return calendar.add_working_hours(at, amount)
    if unit == ClockUnit.WORKING_DAYS:
        return calendar.end_of_working_day_after(at, amount)
    raise ValueError(f"unknown clock unit {unit!r}")


def _rows(obj: models.Model) -> models.QuerySet[Clock]:
    return Clock.objects.filter(content_type=_type(obj), object_id=obj.pk)


def clocks_of(obj: models.Model) -> dict[str, Clock]:
    """The object's clocks by name (one query)."""
    return {clock.name: clock for clock in _rows(obj).order_by("started_at", "pk")}


def start(obj: models.Model, name: str, *, at: datetime, amount: int, unit: str) -> Clock:
    """Start (or restart) the object's clock ``name`` at ``at``."""
    due = due_at(at, amount, unit)
    clock, _created = Clock.objects.update_or_create(
        content_type=_type(obj),
        object_id=obj.pk,
        name=name,
        defaults={
            "unit": unit,
            "amount": amount,
            "started_at": at,
            "due_at": due.at,
            "due_uncertain": due.uncertain,
            "met_at": None,
            "paused_at": None,
            "remaining": None,
        },
    )
    return clock


def _running(obj: models.Model, names: Iterable[str] | None) -> models.QuerySet[Clock]:
    rows = _rows(obj).filter(met_at__isnull=True, paused_at__isnull=True)
    return rows if names is None else rows.filter(name__in=list(names))


def pause(obj: models.Model, *, at: datetime, names: Iterable[str] | None = None) -> list[Clock]:
    """Stop the object's running clocks (or those named) at ``at``, keeping the working
    seconds left (0 when already past due)."""
    paused = []
    for clock in _running(obj, names).select_for_update():
        clock.remaining = calendar.working_seconds_between(at, clock.due_at)
        clock.paused_at = at
        clock.save(update_fields=["remaining", "paused_at"])
        paused.append(clock)
    return paused


def resume(obj: models.Model, *, at: datetime, names: Iterable[str] | None = None) -> list[Clock]:
    """Run the object's paused clocks (or those named) again from ``at`` with the working
    time that was left."""
    rows = _rows(obj).filter(met_at__isnull=True, paused_at__isnull=False)
    if names is not None:
        rows = rows.filter(name__in=list(names))
    resumed = []
    for clock in rows.select_for_update():
        due = calendar.add_working_seconds(at, clock.remaining or 0)
        clock.due_at = due.at
        clock.due_uncertain = clock.due_uncertain or due.uncertain
        clock.paused_at = None
        clock.remaining = None
        clock.save(update_fields=["due_at", "due_uncertain", "paused_at", "remaining"])
        resumed.append(clock)
    return resumed


def meet(obj: models.Model, name: str, *, at: datetime) -> Clock | None:
    """Stop the clock ``name`` as met at ``at`` (a paused clock is met as it stood); None
    when the object has no such clock. A clock already met keeps its first time."""
    clock = _rows(obj).filter(name=name).select_for_update().first()
    if clock is None or clock.met_at is not None:
        return clock
    if clock.paused_at is not None:  # met while paused: the due time as it was when paused
        clock.due_at = calendar.add_working_seconds(at, clock.remaining or 0).at
        clock.paused_at = None
        clock.remaining = None
    clock.met_at = at
    clock.save(update_fields=["met_at", "due_at", "paused_at", "remaining"])
    return clock


def cancel(obj: models.Model, *, names: Iterable[str] | None = None) -> int:
    """Remove the object's clocks (or those named) that no longer apply (a ticket
    returned by the unit it was dispatched to, or closed unanswered); returns how many."""
    rows = _rows(obj)
    if names is not None:
        rows = rows.filter(name__in=list(names))
    deleted, _detail = rows.delete()
    return deleted


def overdue_q(now: datetime | None = None) -> Q:
    """The one overdue rule, as a condition on ``Clock`` rows."""
    now = now or timezone.now()
    return Q(met_at__isnull=True, paused_at__isnull=True, due_at__lt=now)


def _overdue_exists(model: type[models.Model], name: str | None, now: datetime) -> Exists:
    rows = Clock.objects.filter(overdue_q(now), content_type=_type(model), object_id=OuterRef("pk"))
    if name is not None:
        rows = rows.filter(name=name)
    return Exists(rows)


def with_overdue(
    queryset: models.QuerySet, names: Iterable[str], now: datetime | None = None
) -> models.QuerySet:
    """The rows annotated with ``overdue_<name>`` for each clock name and ``overdue``
    (any clock overdue), as subqueries of the one list query."""
    now = now or timezone.now()
    annotations = {f"overdue_{name}": _overdue_exists(queryset.model, name, now) for name in names}
    annotations["overdue"] = _overdue_exists(queryset.model, None, now)
    return queryset.annotate(**annotations)


def overdue_objects(
    queryset: models.QuerySet, name: str | None = None, now: datetime | None = None
) -> models.QuerySet:
    """The rows with the clock ``name`` (any clock when None) overdue."""
    return queryset.filter(_overdue_exists(queryset.model, name, now or timezone.now()))
