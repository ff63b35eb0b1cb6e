from datetime import date

import pytest

from gonghui.core import calendar
from gonghui.core.models import WorkdayOverride

pytestmark = pytest.mark.django_db


def test_a_make_up_saturday_is_a_working_day() -> None:
    # 2025-09-28 is the Saturday worked in exchange for the National Day holiday
    assert calendar.is_workday(date(2025, 9, 28)) is True
    assert calendar.is_workday(date(2025, 9, 27)) is False  # an ordinary Saturday
    assert calendar.is_workday(date(2025, 10, 3)) is False  # National Day holiday


def test_working_days_skip_the_spring_festival_2026() -> None:
    # 2026-02-14 (Saturday) is worked; 02-15 to 02-23 are the holiday
    deadline = calendar.add_working_days(date(2026, 2, 13), 3)
    assert deadline.day == date(2026, 2, 25)
    assert deadline.uncertain is False
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


def test_calendar_days_roll_to_the_next_working_day() -> None:
    assert calendar.add_calendar_days(date(2025, 9, 20), 15).day == date(2025, 10, 9)
    assert calendar.add_calendar_days(date(2025, 9, 20), 15, roll_to_workday=False).day == date(
        2025, 10, 5
    )


def test_an_override_makes_a_day_a_holiday() -> None:
    day = date(2026, 3, 4)  # a Wednesday
    assert calendar.is_workday(day) is True
    WorkdayOverride.objects.create(day=day, is_workday=False, note="临时调整")
    assert calendar.is_workday(day) is False
    assert calendar.add_working_days(date(2026, 3, 3), 1).day == date(2026, 3, 5)


def test_a_year_the_package_does_not_cover_is_flagged() -> None:
    assert not calendar.package_covers(2027)
    deadline = calendar.add_working_days(date(2027, 3, 1), 10)
    assert deadline.day == date(2027, 3, 15)  # weekends assumed
    assert deadline.uncertain is True
    assert "2027" in deadline.warning


def test_overrides_for_an_uncovered_year_make_it_known() -> None:
    WorkdayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, note="元旦")
    deadline = calendar.add_working_days(date(2027, 3, 1), 10)
    assert deadline.uncertain is False
    assert deadline.warning == ""
