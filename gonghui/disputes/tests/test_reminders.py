"""Deadline reminders: within three days or past the deadline, to the assigned mediators
(else the committee's), once per mediator, case and day."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.core.deadlines import reminders_send as deadline_reminders_send
from gonghui.core.models import Notice, NoticeKind
from gonghui.core.tasks import send_deadline_reminders
from gonghui.core.testing import World, build_world, make_user
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.cases import case_accept
from gonghui.disputes.services.committees import committee_create, committee_seat
from gonghui.disputes.tests.access import COMMITTEE_NAME, apply

pytestmark = pytest.mark.django_db


def _accepted(world: World, days_ago: int, mediators: list | None = None) -> MediationCase:
    day = timezone.localdate() - timedelta(days=days_ago)
    case = apply(world, world.extra["committee"], applied_on=day)
    return case_accept(actor=world.system, case=case, on=day, mediators=mediators)


@pytest.fixture
def world() -> World:
    world = build_world()
    committee = committee_create(
        actor=world.system, organization=world.union_a, name=COMMITTEE_NAME
    )
    world.extra["mediator"] = make_user("mediator_a", Role.MEDIATOR, world.union_a)
    for user in (world.user("union_a_staff"), world.extra["mediator"]):
        committee_seat(actor=world.system, committee=committee, user=user)
    world.extra["committee"] = committee
    return world


def test_reminders_go_once_a_day_to_the_assigned_mediators(world: World) -> None:
    mediator = world.extra["mediator"]
    overdue = _accepted(world, days_ago=25, mediators=[mediator])
    _accepted(world, days_ago=0)  # its deadline is two weeks away: no reminder

    assert send_deadline_reminders.delay().get() == 1
    assert deadline_reminders_send() == 0  # the same day: nothing new

    notice = Notice.objects.get(kind=NoticeKind.REMINDER)  # the other: the assignment
    assert notice.user == mediator
    assert overdue.number in notice.title and "已超期" in notice.title
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert deadline_reminders_send(tomorrow) == 1


def test_without_assigned_mediators_the_committee_is_reminded(world: World) -> None:
    case = _accepted(world, days_ago=13)  # due within three days
    case.refresh_from_db()

    call_command("send_deadline_reminders")

    # the reminders (the applicant was told of the acceptance too: another kind)
    reminders = Notice.objects.filter(kind=NoticeKind.REMINDER)
    assert set(reminders.values_list("user__username", flat=True)) == {
        "union_a_staff",
        "mediator_a",
    }
    if case.due_on and case.due_on >= timezone.localdate():
        assert "到期" in reminders.first().title  # type: ignore[union-attr]


def test_closed_or_extended_cases_are_not_reminded(world: World) -> None:
    case = _accepted(world, days_ago=25)
    extended = timezone.localdate() + timedelta(days=10)
    MediationCase.objects.filter(pk=case.pk).update(extended_to=extended, due_on=extended)

    assert deadline_reminders_send() == 0


def test_a_run_started_while_another_holds_the_day_sends_nothing(world: World) -> None:
    # given an overdue case and a run of today's reminders already under way
    from django.core.cache import cache

    from gonghui.core.deadlines import REMINDER_LOCK

    _accepted(world, days_ago=25, mediators=[world.extra["mediator"]])
    cache.add(REMINDER_LOCK % timezone.localdate().isoformat(), "1")

    # when a second run starts, then after the first has finished
    overlapping = deadline_reminders_send()
    cache.delete(REMINDER_LOCK % timezone.localdate().isoformat())
    later = deadline_reminders_send()

    # then only one notice is sent
    assert (overlapping, later) == (0, 1)


def test_reminders_cost_the_same_queries_for_one_case_and_for_four(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts: list[int] = []
    for n in (1, 4):
        for _ in range(n if not counts else n - 1):
            _accepted(world, days_ago=25, mediators=[world.extra["mediator"]])
        Notice.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            deadline_reminders_send()
        counts.append(
            len(
                [
                    q
                    for q in queries
                    if "core_notice" in q["sql"] and q["sql"].lstrip().upper().startswith("SELECT")
                ]
            )
        )
    # the notices already sent today are read once, not once per case
    assert counts[0] == counts[1]
