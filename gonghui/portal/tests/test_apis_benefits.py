"""The member API of universal benefits: the campaigns open to me with what is left, a
claim (201), its retry (200, the same voucher), each refusal answered 400 with its own
code and nothing written, and my vouchers with their QR codes."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.benefits.choices import Eligibility
from gonghui.benefits.models import Campaign, StockShard, Voucher
from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.models import AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.members.choices import EmploymentKind, MembershipStatus, Platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, *args: Any) -> str:
    return reverse(f"api:portal:benefits-{name}", args=args or None)


def _key() -> str:
    return uuid.uuid4().hex  # a key of its own: refusals are remembered per key


def _claim(client: Client, campaign: Any, item: Any = None, key: str | None = None) -> Any:
    item_id = item if item is not None else fx.first_item(campaign).pk
    return client.post(
        _url("claim", campaign.pk),
        {"item": item_id},
        content_type="application/json",
        headers={"Idempotency-Key": key or _key()},
    )


def _written() -> tuple[int, int, int]:
    return Voucher.objects.count(), AuditEntry.objects.count(), left()


def left() -> int:
    return sum(StockShard.objects.values_list("remaining", flat=True))


# --- campaigns ---------------------------------------------------------------------------


def test_a_member_lists_the_published_campaigns_above_their_union(world: World) -> None:
    ours = fx.published(world, organization=world.union_a, title="甲公司观影季")
    fx.published(world, title="全区职工观影季", items=[fx.movie(world, stock=4)])
    fx.campaign(world, organization=world.union_a, title="甲公司草稿")
    fx.published(world, organization=world.union_b, title="乙公司观影季")
    user, _membership = fx.member(world)
    claim(user, ours)

    body = _client(user).get(_url("campaign-list")).json()

    by_title = {row["title"]: row for row in body["results"]}
    assert sorted(by_title) == ["全区职工观影季", "甲公司观影季"]
    row = by_title["甲公司观影季"]
    assert row["organization_name"] == world.union_a.name and row["open_now"] is True
    assert row["per_member_limit"] == 1 and row["number"] == ours.number
    [item] = row["items"]
    assert (item["name"], item["kind"], item["stock"], item["remaining"]) == (
        "电影券",
        "movie",
        10,
        9,
    )
    assert item["unit_value"] == "30.00" and item["supplier_name"].startswith("影城")
    assert by_title["全区职工观影季"]["items"][0]["remaining"] == 4


def test_a_member_reads_a_campaign_of_theirs_and_not_another_unions(world: World) -> None:
    ours = fx.published(world, organization=world.union_a)
    theirs = fx.published(world, organization=world.union_b)
    client = _client(fx.member(world)[0])

    mine = client.get(_url("campaign-detail", ours.pk))
    other = client.get(_url("campaign-detail", theirs.pk))

    assert mine.status_code == 200 and mine.json()["items"][0]["remaining"] == 10
    assert other.status_code == 404
    assert theirs.title not in other.content.decode() or theirs.title == ours.title


def test_staff_accounts_use_the_staff_api(world: World) -> None:
    answer = _client(world.user("union_a_staff")).get(_url("campaign-list"))
    assert answer.status_code == 403


# --- claims ------------------------------------------------------------------------------


def test_a_claim_answers_201_and_its_retry_200_with_the_same_voucher(world: World) -> None:
    campaign = fx.published(world, organization=world.union_a)
    client = _client(fx.member(world)[0])

    first = _claim(client, campaign, key="press-1")
    again = _claim(client, campaign, key="press-1")

    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "issued" and len(body["code"]) == 12
    assert body["campaign_title"] == "职工观影季" and body["face_value"] == "30.00"
    assert "Idempotent-Replayed" not in first
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Voucher.objects.count() == 1 and left() == 9


def test_the_key_may_come_in_the_body_and_is_required(world: World) -> None:
    campaign = fx.published(world, organization=world.union_a, per_member_limit=2)
    client = _client(fx.member(world)[0])
    item = fx.first_item(campaign).pk
    url = _url("claim", campaign.pk)
    before = _written()

    missing = client.post(url, {"item": item}, content_type="application/json")
    unknown = client.post(
        url, {"item": item, "key": "x"}, content_type="application/json", headers={"X": "y"}
    )
    assert (missing.status_code, unknown.status_code) == (400, 400)
    assert "idempotency_key" in missing.json()["fields"] and "key" in unknown.json()["fields"]
    assert _written() == before

    in_body = client.post(
        url, {"item": item, "idempotency_key": "body-1"}, content_type="application/json"
    )
    assert in_body.status_code == 201
    assert Voucher.objects.get().idempotency_key == "body-1"
    assert Voucher.objects.get().channel == "api"


def _refusal_setup(world: World, code: str) -> tuple[Any, Any, Any]:
    """A member's client, the campaign and the item whose claim is refused with ``code``."""
    now = timezone.now()
    user, membership = fx.member(world)
    client = _client(user)
    campaign = fx.published(world, organization=world.union_a)
    item = fx.first_item(campaign).pk
    if code == "sold_out":
        campaign = fx.published(world, organization=world.union_a, items=[fx.movie(world, stock=1)])
        item = fx.first_item(campaign).pk
        claim(fx.member(world)[0], campaign)
    elif code == "limit_reached":
        claim(user, campaign, "earlier")
    elif code == "not_open":
        campaign = fx.published(
            world,
            organization=world.union_a,
            opens_at=now + timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        item = fx.first_item(campaign).pk
    elif code == "closed":
        Campaign.objects.filter(pk=campaign.pk).update(
            opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1)
        )
    elif code == "not_eligible":
        campaign = fx.published(
            world,
            organization=world.union_a,
            eligibility=Eligibility.EMPLOYMENT,
            employment_kinds=[EmploymentKind.PLATFORM],
            platforms=[Platform.RIDER],
        )
        item = fx.first_item(campaign).pk
    elif code == "unknown_item":
        item = fx.first_item(fx.published(world, organization=world.union_a)).pk
    return client, campaign, item


@pytest.mark.parametrize(
    "code", ["sold_out", "limit_reached", "not_open", "closed", "not_eligible", "unknown_item"]
)
def test_each_refusal_answers_400_with_its_code_and_writes_nothing(world: World, code: str) -> None:
    client, campaign, item = _refusal_setup(world, code)
    before = _written()

    answer = _claim(client, campaign, item)

    assert answer.status_code == 400, answer.json()
    assert answer.json()["code"] == code
    assert _written() == before


def test_a_key_that_obtained_another_voucher_is_refused(world: World) -> None:
    campaign = fx.published(world, organization=world.union_a)
    other = fx.published(world, organization=world.union_a)
    client = _client(fx.member(world)[0])
    assert _claim(client, campaign, key="reused").status_code == 201
    before = _written()

    answer = _claim(client, other, key="reused")

    assert answer.status_code == 400 and answer.json()["code"] == "key_reused"
    assert "idempotency_key" in answer.json()["fields"]
    assert _written() == before


def test_a_campaign_out_of_the_members_reach_answers_404_before_any_refusal(
    world: World,
) -> None:
    """``not_in_scope`` and ``not_member`` cannot be reached over the API: the owner rule
    shows a member only the campaigns above their active membership's union, so another
    subtree's campaign, or any campaign once the membership ended, is not found."""
    station_a = fx.published(world, organization=world.station_a)
    user, membership = fx.member(world, world.union_b)
    client = _client(user)

    elsewhere = _claim(client, station_a)
    membership.status = MembershipStatus.WITHDRAWN
    membership.save()
    withdrawn = _claim(client, fx.published(world))

    assert (elsewhere.status_code, withdrawn.status_code) == (404, 404)
    assert not Voucher.objects.exists()


# --- vouchers ----------------------------------------------------------------------------


def test_a_member_lists_their_vouchers_newest_first_and_reads_one_with_its_qr(
    world: World,
) -> None:
    first = fx.published(world, organization=world.union_a, title="第一场")
    second = fx.published(world, organization=world.union_a, title="第二场")
    user, _membership = fx.member(world)
    older = claim(user, first, "a").voucher
    newer = claim(user, second, "b").voucher
    Voucher.objects.filter(pk=older.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    other_user, _other = fx.member(world)
    theirs = claim(other_user, first, "c").voucher
    client = _client(user)

    listing = client.get(_url("voucher-list")).json()
    detail = client.get(_url("voucher-detail", newer.pk)).json()
    foreign = client.get(_url("voucher-detail", theirs.pk))

    assert [row["id"] for row in listing["results"]] == [newer.pk, older.pk]
    assert listing["count"] == 2
    assert detail["code"] == newer.code and detail["code_display"] == newer.code_display()
    assert detail["campaign_title"] == "第二场" and detail["item"] == "电影券"
    assert detail["ends_at"] and detail["redeemed_at"] is None
    assert detail["qr_svg"].startswith("<svg")
    assert foreign.status_code == 404 and theirs.code not in foreign.content.decode()


def test_the_lists_cost_the_same_queries_whatever_their_length(world: World) -> None:
    user, _membership = fx.member(world)
    client = _client(user)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as campaigns:
            assert client.get(_url("campaign-list")).status_code == 200
        with CaptureQueriesContext(connection) as vouchers:
            assert client.get(_url("voucher-list")).status_code == 200
        return len(campaigns), len(vouchers)

    claim(user, fx.published(world, organization=world.union_a), _key())
    one = queries()
    for _n in range(3):
        campaign = fx.published(
            world, organization=world.union_a, items=[fx.movie(world), fx.movie(world, name="b")]
        )
        claim(user, campaign, _key())

    assert queries() == one
