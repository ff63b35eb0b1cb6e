"""The working-day calendar page (/calendar/): a year's days as ``core.calendar`` counts
them (weekends, public holidays, make-up working days, staff overrides), the form to set
an override and the buttons to remove one.

The calendar is one for the whole district, so the page requires ``CALENDAR_MANAGE`` held
on the root of the tree (the federation): a user who holds the action nowhere gets 403;
a user who holds it only on a subtree (a federation role assigned at a station) gets 404,
as for a record outside the subtree. Writes go through ``core.calendar_services``.
"""

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

import chinese_calendar
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gonghui.accounts.roles import CALENDAR_MANAGE
from gonghui.core import calendar
from gonghui.core.calendar_services import (
    workday_override_delete,
    workday_override_set,
    year_is_covered,
)
from gonghui.core.district import DistrictMixin
from gonghui.core.forms import DateField
from gonghui.core.models import WorkdayOverride
from gonghui.core.scoping import signed_in

WEEKDAYS = (
    gettext_lazy("一"),
    gettext_lazy("二"),
    gettext_lazy("三"),
    gettext_lazy("四"),
    gettext_lazy("五"),
    gettext_lazy("六"),
    gettext_lazy("日"),
)
HOLIDAY_NAMES = {
    "New Year's Day": gettext_lazy("元旦"),
    "Spring Festival": gettext_lazy("春节"),
    "Tomb-sweeping Day": gettext_lazy("清明节"),
    "Labour Day": gettext_lazy("劳动节"),
    "Dragon Boat Festival": gettext_lazy("端午节"),
    "National Day": gettext_lazy("国庆节"),
    "Mid-autumn Festival": gettext_lazy("中秋节"),
    "Anti-Fascist 70th Day": gettext_lazy("抗战胜利纪念日"),
}


class OverrideForm(forms.Form):
    day = DateField(label=gettext_lazy("日期"))
    is_workday = forms.TypedChoiceField(
        label=gettext_lazy("设为"),
        choices=[("1", gettext_lazy("工作日")), ("0", gettext_lazy("休息日"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=gettext_lazy("说明"), max_length=100, required=False)


@dataclass(frozen=True)
class Day:
    day: date
    workday: bool
    kind: str  # "workday", "weekend", "holiday", "makeup" (调休上班)
    name: str  # the holiday's name
    override: WorkdayOverride | None
    uncertain: bool  # a year nobody has entered: weekends assumed


def _day(day: date, override: WorkdayOverride | None, covered: bool) -> Day:
    weekend = day.weekday() >= 5
    name = ""
    if override is not None:
        workday = override.is_workday
    elif covered:
        workday = bool(chinese_calendar.is_workday(day))
        on_holiday, holiday = chinese_calendar.get_holiday_detail(day)
        if holiday:
            name = str(HOLIDAY_NAMES.get(holiday, holiday))
    else:
        workday = not weekend
    if workday:
        kind = "makeup" if weekend else "workday"
    else:
        kind = "weekend" if weekend and not name else "holiday"
    if kind == "workday":
        name = ""
    uncertain = override is None and not covered and not calendar.package_covers(day.year)
    return Day(day, workday, kind, name, override, uncertain)


def months(year: int) -> list[dict[str, Any]]:
    """The year's months as weeks of ``Day`` (None outside the month); one query."""
    overrides = {o.day: o for o in WorkdayOverride.objects.filter(day__year=year).order_by("day")}
    covered = calendar.package_covers(year)
    weeks_of = month_calendar.Calendar(firstweekday=0)
    result = []
    for month in range(1, 13):
        weeks = [
            [_day(d, overrides.get(d), covered) if d.month == month else None for d in week]
            for week in weeks_of.monthdatescalendar(year, month)
        ]
        result.append({"month": month, "weeks": weeks})
    return result


class CalendarAccessMixin(DistrictMixin):
    """403 without ``CALENDAR_MANAGE`` anywhere; 404 when it is not held on the root."""

    manage_action = CALENDAR_MANAGE


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        return today.year
    return year if 1990 <= year <= today.year + 5 else today.year


class CalendarView(CalendarAccessMixin, View):
    template_name = "core/calendar.html"
    title = gettext_lazy("工作日历")

    def render(self, request: HttpRequest, year: int, form: OverrideForm) -> HttpResponse:
        next_year = timezone.localdate().year + 1
        context = {
            "view": self,
            "year": year,
            "previous_year": year - 1,
            "following_year": year + 1,
            "months": months(year),
            "weekdays": WEEKDAYS,
            "overrides": WorkdayOverride.objects.filter(day__year=year).order_by("day"),
            "form": form,
            "package_covers": calendar.package_covers(year),
            "next_year": next_year,
            "next_year_missing": not year_is_covered(next_year),
            "year_missing": not year_is_covered(year),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        year = _year(request)
        return self.render(request, year, OverrideForm())


class OverrideSetView(CalendarView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("core:calendar")

    def post(self, request: HttpRequest) -> HttpResponse:
        actor = signed_in(request.user)
        if actor is None:
            return self.handle_no_permission()
        form = OverrideForm(request.POST)
        year = _year(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                override = workday_override_set(
                    actor=actor,
                    day=data["day"],
                    is_workday=data["is_workday"],
                    note=data["note"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("已保存：%(override)s") % {"override": override})
                return redirect(f"{reverse('core:calendar')}?year={override.day.year}")
        if form.cleaned_data.get("day"):
            year = form.cleaned_data["day"].year
        return self.render(request, year, form)


class OverrideDeleteView(CalendarAccessMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        actor = signed_in(request.user)
        if actor is None:
            return self.handle_no_permission()
        override = get_object_or_404(WorkdayOverride, pk=pk)
        year = override.day.year
        workday_override_delete(actor=actor, override=override)
        messages.success(request, _("已删除 %(day)s 的调整") % {"day": override.day})
        return redirect(f"{reverse('core:calendar')}?year={year}")
