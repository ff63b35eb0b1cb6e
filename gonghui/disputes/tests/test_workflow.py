"""Mediation cases on the one workflow engine: what the page and the API offer comes from
``core.workflow.available``; every step leaves a line in the case's timeline; a refused
step answers the error shape on the API and a message on the page."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import Notice
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import available, timeline
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.cases import case_accept, case_close, session_log
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.tests.access_api import ACCEPTED_ON, prepare_case

pytestmark = pytest.mark.django_db


def _client(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def _steps(world: World, user: str, case: MediationCase) -> list[str]:
    case.refresh_from_db()
    return [step.name for step in available(world.user(user), case)]


def _api(client: Client, name: str, case: MediationCase, body: Any = None) -> Any:
    url = reverse(f"api:disputes:{name}", kwargs={"pk": case.pk})
    if body is None:
        return client.get(url)
    return client.post(url, data=body, content_type="application/json")


def test_what_a_case_offers_follows_its_state_and_the_users_scope() -> None:
    world = build_world()
    prepare_case(world)
    case: MediationCase = world.extra["case"]

    applied = _steps(world, "union_a_staff", case)
    case_accept(actor=world.system, case=case, on=ACCEPTED_ON)
    mediating = _steps(world, "union_a_staff", case)

    assert applied == ["accept", "decline", "transfer"]
    assert mediating == ["schedule", "session", "agreement", "extend", "close", "transfer"]
    assert _steps(world, "union_b_staff", case) == []


def test_the_api_detail_carries_actions_and_the_timeline() -> None:
    world = build_world()
    prepare_case(world)
    case: MediationCase = world.extra["case"]
    case_accept(actor=world.system, case=case, on=ACCEPTED_ON)
    session_log(actor=world.system, case=case, held_on=ACCEPTED_ON, summary="首次调解")

    body = _api(_client(world, "union_a_staff"), "case-detail", case).json()

    assert [a["step"] for a in body["actions"]] == [
        "schedule",
        "session",
        "agreement",
        "extend",
        "close",
        "transfer",
    ]
    assert [(e["step"], e["from_state"], e["to_state"]) for e in body["timeline"]] == [
        ("apply", "", "applied"),
        ("accept", "applied", "mediating"),
        ("session", "mediating", ""),
    ]


def test_a_step_the_state_refuses_answers_the_error_shape_in_chinese() -> None:
    world = build_world()
    prepare_case(world)
    case: MediationCase = world.extra["case"]

    response = _api(
        _client(world, "union_a_staff"),
        "case-sessions",
        case,
        {"held_on": "2026-11-03", "summary": "x"},
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"status": ["案件受理后才能记录调解"]}
    assert [entry.step for entry in timeline(case)] == ["apply"]


def test_a_failed_case_offers_arbitration_once() -> None:
    world = build_world()
    prepare_case(world)
    case: MediationCase = world.extra["case"]
    case_accept(actor=world.system, case=case, on=ACCEPTED_ON)
    case_close(actor=world.system, case=case, outcome="failure", on=ACCEPTED_ON)

    before = _steps(world, "union_a_staff", case)
    page = _client(world, "union_a_staff").get(reverse("disputes:case_detail", args=[case.pk]))
    _api(_client(world, "union_a_staff"), "case-arbitration", case, {})

    assert before == ["arbitration"]
    assert reverse("disputes:case_arbitration", args=[case.pk]) in page.content.decode()
    assert _steps(world, "union_a_staff", case) == []
    assert timeline(case)[-1].label == "移送仲裁"


def test_scheduling_a_session_keeps_the_state_and_tells_the_applicant() -> None:
    world = build_world()
    prepare_case(world)
    case: MediationCase = world.extra["case"]
    MediationCase.objects.filter(pk=case.pk).update(applicant_user=world.user("member"))
    case.refresh_from_db()
    case_accept(actor=world.system, case=case, on=ACCEPTED_ON)
    committee_seat(actor=world.system, committee=case.committee, user=world.user("union_a_staff"))
    client = _client(world, "union_a_staff")
    later = timezone.localdate() + timedelta(days=3)
    slot = {"starts_at": "09:30", "place": "调解室", "mediator": world.user("union_a_staff").pk}

    past = _api(client, "case-schedule", case, {"on": "2026-01-05", **slot})
    body = _api(client, "case-schedule", case, {"on": later.isoformat(), **slot}).json()

    assert past.status_code == 400 and list(past.json()["fields"]) == ["on"]
    planned = body["next_session"]
    assert (body["status"], planned["held_on"], planned["starts_at"], planned["place"]) == (
        "mediating",
        later.isoformat(),
        "09:30",
        "调解室",
    )
    assert body["timeline"][-1]["step"] == "schedule"
    notice = Notice.objects.filter(user=world.user("member")).first()
    assert notice is not None and later.isoformat() in notice.title
