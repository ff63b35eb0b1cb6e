"""Working hours (``core.calendar``) and the service-level clocks (``core.clocks``)."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core import calendar, clocks
from gonghui.core.models import Clock, ClockUnit, Sequence, WorkdayOverride

pytestmark = pytest.mark.django_db

HOURS = ClockUnit.WORKING_HOURS
DAYS = ClockUnit.WORKING_DAYS


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def _obj(name: str = "ticket") -> Sequence:
    return Sequence.objects.create(name=name)


# --- working hours ---------------------------------------------------------------------


def test_working_hours_skip_lunch_the_evening_and_the_weekend() -> None:
    # Friday 2026-03-06 16:30: one hour left that day, the weekend off, Monday from 09:00
    due = calendar.add_working_hours(at("2026-03-06 16:30"), 4)
    assert due.at == at("2026-03-09 12:00")
    assert due.uncertain is False
    assert calendar.add_working_hours(at("2026-03-09 11:00"), 2).at == at("2026-03-09 14:30")


def test_a_start_outside_office_hours_counts_from_the_next_opening() -> None:
    assert calendar.add_working_hours(at("2026-03-09 07:00"), 1).at == at("2026-03-09 10:00")
    assert calendar.add_working_hours(at("2026-03-09 12:30"), 1).at == at("2026-03-09 14:30")
    assert calendar.add_working_hours(at("2026-03-09 20:00"), 0.5).at == at("2026-03-10 09:30")


def test_working_seconds_between_counts_only_office_hours_on_working_days() -> None:
    assert calendar.working_seconds_between(at("2026-03-09 08:00"), at("2026-03-09 18:00")) == (
        7 * 3600
    )
    assert calendar.working_seconds_between(at("2026-03-06 17:00"), at("2026-03-09 09:30")) == (
        3600
    )
    assert calendar.working_seconds_between(at("2026-03-09 10:00"), at("2026-03-09 09:00")) == 0


def test_working_hours_follow_holidays_and_overrides() -> None:
    # 2026-10-01..07 National Day; a Wednesday made a holiday by staff
    assert calendar.add_working_hours(at("2026-09-30 17:00"), 1).at == at("2026-10-08 09:30")
    WorkdayOverride.objects.create(day=at("2026-03-11 00:00").date(), is_workday=False)
    assert calendar.add_working_hours(at("2026-03-10 17:00"), 1).at == at("2026-03-12 09:30")


def test_office_hours_come_from_the_setting(settings: object) -> None:
    settings.OFFICE_HOURS = [("08:00", "16:00")]  # type: ignore[attr-defined]
    assert calendar.working_seconds_per_day() == 8 * 3600
    assert calendar.add_working_hours(at("2026-03-09 15:00"), 2).at == at("2026-03-10 09:00")


def test_working_days_end_at_the_close_of_office() -> None:
    due = calendar.end_of_working_day_after(at("2026-03-06 10:00"), 2)
    assert due.at == at("2026-03-10 17:30")


# --- clocks ----------------------------------------------------------------------------


def test_a_clock_runs_to_its_due_time_and_is_met_on_time_or_late() -> None:
    obj = _obj()
    clock = clocks.start(obj, "contact", at=at("2026-03-09 09:00"), amount=2, unit=HOURS)
    assert clock.due_at == at("2026-03-09 11:00")

    met = clocks.meet(obj, "contact", at=at("2026-03-09 10:59"))
    assert met is not None and met.met_on_time is True
    late = clocks.start(obj, "complete", at=at("2026-03-09 09:00"), amount=1, unit=DAYS)
    assert late.due_at == at("2026-03-10 17:30")
    met = clocks.meet(obj, "complete", at=at("2026-03-11 09:00"))
    assert met is not None and met.met_on_time is False
    # meeting again keeps the first time
    again = clocks.meet(obj, "complete", at=at("2026-03-10 09:00"))
    assert again is not None and again.met_at == at("2026-03-11 09:00")


def test_a_pause_keeps_the_working_time_left_and_resume_moves_the_due_time() -> None:
    obj = _obj()
    clocks.start(obj, "complete", at=at("2026-03-09 09:00"), amount=1, unit=DAYS)
    # due Tuesday 17:30; paused Tuesday 16:30 with one hour left
    [paused] = clocks.pause(obj, at=at("2026-03-10 16:30"))
    assert paused.remaining == 3600
    assert not paused.is_overdue(at("2026-03-20 09:00"))  # a paused clock is never overdue

    [resumed] = clocks.resume(obj, at=at("2026-03-13 17:00"))  # Friday, half an hour to close
    assert resumed.due_at == at("2026-03-16 09:30")
    assert resumed.paused_at is None and resumed.remaining is None


def test_pause_touches_only_running_clocks_and_the_names_given() -> None:
    obj = _obj()
    clocks.start(obj, "contact", at=at("2026-03-09 09:00"), amount=2, unit=HOURS)
    clocks.start(obj, "complete", at=at("2026-03-09 09:00"), amount=5, unit=DAYS)
    clocks.meet(obj, "contact", at=at("2026-03-09 10:00"))

    assert [c.name for c in clocks.pause(obj, at=at("2026-03-09 11:00"))] == ["complete"]
    assert clocks.pause(obj, at=at("2026-03-09 11:00"), names=["contact"]) == []
    assert clocks.resume(obj, at=at("2026-03-09 12:00"), names=["contact"]) == []


def test_overdue_is_one_rule_on_rows_one_object_and_a_list() -> None:
    late, on_time, paused = _obj("a"), _obj("b"), _obj("c")
    start = at("2026-03-09 09:00")
    for obj in (late, on_time, paused):
        clocks.start(obj, "contact", at=start, amount=1, unit=HOURS)
        clocks.start(obj, "complete", at=start, amount=3, unit=DAYS)
    clocks.meet(on_time, "contact", at=at("2026-03-09 09:30"))
    clocks.pause(paused, at=at("2026-03-09 09:30"))
    now = at("2026-03-09 15:00")

    assert {c.object_id for c in Clock.objects.filter(clocks.overdue_q(now))} == {late.pk}
    assert clocks.clocks_of(late)["contact"].is_overdue(now)
    assert not clocks.clocks_of(on_time)["contact"].is_overdue(now)

    rows = Sequence.objects.filter(pk__in=[late.pk, on_time.pk, paused.pk]).order_by("name")
    with CaptureQueriesContext(connection) as queries:
        flags = [
            (row.name, row.overdue, row.overdue_contact, row.overdue_complete)
            for row in clocks.with_overdue(rows, ["contact", "complete"], now)
        ]
    assert len(queries) == 1
    assert flags == [
        ("a", True, True, False),
        ("b", False, False, False),
        ("c", False, False, False),
    ]
    assert list(clocks.overdue_objects(rows, "contact", now)) == [late]
    later = now + timedelta(days=10)
    assert set(clocks.overdue_objects(rows, "complete", later)) == {late, on_time}


def test_restarting_a_clock_replaces_it() -> None:
    obj = _obj()
    clocks.start(obj, "complete", at=at("2026-03-09 09:00"), amount=1, unit=DAYS)
    clocks.meet(obj, "complete", at=at("2026-03-09 10:00"))
    clock = clocks.start(obj, "complete", at=at("2026-03-12 09:00"), amount=1, unit=DAYS)
    assert clock.met_at is None and clock.due_at == at("2026-03-13 17:30")
    assert Clock.objects.count() == 1


def test_a_year_the_calendar_does_not_know_is_flagged() -> None:
    clock = clocks.start(_obj(), "complete", at=at("2027-03-01 09:00"), amount=5, unit=DAYS)
    assert clock.due_uncertain is True


def test_cancel_removes_only_the_clocks_named() -> None:
    obj, other = _obj("a"), _obj("b")
    for target in (obj, other):
        clocks.start(target, "contact", at=at("2026-03-09 09:00"), amount=2, unit=HOURS)
        clocks.start(target, "complete", at=at("2026-03-09 09:00"), amount=2, unit=DAYS)

    assert clocks.cancel(obj, names=["contact"]) == 1
    assert list(clocks.clocks_of(obj)) == ["complete"]
    assert len(clocks.clocks_of(other)) == 2
