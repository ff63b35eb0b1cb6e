"""Writes of the working-day calendar: the staff overrides (``WorkdayOverride``).

The calendar is one for the whole district, so only a user who holds
``CALENDAR_MANAGE`` on the root of the tree (the federation) may change it; anyone else
gets ``OutOfScope`` (404), like a record outside their subtree. Every change is audited
against the federation.
"""

from datetime import date, timedelta
from typing import Any

import chinese_calendar
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import CALENDAR_MANAGE
from gonghui.core import audit
from gonghui.core.calendar import package_covers
from gonghui.core.district import district_root, manages_district
from gonghui.core.models import AuditAction, WorkdayOverride
from gonghui.core.scoping import Actor, OutOfScope

YEARS_AHEAD = 2  # overrides may be entered up to the end of the year after next
YEARS_BACK = 10


def calendar_root() -> Any:
    """The node the calendar belongs to: the federation at the root of the tree."""
    return district_root()


def can_manage_calendar(actor: Actor) -> bool:
    return manages_district(actor, CALENDAR_MANAGE)


def _check(actor: Actor) -> Any:
    if not can_manage_calendar(actor):
        raise OutOfScope("calendar")
    return calendar_root()


def package_says(day: date) -> bool | None:
    """Whether the package counts ``day`` as a working day; None for a year it does not
    cover."""
    if not package_covers(day.year):
        return None
    return bool(chinese_calendar.is_workday(day))


@transaction.atomic
def workday_override_set(
    *, actor: Actor, day: date | None, is_workday: bool, note: str = ""
) -> WorkdayOverride:
    """Set a day as a working day or a day off, replacing an override of that day.
    Refused: no day, a year too far back or ahead, a note longer than 100 characters, and
    an override that says what the package already says (it would change nothing)."""
    root = _check(actor)
    errors: dict[str, Any] = {}
    note = " ".join((note or "").split())
    this_year = timezone.localdate().year
    if day is None:
        errors["day"] = _("请选择日期")
    elif not this_year - YEARS_BACK <= day.year <= this_year + YEARS_AHEAD:
        errors["day"] = _("只能调整 %(first)s 年至 %(last)s 年的日期") % {
            "first": this_year - YEARS_BACK,
            "last": this_year + YEARS_AHEAD,
        }
    elif package_says(day) == bool(is_workday):
        errors["is_workday"] = (
            _("%(day)s 按国家公布的安排已是工作日，无需调整")
            if is_workday
            else _("%(day)s 按国家公布的安排已是休息日，无需调整")
        ) % {"day": day}
    if len(note) > 100:
        errors["note"] = _("说明不能超过 100 个字")
    if errors:
        raise ValidationError(errors)
    assert day is not None
    existing = WorkdayOverride.objects.select_for_update().filter(day=day).first()
    before = audit.snapshot(existing) if existing else None
    override, created = WorkdayOverride.objects.update_or_create(
        day=day, defaults={"is_workday": bool(is_workday), "note": note}
    )
    kind = _("工作日") if override.is_workday else _("休息日")
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=override,
        organization=root,
        before=before,
        after=audit.snapshot(override),
        message=_("工作日调整：%(day)s 设为%(kind)s") % {"day": day, "kind": kind},
    )
    return override


@transaction.atomic
def workday_override_delete(*, actor: Actor, override: WorkdayOverride) -> None:
    """Remove an override: the day is again what the package (or the weekend) says."""
    root = _check(actor)
    override = WorkdayOverride.objects.select_for_update().get(pk=override.pk)
    before = audit.snapshot(override)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=override,
        organization=root,
        before=before,
        message=_("删除工作日调整：%(day)s") % {"day": override.day},
    )
    override.delete()


def year_is_covered(year: int) -> bool:
    """Whether the calendar knows ``year``: the package covers it or staff entered
    overrides in it."""
    if package_covers(year):
        return True
    first = date(year, 1, 1)
    return (
        WorkdayOverride.objects.filter(day__gte=first, day__lt=first + timedelta(days=366))
        .filter(day__year=year)
        .exists()
    )
