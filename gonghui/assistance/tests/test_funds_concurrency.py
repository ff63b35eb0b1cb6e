"""The ledger under concurrent writers (PostgreSQL: SQLite serialises writers, so the race
test skips there) and the database's own refusal of a negative balance."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from threading import Barrier

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from gonghui.assistance.choices import EntryKind
from gonghui.assistance.models import Fund, FundEntry
from gonghui.assistance.selectors.funds import ledger_total
from gonghui.assistance.services import ledger
from gonghui.assistance.tests.fixtures_funds import donate, warmth_fund
from gonghui.core.testing import build_world

DAY = date(2026, 3, 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_debits_of_sixty_percent_at_once_one_is_refused() -> None:
    # given a fund of 10,000 yuan
    world = build_world()
    fund = warmth_fund(world)
    donate(world, fund, "10000", DAY)
    ready = Barrier(2)

    def debit(n: int) -> str:
        try:
            ready.wait(timeout=10)
            ledger.entry_post(
                actor=world.system,
                fund=Fund.objects.get(pk=fund.pk),
                kind=EntryKind.GRANT,
                amount=Decimal("-6000.00"),
                booked_on=DAY,
                memo=f"救助 {n}",
            )
            return "ok"
        except ValidationError as exc:
            return exc.message_dict["amount"][0]
        finally:
            connection.close()

    # when two grants of 6,000 are posted at the same moment on two connections
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(debit, (1, 2)))

    # then one is posted, the other refused, and the balance is the sum of the entries
    assert results.count("ok") == 1
    assert "不足" in next(r for r in results if r != "ok")
    fund.refresh_from_db()
    assert fund.balance == ledger_total(fund) == Decimal("4000.00")
    assert FundEntry.objects.filter(fund=fund, kind=EntryKind.GRANT).count() == 1
    assert FundEntry.objects.get(fund=fund, kind=EntryKind.GRANT).balance_after == Decimal(
        "4000.00"
    )


@pytest.mark.django_db
def test_the_database_refuses_a_negative_balance_when_the_code_is_bypassed() -> None:
    world = build_world()
    fund = warmth_fund(world)
    entry = donate(world, fund, "100", DAY).entry

    with pytest.raises(IntegrityError), transaction.atomic():
        Fund.objects.filter(pk=fund.pk).update(balance=Decimal("-0.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        FundEntry.objects.create(
            fund=fund,
            kind=EntryKind.GRANT,
            amount=Decimal("-200"),
            balance_after=Decimal("-100"),
            booked_on=DAY,
            memo="绕过服务",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FundEntry.objects.create(
            fund=fund,
            kind=EntryKind.REVERSAL,
            amount=Decimal("-1"),
            balance_after=0,
            booked_on=DAY,
            memo="无对象冲正",
        )

    fund.refresh_from_db()
    assert fund.balance == ledger_total(fund) == Decimal("100.00")
    assert list(FundEntry.objects.values_list("pk", flat=True)) == [entry.pk]
