"""A fund's statement for a period: opening balance, money in and out by kind, grants by
cause with the people helped, corrections, and a closing balance equal to the opening
plus the movements and to the sum of the entries."""

from datetime import date
from decimal import Decimal

import pytest

from gonghui.assistance.selectors.funds import fund_entries, fund_statement, ledger_total
from gonghui.assistance.services.funds import fund_entry_reverse
from gonghui.assistance.tests.fixtures_funds import donate, grant, warmth_fund, worker
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def world() -> World:
    return build_world()


def test_the_statement_adds_up_and_counts_people_by_cause(world: World) -> None:
    # given a fund with money from 2024 and a year of donations and grants
    fund = warmth_fund(world)
    donate(world, fund, "100000", date(2024, 5, 1))
    grant(world, fund, "5000", date(2024, 6, 1))
    donate(world, fund, "20000", date(2025, 2, 1))
    donate(world, fund, "30000.50", date(2025, 3, 1))
    twice = worker(world, "两次受助")
    grant(world, fund, "10000", date(2025, 4, 1), cause="illness", person=twice)
    grant(world, fund, "6000", date(2025, 9, 1), cause="illness", person=twice)
    grant(world, fund, "8000", date(2025, 5, 1), cause="illness")
    grant(world, fund, "3000", date(2025, 7, 1), cause="emergency")
    donate(world, fund, "7000", date(2026, 1, 5))  # after the period

    # when the statement of 2025 is read
    s = fund_statement(fund=fund, start=START, end=END)

    # then
    assert s.opening == Decimal("95000.00")
    assert (s.donations, s.donation_count) == (Decimal("50000.50"), 2)
    assert s.allocations == Decimal("0.00")
    assert (s.grants, s.grant_people) == (Decimal("27000.00"), 3)
    causes = {line.cause: (line.amount, line.people, line.grants) for line in s.by_cause}
    assert causes == {
        "illness": (Decimal("24000.00"), 2, 3),
        "emergency": (Decimal("3000.00"), 1, 1),
    }
    assert s.closing == Decimal("118000.50")
    assert s.closing == s.opening + s.movements
    everything = fund_statement(fund=fund, start=date(2012, 1, 1), end=date(2099, 12, 31))
    fund.refresh_from_db()
    assert everything.closing == fund.balance == ledger_total(fund) == Decimal("125000.50")


def test_a_reversal_counts_in_the_period_it_is_booked(world: World) -> None:
    fund = warmth_fund(world)
    donation = donate(world, fund, "9000", date(2025, 3, 1))
    before = fund_statement(fund=fund, start=START, end=END)

    reversal = fund_entry_reverse(actor=world.system, entry=donation.entry, reason="退回")

    after = fund_statement(fund=fund, start=START, end=END)
    assert after == before  # 2025 does not move
    now = fund_statement(fund=fund, start=reversal.booked_on, end=reversal.booked_on)
    assert (now.reversals, now.reversal_count) == (Decimal("-9000.00"), 1)
    assert now.closing == now.opening + now.movements == Decimal("0.00")


def test_the_ledger_filters_by_day_and_kind(world: World) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "1000", date(2025, 2, 1))
    donate(world, fund, "2000", date(2025, 8, 1))
    grant(world, fund, "500", date(2025, 8, 2))

    assert [e.amount for e in fund_entries(fund=fund, start=date(2025, 8, 1))] == [
        Decimal("-500.00"),
        Decimal("2000.00"),
    ]
    assert [e.amount for e in fund_entries(fund=fund, kind="donation", end=date(2025, 3, 1))] == [
        Decimal("1000.00")
    ]
