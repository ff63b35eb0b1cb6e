"""The group-purchase figures: per product, the firms, quantity and amount of the orders
placed in the period and confirmed (or delivered, or paid), in the subtree as it stood."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.benefits.models import Order
from gonghui.benefits.statistics.purchasing import (
    COLUMNS,
    purchase_figures,
    purchase_rows,
    purchase_table,
)
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.testing import World
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


def _confirmed(world: World, *args: object, **kwargs: object) -> Order:
    order = fx.order(world, *args, **kwargs)  # type: ignore[arg-type]
    return take(world.system, order, "confirm")  # type: ignore[no-any-return]


def test_the_figures_count_confirmed_orders_of_the_period_per_product(world: World) -> None:
    today = timezone.localdate()
    disinfectant = fx.offer(world, product="消毒液", unit_price=Decimal("40.00"))
    alcohol = fx.offer(world, product="酒精", unit="bottle", unit_price=Decimal("20.00"))
    _confirmed(world, disinfectant, world.entity_a, 4)
    delivered = _confirmed(world, disinfectant, world.entity_b, 6)
    take(world.system, delivered, "deliver")
    _confirmed(world, alcohol, world.entity_a, 3)
    fx.order(world, alcohol, world.entity_b, 2)  # placed only: not counted
    cancelled = _confirmed(world, disinfectant, fx.firm(world), 5)
    take(world.system, cancelled, "cancel")  # cancelled: not counted
    earlier = _confirmed(world, alcohol, fx.firm(world), 9)
    Order.objects.filter(pk=earlier.pk).update(placed_on=today - timedelta(days=40))

    figures = purchase_figures(
        actor=world.system, start=today - timedelta(days=7), end=today, node=None
    )

    by_product = {p.product: p for p in figures.products}
    assert (by_product["消毒液"].firms, by_product["消毒液"].quantity) == (2, 10)
    assert by_product["消毒液"].amount == Decimal("400.00")
    assert (by_product["酒精"].firms, by_product["酒精"].quantity) == (1, 3)
    assert by_product["酒精"].unit == "瓶"
    assert (figures.firms, figures.quantity, figures.amount) == (2, 13, Decimal("460.00"))


def test_the_figures_of_a_node_and_of_a_union_reader_keep_to_their_subtree(
    world: World,
) -> None:
    today = timezone.localdate()
    offer = fx.offer(world)
    _confirmed(world, offer, world.entity_a, 4)
    _confirmed(world, offer, world.entity_b, 6)

    station = purchase_figures(actor=world.system, start=today, end=today, node=world.station_a)
    union_b = purchase_figures(actor=world.user("union_b_staff"), start=today, end=today, node=None)

    assert (station.firms, station.quantity) == (1, 4)
    assert (union_b.firms, union_b.quantity) == (1, 6)


def test_the_report_rows_end_with_the_total(world: World) -> None:
    today = timezone.localdate()
    offer = fx.offer(world)
    _confirmed(world, offer, world.entity_a, 4)

    figures = purchase_figures(actor=world.system, start=today, end=today, node=None)
    rows = purchase_rows(figures)

    assert rows == [
        [f"{offer.number} {fx.PRODUCT}", "桶", 1, 4, Decimal("182.00")],
        ["合计", "", 1, 4, Decimal("182.00")],
    ]
    table = purchase_table(figures)
    assert [c.key for c in table.columns] == [c.key for c in COLUMNS]
    assert table.rows == rows


def test_a_past_period_keeps_its_orders_as_they_stood_when_it_ended(world: World) -> None:
    today = timezone.localdate()
    past = today - timedelta(days=30)
    offer = fx.offer(world, product="口罩垫")
    kept = _confirmed(world, offer, world.entity_a, 4)  # confirmed then, cancelled today
    late = fx.order(world, offer, world.entity_b, 6)  # placed then, confirmed today
    Order.objects.filter(pk__in=[kept.pk, late.pk]).update(placed_on=past)
    Order.objects.filter(pk=kept.pk).update(confirmed_on=past)
    before = purchase_figures(actor=world.system, start=past, end=past, node=None)
    take(world.system, kept, "cancel")
    take(world.system, late, "confirm")
    after = purchase_figures(actor=world.system, start=past, end=past, node=None)
    assert after == before
    assert (after.firms, after.quantity) == (1, 4)
