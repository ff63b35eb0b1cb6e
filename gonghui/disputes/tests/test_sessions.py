"""Mediation sessions scheduled ahead (day, time, place, mediator), recorded when held or
called off; the applicants and the mediator are told; the mediators' week shows them."""

from datetime import time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditEntry, Notice
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import available
from gonghui.disputes.choices import Outcome, SessionStatus
from gonghui.disputes.models import MediationCase, Session
from gonghui.disputes.services.cases import (
    case_accept,
    case_close,
    session_call_off,
    session_log,
    session_schedule,
)
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.tests.access_api import apply, committee_at, prepare_case, prepare_seated

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + timedelta(days=1)


def _world(prepare: Any = prepare_seated) -> tuple[World, MediationCase]:
    world = build_world()
    prepare(world)
    case = MediationCase.objects.get(pk=world.extra["case"].pk)
    return world, case


def _schedule(world: World, case: MediationCase, **changes: Any) -> Session:
    values: dict[str, Any] = {
        "actor": world.system,
        "case": case,
        "on": TOMORROW,
        "starts_at": time(9, 30),
        "place": "第一调解室",
        "mediator": world.user("union_a_staff"),
    }
    values.update(changes)
    return session_schedule(**values)


def _refused(call: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_session_is_scheduled_with_day_time_place_and_mediator() -> None:
    world, case = _world()

    row = _schedule(world, case)

    row.refresh_from_db()
    assert (row.status, row.held_on, row.starts_at, row.place) == (
        SessionStatus.SCHEDULED,
        TOMORROW,
        time(9, 30),
        "第一调解室",
    )
    assert row.mediator == world.user("union_a_staff")
    case = MediationCase.objects.prefetch_related("sessions").get(pk=case.pk)
    assert case.next_session == row
    assert AuditEntry.objects.filter(object_id=str(row.pk), content_type__model="session").exists()


def test_the_applicants_and_the_mediator_are_told() -> None:
    world, case = _world()
    MediationCase.objects.filter(pk=case.pk).update(applicant_user=world.user("member"))
    case.refresh_from_db()

    _schedule(world, case)

    told = Notice.objects.filter(title__contains=TOMORROW.isoformat())
    # the account that applied; the applicant's phone (no account of theirs)
    assert {(n.user_id, n.phone[-11:]) for n in told if n.kind != "assignment"} == {
        (world.user("member").pk, world.user("member").phone[-11:]),
        (None, "13700001234"),
    }
    assigned = Notice.objects.get(kind="assignment", user=world.user("union_a_staff"))
    assert case.number in assigned.title


def test_bad_schedules_are_refused_and_nothing_is_written() -> None:
    world, case = _world()
    yesterday = timezone.localdate() - timedelta(days=1)

    assert list(_refused(lambda: _schedule(world, case, on=yesterday))) == ["on"]
    assert list(_refused(lambda: _schedule(world, case, place="  "))) == ["place"]
    assert list(_refused(lambda: _schedule(world, case, mediator=world.user("union_b_staff")))) == [
        "mediator"
    ]
    _schedule(world, case)
    # the same mediator at the same time, for another matter
    assert list(_refused(lambda: _schedule(world, case, place="第二调解室"))) == ["starts_at"]
    assert Session.objects.count() == 1
    assert not Notice.objects.filter(title__contains=yesterday.isoformat()).exists()


def test_a_case_not_yet_accepted_cannot_have_a_session_scheduled() -> None:
    world, case = _world(prepare_case)
    committee_seat(actor=world.system, committee=case.committee, user=world.user("union_a_staff"))

    refused = _refused(lambda: _schedule(world, case))

    assert "受理后" in refused["status"][0]
    assert "schedule" not in [step.name for step in available(world.user("union_a_staff"), case)]
    assert not Session.objects.exists()


def test_recording_the_scheduled_session_marks_it_held() -> None:
    world, case = _world()
    today = timezone.localdate()
    row = _schedule(world, case, on=today, starts_at=time(0, 5))

    held = session_log(
        actor=world.system, case=case, held_on=today, summary="双方到场。", session=row
    )

    assert held.pk == row.pk
    row.refresh_from_db()
    assert (row.status, row.summary) == (SessionStatus.HELD, "双方到场。")
    assert Session.objects.count() == 1
    # a session already held is not among those the form offers
    assert list(
        _refused(
            lambda: session_log(
                actor=world.system, case=case, held_on=today, summary="又一次。", session=row
            )
        )
    ) == ["session"]


def test_a_session_of_another_case_cannot_be_recorded_or_called_off() -> None:
    world, case = _world()
    other = case_accept(actor=world.system, case=apply(world, case.committee), on=case.accepted_on)
    planned = _schedule(world, case)
    _schedule(world, other, starts_at=time(15, 0))  # its own, so calling off is offered

    refused = _refused(
        lambda: session_call_off(actor=world.system, case=other, session=planned, reason="改期")
    )
    logged = _refused(
        lambda: session_log(
            actor=world.system,
            case=other,
            held_on=timezone.localdate(),
            summary="调解。",
            session=planned,
        )
    )

    assert list(refused) == list(logged) == ["session"]
    planned.refresh_from_db()
    assert planned.status == SessionStatus.SCHEDULED


def test_calling_off_tells_the_applicants_and_keeps_the_row() -> None:
    world, case = _world()
    row = _schedule(world, case)

    assert list(
        _refused(lambda: session_call_off(actor=world.system, case=case, session=row, reason=" "))
    ) == ["cancel_reason"]
    session_call_off(actor=world.system, case=case, session=row, reason="申请人请求改期")

    row.refresh_from_db()
    assert (row.status, row.cancel_reason) == (SessionStatus.CANCELLED, "申请人请求改期")
    assert [n.phone[-11:] for n in Notice.objects.filter(title__contains="已取消")] == [
        "13700001234"
    ]
    assert "cancel_session" not in [
        step.name for step in available(world.user("union_a_staff"), case)
    ]


def test_closing_a_case_calls_off_its_planned_sessions() -> None:
    world, case = _world()
    row = _schedule(world, case)

    case_close(actor=world.system, case=case, outcome=Outcome.WITHDRAWAL, note="撤回")

    row.refresh_from_db()
    assert (row.status, row.cancel_reason) == (SessionStatus.CANCELLED, "案件已结案")


def _client(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def test_the_schedule_page_refuses_a_past_day_with_a_message() -> None:
    world, case = _world()
    url = reverse("disputes:session_schedule", args=[case.pk])
    yesterday = timezone.localdate() - timedelta(days=1)

    answer = _client(world, "union_a_staff").post(
        url,
        {
            "on": yesterday.isoformat(),
            "starts_at": "10:00",
            "place": "调解室",
            "mediator": world.user("union_a_staff").pk,
        },
    )

    assert answer.status_code == 200
    assert "调解日期不能早于今天" in answer.content.decode()
    assert not Session.objects.exists()


def test_the_week_shows_the_sessions_of_the_users_scope() -> None:
    world, case = _world()
    row = _schedule(world, case)
    url = reverse("disputes:session_week")

    mine = _client(world, "union_a_staff").get(url, {"week": TOMORROW.isoformat(), "mine": "1"})
    other = _client(world, "union_b_staff").get(url, {"week": TOMORROW.isoformat()})
    next_week = _client(world, "union_a_staff").get(
        url, {"week": (TOMORROW + timedelta(days=7)).isoformat()}
    )

    assert mine.status_code == 200 and case.number in mine.content.decode()
    assert "第一调解室" in mine.content.decode() and "09:30" in mine.content.decode()
    assert mine.context["count"] == 1
    assert other.status_code == 200 and case.number not in other.content.decode()
    assert next_week.context["count"] == 0
    # a malformed week is this week, not an error
    assert _client(world, "union_a_staff").get(url, {"week": "2026-13-45"}).status_code == 200
    assert row.pk


def test_the_member_sees_the_session_scheduled_on_the_portal() -> None:
    world, case = _world()
    MediationCase.objects.filter(pk=case.pk).update(applicant_user=world.user("member"))
    _schedule(world, case)

    page = _client(world, "member").get(f"/portal/mediation/{case.pk}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert TOMORROW.isoformat() in text and "09:30" in text and "第一调解室" in text


def test_every_applicant_of_a_group_case_hears_of_its_acceptance() -> None:
    world = build_world()
    committee = committee_at(world)
    case = apply(
        world,
        committee,
        applicants=[
            {"name": "工人甲", "phone": "13700000001"},
            {"name": "工人乙", "phone": "13700000002"},
            {"name": "工人丙"},  # no phone, no record: nobody to tell
        ],
    )

    case_accept(actor=world.system, case=case, on=case.applied_on)

    accepted = [n.phone[-11:] for n in Notice.objects.filter(title__contains="受理")]
    assert sorted(accepted) == ["13700000001", "13700000002"]


def test_a_step_taken_on_the_page_says_so_once() -> None:
    world, case = _world()
    client = _client(world, "union_a_staff")

    answer = client.post(
        reverse("disputes:session_schedule", args=[case.pk]),
        {
            "on": TOMORROW.isoformat(),
            "starts_at": "10:00",
            "place": "调解室",
            "mediator": world.user("union_a_staff").pk,
        },
        follow=True,
    )

    shown = [str(message) for message in answer.context["messages"]]
    assert shown == ["已安排调解，申请人将收到通知"]
