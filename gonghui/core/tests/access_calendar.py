"""Access cases of the working-day calendar. The calendar is one for the whole district,
so the pages require ``CALENDAR_MANAGE`` on the root (the federation): station staff do
not hold the action at all (403); ``fed_b_staff`` holds it over station B only, which is
not enough to change the district's calendar (404, as for a record outside the
subtree)."""

from datetime import date

from django.urls import reverse

from gonghui.core.models import WorkdayOverride
from gonghui.core.testing import AccessCase, World

FUTURE = date(date.today().year + 1, 2, 14)  # noqa: DTZ011 - a day of next year


def _override(world: World) -> None:
    world.extra["override"] = WorkdayOverride.objects.create(
        day=FUTURE, is_workday=False, note="测试"
    )


ACCESS_CASES = [
    AccessCase(
        name="core:calendar",
        url=lambda w: reverse("core:calendar"),
        unprivileged="station_a_staff",
        outsider="fed_b_staff",
    ),
    AccessCase(
        name="core:calendar_override_set",
        url=lambda w: reverse("core:calendar_override_set"),
        method="post",
        data=lambda w: {"day": FUTURE.isoformat(), "is_workday": "0", "note": "春节"},
        unprivileged="station_a_staff",
        outsider="fed_b_staff",
        success=(302,),
    ),
    AccessCase(
        name="core:calendar_override_delete",
        url=lambda w: reverse("core:calendar_override_delete", args=[w.extra["override"].pk]),
        method="post",
        prepare=_override,
        unprivileged="station_a_staff",
        outsider="fed_b_staff",
        success=(302,),
    ),
]
