"""The working-day calendar page and its override services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core import calendar
from gonghui.core.calendar_services import (
    workday_override_delete,
    workday_override_set,
    year_is_covered,
)
from gonghui.core.models import AuditAction, AuditEntry, WorkdayOverride
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1


def test_set_and_delete_an_override_are_audited_and_used_by_the_calendar() -> None:
    world = build_world()
    staff = world.user("fed_staff")
    day = date(NEXT_YEAR, 2, 15) if not calendar.package_covers(NEXT_YEAR) else None
    if day is None:
        pytest.skip("the package covers next year")
    weekday = day if day.weekday() < 5 else date(NEXT_YEAR, 2, 16)
    assert calendar.is_workday(weekday)
    override = workday_override_set(actor=staff, day=weekday, is_workday=False, note=" 春节 ")
    assert override.note == "春节"
    assert not calendar.is_workday(weekday)
    assert year_is_covered(NEXT_YEAR)
    again = workday_override_set(actor=staff, day=weekday, is_workday=True, note="改为上班")
    assert again.pk == override.pk and WorkdayOverride.objects.count() == 1
    workday_override_delete(actor=staff, override=again)
    assert not WorkdayOverride.objects.exists()
    actions = list(
        AuditEntry.objects.filter(object_repr__startswith=str(weekday))
        .order_by("time", "pk")
        .values_list("action", "organization")
    )
    assert actions == [
        (AuditAction.CREATE, world.federation.pk),
        (AuditAction.UPDATE, world.federation.pk),
        (AuditAction.DELETE, world.federation.pk),
    ]


def test_bad_overrides_are_refused_and_nothing_is_written() -> None:
    world = build_world()
    staff = world.user("fed_staff")
    with pytest.raises(ValidationError) as no_day:
        workday_override_set(actor=staff, day=None, is_workday=True)
    assert "day" in no_day.value.message_dict
    with pytest.raises(ValidationError) as far:
        workday_override_set(actor=staff, day=date(NEXT_YEAR + 5, 1, 2), is_workday=False)
    assert "day" in far.value.message_dict
    # 2024-10-01 is National Day in the package: setting it as a day off changes nothing
    with pytest.raises(ValidationError) as same:
        workday_override_set(actor=staff, day=date(2024, 10, 1), is_workday=False)
    assert "is_workday" in same.value.message_dict
    with pytest.raises(ValidationError) as long_note:
        workday_override_set(actor=staff, day=date(2024, 10, 1), is_workday=True, note="说明" * 60)
    assert "note" in long_note.value.message_dict
    assert not WorkdayOverride.objects.exists()


@pytest.mark.parametrize("username", ["station_a_staff", "fed_b_staff", "member"])
def test_only_the_holder_of_the_action_on_the_root_may_change_the_calendar(
    username: str,
) -> None:
    world = build_world()
    with pytest.raises(OutOfScope):
        workday_override_set(
            actor=world.user(username), day=date(NEXT_YEAR, 3, 2), is_workday=False
        )
    override = WorkdayOverride.objects.create(day=date(NEXT_YEAR, 3, 3), is_workday=False)
    with pytest.raises(OutOfScope):
        workday_override_delete(actor=world.user(username), override=override)
    assert WorkdayOverride.objects.count() == 1


def test_the_page_shows_holidays_make_up_days_and_overrides(client: Client) -> None:
    world = build_world()
    WorkdayOverride.objects.create(day=date(2024, 10, 8), is_workday=False, note="补休")
    client.force_login(world.user("fed_staff"))
    response = client.get(reverse("core:calendar"), {"year": "2024"})
    assert response.status_code == 200
    days = {
        d.day: d
        for month in response.context["months"]
        for week in month["weeks"]
        for d in week
        if d is not None
    }
    assert len(days) == 366
    assert days[date(2024, 10, 1)].kind == "holiday" and days[date(2024, 10, 1)].name == "国庆节"
    assert days[date(2024, 9, 29)].kind == "makeup"  # a Sunday worked for National Day
    assert days[date(2024, 10, 5)].kind == "holiday"
    assert days[date(2024, 10, 12)].kind == "makeup"  # Saturday 12 October was worked
    assert days[date(2024, 10, 13)].kind == "weekend"
    assert days[date(2024, 10, 8)].override is not None and not days[date(2024, 10, 8)].workday
    assert days[date(2024, 10, 9)].kind == "workday"
    body = response.content.decode()
    assert "补休" in body and "国庆节" in body


def test_the_page_warns_when_next_year_is_not_covered(client: Client) -> None:
    world = build_world()
    client.force_login(world.user("fed_staff"))
    warning = "年的节假日和调休安排尚未录入"
    if calendar.package_covers(NEXT_YEAR):
        assert warning not in client.get(reverse("core:calendar")).content.decode()
        return
    assert warning in client.get(reverse("core:calendar")).content.decode()
    WorkdayOverride.objects.create(day=date(NEXT_YEAR, 1, 1), is_workday=False, note="元旦")
    assert warning not in client.get(reverse("core:calendar")).content.decode()


def test_the_form_sets_and_removes_an_override(client: Client) -> None:
    world = build_world()
    client.force_login(world.user("fed_staff"))
    day = date(NEXT_YEAR, 4, 6)
    response = client.post(
        reverse("core:calendar_override_set"),
        {"day": day.isoformat(), "is_workday": "0", "note": "清明节"},
    )
    if calendar.package_covers(NEXT_YEAR) and not calendar.is_workday(day):
        assert response.status_code == 200  # the package already says so: refused
        return
    assert response.status_code == 302
    assert response["Location"].endswith(f"?year={NEXT_YEAR}")
    override = WorkdayOverride.objects.get(day=day)
    assert not override.is_workday and override.note == "清明节"
    # a refusal is shown on the form, nothing written
    refused = client.post(reverse("core:calendar_override_set"), {"day": "", "is_workday": "1"})
    assert refused.status_code == 200 and refused.context["form"].errors
    response = client.post(reverse("core:calendar_override_delete", args=[override.pk]))
    assert response.status_code == 302
    assert not WorkdayOverride.objects.exists()
    assert client.get(reverse("core:calendar"), {"year": "nonsense"}).status_code == 200


def test_the_calendar_is_in_the_navigation_of_federation_staff_only(client: Client) -> None:
    world = build_world()
    client.force_login(world.user("fed_staff"))
    assert reverse("core:calendar") in client.get(reverse("core:home")).content.decode()
    client.force_login(world.user("station_a_staff"))
    assert reverse("core:calendar") not in client.get(reverse("core:home")).content.decode()
