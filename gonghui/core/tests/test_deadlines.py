"""The one deadline mechanism (``core.deadlines``), on mediation cases (15 calendar days,
rolled past holidays) and on a working-day rule."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core import deadlines
from gonghui.core.testing import build_world
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.cases import case_accept
from gonghui.disputes.tests.access_api import apply, committee_at

pytestmark = pytest.mark.django_db

# 2026-10-01..07 is the National Day holiday; 2026-10-10 (Saturday) a make-up working day
SEPTEMBER_28 = date(2026, 9, 28)


def _accepted(on: date) -> MediationCase:
    world = build_world()
    case = apply(world, committee_at(world), applied_on=on)
    return case_accept(actor=world.system, case=case, on=on)  # type: ignore[no-any-return]


def test_mediation_runs_15_calendar_days_rolled_past_the_holiday() -> None:
    case = _accepted(SEPTEMBER_28)

    # 09-28 + 15 = 10-13, a working day; the deadline is stored and the clock runs to it
    assert (case.deadline, case.due_on, case.deadline_uncertain) == (
        date(2026, 10, 13),
        date(2026, 10, 13),
        False,
    )


def test_overdue_and_due_within_are_one_rule_with_is_overdue() -> None:
    today = date(2026, 10, 20)
    case = _accepted(SEPTEMBER_28)
    rows = MediationCase.objects.all()

    with CaptureQueriesContext(connection) as queries:
        overdue = list(rows.overdue(today))
    assert overdue == [case] and deadlines.is_overdue(case, today)
    assert len(queries) == 1
    assert list(rows.due_within(3, date(2026, 10, 10))) == [case]
    assert list(rows.due_within(3, date(2026, 10, 9))) == []
    assert not deadlines.is_overdue(case, date(2026, 10, 13))


def test_an_extension_moves_the_day_the_clock_runs_to() -> None:
    case = _accepted(SEPTEMBER_28)

    deadlines.extend(case, date(2026, 10, 30), "双方同意延长")
    case.save()

    assert (case.deadline, case.extended_to, case.due_on) == (
        date(2026, 10, 13),
        date(2026, 10, 30),
        date(2026, 10, 30),
    )
    assert not MediationCase.objects.overdue(date(2026, 10, 20)).exists()


def test_a_pause_stops_the_clock_and_resumes_with_the_days_that_were_left() -> None:
    case = _accepted(SEPTEMBER_28)

    left = deadlines.pause(case, date(2026, 10, 9))  # 4 days before 10-13
    case.save()
    paused_late = MediationCase.objects.overdue(date(2026, 11, 30)).exists()
    resumed = deadlines.resume(case, date(2026, 11, 2))
    case.save()

    assert left == 4
    assert not paused_late and not deadlines.is_overdue(case, date(2026, 11, 5))
    assert resumed.day == case.due_on == date(2026, 11, 6)
    assert MediationCase.objects.overdue(date(2026, 11, 9)).get() == case


def test_a_working_day_rule_counts_working_days_before_and_after_a_pause() -> None:
    rule = deadlines.Rule(
        days=7,
        working_days=True,
        running=frozenset({"open"}),
        recipients=lambda obj: [],
        url=lambda obj: "",
    )

    due = rule.add(SEPTEMBER_28)  # 09-29, 09-30, 10-08, 10-09, 10-10 (make-up), 10-12, 10-13
    left = rule.days_left(date(2026, 10, 9), due.day)

    assert due.day == date(2026, 10, 13)
    assert left == 3  # 10-10, 10-12, 10-13
    assert rule.add(date(2026, 10, 16), left).day == date(2026, 10, 21)
    assert rule.days_left(due.day + timedelta(days=1), due.day) == 0
