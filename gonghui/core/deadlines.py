"""The one mechanism for statutory and service deadlines, on the working-day calendar
(``core.calendar``).

A model with a deadline inherits ``DeadlineFields`` (the first due day and its
"uncertain" flag, an extension with its reason, a pause, and ``due_on``: the day the clock
now runs to, stored and indexed) and its queryset ``DeadlineQuerySet``; its workflow
declares a ``Rule`` in ``Workflow.deadlines``: how many calendar days (rolled past
holidays) or working days, and in which states the clock runs.

- ``start``: the clock starts on a day (mediation: acceptance); ``due_on`` is computed;
- ``extend``: a later due day, with its reason;
- ``pause`` / ``resume``: the clock stops (waiting for a worker's documents, a ticket on
  hold) and resumes with the days that were left, counted the rule's way;
- ``overdue()`` / ``due_within(days)`` (queryset) and ``is_overdue`` (one object): the
  one rule — in a running state, not paused, ``due_on`` before today;
- ``reminders_send``: one scheduled task over every workflow that declares deadlines.

Services call these inside a workflow step; they change the object's fields and leave
saving, the history and the audit entry to the engine.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Self

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import calendar
from gonghui.core.scoping import ScopedQuerySet

REMINDER_DAYS = 3  # reminders start this many days before the due day


@dataclass(frozen=True)
class Rule:
    """``days`` counted as working days or as calendar days rolled to a working day; the
    clock runs in ``running`` states. ``recipients(obj)`` and ``url(obj)`` say whom the
    reminder goes to and where it links; ``noun`` names the object in its title."""

    days: int
    working_days: bool
    running: frozenset[str]
    recipients: Callable[[Any], list[Any]]
    url: Callable[[Any], str]
    noun: Any = ""
    # related rows the reminder task reads for each object (recipients), fetched up front
    prefetch: tuple[Any, ...] = ()

    def add(self, start: date, days: int | None = None) -> calendar.Deadline:
        count = self.days if days is None else days
        if self.working_days:
            return calendar.add_working_days(start, count)
        return calendar.add_calendar_days(start, count)

    def days_left(self, on: date, due: date) -> int:
        if due <= on:
            return 0
        if self.working_days:
            return calendar.working_days_between(on, due)
        return (due - on).days


class DeadlineFields(models.Model):
    deadline = models.DateField(_("期限"), null=True, blank=True, db_index=True)
    deadline_uncertain = models.BooleanField(_("期限待节假日公布后确认"), default=False)
    extended_to = models.DateField(_("延长至"), null=True, blank=True)
    extension_note = models.TextField(_("延长理由"), blank=True)
    paused_on = models.DateField(_("暂停计时日期"), null=True, blank=True)
    paused_days_left = models.PositiveIntegerField(_("暂停时剩余天数"), null=True, blank=True)
    # the day the clock now runs to: the deadline, extended, moved by pauses
    due_on = models.DateField(_("当前期限"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def effective_deadline(self) -> date | None:
        return self.due_on

    @property
    def is_overdue(self) -> bool:
        return is_overdue(self)


def _rules(obj_or_model: Any) -> tuple[Rule, ...]:
    from gonghui.core.workflow import workflow_for

    rules = workflow_for(obj_or_model).deadlines
    if not rules:
        raise LookupError(f"{obj_or_model._meta.label} declares no deadline")
    return tuple(rules)


def _rule(obj_or_model: Any) -> Rule:
    """The rule of an object in its present state: a workflow may declare several, each
    running in its own states (a bargaining process: the answer to the offer, then the
    report after signing), and one object runs one clock at a time. The first rule for
    a model, or an object in none of their states."""
    rules = _rules(obj_or_model)
    state = (
        getattr(obj_or_model, "status", None) if isinstance(obj_or_model, models.Model) else None
    )
    for rule in rules:
        if state in rule.running:
            return rule
    return rules[0]


def running_states(model: Any) -> frozenset[str]:
    """The states in which one of the model's clocks runs."""
    return frozenset().union(*(rule.running for rule in _rules(model)))


def overdue_q(model: type[models.Model], today: date | None = None) -> Q:
    """The rule, as a condition on the model's rows."""
    today = today or timezone.localdate()
    return Q(status__in=running_states(model), paused_on__isnull=True, due_on__lt=today)


def is_overdue(obj: Any, today: date | None = None) -> bool:
    """The rule for one object (the same as ``overdue_q``)."""
    today = today or timezone.localdate()
    running = obj.status in running_states(obj) and obj.paused_on is None
    return bool(running and obj.due_on and obj.due_on < today)


class DeadlineQuerySet(ScopedQuerySet):
    """The queryset of a scoped model with a deadline."""

    def overdue(self, today: date | None = None) -> Self:
        return self.filter(overdue_q(self.model, today))

    def due_within(self, days: int, today: date | None = None) -> Self:
        """Running and not paused, due ``days`` days from today or sooner (overdue too)."""
        today = today or timezone.localdate()
        return self.filter(
            status__in=running_states(self.model),
            paused_on__isnull=True,
            due_on__lte=today + timedelta(days=days),
        )

    def due_soon(self, working_days: int, today: date | None = None) -> Self:
        """Running and not paused, not yet overdue, due within ``working_days`` working
        days of today (the workbench's "due soon")."""
        today = today or timezone.localdate()
        last = calendar.add_working_days(today, working_days).day
        return self.filter(
            status__in=running_states(self.model),
            paused_on__isnull=True,
            due_on__gte=today,
            due_on__lte=last,
        )

    def with_overdue(self, today: date | None = None) -> Self:
        """Each row annotated with ``overdue`` (a list page marks them)."""
        condition = overdue_q(self.model, today)
        return self.annotate(
            overdue=models.ExpressionWrapper(condition, output_field=models.BooleanField())
        )


def start(obj: Any, on: date, rule: Rule | None = None) -> calendar.Deadline:
    """Start the clock on ``on``: the deadline by ``rule`` (default: the object's rule in
    its present state; a step that starts the clock of the state it leads to names it)."""
    deadline = (rule or _rule(obj)).add(on)
    obj.deadline = deadline.day
    obj.deadline_uncertain = deadline.uncertain
    obj.extended_to = None
    obj.paused_on = None
    obj.paused_days_left = None
    obj.due_on = deadline.day
    return deadline


def extend(obj: Any, until: date, reason: str) -> None:
    obj.extended_to = until
    obj.extension_note = reason
    obj.due_on = until


def pause(obj: Any, on: date) -> int:
    """Stop the clock on ``on``; returns (and keeps) the days that were left."""
    left = _rule(obj).days_left(on, obj.due_on) if obj.due_on else 0
    obj.paused_on = on
    obj.paused_days_left = left
    return left


def resume(obj: Any, on: date) -> calendar.Deadline:
    """Run the clock again from ``on`` with the days that were left when it stopped."""
    deadline = _rule(obj).add(on, obj.paused_days_left or 0)
    obj.paused_on = None
    obj.paused_days_left = None
    obj.due_on = deadline.day
    obj.deadline_uncertain = obj.deadline_uncertain or deadline.uncertain
    return deadline


# --- reminders -------------------------------------------------------------------------


def _title(rule: Rule, obj: Any, today: date) -> Any:
    from gonghui.core.notices import Text

    days = (obj.due_on - today).days
    named = {"noun": rule.noun, "object": str(obj)}
    if days < 0:
        return Text(_("%(noun)s %(object)s 已超期 %(days)d 天"), **named, days=-days)
    if days == 0:
        return Text(_("%(noun)s %(object)s 今日到期"), **named)
    return Text(_("%(noun)s %(object)s 将于 %(days)d 天后到期"), **named, days=days)


REMINDER_LOCK = "core:deadline-reminders:%s"


def reminders_send(today: date | None = None) -> int:
    """Remind the people each rule names of every object due within ``REMINDER_DAYS`` or
    overdue, over every workflow that declares a deadline: one notice per person, object
    and day (running it twice on one day sends nothing more; a run that starts while
    another holds the day's lock sends nothing). Returns notices sent."""
    from django.core.cache import cache

    today = today or timezone.localdate()
    lock = REMINDER_LOCK % today.isoformat()
    if not cache.add(lock, "1", timeout=60 * 60):  # atomic in Redis: one run at a time
        return 0
    try:
        return _reminders_send(today)
    finally:
        cache.delete(lock)


def _reminders_send(today: date) -> int:
    from gonghui.core.models import Notice, NoticeKind
    from gonghui.core.notices import Text, notice_send
    from gonghui.core.workflow import workflows

    day_start = timezone.make_aware(datetime.combine(today, time.min))
    already = set(  # (url, user) reminded today, read once for every workflow
        Notice.objects.filter(
            kind=NoticeKind.REMINDER,
            created_at__gte=day_start,
            created_at__lt=day_start + timedelta(1),
        ).values_list("url", "user_id")
    )
    sent = 0
    for workflow in workflows():
        for rule in workflow.deadlines:
            manager = workflow.model._default_manager
            due = manager.due_within(REMINDER_DAYS, today).filter(  # type: ignore[attr-defined]
                status__in=rule.running
            )
            for obj in due.prefetch_related(*rule.prefetch).order_by("due_on", "pk"):
                url = rule.url(obj)
                body = Text(_("期限 %(day)s。请按期办结，或依规定延长期限。"), day=obj.due_on)
                with transaction.atomic():
                    for user in rule.recipients(obj):
                        if (url, user.pk) in already:
                            continue
                        title = _title(rule, obj, today)
                        kind = NoticeKind.REMINDER
                        notice_send(user=user, title=title, body=body, url=url, kind=kind)
                        already.add((url, user.pk))
                        sent += 1
    return sent
