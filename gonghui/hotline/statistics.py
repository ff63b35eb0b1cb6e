"""Figures of hotline tickets (``/reports/hotline/``; definitions in ``docs/hotline.md``),
per source, for a period and a subtree, counted from dated rows so that a past period's
figures do not move: tickets by the time the hotline received them, returns by their own
rows, completions by the completion time, callbacks by the callback time.

Each record is placed by ``organizations.placement`` on the period's last day: a ticket
received at the unit that first received it (首接单位, never changed), a return at the
unit that returned it, a completion and its callback at the unit that completed it. The
subtree is the node's, or the reader's, as the tree stood then (``scope_then``). Three
queries whatever the number of tickets."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.accounts.roles import HOTLINE_VIEW
from gonghui.core.scoping import Actor
from gonghui.hotline.choices import Source
from gonghui.hotline.models import Ticket, TicketReturn
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import placed, scope_then


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class SourceRow:
    source: str
    label: str
    received: int
    returned: int
    completed: int
    completed_on_time: int
    completed_with_level: int
    callbacks: int
    contacted: int
    solved: int
    satisfied: int

    @property
    def completion_rate(self) -> float | None:
        return rate(self.completed, self.received)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.completed_on_time, self.completed_with_level)

    @property
    def response_rate(self) -> float | None:
        return rate(self.contacted, self.callbacks)

    @property
    def solution_rate(self) -> float | None:
        return rate(self.solved, self.callbacks)

    @property
    def satisfaction_rate(self) -> float | None:
        return rate(self.satisfied, self.callbacks)


@dataclass(frozen=True)
class Tickets:
    start: date
    end: date
    by_source: list[SourceRow]
    total: SourceRow


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    first = datetime.combine(start, time.min, tzinfo=zone)
    return first, datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)


def _rows(model: Any, node_field: str, actor: Actor, node: Organization | None, end: date) -> Any:
    rows = model.objects.all()
    return placed(rows, node_field, end).filter(scope_then(rows, actor, node, HOTLINE_VIEW))


def _count(source_field: str, source: str, condition: Q | None = None) -> Coalesce:
    where = Q(**{source_field: source})
    if condition is not None:
        where &= condition
    return Coalesce(Count("pk", filter=where), 0)


def tickets(*, actor: Actor, start: date, end: date, node: Organization | None = None) -> Tickets:
    first, after = _bounds(start, end)
    received = (
        _rows(Ticket, "owner", actor, node, end)
        .filter(received_at__gte=first, received_at__lt=after)
        .aggregate(**{s: _count("source", s) for s in Source.values})
    )
    returned = (
        _rows(TicketReturn, "organization", actor, node, end)
        .filter(returned_at__gte=first, returned_at__lt=after)
        .aggregate(**{s: _count("ticket__source", s) for s in Source.values})
    )
    done_sums: dict[str, Any] = {}
    for s in Source.values:
        in_period = Q(completed_at__gte=first, completed_at__lt=after)
        called = Q(callback_at__gte=first, callback_at__lt=after)
        done_sums |= {
            f"{s}_completed": _count("source", s, in_period),
            f"{s}_on_time": _count("source", s, in_period & Q(completed_on_time=True)),
            f"{s}_with_level": _count("source", s, in_period & Q(completed_on_time__isnull=False)),
            f"{s}_callbacks": _count("source", s, called),
            f"{s}_contacted": _count("source", s, called & Q(callback_contacted=True)),
            f"{s}_solved": _count("source", s, called & Q(callback_solved=True)),
            f"{s}_satisfied": _count("source", s, called & Q(callback_satisfied=True)),
        }
    done = (
        _rows(Ticket, "completed_unit", actor, node, end)
        .filter(
            Q(completed_at__gte=first, completed_at__lt=after)
            | Q(callback_at__gte=first, callback_at__lt=after)
        )
        .aggregate(**done_sums)
    )
    rows = [
        SourceRow(
            source=s.value,
            label=str(s.label),
            received=received[s.value],
            returned=returned[s.value],
            completed=done[f"{s.value}_completed"],
            completed_on_time=done[f"{s.value}_on_time"],
            completed_with_level=done[f"{s.value}_with_level"],
            callbacks=done[f"{s.value}_callbacks"],
            contacted=done[f"{s.value}_contacted"],
            solved=done[f"{s.value}_solved"],
            satisfied=done[f"{s.value}_satisfied"],
        )
        for s in Source
    ]
    return Tickets(start=start, end=end, by_source=rows, total=_sum(rows))


def _sum(rows: list[SourceRow]) -> SourceRow:
    def total(name: str) -> int:
        return sum(getattr(row, name) for row in rows)

    names = (
        "received",
        "returned",
        "completed",
        "completed_on_time",
        "completed_with_level",
        "callbacks",
        "contacted",
        "solved",
        "satisfied",
    )
    return SourceRow(source="", label="", **{name: total(name) for name in names})
