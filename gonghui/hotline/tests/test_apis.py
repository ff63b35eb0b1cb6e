"""The ticket API through the test client: the list's flags, the masked phone, the
steps' refusals in the error shape, registering and its refusal of a number twice."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.testing import build_world
from gonghui.hotline.tests.fixtures import dispatched, in_progress

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_list_carries_overdue_flags_and_the_detail_masks_the_phone() -> None:
    world = build_world()
    ticket = dispatched(world)
    client = _client(world.user("union_a_staff"))

    rows = client.get(reverse("api:hotline:ticket-list")).json()["results"]
    assert [(r["number"], r["overdue"], r["overdue_contact"]) for r in rows] == [
        (ticket.number, True, True)
    ]
    detail = client.get(reverse("api:hotline:ticket-detail", args=[ticket.pk])).json()
    assert detail["caller_phone"] == "139****2222"
    assert [c["name"] for c in detail["clocks"]] == ["contact", "handling", "completion"]
    assert "contact" in [a["step"] for a in detail["actions"]]


def test_a_step_without_its_required_field_is_a_400_naming_it() -> None:
    world = build_world()
    ticket = in_progress(world)
    client = _client(world.user("union_a_staff"))
    url = reverse("api:hotline:ticket-step", args=[ticket.pk, "complete"])

    refused = client.post(url, {"answer": ""}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["fields"]["answer"] == ["请填写答复内容"]
    done = client.post(url, {"answer": "已答复"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "completed"


def test_registering_twice_is_refused_on_the_number() -> None:
    world = build_world()
    client = _client(world.user("station_a_staff"))
    body = {
        "organization": world.station_a.pk,
        "source": "12345",
        "number": "API-1",
        "received_at": "2026-11-02T09:00:00+08:00",
        "request": "反映拖欠工资",
        "category": "wages",
    }
    url = reverse("api:hotline:ticket-create")

    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["fields"]["number"] == ["该来源的工单编号已存在"]
    outside = client.post(
        url, {**body, "organization": world.union_b.pk}, content_type="application/json"
    )
    assert outside.status_code == 404
