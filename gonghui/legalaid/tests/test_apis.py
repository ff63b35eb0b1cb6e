"""The legal-aid API: receiving an application (a missing matter named on its field),
taking steps through the engine, what a lawyer reads, and the member's own endpoints."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gonghui.core import pii
from gonghui.core.testing import World, build_world
from gonghui.legalaid.choices import Status
from gonghui.legalaid.models import LegalAidCase
from gonghui.legalaid.tests.fixtures import acting, application, eligibility_rules, firm, lawyer
from gonghui.portal.tests.access import OWNER, prepare_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    eligibility_rules(world)
    return world


def _client(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def _body(world: World, **changes: Any) -> dict[str, Any]:
    body = {
        "organization": world.station_a.pk,
        "received_on": "2026-11-02",
        "name": "接口申请人",
        "phone": "13600001111",
        "matter": "wages",
        "facts": "拖欠工资",
        "opposing_name": "甲科技有限公司",
        "opposing_code": world.entity_a.credit_code,
        "statuses": ["migrant"],
    }
    body.update(changes)
    return body


def test_receiving_without_a_matter_names_the_field_and_writes_nothing(world: World) -> None:
    response = _client(world, "station_a_staff").post(
        reverse("api:legalaid:case-create"), _body(world, matter=""), format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"]["matter"] == ["请选择援助事项"]
    assert not LegalAidCase.objects.exists()


def test_a_case_received_and_decided_through_the_api(world: World) -> None:
    staff = _client(world, "station_a_staff")
    created = staff.post(reverse("api:legalaid:case-create"), _body(world), format="json")
    assert created.status_code == 201, created.json()
    case = created.json()
    assert case["opposing_party"] == world.entity_a.pk
    assert case["phone"] == pii.mask_phone("13600001111")
    assert {a["step"] for a in case["actions"]} >= {"request_documents", "withdraw"}

    step = reverse("api:legalaid:case-step", args=[case["id"], "accept"])
    refused = staff.post(step, {"decided_on": "2026-11-03"}, format="json")
    assert refused.status_code == 403  # the station receives; the federation decides
    accepted = _client(world, "fed_staff").post(step, {"decided_on": "2026-11-03"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == Status.ACCEPTED
    assert accepted.json()["means_result"] == "exempt"


def test_a_lawyer_reads_their_cases_and_the_workers_phone(world: World) -> None:
    mine = acting(world, lawyer(world))
    other = acting(
        world,
        lawyer(world, "孙律师", at=firm(world, "另一所"), username="lawyer2", n=1),
        application(world, name="别人的当事人", opposing_party=world.entity_b),
    )
    client = _client(world, "lawyer")

    listed = client.get(reverse("api:legalaid:case-list")).json()["results"]
    assert [row["number"] for row in listed] == [mine.number]
    assert client.get(reverse("api:legalaid:case-detail", args=[other.pk])).status_code == 404
    detail = client.get(reverse("api:legalaid:case-detail", args=[mine.pk])).json()
    assert detail["phone"] == pii.display_phone(mine.phone)  # the lawyer calls the worker
    assert detail["id_number"] == pii.mask_id_number(mine.id_number)
    stage = client.post(
        reverse("api:legalaid:case-step", args=[mine.pk, "stage"]),
        {"kind": "negotiation", "started_on": str(date(2026, 11, 6))},
        format="json",
    )
    assert stage.status_code == 200 and stage.json()["stages"][0]["kind"] == "negotiation"


def test_a_member_applies_and_withdraws_through_the_member_api() -> None:
    world = build_world()
    prepare_members(world)
    eligibility_rules(world)
    client = _client(world, OWNER)
    body = {
        "name": "会员申请人",
        "id_number": "",
        "phone": "13600002222",
        "matter": "work_injury",
        "facts": "工伤未获赔偿",
        "opposing_name": "甲科技有限公司",
        "statuses": ["migrant"],
    }

    created = client.post(reverse("api:portal:legalaid-list"), body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert "cancel" in {a["step"] for a in created.json()["actions"]}
    step = reverse("api:portal:legalaid-step", args=[pk, "cancel"])
    assert client.post(step, {"reason": "已和解", "rating": 5}, format="json").status_code == 400
    done = client.post(step, {"reason": "已和解"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == Status.WITHDRAWN
