"""The disputes' tiles on the staff workbench (``core.workbench``): cases waiting to be
accepted, due within 3 working days, overdue, and sessions scheduled this week. Each count
is the selector of the list its link opens, with the same filters and scoping action."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import DISPUTES_MEDIATE, DISPUTES_VIEW
from gonghui.core.calendar import week_of
from gonghui.core.scoping import Actor
from gonghui.core.workbench import Tile, register
from gonghui.disputes.choices import CaseStatus, SessionStatus
from gonghui.disputes.models import Session
from gonghui.disputes.selectors import case_list


def _cases(actor: Actor, **filters: Any) -> int:
    return case_list(actor=actor, action=DISPUTES_VIEW, **filters).count()


def _case_list(**filters: Any) -> str:
    return f"{reverse('disputes:case_list')}?{urlencode(filters)}"


def _sessions_this_week(actor: Actor) -> int:
    monday, sunday = week_of(timezone.localdate())
    return (
        Session.objects.for_actor(actor, DISPUTES_VIEW)
        .filter(status=SessionStatus.SCHEDULED, held_on__range=(monday, sunday))
        .count()
    )


register(
    Tile(
        key="cases_applied",
        label=_("待受理的调解申请"),
        action=DISPUTES_MEDIATE,
        count=lambda actor: _cases(actor, status=CaseStatus.APPLIED),
        url=lambda actor: _case_list(status=CaseStatus.APPLIED),
        order=20,
    )
)
register(
    Tile(
        key="cases_due_soon",
        label=_("3个工作日内到期的案件"),
        action=DISPUTES_MEDIATE,
        count=lambda actor: _cases(actor, due_soon=True),
        url=lambda actor: _case_list(due_soon="on"),
        urgent=True,
        order=21,
    )
)
register(
    Tile(
        key="cases_overdue",
        label=_("超期案件"),
        action=DISPUTES_MEDIATE,
        count=lambda actor: _cases(actor, overdue=True),
        url=lambda actor: reverse("disputes:case_overdue"),
        urgent=True,
        order=22,
    )
)
register(
    Tile(
        key="sessions_this_week",
        label=_("本周安排的调解"),
        action=DISPUTES_MEDIATE,
        count=_sessions_this_week,
        url=lambda actor: f"{reverse('disputes:session_week')}?status={SessionStatus.SCHEDULED}",
        order=23,
    )
)
