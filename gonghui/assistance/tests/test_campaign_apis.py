"""The campaign API: the list and its filters, a campaign with its progress and the
engine's actions, its lines, and handing a line out with a signature data URL; the
operations are in the OpenAPI schema."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gonghui.assistance.choices import LineStatus
from gonghui.assistance.models import FundEntry, Receipt
from gonghui.assistance.tests import fixtures_campaigns as fx
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    fx.prepare(world)
    return world


def _client(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def test_the_list_answers_the_campaigns_in_scope_filtered(world: World) -> None:
    client = _client(world, "station_a_staff")
    body = client.get(reverse("api:assistance:campaign-list")).json()
    assert {row["name"] for row in body["results"]} == {"甲站春节送温暖", "甲站夏送清凉"}
    summer = client.get(reverse("api:assistance:campaign-list"), {"occasion": "summer"}).json()
    assert [row["name"] for row in summer["results"]] == ["甲站夏送清凉"]
    bad = client.get(reverse("api:assistance:campaign-list"), {"status": "nope"})
    assert bad.status_code == 400
    assert "status" in bad.json()["fields"]
    other = _client(world, "station_b_staff").get(reverse("api:assistance:campaign-list")).json()
    assert other["results"] == []


def test_the_detail_carries_progress_and_the_engines_actions(world: World) -> None:
    campaign = world.extra["campaign"]
    url = reverse("api:assistance:campaign-detail", args=[campaign.pk])
    body = _client(world, "fed_a_staff").get(url).json()
    assert body["progress"]["lines"] == 2
    assert body["progress"]["budget"] == "10000.00"
    assert [action["step"] for action in body["actions"]] == ["close"]
    assert [entry["step"] for entry in body["timeline"]] == ["create", "start"]
    assert _client(world, "station_a_staff").get(url).json()["actions"] == []


def test_the_lines_filter_by_status(world: World) -> None:
    campaign = world.extra["campaign"]
    fx.distribute(world, world.extra["line"], on=timezone.localdate())
    url = reverse("api:assistance:campaign-lines", args=[campaign.pk])
    done = _client(world, "station_a_staff").get(url, {"status": "distributed"}).json()
    assert [(row["name"], row["signed_by"]) for row in done["results"]] == [
        ("甲会员一", "甲会员一")
    ]


def _post(world: World, **changes: Any) -> Any:
    line = world.extra["line"]
    data = {
        "distributed_on": timezone.localdate().isoformat(),
        "signed_by": "甲会员一",
        "signature": fx.signature(),
        **changes,
    }
    url = reverse("api:assistance:line-distribute", args=[line.pk])
    return _client(world, "station_a_staff").post(url, data, format="json")


def test_a_line_is_handed_out_with_a_signature_data_url(world: World) -> None:
    answer = _post(world, person_times=2)
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["status"], answer.json()["person_times"]) == (LineStatus.DISTRIBUTED, 2)
    assert FundEntry.objects.get(line=world.extra["line"]).amount == Decimal("-700.00")


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("signature", {"signature": "data:image/png;base64,"}),
        ("signature", {"signature": fx.signature(blank=True)}),
        ("signed_by", {"signed_by": ""}),
        ("distributed_on", {"distributed_on": "2020-01-01"}),
        ("method", {"method": "scan"}),
    ],
)
def test_a_bad_distribution_answers_400_naming_the_field(
    world: World, field: str, changes: dict[str, Any]
) -> None:
    answer = _post(world, **changes)
    assert answer.status_code == 400
    assert field in answer.json()["fields"], answer.json()
    assert not Receipt.objects.exists()
    assert not FundEntry.objects.filter(line=world.extra["line"]).exists()


def test_the_operations_are_in_the_schema(world: World) -> None:
    client = _client(world, "station_a_staff")
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/assistance/campaigns/" in paths
    assert "/api/v1/assistance/campaigns/{id}/" in paths
    assert "post" in paths["/api/v1/assistance/campaigns/lines/{id}/distribute/"]
