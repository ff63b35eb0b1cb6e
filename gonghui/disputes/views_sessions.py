"""The mediators' week (/disputes/sessions/): the sessions of a week, Monday to Sunday,
as a calendar of seven days, read through the one scoping rule (a mediator sees the
sessions of the committees they sit on, staff those of their subtree). ``?week=`` is any
day of the week wanted (default: this week), ``?mine=1`` only the sessions the user holds,
``?status=`` one status."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.accounts.roles import DISPUTES_VIEW
from gonghui.core.calendar import week_of
from gonghui.core.views import ScopedMixin
from gonghui.disputes.choices import SessionStatus
from gonghui.disputes.models import Session

WEEKDAYS = (
    _("星期一"),
    _("星期二"),
    _("星期三"),
    _("星期四"),
    _("星期五"),
    _("星期六"),
    _("星期日"),
)


@dataclass
class Day:
    day: date
    name: Any
    today: bool
    sessions: list[Session] = field(default_factory=list)


class SessionWeekView(ScopedMixin, TemplateView):
    model = Session
    action = DISPUTES_VIEW
    template_name = "disputes/session_week.html"
    title = _("调解日程")

    @cached_property
    def monday(self) -> date:
        asked = self.request.GET.get("week", "")
        try:
            day = parse_date(asked) if asked else None
        except ValueError:
            day = None
        return week_of(day or timezone.localdate())[0]

    @property
    def mine(self) -> bool:
        return self.request.GET.get("mine") == "1"

    @property
    def status(self) -> str:
        asked = self.request.GET.get("status", "")
        return asked if asked in SessionStatus.values else ""

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        rows = queryset.filter(held_on__range=(self.monday, self.monday + timedelta(days=6)))
        if self.mine:
            rows = rows.filter(mediator=self.request.user.pk)
        if self.status:
            rows = rows.filter(status=self.status)
        return rows.select_related("case", "mediator", "case__committee").order_by(
            "held_on", "starts_at", "pk"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        days = [
            Day(
                self.monday + timedelta(days=n),
                WEEKDAYS[n],
                self.monday + timedelta(days=n) == today,
            )
            for n in range(7)
        ]
        rows = list(self.get_queryset())
        for row in rows:
            days[(row.held_on - self.monday).days].sessions.append(row)
        context.update(
            days=days,
            count=len(rows),
            sunday=self.monday + timedelta(days=6),
            previous=(self.monday - timedelta(days=7)).isoformat(),
            following=(self.monday + timedelta(days=7)).isoformat(),
            this_week=week_of(today)[0] == self.monday,
            statuses=SessionStatus.choices,
        )
        return context
