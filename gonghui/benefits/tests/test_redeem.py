"""Redemption: exactly once, by the item's supplier (or the union for an item without
one); a foreign, used, expired or void code refused with its own code."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.benefits.choices import VoucherStatus
from gonghui.benefits.models import Campaign, Voucher
from gonghui.benefits.services.redeem import normalize_code, voucher_redeem
from gonghui.benefits.services.refusals import Refusal
from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.testing import World
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


def refused(actor: object, code: str) -> str:
    with pytest.raises(Refusal) as caught:
        voucher_redeem(actor=actor, code=code)  # type: ignore[arg-type]
    return caught.value.refusal[0]


def setup(world: World) -> tuple[Campaign, object, Voucher]:
    item = fx.movie(world)
    campaign = fx.published(world, items=[item])
    cashier = fx.cashier(world, item["supplier"])
    voucher = claim(fx.member(world)[0], campaign).voucher
    return campaign, cashier, voucher


def test_the_supplier_redeems_a_voucher_once(world: World) -> None:
    _campaign, cashier, voucher = setup(world)
    typed = voucher.code_display().lower().replace("0", "o")
    redeemed = voucher_redeem(actor=cashier, code=typed)  # type: ignore[arg-type]
    assert redeemed.status == VoucherStatus.REDEEMED and redeemed.redeemed_by == cashier
    assert refused(cashier, voucher.code) == "already_redeemed"


def test_another_suppliers_cashier_does_not_find_the_code(world: World) -> None:
    _campaign, _cashier, voucher = setup(world)
    stranger = fx.cashier(world, fx.supplier(world, "别家影城"))
    assert refused(stranger, voucher.code) == "unknown_code"
    assert refused(stranger, "not a code") == "unknown_code"
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.ISSUED


def test_union_staff_leave_a_suppliers_voucher_to_the_supplier(world: World) -> None:
    _campaign, _cashier, voucher = setup(world)
    assert refused(world.user("union_a_staff"), voucher.code) == "supplier_redeems"


def test_union_staff_redeem_an_item_without_a_supplier(world: World) -> None:
    campaign = fx.published(world, items=[fx.movie(world, name="馒头", supplier=None)])
    voucher = claim(fx.member(world)[0], campaign).voucher
    assert refused(world.user("union_b_staff"), voucher.code) == "unknown_code"
    redeemed = voucher_redeem(actor=world.user("union_a_staff"), code=voucher.code)
    assert redeemed.status == VoucherStatus.REDEEMED


def test_an_expired_or_void_voucher_is_refused(world: World) -> None:
    campaign, cashier, voucher = setup(world)
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=timezone.now() - timedelta(seconds=2),
        ends_at=timezone.now() - timedelta(seconds=1),
    )
    assert refused(cashier, voucher.code) == "expired"
    other, cashier2, voucher2 = setup(world)
    take(world.system, other, "cancel", reason="停办")
    assert refused(cashier2, voucher2.code) == "void"


def test_codes_are_read_as_people_type_them() -> None:
    assert normalize_code("abcd-efgh-jkmn") == "ABCDEFGHJKMN"
    assert normalize_code(" 0ILo 1234 5678 ") == "011012345678"
    assert normalize_code("ABCD") == ""
    assert normalize_code("ABCDEFGHJKMU") == ""  # U is not in the alphabet


def test_a_supplier_no_longer_under_contract_cannot_redeem(world: World) -> None:
    from gonghui.benefits.services import suppliers

    item = fx.movie(world)
    campaign = fx.published(world, items=[item])
    cashier = fx.cashier(world, item["supplier"])
    voucher = claim(fx.member(world)[0], campaign).voucher
    suppliers.supplier_change(actor=world.system, supplier=item["supplier"], active=False)
    assert refused(cashier, voucher.code) == "supplier_inactive"


def test_a_cashier_sees_its_own_items_and_no_budget_nor_drafts(world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    cinema = fx.movie(world, name="电影券")
    laundry = fx.movie(world, name="洗衣券")
    campaign = fx.published(world, items=[cinema, laundry])
    draft = fx.campaign(world, items=[fx.movie(world, supplier=cinema["supplier"])])
    client = Client()
    client.force_login(fx.cashier(world, cinema["supplier"]))
    page = client.get(reverse("benefits:campaign_detail", args=[campaign.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "电影券" in text
    assert "洗衣券" not in text and "列支预算" not in text
    assert client.get(reverse("benefits:campaign_detail", args=[draft.pk])).status_code == 404
    api = client.get(reverse("api:benefits:campaign-detail", args=[campaign.pk])).json()
    assert [i["name"] for i in api["items"]] == ["电影券"] and api["total_value"] is None
