from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world, make_user
from gonghui.disputes.choices import CaseStatus
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.cases import case_accept
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.tests.access_api import (
    ACCEPTED_ON,
    EMPLOYEE_ID,
    apply,
    committee_at,
    prepare_case,
)

pytestmark = pytest.mark.django_db


def _client(world: World, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    return client


def _post(client: Client, name: str, case: MediationCase | None, body: dict[str, Any]) -> Any:
    url = reverse(f"api:disputes:{name}", kwargs={"pk": case.pk} if case else None)
    return client.post(url, data=body, content_type="application/json")


def test_a_case_without_applicants_is_refused_and_nothing_written() -> None:
    world = build_world()
    prepare_case(world)
    before = MediationCase.objects.count()
    response = _post(
        _client(world, "union_a_staff"),
        "case-list",
        None,
        {
            "committee": world.extra["committee"].pk,
            "applicants": [],
            "employer_name": "甲科技有限公司",
            "facts": "拖欠工资",
            "claims": [{"kind": "wages", "amount": "100.00"}],
        },
    )
    assert response.status_code == 400
    assert "applicants" in response.json()["fields"]
    assert MediationCase.objects.count() == before


def test_the_whole_workflow_through_the_api() -> None:
    world = build_world()
    prepare_case(world)
    case = world.extra["case"]
    client = _client(world, "union_a_staff")

    accepted = _post(client, "case-accept", case, {"accepted_on": "2026-11-03"})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "mediating"
    assert accepted.json()["deadline"] == "2026-11-18"

    early = _post(client, "case-sessions", case, {"held_on": "2026-11-02", "summary": "调解"})
    assert early.status_code == 400
    assert "held_on" in early.json()["fields"]
    assert _post(client, "case-sessions", case, {"held_on": "2026-11-04", "summary": "调解"})
    excess = {"terms": "支付工资及利息", "amount": "12000.00"}
    refused = _post(client, "case-agreement", case, excess)
    assert refused.status_code == 400
    assert "excess_note" in refused.json()["fields"]
    recorded = _post(client, "case-agreement", case, {**excess, "excess_note": "另付利息"})
    assert recorded.status_code == 201

    early_close = _post(client, "case-close", case, {"outcome": "agreement"})
    assert early_close.status_code == 400
    signed = {"parties_signed_on": "2026-11-10", "mediator_signed_on": "2026-11-10"}
    assert _post(client, "case-agreement-sign", case, signed).status_code == 200
    sealed = _post(client, "case-agreement-sign", case, {"sealed_on": "2026-11-10"})
    assert sealed.json()["agreement"]["is_effective"] is True
    paid = _post(client, "case-payments", case, {"paid_on": "2026-11-12", "amount": "7000"})
    assert paid.status_code == 201
    assert paid.json()["agreement"]["paid_total"] == "7000.00"
    over = _post(client, "case-payments", case, {"paid_on": "2026-11-12", "amount": "5000.01"})
    assert over.status_code == 400
    closed = _post(client, "case-close", case, {"outcome": "agreement", "closed_on": "2026-11-12"})
    assert closed.status_code == 200
    assert closed.json()["status"] == CaseStatus.CLOSED


def test_closing_without_an_outcome_is_refused() -> None:
    world = build_world()
    prepare_case(world)
    case_accept(actor=world.system, case=world.extra["case"], on=ACCEPTED_ON)
    response = _post(
        _client(world, "union_a_staff"), "case-close", world.extra["case"], {"outcome": ""}
    )
    assert response.status_code == 400
    assert "outcome" in response.json()["fields"]


def test_applicant_id_numbers_are_masked_unless_permitted_and_disclosure_recorded() -> None:
    world = build_world()
    prepare_case(world)
    url = reverse("api:disputes:case-detail", kwargs={"pk": world.extra["case"].pk})
    masked = _client(world, "union_a_staff").get(url).json()["applicants"][0]
    assert masked["id_number"] != EMPLOYEE_ID
    assert "*" in masked["phone"]
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()
    shown = _client(world, "pii_a_staff").get(url).json()["applicants"][0]
    assert shown["id_number"] == EMPLOYEE_ID
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).count() == 1


def test_the_overdue_filter_lists_cases_past_their_deadline() -> None:
    world = build_world()
    committee = committee_at(world)
    late = apply(world, committee, applied_on=date(2026, 9, 1))
    case_accept(actor=world.system, case=late, on=date(2026, 9, 2))
    fresh = apply(world, committee)
    url = reverse("api:disputes:case-list")
    client = _client(world, "union_a_staff")
    overdue = client.get(url, {"overdue": "true"}).json()["results"]
    assert [row["number"] for row in overdue] == [late.number]
    assert overdue[0]["overdue"] is True
    applied = client.get(url, {"status": "applied"}).json()["results"]
    assert [row["number"] for row in applied] == [fresh.number]


def test_a_mediator_reaches_only_the_cases_of_their_committee() -> None:
    world = build_world()
    prepare_case(world)
    other = apply(world, committee_at(world, world.union_b), employer=world.entity_b)
    mediator = make_user("mediator_a", Role.MEDIATOR, world.station_b)
    committee_seat(actor=world.system, committee=world.extra["committee"], user=mediator)
    world.users["mediator_a"] = mediator
    client = _client(world, "mediator_a")
    listed = client.get(reverse("api:disputes:case-list")).json()["results"]
    assert [row["number"] for row in listed] == [world.extra["case"].number]
    assert _post(client, "case-accept", other, {}).status_code == 404
    assert _post(client, "case-accept", world.extra["case"], {}).status_code == 200


def test_accepting_with_a_mediator_not_seated_answers_as_for_an_unknown_id() -> None:
    # given a case before union A's committee, union A's staff seated on it, and union B's
    # staff seated on union B's committee
    world = build_world()
    prepare_case(world)
    case = world.extra["case"]
    committee_seat(actor=world.system, committee=case.committee, user=world.user("union_a_staff"))
    committee_seat(
        actor=world.system,
        committee=committee_at(world, world.union_b),
        user=world.user("union_b_staff"),
    )
    client = _client(world, "union_a_staff")
    entries = AuditEntry.objects.count()

    # when the staff name someone seated elsewhere, and an id nobody has
    elsewhere = _post(client, "case-accept", case, {"mediators": [world.user("union_b_staff").pk]})
    unknown = _post(client, "case-accept", case, {"mediators": [99999]})

    # then both answers are the same 404, naming nobody, and nothing is written
    assert elsewhere.status_code == unknown.status_code == 404
    assert elsewhere.json() == unknown.json()
    assert elsewhere.json()["fields"] == {"mediators": ["未找到该记录，或不在您的管理范围内"]}
    assert "union_b_staff" not in elsewhere.content.decode()
    assert AuditEntry.objects.count() == entries
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLIED
    seated = _post(client, "case-accept", case, {"mediators": [world.user("union_a_staff").pk]})
    assert seated.status_code == 200
    assert seated.json()["mediators"] == [str(world.user("union_a_staff"))]


def test_signing_or_paying_without_an_agreement_is_the_engines_refusal() -> None:
    # given a case being mediated, with no agreement yet
    world = build_world()
    prepare_case(world)
    case = case_accept(actor=world.system, case=world.extra["case"], on=ACCEPTED_ON)
    client = _client(world, "union_a_staff")

    # when the API is asked to seal it, or to record a payment under it
    sealed = _post(client, "case-agreement-sign", case, {"sealed_on": "2026-11-10"})
    paid = _post(client, "case-payments", case, {"paid_on": "2026-11-12", "amount": "7000"})

    # then both answer 400 with the step's guard's message, and nothing is written
    assert (sealed.status_code, paid.status_code) == (400, 400)
    assert sealed.json()["fields"] == {"status": ["该案件尚无调解协议书"]}
    assert paid.json()["fields"] == {"status": ["协议书生效后才能登记履行"]}
    assert not hasattr(MediationCase.objects.get(pk=case.pk), "agreement")
