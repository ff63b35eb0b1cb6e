"""Group purchases of the past recorded after the fact: an offer closed at once, orders
with their days on paper through the engine, each rule of an order placed now, and the
figures counting them on those days."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.benefits.models import Offer, Order
from gonghui.benefits.models.purchasing import OfferStatus, OrderStatus
from gonghui.benefits.selectors.purchasing import may_record
from gonghui.benefits.services import purchasing
from gonghui.benefits.services.refusals import Refusal
from gonghui.benefits.statistics.purchasing import purchase_figures
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.models import AuditEntry, Notice, StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db

D = date
YEAR_2020 = (D(2020, 1, 1), D(2020, 12, 31))


def _moment(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _past_offer(world: World, **fields: Any) -> Offer:
    values: dict[str, Any] = {
        "product": "医用酒精",
        "supplier": fx.supplier(world, name=f"供应商甲{Offer.objects.count()}"),
        "unit": "barrel",
        "unit_price": Decimal("95.00"),
        "quantity": 50,
        "per_firm_limit": 20,
        "opens_at": _moment(D(2020, 2, 10)),
        "closes_at": _moment(D(2020, 2, 21), 17),
    }
    values.update(fields)
    return purchasing.offer_record(world.system, organization=world.federation, **values)


def _record(world: World, offer: Offer, firm: Any, quantity: int = 5, **days: Any) -> Order:
    values: dict[str, Any] = {
        "ordered_on": D(2020, 2, 12),
        "confirmed_on": D(2020, 2, 13),
        "delivered_on": D(2020, 2, 16),
        "paid_on": D(2020, 3, 2),
        "payment_reference": "ZZ20200001",
    }
    values.update(days)
    return purchasing.order_record(world.system, offer, firm, quantity, **values)


def _footprint(offer: Offer) -> tuple[int, int, int, int]:
    offer.refresh_from_db()
    return (
        Order.objects.count(),
        offer.remaining,
        AuditEntry.objects.count(),
        StatusChange.objects.count(),
    )


def _refused(call: Any, offer: Offer, code: str = "") -> ValidationError:
    before = _footprint(offer)
    with pytest.raises(ValidationError) as caught:
        call()
    if code:
        assert isinstance(caught.value, Refusal)
        assert caught.value.refusal_code == code
    assert _footprint(offer) == before
    return caught.value


def test_an_offer_of_the_past_is_recorded_closed_and_numbered_in_its_year(
    world: World,
) -> None:
    offer = _past_offer(world)

    assert offer.status == OfferStatus.CLOSED
    assert offer.number.startswith("TG2020-")
    assert offer.remaining == offer.quantity == 50
    steps = StatusChange.objects.filter(object_id=offer.pk, workflow="group_offer")
    assert list(steps.values_list("step", "to_state")) == [("record", OfferStatus.CLOSED)]
    assert AuditEntry.objects.filter(object_id=str(offer.pk), message__contains="补录").exists()


def test_an_offer_whose_window_has_not_ended_is_not_recorded(world: World) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError) as caught:
        _past_offer(world, opens_at=now - timedelta(days=3), closes_at=now + timedelta(hours=1))

    assert "closes_at" in caught.value.message_dict
    assert not Offer.objects.exists()


def test_an_order_of_the_past_keeps_its_days_and_goes_through_every_step(
    world: World,
) -> None:
    union, (firm, *_rest) = fx.union_of_2019(world, firms=1)
    offer = _past_offer(world)

    order = _record(world, offer, firm, 7)

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert (order.placed_on, order.confirmed_on, order.delivered_on, order.paid_on) == (
        D(2020, 2, 12),
        D(2020, 2, 13),
        D(2020, 2, 16),
        D(2020, 3, 2),
    )
    assert order.union == union
    assert order.delivery_number.startswith("SH2020-")
    assert order.amount == Decimal("665.00")
    offer.refresh_from_db()
    assert offer.remaining == 43
    history = StatusChange.objects.filter(object_id=order.pk, workflow="group_order")
    assert list(history.order_by("pk").values_list("step", flat=True)) == [
        "record",
        "confirm",
        "deliver",
        "pay",
    ]
    assert not Notice.objects.exists()  # the past is not announced


def test_an_order_recorded_only_as_confirmed_stays_confirmed(world: World) -> None:
    _union, (firm, *_rest) = fx.union_of_2019(world, firms=1)
    offer = _past_offer(world)

    order = _record(world, offer, firm, delivered_on=None, paid_on=None)

    assert order.status == OrderStatus.CONFIRMED
    assert order.delivered_on is None


def test_recorded_orders_count_in_their_year_and_only_there(world: World) -> None:
    _union, firms = fx.union_of_2019(world, firms=3)
    offer = _past_offer(world, unit_price=Decimal("10.00"))
    _record(world, offer, firms[0], 4)
    _record(world, offer, firms[1], 6, confirmed_on=D(2020, 2, 20), delivered_on=D(2020, 2, 25))
    # confirmed only in 2021: not a 2020 purchase
    _record(world, offer, firms[2], 9, confirmed_on=D(2021, 1, 5), delivered_on=None, paid_on=None)

    y2020 = purchase_figures(actor=world.system, start=YEAR_2020[0], end=YEAR_2020[1], node=None)
    feb_15 = purchase_figures(
        actor=world.system, start=D(2020, 2, 1), end=D(2020, 2, 15), node=None
    )
    today = timezone.localdate()
    now = purchase_figures(
        actor=world.system, start=today - timedelta(days=30), end=today, node=None
    )

    assert (y2020.firms, y2020.quantity, y2020.amount) == (2, 10, Decimal("100.00"))
    assert (feb_15.firms, feb_15.quantity) == (1, 4)  # the second was confirmed on 20 Feb
    assert (now.firms, now.quantity) == (0, 0)


def test_a_recorded_purchase_does_not_move_a_past_period_when_cancelled_today(
    world: World,
) -> None:
    _union, (firm, *_rest) = fx.union_of_2019(world, firms=1)
    offer = _past_offer(world)
    order = _record(world, offer, firm, 5, delivered_on=None, paid_on=None)
    before = purchase_figures(actor=world.system, start=YEAR_2020[0], end=YEAR_2020[1], node=None)

    take(world.system, order, "cancel", reason="补录有误")

    order.refresh_from_db()
    assert order.cancelled_on == timezone.localdate()
    after = purchase_figures(actor=world.system, start=YEAR_2020[0], end=YEAR_2020[1], node=None)
    assert after == before
    assert after.quantity == 5


@pytest.mark.parametrize(
    ("days", "field"),
    [
        ({"confirmed_on": D(2020, 2, 11)}, "confirmed_on"),  # before the order
        ({"delivered_on": D(2020, 2, 12)}, "delivered_on"),  # before the confirmation
        ({"paid_on": D(2020, 2, 15)}, "paid_on"),  # before the delivery
        ({"ordered_on": D(2020, 2, 9)}, "ordered_on"),  # before the window
        ({"ordered_on": D(2020, 2, 22)}, "confirmed_on"),  # after the window, and confirmed
        ({"confirmed_on": None}, "delivered_on"),  # delivered, never confirmed
        ({"paid_on": date.max}, "paid_on"),  # in the future
        ({"ordered_on": None}, "ordered_on"),
        ({"payment_reference": ""}, "payment_reference"),
    ],
)
def test_days_out_of_order_or_in_the_future_are_refused_on_their_field(
    world: World, days: dict[str, Any], field: str
) -> None:
    _union, (firm, *_rest) = fx.union_of_2019(world, firms=1)
    offer = _past_offer(world)

    error = _refused(lambda: _record(world, offer, firm, **days), offer)

    assert field in error.message_dict


def test_a_firm_not_yet_covered_on_the_day_it_ordered_is_refused(world: World) -> None:
    offer = _past_offer(world)  # entity A is covered since March 2021

    _refused(lambda: _record(world, offer, world.entity_a), offer, "not_member_firm")


def test_the_firms_limit_the_stock_and_one_order_a_firm_hold_for_recorded_orders(
    world: World,
) -> None:
    _union, firms = fx.union_of_2019(world, firms=4)
    offer = _past_offer(world, quantity=30, per_firm_limit=20)
    _record(world, offer, firms[0], 20)

    _refused(lambda: _record(world, offer, firms[1], 21), offer, "over_firm_limit")
    _refused(lambda: _record(world, offer, firms[1], 11), offer, "over_stock")
    _refused(lambda: _record(world, offer, firms[0], 1), offer, "already_ordered")
    _record(world, offer, firms[1], 10)
    offer.refresh_from_db()
    assert offer.remaining == 0
    assert purchasing.offered_total(offer) == offer.quantity


def test_an_offer_taking_orders_now_is_not_recorded_into(world: World) -> None:
    _union, (firm, *_rest) = fx.union_of_2019(world, firms=1)
    offer = fx.offer(world)  # open now

    _refused(
        lambda: _record(world, offer, firm, ordered_on=timezone.localdate()), offer, "offer_closed"
    )


def test_an_offer_run_on_the_platform_takes_no_recorded_order_once_closed(
    world: World,
) -> None:
    """Its orders came in its window; a late one dated inside it would change figures
    already reported."""
    _union, (firm, *_rest) = fx.union_of_2019(world, firms=1)
    offer = take(world.system, fx.offer(world), "close")
    assert offer.status == OfferStatus.CLOSED
    assert not may_record(world.system, offer)

    _refused(
        lambda: _record(world, offer, firm, ordered_on=timezone.localdate()),
        offer,
        "offer_not_recorded",
    )
    assert may_record(world.system, _past_offer(world))


def test_only_the_offering_nodes_managers_record(world: World) -> None:
    _union, (firm, *_rest) = fx.union_of_2019(world, firms=1)
    offer = _past_offer(world)

    for username in ("union_a_staff", "station_a_staff"):
        with pytest.raises(OutOfScope):
            purchasing.order_record(world.user(username), offer, firm, 3, ordered_on=D(2020, 2, 12))
    with pytest.raises(OutOfScope):
        purchasing.offer_record(
            world.user("union_a_staff"),
            organization=world.federation,
            product="口罩",
            supplier=offer.supplier,
            unit="box",
            unit_price="10",
            quantity=10,
            per_firm_limit=5,
            opens_at=_moment(D(2020, 2, 1)),
            closes_at=_moment(D(2020, 2, 5)),
        )
    order = purchasing.order_record(
        world.user("fed_staff"), offer, firm, 3, ordered_on=D(2020, 2, 12)
    )
    assert order.status == OrderStatus.PLACED
