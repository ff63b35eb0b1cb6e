"""Claim campaigns and redemption over the staff API: the list and one campaign with its
stock, creating and changing a draft and its items, its steps through the one step
endpoint, the vouchers of a campaign (never an ID number), redeeming by code with each
refusal's own code and nothing written, and the suppliers."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.benefits.choices import VoucherStatus
from gonghui.benefits.models import Campaign, StockShard, Voucher
from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.models import AuditEntry
from gonghui.core.testing import World

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _staff(world: World, name: str = "union_a_staff") -> Client:
    return _client(world.user(name))


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def _patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type="application/json")


def _url(name: str, *args: Any) -> str:
    return reverse(f"api:benefits:{name}", args=args or None)


def _when(**delta: Any) -> str:
    return (timezone.now() + timedelta(**delta)).isoformat()


def _written() -> tuple[int, int, int]:
    return Voucher.objects.count(), AuditEntry.objects.count(), Campaign.objects.count()


# --- campaigns ---------------------------------------------------------------------------


def test_a_union_lists_its_campaigns_with_filters(world: World) -> None:
    published = fx.published(world, organization=world.union_a, title="甲公司观影季")
    fx.campaign(world, organization=world.union_a, title="甲公司端午福筒")
    fx.published(world, organization=world.union_b, title="乙公司观影季")
    client = _staff(world)

    everything = client.get(_url("campaign-list")).json()
    drafts = client.get(_url("campaign-list"), {"status": "draft"}).json()
    found = client.get(_url("campaign-list"), {"q": published.number}).json()
    wrong = client.get(_url("campaign-list"), {"status": "nonsense"})

    assert sorted(row["title"] for row in everything["results"]) == [
        "甲公司端午福筒",
        "甲公司观影季",
    ]
    assert [row["title"] for row in drafts["results"]] == ["甲公司端午福筒"]
    assert [row["id"] for row in found["results"]] == [published.pk]
    assert wrong.status_code == 400


def test_a_campaign_shows_its_items_stock_and_the_steps_the_user_may_take(world: World) -> None:
    campaign = fx.published(world, organization=world.union_a)
    user, _membership = fx.member(world)
    claim(user, campaign)

    body = _staff(world).get(_url("campaign-detail", campaign.pk)).json()

    assert body["status"] == "published" and body["open_now"] is True
    [item] = body["items"]
    assert (item["stock"], item["remaining"], item["claimed"], item["redeemed"]) == (10, 9, 1, 0)
    assert item["unit_value"] == "30.00" and item["supplier_name"].startswith("影城")
    assert body["total_value"] == "300.00"
    assert [a["step"] for a in body["actions"]] == ["cancel"]  # close: after the validity
    assert [t["step"] for t in body["timeline"]] == ["create", "publish"]


def test_a_union_creates_a_draft_adds_an_item_and_publishes_it(world: World) -> None:
    fund = fx.fund(world)
    client = _staff(world)

    created = _post(
        client,
        _url("campaign-list"),
        {
            "organization": world.union_a.pk,
            "title": "甲公司中秋月饼",
            "opens_at": _when(hours=-1),
            "closes_at": _when(days=2),
            "ends_at": _when(days=30),
            "per_member_limit": 2,
            "fund": fund.pk,
        },
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    changed = _patch(client, _url("campaign-detail", pk), {"title": "甲公司中秋礼盒"})
    added = _post(
        client,
        _url("campaign-item-add", pk),
        {"name": "月饼", "kind": "food", "stock": 5, "unit_value": "20.00"},
    )
    published = _post(client, _url("campaign-step", pk, "publish"), {})

    assert created.json()["status"] == "draft" and created.json()["per_member_limit"] == 2
    assert changed.status_code == 200 and changed.json()["title"] == "甲公司中秋礼盒"
    assert added.status_code == 201
    assert [(i["name"], i["stock"], i["supplier"]) for i in added.json()["items"]] == [
        ("月饼", 5, None)
    ]
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "published"
    assert (
        sum(StockShard.objects.filter(item__campaign=pk).values_list("remaining", flat=True)) == 5
    )


def test_a_published_campaign_cannot_be_changed_nor_get_items(world: World) -> None:
    campaign = fx.published(world, organization=world.union_a)
    client = _staff(world)

    changed = _patch(client, _url("campaign-detail", campaign.pk), {"title": "改名"})
    added = _post(
        client, _url("campaign-item-add", campaign.pk), {"name": "x", "kind": "food", "stock": 1}
    )

    assert (changed.status_code, added.status_code) == (400, 400)
    assert "status" in changed.json()["fields"]
    assert Campaign.objects.get(pk=campaign.pk).title == "职工观影季"


def test_creating_refuses_bad_fields_and_another_unions_node(world: World) -> None:
    fund = fx.fund(world)
    client = _staff(world)
    body = {
        "organization": world.union_a.pk,
        "title": "甲公司",
        "opens_at": _when(days=2),
        "closes_at": _when(days=1),
        "fund": fund.pk,
    }
    before = _written()

    backwards = _post(client, _url("campaign-list"), body)
    unknown = _post(client, _url("campaign-list"), {**body, "colour": "red"})
    foreign = _post(client, _url("campaign-list"), {**body, "organization": world.union_b.pk})
    far = _post(client, _url("campaign-list"), {**body, "opens_at": "2200-01-01T00:00:00+08:00"})

    assert backwards.status_code == 400 and "closes_at" in backwards.json()["fields"]
    assert unknown.status_code == 400 and "colour" in unknown.json()["fields"]
    assert foreign.status_code == 404 and "organization" in foreign.json()["fields"]
    assert far.status_code == 400 and "opens_at" in far.json()["fields"]
    assert _written() == before


def test_cancelling_needs_a_reason_and_voids_the_vouchers(world: World) -> None:
    campaign = fx.published(world, organization=world.union_a)
    user, _membership = fx.member(world)
    voucher = claim(user, campaign).voucher
    client = _staff(world)

    without = _post(client, _url("campaign-step", campaign.pk, "cancel"), {})
    cancelled = _post(client, _url("campaign-step", campaign.pk, "cancel"), {"reason": "改期"})
    closing = _post(client, _url("campaign-step", campaign.pk, "close"), {})

    assert without.status_code == 400 and "reason" in without.json()["fields"]
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.VOID
    assert closing.status_code == 400


def test_the_vouchers_of_a_campaign_name_the_member_but_never_the_id_number(
    world: World,
) -> None:
    campaign = fx.published(world, organization=world.union_a)
    user, membership = fx.member(world)
    voucher = claim(user, campaign).voucher

    answer = _staff(world).get(_url("campaign-voucher-list", campaign.pk))
    issued = _staff(world).get(_url("campaign-voucher-list", campaign.pk), {"status": "redeemed"})

    [row] = answer.json()["results"]
    assert row["member_name"] == membership.person.name
    assert row["code_display"] == voucher.code_display() and row["status"] == "issued"
    assert membership.person.id_number not in answer.content.decode()
    assert "id_number" not in row
    assert issued.json()["results"] == []


def test_another_union_reaches_neither_the_campaign_nor_its_vouchers(world: World) -> None:
    campaign = fx.published(world, organization=world.union_a)
    client = _staff(world, "union_b_staff")

    assert client.get(_url("campaign-detail", campaign.pk)).status_code == 404
    assert client.get(_url("campaign-voucher-list", campaign.pk)).status_code == 404
    answer = _post(client, _url("campaign-step", campaign.pk, "cancel"), {"reason": "x"})
    assert answer.status_code == 404


# --- redemption --------------------------------------------------------------------------


def _supplied(world: World) -> tuple[Any, Any]:
    """A voucher of an item supplied by a supplier with a cashier, and that cashier."""
    supplier = fx.supplier(world, "甲区影城")
    campaign = fx.published(
        world, organization=world.union_a, items=[fx.movie(world, supplier=supplier)]
    )
    user, _membership = fx.member(world)
    return claim(user, campaign).voucher, fx.cashier(world, supplier)


def test_a_cashier_looks_a_code_up_and_redeems_it_once(world: World) -> None:
    voucher, cashier = _supplied(world)
    client = _client(cashier)

    found = client.get(_url("voucher-lookup", voucher.code_display().lower()))
    redeemed = _post(client, _url("redeem"), {"code": voucher.code_display()})
    again = _post(client, _url("redeem"), {"code": voucher.code})

    assert found.status_code == 200
    assert (found.json()["id"], found.json()["status"]) == (voucher.pk, "issued")
    assert found.json()["supplier_name"] == "甲区影城"
    assert redeemed.status_code == 200
    assert redeemed.json()["status"] == "redeemed" and redeemed.json()["redeemed_at"]
    assert again.status_code == 400 and again.json()["code"] == "already_redeemed"


def test_an_unknown_code_answers_404_with_its_code(world: World) -> None:
    voucher, cashier = _supplied(world)
    client = _client(cashier)
    before = _written()

    lookup = client.get(_url("voucher-lookup", "0000-0000-0000"))
    redeem = _post(client, _url("redeem"), {"code": "0000-0000-0000"})
    garbage = _post(client, _url("redeem"), {"code": "no"})
    elsewhere = _post(_staff(world, "union_b_staff"), _url("redeem"), {"code": voucher.code})

    for answer in (lookup, redeem, garbage, elsewhere):
        assert answer.status_code == 404 and answer.json()["code"] == "unknown_code"
    assert voucher.code not in elsewhere.content.decode()
    assert _written() == before


def test_each_refusal_of_a_seen_voucher_answers_its_code_and_writes_nothing(
    world: World,
) -> None:
    voucher, _cashier = _supplied(world)
    union = _staff(world)
    campaign = fx.published(
        world, organization=world.union_a, items=[fx.movie(world, supplier=None)]
    )
    void_voucher = claim(fx.member(world)[0], campaign, "v").voucher
    expired = fx.published(
        world, organization=world.union_a, items=[fx.movie(world, supplier=None)]
    )
    expired_voucher = claim(fx.member(world)[0], expired, "e").voucher
    Voucher.objects.filter(pk=void_voucher.pk).update(status=VoucherStatus.VOID)
    Voucher.objects.filter(pk=expired_voucher.pk).update(status=VoucherStatus.EXPIRED)
    before = _written()

    codes = [
        _post(union, _url("redeem"), {"code": code}).json()["code"]
        for code in (voucher.code, void_voucher.code, expired_voucher.code)
    ]

    assert codes == ["supplier_redeems", "void", "expired"]
    assert _written() == before


def test_a_union_redeems_an_item_without_a_supplier(world: World) -> None:
    campaign = fx.published(
        world, organization=world.union_a, items=[fx.movie(world, supplier=None)]
    )
    voucher = claim(fx.member(world)[0], campaign).voucher

    answer = _post(_staff(world), _url("redeem"), {"code": voucher.code, "extra": 1})
    redeemed = _post(_staff(world), _url("redeem"), {"code": voucher.code})

    assert answer.status_code == 400 and "extra" in answer.json()["fields"]
    assert redeemed.status_code == 200 and redeemed.json()["status"] == "redeemed"


# --- suppliers ---------------------------------------------------------------------------


def test_the_federation_reads_its_suppliers_and_unions_may_not(world: World) -> None:
    supplier = fx.supplier(world, "亦庄影城")
    fx.cashier(world, supplier)
    federation = _staff(world, "fed_staff")

    listing = federation.get(_url("supplier-list")).json()
    detail = federation.get(_url("supplier-detail", supplier.pk)).json()

    assert [row["name"] for row in listing["results"]] == ["亦庄影城"]
    assert detail["account_count"] == 1 and detail["active"] is True
    assert _staff(world).get(_url("supplier-list")).status_code == 403


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_a_moment_at_the_edge_of_the_calendar_is_refused_on_its_field(
    world: World, when: str
) -> None:
    campaign = fx.campaign(world, organization=world.union_a)

    answer = _patch(_staff(world), _url("campaign-detail", campaign.pk), {"opens_at": when})

    assert answer.status_code == 400 and "opens_at" in answer.json()["fields"]


def test_the_staff_lists_cost_the_same_queries_whatever_their_length(world: World) -> None:
    campaign = fx.published(world, organization=world.union_a, per_member_limit=5)
    user, _membership = fx.member(world)
    claim(user, campaign, "first")
    client = _staff(world)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as campaigns:
            assert client.get(_url("campaign-list")).status_code == 200
        with CaptureQueriesContext(connection) as vouchers:
            assert client.get(_url("campaign-voucher-list", campaign.pk)).status_code == 200
        return len(campaigns), len(vouchers)

    one = queries()
    for key in ("a", "b", "c"):
        fx.published(world, organization=world.union_a)
        claim(fx.member(world)[0], campaign, key)

    assert queries() == one


def test_a_cashier_reaches_only_the_vouchers_of_their_suppliers_items(world: World) -> None:
    voucher, _cashier = _supplied(world)
    stranger = fx.cashier(world, fx.supplier(world, "乙区洗衣店"))
    client = _client(stranger)

    lookup = client.get(_url("voucher-lookup", voucher.code))
    redeem = _post(client, _url("redeem"), {"code": voucher.code})

    assert (lookup.status_code, redeem.status_code) == (404, 404)
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.ISSUED
