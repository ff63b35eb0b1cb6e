"""The fund services: setting up a fund, allocations, donations with their receipt
numbers, reversals; each refusal names its field in Chinese and writes nothing."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance.choices import EntryKind, FundKind
from gonghui.assistance.models import Donation, Fund, FundEntry
from gonghui.assistance.selectors.funds import ledger_total
from gonghui.assistance.services.funds import (
    allocation_record,
    donation_record,
    fund_create,
    fund_entry_reverse,
)
from gonghui.assistance.services.ledger import entry_post
from gonghui.assistance.tests.fixtures_funds import (
    budget_line,
    donate,
    grant,
    revoke,
    warmth_fund,
)
from gonghui.core.models import AuditEntry
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


@pytest.fixture
def world() -> World:
    return build_world()


def _ledger(fund: Fund) -> tuple[Decimal, int, int, int]:
    fund.refresh_from_db()
    return (
        fund.balance,
        FundEntry.objects.count(),
        Donation.objects.count(),
        AuditEntry.objects.count(),
    )


def _refused(call: Any, field: str, text: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        call()
    assert field in refusal.value.message_dict, refusal.value.message_dict
    assert text in " ".join(refusal.value.message_dict[field])


# --- funds -----------------------------------------------------------------------------


def test_a_budget_line_set_up_with_an_opening_allocation_holds_it(world: World) -> None:
    fund = budget_line(world, opening="300000")

    entry = FundEntry.objects.get(fund=fund)
    assert (entry.kind, entry.amount, entry.booked_on) == (
        EntryKind.ALLOCATION,
        Decimal("300000.00"),
        date(2026, 1, 1),
    )
    fund.refresh_from_db()
    assert fund.balance == ledger_total(fund) == Decimal("300000.00")


def test_a_fund_is_refused_a_used_code_a_future_start_and_an_opening_for_the_warmth_fund(
    world: World,
) -> None:
    warmth_fund(world)
    before = Fund.objects.count()

    with pytest.raises(ValidationError) as refusal:
        fund_create(
            actor=world.system,
            organization=world.federation,
            code="warmth",
            name="",
            kind=FundKind.WARMTH,
            started_on=timezone.localdate() + timedelta(days=1),
            opening="100",
        )

    errors = refusal.value.message_dict
    assert "已被使用" in errors["code"][0]
    assert "请填写资金名称" in errors["name"][0]
    assert "不能晚于今天" in errors["started_on"][0]
    assert "来自捐赠" in errors["opening"][0]
    assert Fund.objects.count() == before


def test_a_fund_outside_the_actors_scope_is_refused(world: World) -> None:
    # the federation staff over station A may not set a fund up at station B
    with pytest.raises(OutOfScope):
        fund_create(
            actor=world.user("fed_a_staff"),
            organization=world.station_b,
            code="b-fund",
            name="乙站基金",
            kind=FundKind.SPECIAL,
            started_on=DAY,
        )


# --- donations -------------------------------------------------------------------------


def test_a_donation_posts_its_entry_and_takes_the_years_next_receipt_number(
    world: World,
) -> None:
    fund = warmth_fund(world)

    first = donate(world, fund, "50000", DAY)
    second = donate(world, fund, "1234.5", DAY, donor_unit="")

    assert first.receipt_number == "JZ2026-00001"
    assert second.receipt_number == "JZ2026-00002"
    assert second.amount == Decimal("1234.50")
    assert (first.entry.kind, first.entry.amount, first.entry.booked_on) == (
        EntryKind.DONATION,
        Decimal("50000.00"),
        DAY,
    )
    assert "JZ2026-00001" in first.entry.memo
    fund.refresh_from_db()
    assert fund.balance == ledger_total(fund) == Decimal("51234.50")


def test_a_typed_receipt_number_is_kept(world: World) -> None:
    fund = warmth_fund(world)

    donation = donate(world, fund, "800", DAY, receipt_number="SJ-2026/007")

    assert donation.receipt_number == "SJ-2026/007"


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"amount": "100.005"}, "amount", "最多保留两位小数"),
        ({"amount": "-5"}, "amount", "应大于零"),
        ({"amount": "0"}, "amount", "应大于零"),
        ({"amount": "abc"}, "amount", "无效"),
        ({"on": date(2099, 1, 1)}, "received_on", "不能晚于今天"),
        ({"on": date(2011, 1, 1)}, "received_on", "不能早于资金设立日期"),
        ({"on": None}, "received_on", "请填写"),
        ({"donor_name": "  "}, "donor_name", "请填写捐赠人"),
        ({"receipt_number": "JZ2026-00001"}, "receipt_number", "已被使用"),
        ({"receipt_number": "收据一号"}, "receipt_number", "字母、数字"),
    ],
)
def test_a_bad_donation_is_refused_on_its_field_and_nothing_is_written(
    world: World, changes: dict[str, Any], field: str, text: str
) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "1000", DAY)  # takes JZ2026-00001
    before = _ledger(fund)

    fields = {"amount": "500", "on": DAY, **changes}
    _refused(lambda: donate(world, fund, **fields), field, text)

    assert _ledger(fund) == before


def test_a_budget_line_takes_no_donation(world: World) -> None:
    fund = budget_line(world)

    _refused(lambda: donate(world, fund, "500", DAY), "fund", "不接收捐赠")


def test_a_donation_needs_the_pay_action_on_the_fund(world: World) -> None:
    fund = warmth_fund(world)

    with pytest.raises(OutOfScope):
        donation_record(
            actor=world.user("fed_b_staff"),
            fund=fund,
            donor_name="甲",
            amount="100",
            received_on=DAY,
        )
    assert FundEntry.objects.count() == 0


# --- allocations -----------------------------------------------------------------------


def test_an_allocation_adds_to_a_budget_line(world: World) -> None:
    fund = budget_line(world)

    entry = allocation_record(
        actor=world.system, fund=fund, amount="20000", booked_on=DAY, memo="年度预算"
    )

    assert (entry.kind, entry.amount, entry.memo) == (
        EntryKind.ALLOCATION,
        Decimal("20000.00"),
        "拨入：年度预算",
    )
    fund.refresh_from_db()
    assert fund.balance == Decimal("20000.00")


def test_an_allocation_is_refused_for_the_warmth_fund_and_bad_input(world: World) -> None:
    warmth = warmth_fund(world)
    budget = budget_line(world)
    before = _ledger(budget)

    _refused(
        lambda: allocation_record(
            actor=world.system, fund=warmth, amount="1", booked_on=DAY, memo="拨款"
        ),
        "fund",
        "请登记捐赠",
    )
    with pytest.raises(ValidationError) as refusal:
        allocation_record(
            actor=world.system, fund=budget, amount="1.234", booked_on=date(2099, 1, 1), memo=""
        )
    errors = refusal.value.message_dict
    assert set(errors) == {"amount", "booked_on", "memo"}
    assert _ledger(budget) == before


# --- reversals -------------------------------------------------------------------------


def test_a_reversal_posts_the_opposite_entry_today_with_its_reason(world: World) -> None:
    fund = warmth_fund(world)
    donation = donate(world, fund, "3000", DAY)

    reversal = fund_entry_reverse(actor=world.system, entry=donation.entry, reason="重复录入")

    assert reversal.kind == EntryKind.REVERSAL
    assert reversal.amount == Decimal("-3000.00")
    assert reversal.reverses == donation.entry
    assert reversal.booked_on == timezone.localdate()
    assert "重复录入" in reversal.memo
    fund.refresh_from_db()
    assert fund.balance == ledger_total(fund) == Decimal("0.00")


def test_a_reversal_needs_a_reason_and_is_made_once(world: World) -> None:
    fund = warmth_fund(world)
    donation = donate(world, fund, "3000", DAY)
    _refused(
        lambda: fund_entry_reverse(actor=world.system, entry=donation.entry, reason=" "),
        "reason",
        "请填写冲正原因",
    )
    reversal = fund_entry_reverse(actor=world.system, entry=donation.entry, reason="录错")
    before = _ledger(fund)

    _refused(
        lambda: fund_entry_reverse(actor=world.system, entry=donation.entry, reason="再冲"),
        "entry",
        "已冲正",
    )
    _refused(
        lambda: fund_entry_reverse(actor=world.system, entry=reversal, reason="冲正的冲正"),
        "entry",
        "不能再冲正",
    )
    assert _ledger(fund) == before


def test_a_reversal_that_would_take_the_fund_below_zero_is_refused(world: World) -> None:
    fund = warmth_fund(world)
    donation = donate(world, fund, "10000", DAY)
    grant(world, fund, "8000", DAY)
    before = _ledger(fund)

    _refused(
        lambda: fund_entry_reverse(actor=world.system, entry=donation.entry, reason="退回捐赠"),
        "entry",
        "不足",
    )

    assert _ledger(fund) == before
    assert before[0] == Decimal("2000.00")


def test_a_grant_or_spending_is_not_reversed_from_the_ledger(world: World) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "10000", DAY)
    paid = grant(world, fund, "8000", DAY, cause="accident")
    before = _ledger(fund)

    _refused(
        lambda: fund_entry_reverse(actor=world.system, entry=paid, reason="重复发放"),
        "entry",
        "撤销帮扶",
    )

    assert _ledger(fund) == before


def test_a_grant_revoked_with_its_aid_gives_the_money_back(world: World) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "10000", DAY)
    paid = grant(world, fund, "8000", DAY, cause="accident")

    reversal = revoke(world, paid)

    assert reversal.amount == Decimal("8000.00")
    assert (reversal.cause, reversal.application_id) == ("accident", paid.application_id)
    fund.refresh_from_db()
    assert fund.balance == ledger_total(fund) == Decimal("10000.00")


def test_a_debit_booked_in_the_past_may_not_take_a_past_balance_below_zero(
    world: World,
) -> None:
    """The money of a later day cannot pay for an earlier one: a statement of the past
    would close below zero."""
    fund = budget_line(world)
    later = DAY + timedelta(days=10)
    for on in (DAY, later):
        allocation_record(actor=world.system, fund=fund, amount="1000", booked_on=on, memo="预算")
    before = _ledger(fund)

    def spend(on: date, amount: str) -> Any:
        return entry_post(
            actor=world.system,
            fund=fund,
            kind=EntryKind.SPENDING,
            amount=-Decimal(amount),
            booked_on=on,
            memo="补录支出",
        )

    _refused(lambda: spend(DAY - timedelta(days=1), "10"), "amount", "余额最低 0")
    # 2,000 today, but only 1,000 until the second allocation
    _refused(lambda: spend(DAY + timedelta(days=1), "1500"), "amount", "余额最低 1000.00")
    assert _ledger(fund) == before
    spend(DAY + timedelta(days=1), "1000")
    _refused(lambda: spend(DAY + timedelta(days=2), "1"), "amount", "余额最低 0.00")
    spend(later, "1000")
    fund.refresh_from_db()
    assert fund.balance == 0
