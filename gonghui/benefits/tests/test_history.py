"""Campaigns held before the platform, recorded after the fact: closed, in the past, with
their vouchers, the redeemed value spent on the day the validity ended, counted by the
benefits report on their claim days; every bad row reported and nothing written."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance.choices import EntryKind
from gonghui.assistance.models import Fund, FundEntry
from gonghui.benefits.choices import CampaignStatus, Eligibility, ItemKind, VoucherStatus
from gonghui.benefits.models import Campaign, Voucher
from gonghui.benefits.services.history import PastClaim, campaign_record_past
from gonghui.benefits.statistics.campaigns import claim_figures
from gonghui.benefits.tests import fixtures as fx
from gonghui.core.models import AuditEntry
from gonghui.core.testing import World
from gonghui.core.workflow import timeline

pytestmark = pytest.mark.django_db

COUPON = {"name": "慰问券", "kind": ItemKind.OTHER, "unit_value": "100"}
JUNE = {"opens_on": date(2021, 6, 1), "closes_on": date(2021, 6, 10), "ends_on": date(2021, 6, 30)}


def record(world: World, claims: list[PastClaim], **changes: Any) -> Campaign:
    values: dict[str, Any] = {
        "actor": world.system,
        "organization": world.federation,
        "title": "2021年夏季慰问券",
        "fund": changes.pop("fund", None) or fx.fund(world, "1000"),
        "items": [COUPON],
        "claims": claims,
        **JUNE,
    }
    values.update(changes)
    return campaign_record_past(**values)


def test_a_past_campaign_is_recorded_closed_with_its_vouchers_and_spending(world: World) -> None:
    # given three members (since March 2021) and a budget line of 1000
    fund = fx.fund(world, "1000")
    a1, a2 = fx.member(world)[1].person, fx.member(world)[1].person
    b1 = fx.member(world, world.union_b)[1].person
    # when a June 2021 coupon campaign is recorded, two of three coupons redeemed
    campaign = record(
        world,
        [
            PastClaim(a1, "慰问券", date(2021, 6, 2), date(2021, 6, 5)),
            PastClaim(a2.id_number.lower(), "慰问券", date(2021, 6, 3)),
            PastClaim(b1, "慰问券", date(2021, 6, 4), date(2021, 6, 30)),
        ],
        fund=fund,
    )
    # then it is closed, in the past, with its vouchers as they ended
    assert campaign.status == CampaignStatus.CLOSED
    assert timezone.localdate(campaign.closes_at) == date(2021, 6, 11)
    assert campaign.items.get().stock == 3
    statuses = sorted(Voucher.objects.filter(campaign=campaign).values_list("status", flat=True))
    assert statuses == [VoucherStatus.EXPIRED, VoucherStatus.REDEEMED, VoucherStatus.REDEEMED]
    assert [e.step for e in timeline(campaign)] == ["record"]
    # and the redeemed face value is spent on the day the validity ended
    spent = FundEntry.objects.get(fund=fund, kind=EntryKind.SPENDING)
    assert (spent.amount, spent.booked_on) == (Decimal("-200.00"), date(2021, 6, 30))
    assert Fund.objects.get(pk=fund.pk).balance == Decimal("800.00")
    assert AuditEntry.objects.filter(message__startswith="补录").count() == 4
    # and the report of June 2021 counts the claims by their day, redeemed by June's end
    june = claim_figures(
        actor=world.system, start=date(2021, 6, 1), end=date(2021, 6, 30), node=world.federation
    )
    assert (june.total.claims, june.total.members, june.total.redeemed) == (3, 3, 2)
    assert (june.total.value, june.total.redeemed_value) == (Decimal("300"), Decimal("200"))
    early = claim_figures(
        actor=world.system, start=date(2021, 6, 1), end=date(2021, 6, 3), node=world.station_b
    )
    assert early.total.claims == 0  # b1 claimed on the 4th


def test_every_bad_row_is_reported_and_nothing_is_written(world: World) -> None:
    fund = fx.fund(world, "1000")
    a1 = fx.member(world)[1].person
    b1 = fx.member(world, world.union_b)[1].person
    tomorrow = timezone.localdate() + timedelta(days=1)
    rows = [
        PastClaim(a1, "慰问券", date(2021, 6, 2)),  # 1: good
        PastClaim(a1, "慰问券", date(2021, 6, 3)),  # 2: over the limit of 1
        PastClaim(b1, "慰问券", date(2021, 5, 31)),  # 3: before the window
        PastClaim(b1, "慰问券", date(2021, 6, 4), date(2021, 6, 3)),  # 4: redeemed before
        PastClaim(b1, "电影票", date(2021, 6, 4)),  # 5: no such item
        PastClaim(999_999, "慰问券", date(2021, 6, 4)),  # 6: no such person
        PastClaim(b1, "慰问券", tomorrow),  # 7: in the future
        PastClaim(None, "慰问券", date(2021, 6, 4)),  # 8: no person
        PastClaim("110101199001011234", "慰问券", date(2021, 6, 4)),  # 9: no such ID number
    ]
    entries = FundEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        record(world, rows, fund=fund)
    messages = caught.value.message_dict["claims"]
    assert [m.split("：")[0] for m in messages] == [f"第 {n} 行" for n in range(2, 10)]
    assert "超过每人限领 1 份" in messages[0] and "不在领取期内" in messages[1]
    assert "核销日期" in messages[2] and "电影票" in messages[3]
    assert "找不到该会员" in messages[4] and "晚于今天" in messages[5]
    assert "找不到该会员" in messages[6] and "找不到该会员" in messages[7]
    assert (Campaign.objects.count(), Voucher.objects.count()) == (0, 0)
    assert FundEntry.objects.count() == entries


def test_a_member_not_in_scope_on_the_claim_day_is_refused(world: World) -> None:
    a1 = fx.member(world)[1].person  # a member since 2021-03-02
    b1 = fx.member(world, world.union_b)[1].person
    earlier = {
        "opens_on": date(2020, 2, 1),
        "closes_on": date(2020, 2, 29),
        "ends_on": date(2020, 3, 31),
    }
    with pytest.raises(ValidationError) as caught:
        record(world, [PastClaim(a1, "慰问券", date(2020, 2, 10))], **earlier)
    assert "领取当日不是本活动范围内工会的会员" in caught.value.message_dict["claims"][0]
    with pytest.raises(ValidationError) as caught:
        record(world, [PastClaim(b1, "慰问券", date(2021, 6, 2))], organization=world.union_a)
    elsewhere = caught.value.message_dict["claims"][0]
    with pytest.raises(ValidationError) as caught:
        record(world, [PastClaim("110101199001011234", "慰问券", date(2021, 6, 2))])
    # a member elsewhere and nobody at all get one answer: the workbook tells nothing
    # about people outside the subtree
    assert elsewhere == caught.value.message_dict["claims"][0]
    assert not Campaign.objects.exists()


def test_a_campaign_not_yet_over_or_for_hardship_files_is_refused(world: World) -> None:
    a1 = fx.member(world)[1].person
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        record(
            world,
            [PastClaim(a1, "慰问券", today - timedelta(days=1))],
            opens_on=today - timedelta(days=5),
            closes_on=today - timedelta(days=1),
            ends_on=today,
            eligibility=Eligibility.HARDSHIP,
        )
    assert set(caught.value.message_dict) == {"ends_on", "eligibility"}
    assert not Campaign.objects.exists()


def test_the_redeemed_value_must_fit_the_budget_line(world: World) -> None:
    a1 = fx.member(world)[1].person
    fund = fx.fund(world, "50")
    with pytest.raises(ValidationError, match="不足支付"):
        record(world, [PastClaim(a1, "慰问券", date(2021, 6, 2), date(2021, 6, 3))], fund=fund)
    assert (Campaign.objects.count(), Voucher.objects.count()) == (0, 0)
