"""The one working-day calendar: weekends, public holidays and make-up working days (调休)
from the ``chinese-calendar`` package, corrected or extended by ``WorkdayOverride`` rows
that staff edit. Every deadline in the product is computed here.

For a year that neither the package nor the overrides cover, weekends are assumed and the
result says so (``Deadline.uncertain``), so pages can warn that the date may move once the
year's holidays are published.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.models import WorkdayOverride


@dataclass(frozen=True)
class Deadline:
    day: date
    uncertain: bool  # some day on the way lies in a year the calendar does not know

    @property
    def warning(self) -> str:
        if not self.uncertain:
            return ""
        return _("%(year)s 年的节假日安排尚未录入，期限按周末推算，公布后可能调整") % {
            "year": self.day.year
        }


@lru_cache(maxsize=1)
def _package_years() -> tuple[int, int]:
    years = sorted(
        {day.year for day in chinese_calendar.holidays}
        | {day.year for day in chinese_calendar.workdays}
    )
    return years[0], years[-1]


def package_covers(year: int) -> bool:
    first, last = _package_years()
    return first <= year <= last


def _overrides(start: date, end: date) -> dict[date, bool]:
    rows = WorkdayOverride.objects.filter(day__gte=start, day__lte=end)
    return dict(rows.values_list("day", "is_workday"))


def _years_with_overrides(start: date, end: date) -> set[int]:
    return {
        d.year
        for d in WorkdayOverride.objects.filter(
            day__gte=start.replace(month=1, day=1), day__lte=end.replace(month=12, day=31)
        ).values_list("day", flat=True)
    }


class _Span:
    """Answers ``is_workday`` for the days of one computation with one query."""

    def __init__(self, start: date, end: date) -> None:
        self.overrides = _overrides(start, end)
        self.known_years = _years_with_overrides(start, end)
        self.uncertain = False

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if package_covers(day.year):
            return bool(chinese_calendar.is_workday(day))
        if day.year not in self.known_years:
            self.uncertain = True
        return day.weekday() < 5


def is_workday(day: date) -> bool:
    return _Span(day, day).is_workday(day)


def add_working_days(start: date, days: int) -> Deadline:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    span = _Span(start, start + timedelta(days=days * 3 + 30))
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if span.is_workday(day):
            left -= 1
    return Deadline(day, span.uncertain)


def add_calendar_days(start: date, days: int, *, roll_to_workday: bool = True) -> Deadline:
    """``start`` plus ``days`` calendar days; when the last day is not a working day and
    ``roll_to_workday`` is set, the deadline moves to the next working day (the rule for
    statutory periods: 期间届满的最后一日是法定休假日的，以休假日后的第一日为期间届满的日期)."""
    day = start + timedelta(days=days)
    span = _Span(day, day + timedelta(days=30))
    if roll_to_workday:
        while not span.is_workday(day):
            day += timedelta(days=1)
    return Deadline(day, span.uncertain)


def week_of(day: date) -> tuple[date, date]:
    """The Monday and the Sunday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    span = _Span(start, end)
    return sum(
        1 for n in range(1, (end - start).days + 1) if span.is_workday(start + timedelta(days=n))
    )


# --- working hours ---------------------------------------------------------------------
# Office hours on the calendar's working days, local time: ``settings.OFFICE_HOURS`` when
# set (a list of ``("09:00", "12:00")`` pairs), else the default below. A service level
# counted in working hours (a hotline ticket's first contact) runs only inside them.

DEFAULT_OFFICE_HOURS = (("09:00", "12:00"), ("13:30", "17:30"))


def office_hours() -> list[tuple[time, time]]:
    pairs = getattr(settings, "OFFICE_HOURS", None) or DEFAULT_OFFICE_HOURS
    return [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in pairs]


def working_seconds_per_day() -> int:
    return sum(
        (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds
        for start, end in office_hours()
    )


def _periods(day: date) -> list[tuple[datetime, datetime]]:
    zone = timezone.get_current_timezone()
    return [
        (
            datetime.combine(day, start, tzinfo=zone),
            datetime.combine(day, end, tzinfo=zone),
        )
        for start, end in office_hours()
    ]


def working_seconds_between(start: datetime, end: datetime) -> int:
    """Seconds of office hours on working days between two aware datetimes (0 when
    ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    first, last = timezone.localdate(start), timezone.localdate(end)
    span = _Span(first, last)
    total = 0.0
    day = first
    while day <= last:
        if span.is_workday(day):
            for open_, close in _periods(day):
                overlap = (min(close, end) - max(open_, start)).total_seconds()
                total += max(overlap, 0)
        day += timedelta(days=1)
    return int(total)


@dataclass(frozen=True)
class DueTime:
    at: datetime
    uncertain: bool  # as ``Deadline.uncertain``


def add_working_seconds(start: datetime, seconds: int) -> DueTime:
    """The moment when ``seconds`` of office hours on working days have passed after
    ``start`` (``start`` outside office hours counts from the next opening)."""
    left = float(seconds)
    day = timezone.localdate(start)
    per_day = max(working_seconds_per_day(), 1)
    span = _Span(day, day + timedelta(days=int(seconds // per_day) * 3 + 30))
    while True:
        if span.is_workday(day):
            for open_, close in _periods(day):
                begin = max(open_, start)
                if begin >= close:
                    continue
                available = (close - begin).total_seconds()
                if left <= available:
                    return DueTime(begin + timedelta(seconds=left), span.uncertain)
                left -= available
        day += timedelta(days=1)


def add_working_hours(start: datetime, hours: float) -> DueTime:
    """``start`` plus ``hours`` working hours (office hours on working days)."""
    return add_working_seconds(start, int(hours * 3600))


def end_of_working_day_after(start: datetime, days: int) -> DueTime:
    """The close of office on the ``days``-th working day after the day of ``start``
    (that day not counted): a service level counted in working days."""
    deadline = add_working_days(timezone.localdate(start), days)
    close = _periods(deadline.day)[-1][1]
    return DueTime(close, deadline.uncertain)


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, when negative); 29 February becomes 1
    March in a year without it (a term of one year from 2024-02-29 runs to 2025-02-28)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)
