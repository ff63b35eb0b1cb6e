"""Many union staff ordering at once, on PostgreSQL with real connections (SQLite
serialises writers, so these skip there): the stock never oversells, a firm never holds
more than its limit or two live orders, and the stock and the live orders always add up
to the offer's quantity."""

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from threading import Barrier
from typing import Any

import pytest
from django.db import connection
from django.db.models import Sum

from gonghui.benefits.models import Offer, Order
from gonghui.benefits.models.purchasing import OrderStatus
from gonghui.benefits.services import purchasing
from gonghui.benefits.services.refusals import Refusal
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 16


def _race(calls: list[Callable[[], Any]]) -> list[str]:
    """Run the calls at once, each on its own connection: "ok" or the refusal's code."""
    ready = Barrier(len(calls))

    def run(call: Callable[[], Any]) -> str:
        try:
            ready.wait(timeout=30)
            call()
            return "ok"
        except Refusal as refusal:
            return refusal.refusal_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _live(offer: Offer) -> Any:
    return Order.objects.filter(offer=offer).exclude(status=OrderStatus.CANCELLED)


def _assert_invariants(offer: Offer) -> None:
    offer.refresh_from_db()
    held = _live(offer).aggregate(total=Sum("quantity"))["total"] or 0
    assert offer.remaining >= 0
    assert offer.remaining + held == offer.quantity
    per_firm = Counter(_live(offer).values_list("entity", flat=True))
    assert all(count == 1 for count in per_firm.values())
    assert not _live(offer).filter(quantity__gt=offer.per_firm_limit).exists()


def _order(world: World, offer: Offer, firm: Any, quantity: int) -> Callable[[], Any]:
    return lambda: purchasing.order_place(world.system, offer, firm, quantity)


def test_firms_racing_for_the_last_units_never_oversell() -> None:
    # given 40 units, 5 a firm, and 16 firms each ordering 5 at the same moment
    world = build_world()
    offer = fx.offer(world, quantity=40, per_firm_limit=5)
    firms = [fx.firm(world) for _ in range(WORKERS)]

    results = _race([_order(world, offer, firm, 5) for firm in firms])

    # then 8 are served, the others refused for the stock, and nothing oversold
    assert Counter(results) == {"ok": 8, "over_stock": 8}
    offer.refresh_from_db()
    assert offer.remaining == 0
    _assert_invariants(offer)


def test_one_firm_ordering_many_times_at_once_holds_one_order_within_its_limit() -> None:
    world = build_world()
    offer = fx.offer(world, quantity=100, per_firm_limit=10)

    results = _race([_order(world, offer, world.entity_a, 10) for _ in range(WORKERS)])

    assert results.count("ok") == 1
    assert set(results) - {"ok"} == {"already_ordered"}
    assert _live(offer).get().quantity == 10
    _assert_invariants(offer)


def test_changes_cancellations_and_new_orders_at_once_keep_the_stock_whole() -> None:
    # given 60 units, 10 a firm, six firms holding 8 each (48), and ten new firms
    world = build_world()
    offer = fx.offer(world, quantity=60, per_firm_limit=10)
    held = [fx.order(world, offer, fx.firm(world), 8) for _ in range(6)]
    newcomers = [fx.firm(world) for _ in range(10)]
    calls: list[Callable[[], Any]] = []
    # raise three to 10 (6 more in all), cancel two (16 back)
    calls += [partial(take, world.system, order, "change", quantity=10) for order in held[:3]]
    calls += [partial(take, world.system, order, "cancel") for order in held[3:5]]
    calls += [_order(world, offer, firm, 4) for firm in newcomers]

    # when they all run at once
    results = _race(calls)

    # then whatever won, the stock never went below zero and it adds up
    assert set(results) <= {"ok", "over_stock"}
    _assert_invariants(offer)
