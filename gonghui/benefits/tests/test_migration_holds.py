"""The data migration that turns the campaigns' old reserve (spending) and refund
(allocation) entries into a hold, its release and the spending of what was redeemed."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from gonghui.assistance.choices import EntryKind
from gonghui.assistance.models import Fund, FundEntry
from gonghui.benefits.models import Campaign
from gonghui.benefits.services.redeem import voucher_redeem
from gonghui.benefits.tests import fixtures as fx
from gonghui.benefits.tests.test_claims import claim
from gonghui.core.testing import World
from gonghui.core.workflow import take

BEFORE = [("benefits", "0005_order_dates")]
AFTER = [("benefits", "0006_campaign_holds")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor._create_project_state(with_applied_migrations=True).apps  # type: ignore[attr-defined]


def _ledger(fund: Fund) -> list[tuple[str, Decimal, int | None]]:
    entries = FundEntry.objects.filter(fund=fund)
    return sorted(
        ((e.kind, e.amount, e.hold_id) for e in entries), key=lambda e: (*e[:2], e[2] or 0)
    )


def _end(campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(
        closes_at=timezone.now() - timedelta(seconds=2),
        ends_at=timezone.now() - timedelta(seconds=1),
    )
    take(None, Campaign.objects.get(pk=campaign.pk), "expire")  # type: ignore[arg-type]


@pytest.mark.django_db(transaction=True)
def test_old_reserves_and_refunds_become_holds_releases_and_spending(world: World) -> None:
    # given a line with a campaign closed with one of three tickets redeemed, one fully
    # redeemed, one cancelled and one still running, booked the new way
    fund = fx.fund(world, "10000")
    item = fx.movie(world, stock=3)
    some = fx.published(world, fund=fund, items=[item])
    cashier = fx.cashier(world, item["supplier"])
    voucher_redeem(actor=cashier, code=claim(fx.member(world)[0], some).voucher.code)
    _end(some)
    item = fx.movie(world, stock=1)
    every = fx.published(world, fund=fund, items=[item])
    cashier = fx.cashier(world, item["supplier"])
    voucher_redeem(actor=cashier, code=claim(fx.member(world)[0], every).voucher.code)
    _end(every)
    cancelled = fx.published(world, fund=fund)
    take(world.system, cancelled, "cancel", reason="停业")
    running = fx.published(world, fund=fund)
    new = _ledger(fund)
    balance = Fund.objects.get(pk=fund.pk).balance

    # when the migration is unapplied: the old way (reserve spent, unspent back)
    _migrate(BEFORE)
    old = FundEntry.objects.filter(fund=fund)
    assert not old.filter(kind__in=[EntryKind.HOLD, EntryKind.RELEASE]).exists()
    assert sorted(old.filter(kind=EntryKind.ALLOCATION).values_list("amount", flat=True)) == [
        Decimal("60.00"),  # the first campaign's unspent two tickets
        Decimal("300.00"),  # the cancelled one's whole value
        Decimal("10000.00"),
    ]
    assert Campaign.objects.get(pk=every.pk).refund_entry is None
    assert Campaign.objects.get(pk=some.pk).refund_entry is not None
    assert sum(old.values_list("amount", flat=True)) == balance

    # then applying it books them as the services do now
    _migrate(AFTER)
    assert _ledger(fund) == new
    assert sum(FundEntry.objects.filter(fund=fund).values_list("amount", flat=True)) == balance
    assert Campaign.objects.filter(refund_entry__isnull=False).count() == 0
    held = Campaign.objects.select_related("reserve_entry").get(pk=running.pk).reserve_entry
    assert held is not None and held.kind == EntryKind.HOLD and not held.settlements.exists()
    assert FundEntry.objects.filter(balance_after__lt=0).count() == 0
