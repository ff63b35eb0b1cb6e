"""A campaign's money in its budget line: publishing holds the whole value (预留, not
spending); closing releases the hold and spends the face value redeemed; cancelling
releases it. The fund report and the statement show the hold on a line of its own, and a
past period's figures do not move when the campaign is settled later."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.assistance.choices import EntryKind
from gonghui.assistance.models import Fund, FundEntry
from gonghui.assistance.selectors.funds import fund_statement
from gonghui.assistance.services import ledger
from gonghui.assistance.statistics.funds import FundRow, funds_figures
from gonghui.benefits.models import Campaign
from gonghui.benefits.services.redeem import voucher_redeem
from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.models import AuditEntry
from gonghui.core.testing import World
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db

LATER = timedelta(days=40)  # past the vouchers' validity (30 days)


def row(world: World, fund: Fund, day: date) -> FundRow:
    figures = funds_figures(actor=world.system, start=day, end=day)
    return next(r for r in figures.funds if r.name == fund.name)


def kinds(fund: Fund) -> list[tuple[str, Decimal, bool]]:
    """The entries after the allocation: kind, amount, whether it names a hold."""
    entries = FundEntry.objects.filter(fund=fund).exclude(kind=EntryKind.ALLOCATION)
    return [(e.kind, e.amount, e.hold_id is not None) for e in entries.order_by("id")]


def later(monkeypatch: pytest.MonkeyPatch) -> date:
    """Move the clock past the vouchers' validity; the day it is then."""
    moment: datetime = timezone.now() + LATER
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return timezone.localdate(moment)


def test_a_published_then_closed_campaign_in_the_fund_report(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a budget line of 1000 and 10 tickets of 30 yuan published today
    fund = fx.fund(world, "1000")
    item = fx.movie(world, stock=10)
    campaign = fx.published(world, fund=fund, items=[item])
    today = timezone.localdate()
    published = row(world, fund, today)
    # then the whole value is held, not spent: available 700
    assert (published.money_in, published.money_out, published.held, published.balance) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("300.00"),
        Decimal("700.00"),
    )
    # when three tickets are claimed, two redeemed, and the campaign closes 40 days later
    cashier = fx.cashier(world, item["supplier"])
    vouchers = [claim(fx.member(world)[0], campaign, f"k{n}").voucher for n in range(3)]
    for voucher in vouchers[:2]:
        voucher_redeem(actor=cashier, code=voucher.code)
    closed_on = later(monkeypatch)
    take(world.system, Campaign.objects.get(pk=campaign.pk), "close")
    # then the hold is released whole and the redeemed face value (60) spent that day
    closing = row(world, fund, closed_on)
    assert (closing.money_in, closing.money_out, closing.held, closing.balance) == (
        Decimal("0.00"),
        Decimal("60.00"),
        Decimal("0.00"),
        Decimal("940.00"),
    )
    assert kinds(fund) == [
        (EntryKind.HOLD, Decimal("-300.00"), False),
        (EntryKind.RELEASE, Decimal("300.00"), True),
        (EntryKind.SPENDING, Decimal("-60.00"), True),
    ]
    # and the day it was published reads as it did then
    assert row(world, fund, today) == published


def test_the_statement_shows_holds_and_releases_on_their_own_lines(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    fund = fx.fund(world, "1000")
    item = fx.movie(world, stock=10)
    campaign = fx.published(world, fund=fund, items=[item])
    today = timezone.localdate()
    voucher = claim(fx.member(world)[0], campaign).voucher
    voucher_redeem(actor=fx.cashier(world, item["supplier"]), code=voucher.code)
    closed_on = later(monkeypatch)
    take(world.system, Campaign.objects.get(pk=campaign.pk), "close")
    held = fund_statement(fund=fund, start=today, end=today)
    assert (held.holds, held.releases, held.spending, held.held, held.closing) == (
        Decimal("300.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("300.00"),
        Decimal("700.00"),
    )
    whole = fund_statement(fund=fund, start=today, end=closed_on)
    assert (whole.holds, whole.releases, whole.spending, whole.held) == (
        Decimal("300.00"),
        Decimal("300.00"),
        Decimal("30.00"),
        Decimal("0.00"),
    )
    assert whole.opening + whole.movements == whole.closing == Decimal("970.00")


def test_cancelling_releases_the_whole_hold_and_spends_nothing(world: World) -> None:
    fund = fx.fund(world, "1000")
    campaign = fx.published(world, fund=fund)
    claim(fx.member(world)[0], campaign)
    take(world.system, campaign, "cancel", reason="影院停业")
    assert kinds(fund) == [
        (EntryKind.HOLD, Decimal("-300.00"), False),
        (EntryKind.RELEASE, Decimal("300.00"), True),
    ]
    day = timezone.localdate()
    assert (row(world, fund, day).held, row(world, fund, day).money_out) == (0, 0)
    released = FundEntry.objects.get(fund=fund, kind=EntryKind.RELEASE)
    assert AuditEntry.objects.filter(object_id=str(released.pk), changes__amount="300.00").exists()


def test_a_hold_is_released_once_and_never_reversed(world: World) -> None:
    fund = fx.fund(world, "1000")
    campaign = fx.published(world, fund=fund)
    hold = Campaign.objects.get(pk=campaign.pk).reserve_entry
    assert hold is not None
    settle: dict[str, Any] = {
        "booked_on": timezone.localdate(),
        "release_memo": "释放",
        "spent_memo": "支出",
    }
    with pytest.raises(ValidationError, match="实际支出不能超过预留金额"):
        ledger.hold_settle(actor=world.system, hold=hold, spent=Decimal("300.01"), **settle)
    ledger.hold_settle(actor=world.system, hold=hold, spent=Decimal("0"), **settle)
    with pytest.raises(ValidationError, match="该预留已释放"):
        ledger.hold_settle(actor=world.system, hold=hold, spent=Decimal("0"), **settle)
    with pytest.raises(ValidationError, match="不能冲正"):
        ledger.entry_reverse(
            actor=world.system, entry=hold, reason="错", booked_on=timezone.localdate()
        )
    assert Fund.objects.get(pk=fund.pk).balance == Decimal("1000.00")
    # the database refuses a second release even past the service
    with pytest.raises(IntegrityError), transaction.atomic():
        FundEntry.objects.create(
            fund=fund,
            kind=EntryKind.RELEASE,
            amount=Decimal("300.00"),
            balance_after=Decimal("1300.00"),
            booked_on=timezone.localdate(),
            memo="x",
            hold=hold,
        )
