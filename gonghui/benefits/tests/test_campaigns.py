"""A campaign's life: drafted with items, published (stock split, value reserved),
closed at the end of the vouchers' validity (unredeemed expire, the rest goes back to the
budget line) or cancelled (vouchers void)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance.models import Fund
from gonghui.benefits.choices import CampaignStatus, VoucherStatus
from gonghui.benefits.models import Campaign, StockShard, Voucher
from gonghui.benefits.services import campaigns
from gonghui.benefits.services.redeem import voucher_redeem
from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.testing import World
from gonghui.core.workflow import available, take

pytestmark = pytest.mark.django_db


def balance(fund: Fund) -> Decimal:
    return Fund.objects.get(pk=fund.pk).balance


def test_publishing_splits_the_stock_and_reserves_its_value(world: World) -> None:
    fund = fx.fund(world, "10000")
    campaign = fx.published(world, fund=fund, items=[fx.movie(world, stock=100)])
    shards = StockShard.objects.filter(item__campaign=campaign)
    assert shards.count() == 64 and sum(s.remaining for s in shards) == 100
    assert {s.remaining for s in shards} == {1, 2}
    assert balance(fund) == Decimal("7000.00")  # 100 tickets of 30 yuan reserved
    assert campaign.status == CampaignStatus.PUBLISHED and campaign.reserve_entry is not None


def test_publishing_past_the_budget_lines_balance_is_refused(world: World) -> None:
    fund = fx.fund(world, "100")
    campaign = fx.campaign(world, fund=fund)  # 10 tickets of 30 yuan
    with pytest.raises(ValidationError) as caught:
        take(world.system, campaign, "publish")
    assert "不足支付" in str(caught.value)
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.DRAFT
    assert not StockShard.objects.filter(item__campaign=campaign).exists()


def test_a_campaign_without_items_cannot_be_published(world: World) -> None:
    campaign = fx.campaign(world, items=[])
    assert [step.name for step in available(world.system, campaign)] == ["cancel"]
    with pytest.raises(ValidationError, match="请先添加活动物品"):
        take(world.system, campaign, "publish")


def test_a_published_campaign_cannot_be_changed(world: World) -> None:
    campaign = fx.published(world)
    with pytest.raises(ValidationError, match="发布后不能修改"):
        campaigns.campaign_change(actor=world.system, campaign=campaign, title="新名称")
    with pytest.raises(ValidationError, match="发布后不能修改"):
        campaigns.item_add(actor=world.system, campaign=campaign, **fx.movie(world))


def test_bad_campaign_input_names_each_field(world: World) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        campaigns.campaign_create(
            actor=world.system,
            organization=world.federation,
            title="",
            opens_at=now,
            closes_at=now - timedelta(hours=1),
            per_member_limit=11,
            eligibility="employment",
            fund=None,
        )
    assert set(caught.value.message_dict) == {
        "title",
        "closes_at",
        "per_member_limit",
        "employment_kinds",
        "fund",
    }


def test_closing_expires_the_unredeemed_and_returns_what_was_not_spent(world: World) -> None:
    fund = fx.fund(world, "1000")
    item = fx.movie(world, stock=10)
    cinema = item["supplier"]
    campaign = fx.published(world, fund=fund, items=[item])
    cashier = fx.cashier(world, cinema)
    used = claim(fx.member(world)[0], campaign, "a").voucher
    kept = claim(fx.member(world)[0], campaign, "b").voucher
    voucher_redeem(actor=cashier, code=used.code)
    with pytest.raises(ValidationError, match="届满后才能结束"):
        take(world.system, campaign, "close")
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=timezone.now() - timedelta(seconds=2),
        ends_at=timezone.now() - timedelta(seconds=1),
    )
    take(world.system, campaign, "close")
    assert Voucher.objects.get(pk=kept.pk).status == VoucherStatus.EXPIRED
    assert Voucher.objects.get(pk=used.pk).status == VoucherStatus.REDEEMED
    assert balance(fund) == Decimal("970.00")  # only the redeemed ticket spent
    assert sum(StockShard.objects.values_list("remaining", flat=True)) == 0


def test_cancelling_voids_the_vouchers_and_returns_the_budget(world: World) -> None:
    fund = fx.fund(world, "1000")
    campaign = fx.published(world, fund=fund)
    voucher = claim(fx.member(world)[0], campaign).voucher
    with pytest.raises(ValidationError):
        take(world.system, campaign, "cancel", reason="")
    take(world.system, campaign, "cancel", reason="影院停业")
    assert Voucher.objects.get(pk=voucher.pk).status == VoucherStatus.VOID
    assert balance(fund) == Decimal("1000.00")


def test_union_staff_run_campaigns_of_their_union_only(world: World) -> None:
    staff = world.user("union_a_staff")
    fund = fx.fund(world)
    with pytest.raises(Exception, match="benefits.run"):
        campaigns.campaign_create(
            actor=staff,
            organization=world.union_b,
            title="x",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=1),
            fund=fund,
        )


def test_the_hourly_task_closes_campaigns_whose_vouchers_ended(world: World) -> None:
    from gonghui.benefits.tasks import benefits_hourly

    fund = fx.fund(world, "1000")
    ended = fx.published(world, fund=fund)
    running = fx.published(world, fund=fund)
    claim(fx.member(world)[0], ended)
    Campaign.objects.filter(pk=ended.pk).update(
        closes_at=timezone.now() - timedelta(seconds=2),
        ends_at=timezone.now() - timedelta(seconds=1),
    )
    assert benefits_hourly()["closed"] == 1
    assert Campaign.objects.get(pk=ended.pk).status == CampaignStatus.CLOSED
    assert Campaign.objects.get(pk=running.pk).status == CampaignStatus.PUBLISHED
    assert Voucher.objects.get(campaign=ended).status == VoucherStatus.EXPIRED
    assert balance(fund) == Decimal("700.00")  # the ended one's 300 back, the other's held
    assert benefits_hourly()["closed"] == 0
