"""The member API of a congress representative: the open sessions, submitting a
proposal, following its answer and rating it; a member without a seat sees nothing and
reaches no one's proposal."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gonghui.bargaining.choices import ProposalStatus
from gonghui.bargaining.models import Proposal
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take
from gonghui.portal.selectors import person_of
from gonghui.portal.tests.access import OTHER_WITH_RECORD, OWNER, prepare_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    prepare_members(world)
    return world


def _client(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def _url(name: str, *args: Any) -> str:
    return reverse(f"api:portal:{name}", args=args or None)


def _seated(world: World, *usernames: str, close_in: int = 5) -> Any:
    """A term running now with the members' seats, and a session whose window is open."""
    today = timezone.localdate()
    term = congresses.term_create(
        world.system,
        congress=f.congress(world),
        number=1,
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=900),
        entities=[world.entity_a],
    )
    rows = [
        {"name": f"会员代表{n}", "group": "front_line", "person": person_of(world.user(name))}
        for n, name in enumerate(usernames)
    ]
    rows += [{"name": f"代表{n}", "group": "front_line"} for n in range(8)]
    congresses.representatives_elect(
        world.system, term=term, elected_on=today - timedelta(days=200), rows=rows
    )
    return congresses.session_create(
        world.system,
        term=term,
        number=1,
        held_on=today + timedelta(days=10),
        proposals_open_on=today - timedelta(days=5),
        proposals_close_on=today + timedelta(days=close_in),
    )


def test_a_representative_submits_follows_and_rates_a_proposal(world: World) -> None:
    session = _seated(world, OWNER)
    client = _client(world, OWNER)

    sessions = client.get(_url("bargaining-session-list")).json()
    assert [row["id"] for row in sessions] == [session.pk]
    body = {"session": session.pk, "title": "延长午休时间", "content": "午休过短"}
    created = client.post(_url("bargaining-proposal-list"), body, format="json")
    assert created.status_code == 201, created.json()
    proposal = created.json()
    assert proposal["status"] == ProposalStatus.SUBMITTED and proposal["actions"] == []

    staff = world.user("union_a_staff")
    row = Proposal.objects.get(pk=proposal["id"])
    take(staff, row, "assign", department="人力资源部")
    take(staff, row, "answer", answer="自下月起午休延长至一小时")
    detail = client.get(_url("bargaining-proposal-detail", row.pk)).json()
    assert detail["answer"] == "自下月起午休延长至一小时"
    assert [a["step"] for a in detail["actions"]] == ["rate"]

    rate = _url("bargaining-proposal-rate", row.pk)
    refused = client.post(rate, {"satisfaction": "great"}, format="json")
    assert refused.status_code == 400 and "satisfaction" in refused.json()["fields"]
    rated = client.post(rate, {"satisfaction": "basically", "note": "希望尽快落实"}, format="json")
    assert rated.status_code == 200 and rated.json()["satisfaction"] == "basically"
    assert rated.json()["actions"] == []
    again = client.post(rate, {"satisfaction": "satisfied"}, format="json")
    assert again.status_code == 400 and "status" in again.json()["fields"]
    listed = client.get(_url("bargaining-proposal-list")).json()["results"]
    assert [item["number"] for item in listed] == [row.number]


def test_a_member_without_a_seat_sees_nothing_and_submits_nothing(world: World) -> None:
    session = _seated(world, OWNER)
    mine = _client(world, OWNER).post(
        _url("bargaining-proposal-list"),
        {"session": session.pk, "title": "增设母婴室", "content": "x"},
        format="json",
    )
    assert mine.status_code == 201
    other = _client(world, OTHER_WITH_RECORD)

    assert other.get(_url("bargaining-session-list")).json() == []
    assert other.get(_url("bargaining-proposal-list")).json()["results"] == []
    pk = mine.json()["id"]
    assert other.get(_url("bargaining-proposal-detail", pk)).status_code == 404
    rating = {"satisfaction": "satisfied"}
    assert (
        other.post(_url("bargaining-proposal-rate", pk), rating, format="json").status_code == 404
    )
    submitted = other.post(
        _url("bargaining-proposal-list"),
        {"session": session.pk, "title": "冒名提案", "content": "x"},
        format="json",
    )
    assert submitted.status_code == 404 and "session" in submitted.json()["fields"]
    assert Proposal.objects.count() == 1


def test_a_session_whose_window_closed_is_not_offered(world: World) -> None:
    session = _seated(world, OWNER, close_in=-1)
    client = _client(world, OWNER)

    assert client.get(_url("bargaining-session-list")).json() == []
    late = client.post(
        _url("bargaining-proposal-list"),
        {"session": session.pk, "title": "迟交的提案", "content": "x"},
        format="json",
    )
    assert late.status_code == 404
    assert not Proposal.objects.exists()


def test_staff_accounts_use_the_staff_endpoints(world: World) -> None:
    response = _client(world, "union_a_staff").get(_url("bargaining-proposal-list"))

    assert response.status_code == 403
