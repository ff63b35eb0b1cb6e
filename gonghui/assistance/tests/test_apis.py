"""The staff API of files and aid: the three levels taken through the one step endpoint
(the body parsed by the step's own form: unknown fields and missing reasons refused on
their field), the actions the engine offers, masked personal data."""

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gonghui.assistance.services.aid import aid_apply
from gonghui.assistance.services.files import file_create
from gonghui.assistance.tests.fixtures import aid_kinds, file_fields, income_lines, member
from gonghui.core.testing import build_world

pytestmark = pytest.mark.django_db


def _client(world: Any, key: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(key))
    return client


def _step(world: Any, key: str, name: str, pk: int, step: str, **data: Any) -> Any:
    url = reverse(f"api:assistance:{name}-step", args=[pk, step])
    return _client(world, key).post(url, data, format="json")


def test_a_file_through_the_three_levels_by_the_api() -> None:
    world = build_world()
    income_lines()
    created = _client(world, "union_a_staff").post(
        reverse("api:assistance:file-create"),
        {
            "id_number": member(world).id_number,
            "causes": ["illness"],
            "worker_income": "2000",
            "household": [{"name": "李妻", "relation": "spouse", "situation": "ill"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "filed" and body["tier"] == "deep"
    assert "*" in body["id_number"]  # no personal-data permission
    assert body["actions"] == []  # the union's staff may not check
    pk = body["id"]

    unknown = _step(world, "station_a_staff", "file", pk, "check", opinion="好", amount="1")
    assert unknown.status_code == 400 and "amount" in unknown.json()["fields"]
    no_reason = _step(world, "station_a_staff", "file", pk, "check_send_back")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    checked = _step(world, "station_a_staff", "file", pk, "check", opinion="属实")
    assert checked.status_code == 200 and checked.json()["status"] == "checked"
    again = _step(world, "station_a_staff", "file", pk, "check")
    assert again.status_code == 400
    approved = _step(world, "fed_staff", "file", pk, "approve", opinion="同意")
    assert approved.json()["status"] == "active"
    steps = [entry["step"] for entry in approved.json()["timeline"]]
    assert steps == ["file", "check", "approve"]
    assert _step(world, "fed_staff", "file", pk, "no_such_step").status_code == 404


def test_an_application_by_the_api_names_its_bad_fields() -> None:
    world = build_world()
    income_lines()
    kinds = aid_kinds()
    person = member(world)
    client = _client(world, "union_a_staff")
    body = {
        "id_number": person.id_number,
        "kind": "temporary",
        "round": kinds["closed"].pk,
        "cause": "illness",
        "reason": "住院",
        "amount_requested": "1000.001",
    }
    refused = client.post(reverse("api:assistance:aid-create"), body, format="json")
    assert refused.status_code == 400
    assert "amount_requested" in refused.json()["fields"]

    body |= {"round": kinds["round"].pk, "amount_requested": "1000"}
    created = client.post(reverse("api:assistance:aid-create"), body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "filed"
    filer = _step(world, "union_a_staff", "aid", created.json()["id"], "check")
    assert filer.status_code in (400, 403, 404)


def test_the_filer_is_refused_at_the_next_level_by_the_api() -> None:
    world = build_world()
    income_lines()
    kinds = aid_kinds()
    application = aid_apply(
        actor=world.user("fed_staff"),
        person=member(world),
        kind=kinds["temporary"],
        round=kinds["round"],
        cause="illness",
        reason="住院",
        amount_requested="1000",
    )
    response = _step(world, "fed_staff", "aid", application.pk, "check")
    assert response.status_code == 400
    assert "本人" in str(response.json()["fields"])
    file = file_create(
        actor=world.user("union_a_staff"), person=member(world, name="乙"), **file_fields()
    )
    detail = _client(world, "station_a_staff").get(
        reverse("api:assistance:file-detail", args=[file.pk])
    )
    assert [a["step"] for a in detail.json()["actions"]] == [
        "check",
        "check_send_back",
        "check_reject",
    ]
