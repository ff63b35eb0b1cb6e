"""The claim figures of the benefits report: counted from the vouchers as they were, in
the subtree as it stood, and a past period's figures do not move."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.benefits.models import Voucher
from gonghui.benefits.services.redeem import voucher_redeem
from gonghui.benefits.statistics.campaigns import claim_figures
from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.testing import World
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


def _claims(world: World) -> tuple[object, list[Voucher]]:
    item = fx.movie(world, stock=10)
    campaign = fx.published(world, items=[item], per_member_limit=2)
    cashier = fx.cashier(world, item["supplier"])
    a1, _m = fx.member(world)
    a2, _m = fx.member(world)
    b1, _m = fx.member(world, world.union_b)
    vouchers = [
        claim(a1, campaign, "1").voucher,
        claim(a1, campaign, "2").voucher,
        claim(a2, campaign, "3").voucher,
        claim(b1, campaign, "4").voucher,
    ]
    voucher_redeem(actor=cashier, code=vouchers[0].code)
    return cashier, vouchers


def test_the_figures_count_claims_members_redemptions_and_value(world: World) -> None:
    _claims(world)
    today = timezone.localdate()
    f = claim_figures(actor=world.system, start=today, end=today, node=None)
    assert (f.total.claims, f.total.members, f.total.redeemed) == (4, 3, 1)
    assert f.total.redemption_rate == 0.25
    assert f.total.value == Decimal("120.00") and f.total.redeemed_value == Decimal("30.00")
    assert f.campaigns == 1 and f.items == 1
    by_node = {r.label: (r.tally.claims, r.tally.members) for r in f.by_node}
    assert by_node == {"第一服务站": (3, 2), "第二服务站": (1, 1)}


def test_a_node_and_a_staff_member_see_their_subtree(world: World) -> None:
    _claims(world)
    today = timezone.localdate()
    f = claim_figures(actor=world.system, start=today, end=today, node=world.station_b)
    assert f.total.claims == 1
    g = claim_figures(actor=world.user("union_a_staff"), start=today, end=today, node=None)
    assert (g.total.claims, g.total.members) == (3, 2)


def test_a_past_period_does_not_move_when_later_records_change(world: World) -> None:
    cashier, vouchers = _claims(world)
    today = timezone.localdate()
    # the claims are placed on a past day, redeemed (one) that day
    past = today - timedelta(days=40)
    Voucher.objects.update(claimed_on=past)
    Voucher.objects.filter(redeemed_at__isnull=False).update(
        redeemed_at=timezone.now() - timedelta(days=40)
    )
    before = claim_figures(actor=world.system, start=past, end=past, node=None)
    # later: another voucher is redeemed today, the campaign is cancelled (vouchers void)
    voucher_redeem(actor=cashier, code=vouchers[2].code)  # type: ignore[arg-type]
    take(world.system, vouchers[0].campaign, "cancel", reason="停办")
    after = claim_figures(actor=world.system, start=past, end=past, node=None)
    assert after == before
    assert (after.total.claims, after.total.redeemed) == (4, 1)


def test_the_report_page_shows_the_figures(world: World) -> None:
    _claims(world)
    client = Client()
    client.force_login(world.user("fed_staff"))
    response = client.get(reverse("reports:benefits"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "普惠服务统计" in text and "惠及会员" in text and "团购" in text
