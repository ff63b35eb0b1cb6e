"""Group purchasing through its services and the engine: offers, orders and each
refusal with its own code, nothing written when refused."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.roles import BENEFITS_VIEW
from gonghui.benefits.models import Offer, Order
from gonghui.benefits.models.purchasing import OfferStatus, OrderStatus
from gonghui.benefits.services import purchasing, suppliers
from gonghui.benefits.services.refusals import Refusal
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.models import AuditEntry, StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World
from gonghui.core.workflow import available, take

pytestmark = pytest.mark.django_db


def _footprint(offer: Offer) -> tuple[int, int, int, int]:
    offer.refresh_from_db()
    return (
        Order.objects.count(),
        offer.remaining,
        AuditEntry.objects.count(),
        StatusChange.objects.count(),
    )


def _refused(code: str, call: Any, offer: Offer) -> Refusal:
    before = _footprint(offer)
    with pytest.raises(Refusal) as caught:
        call()
    assert caught.value.refusal_code == code
    assert _footprint(offer) == before
    return caught.value


# --- offers --------------------------------------------------------------------------------


def test_a_new_offer_is_a_numbered_draft_with_its_quantity_in_stock(world: World) -> None:
    offer = fx.offer(world, open_=False, quantity=350)

    assert offer.status == OfferStatus.DRAFT
    assert offer.number.startswith(f"TG{timezone.localdate().year}-")
    assert offer.remaining == 350
    assert StatusChange.objects.filter(object_id=offer.pk, step="create").exists()
    assert AuditEntry.objects.filter(object_id=str(offer.pk), action="create").exists()


def test_an_offer_with_bad_fields_names_each_and_writes_nothing(world: World) -> None:
    supplier = fx.supplier(world)
    now = timezone.now()
    before = Offer.objects.count()

    with pytest.raises(ValidationError) as caught:
        purchasing.offer_create(
            world.system,
            organization=world.federation,
            product=" ",
            supplier=supplier,
            unit="ton",
            unit_price="0",
            quantity=5,
            per_firm_limit=6,
            opens_at=now,
            closes_at=now - timedelta(hours=1),
        )

    assert set(caught.value.message_dict) == {
        "product",
        "unit",
        "unit_price",
        "per_firm_limit",
        "closes_at",
    }
    assert Offer.objects.count() == before


def test_an_inactive_supplier_is_refused(world: World) -> None:
    supplier = fx.supplier(world)
    suppliers.supplier_change(actor=world.system, supplier=supplier, active=False)

    with pytest.raises(ValidationError) as caught:
        fx.offer(world, open_=False, supplier=supplier)

    assert "supplier" in caught.value.message_dict


def test_a_draft_can_be_changed_and_its_stock_follows_its_quantity(world: World) -> None:
    offer = fx.offer(world, open_=False)
    data = {name: getattr(offer, name) for name in purchasing.OFFER_FIELDS}

    changed = purchasing.offer_update(world.system, offer, **{**data, "quantity": 240})

    assert (changed.quantity, changed.remaining) == (240, 240)


def test_an_open_offer_cannot_be_changed(world: World) -> None:
    offer = fx.offer(world)
    data = {name: getattr(offer, name) for name in purchasing.OFFER_FIELDS}

    with pytest.raises(ValidationError) as caught:
        purchasing.offer_update(world.system, offer, **{**data, "quantity": 5})

    assert "status" in caught.value.message_dict


def test_an_offer_past_its_window_cannot_open(world: World) -> None:
    now = timezone.now()
    offer = fx.offer(
        world,
        open_=False,
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(days=1),
    )

    with pytest.raises(ValidationError, match="截止订购时间已过"):
        take(world.system, offer, "open")


def test_the_staff_below_see_a_published_offer_but_do_not_manage_it(world: World) -> None:
    draft = fx.offer(world, open_=False)
    offer = fx.offer(world, by=world.user("fed_staff"))
    outsider = world.user("fed_b_staff")  # the federation role, over station B only

    visible = Offer.objects.for_actor(world.user("union_a_staff"), BENEFITS_VIEW)
    assert set(visible) == {offer}
    assert draft not in Offer.objects.for_actor(outsider, BENEFITS_VIEW)
    assert [step.name for step in available(outsider, offer)] == []
    with pytest.raises(ValidationError, match="只有发起单位"):
        take(outsider, offer, "close")
    assert [s.name for s in available(world.user("fed_staff"), offer)] == ["close", "cancel"]


def test_cancelling_an_offer_cancels_its_live_orders_and_returns_their_units(
    world: World,
) -> None:
    offer = fx.offer(world)
    first = fx.order(world, offer, quantity=4)
    second = fx.order(world, offer, fx.firm(world), quantity=6)
    take(world.system, second, "confirm")

    take(world.system, offer, "cancel", reason="供应商无法供货")

    offer.refresh_from_db()
    assert offer.status == OfferStatus.CANCELLED
    assert offer.remaining == offer.quantity
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.CANCELLED}
    assert StatusChange.objects.filter(step="offer_cancelled").count() == 2
    assert first.pk and second.pk


def test_an_offer_with_a_delivery_cannot_be_cancelled(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer)
    take(world.system, order, "confirm")
    take(world.system, order, "deliver")

    with pytest.raises(ValidationError, match="已有订单送货"):
        take(world.system, offer, "cancel", reason="取消")


# --- placing an order ------------------------------------------------------------------------


def test_a_union_orders_for_its_firm_and_the_stock_goes_down(world: World) -> None:
    offer = fx.offer(world)
    staff = world.user("union_a_staff")

    order = purchasing.order_place(staff, offer, world.entity_a, 8)

    offer.refresh_from_db()
    assert offer.remaining == 92
    assert (order.quantity, order.allowed, order.union) == (8, 10, world.union_a)
    assert order.amount == Decimal("364.00")
    assert order.status == OrderStatus.PLACED
    assert order.placed_by == staff
    assert StatusChange.objects.filter(object_id=order.pk, step="place").exists()


def test_an_order_over_the_firms_limit_is_refused(world: World) -> None:
    offer = fx.offer(world)

    refusal = _refused(
        "over_firm_limit",
        lambda: purchasing.order_place(world.system, offer, world.entity_a, 11),
        offer,
    )

    assert "10" in refusal.message_dict["quantity"][0]


def test_an_order_over_the_stock_is_refused(world: World) -> None:
    offer = fx.offer(world, quantity=12, per_firm_limit=10)
    fx.order(world, offer, fx.firm(world), quantity=10)

    refusal = _refused(
        "over_stock",
        lambda: purchasing.order_place(world.system, offer, world.entity_a, 3),
        offer,
    )

    assert "剩余 2" in refusal.message_dict["quantity"][0]


def test_an_order_of_a_draft_or_a_future_offer_is_refused_as_not_open(world: World) -> None:
    draft = fx.offer(world, open_=False)
    later = fx.offer(
        world,
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=3),
    )

    for offer in (draft, later):
        _refused(
            "offer_not_open",
            lambda offer=offer: purchasing.order_place(world.system, offer, world.entity_a, 1),
            offer,
        )


def test_an_order_of_a_closed_offer_is_refused(world: World) -> None:
    closed = fx.offer(world)
    take(world.system, closed, "close")
    passed = fx.offer(world)
    Offer.objects.filter(pk=passed.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    for offer in (closed, passed):
        _refused(
            "offer_closed",
            lambda offer=offer: purchasing.order_place(world.system, offer, world.entity_a, 1),
            offer,
        )


def test_an_order_for_a_firm_outside_the_users_unions_is_refused(world: World) -> None:
    offer = fx.offer(world)

    _refused(
        "not_member_firm",
        lambda: purchasing.order_place(world.user("union_a_staff"), offer, world.entity_b, 1),
        offer,
    )


def test_an_order_for_a_firm_outside_the_offering_node_is_refused(world: World) -> None:
    offer = fx.offer(world, organization=world.station_a)

    _refused(
        "not_member_firm",
        lambda: purchasing.order_place(world.system, offer, world.entity_b, 1),
        offer,
    )


def test_a_second_order_of_the_same_firm_is_refused(world: World) -> None:
    offer = fx.offer(world)
    fx.order(world, offer, quantity=2)

    _refused(
        "already_ordered",
        lambda: purchasing.order_place(world.system, offer, world.entity_a, 1),
        offer,
    )


def test_a_firm_whose_order_was_cancelled_may_order_again(world: World) -> None:
    offer = fx.offer(world)
    take(world.system, fx.order(world, offer, quantity=2), "cancel")

    again = fx.order(world, offer, quantity=3)

    offer.refresh_from_db()
    assert again.status == OrderStatus.PLACED
    assert offer.remaining == 97


def test_an_offer_out_of_the_users_scope_is_not_found(world: World) -> None:
    offer = fx.offer(world, organization=world.station_a)

    with pytest.raises(OutOfScope):
        purchasing.order_place(world.user("union_b_staff"), offer, world.entity_b, 1)


# --- changing, cancelling, confirming, delivering, paying ---------------------------------


def test_changing_the_quantity_takes_or_returns_the_difference(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, quantity=5)

    take(world.user("union_a_staff"), order, "change", quantity=9)
    offer.refresh_from_db()
    assert offer.remaining == 91
    take(world.user("union_a_staff"), order, "change", quantity=2)

    offer.refresh_from_db()
    order.refresh_from_db()
    assert (order.quantity, order.amount, offer.remaining) == (2, Decimal("91.00"), 98)
    notes = StatusChange.objects.filter(object_id=order.pk, step="change")
    assert [n.note for n in notes.order_by("pk")] == ["数量 5 → 9", "数量 9 → 2"]


def test_a_change_over_the_limit_or_the_stock_is_refused(world: World) -> None:
    offer = fx.offer(world, quantity=12)
    fx.order(world, offer, fx.firm(world), quantity=5)
    order = fx.order(world, offer, quantity=5)

    _refused("over_firm_limit", lambda: take(world.system, order, "change", quantity=11), offer)
    _refused("over_stock", lambda: take(world.system, order, "change", quantity=8), offer)
    order.refresh_from_db()
    assert order.quantity == 5


def test_a_confirmed_order_cannot_change_but_can_be_cancelled(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, quantity=5)
    take(world.system, order, "confirm")

    with pytest.raises(ValidationError):
        take(world.system, order, "change", quantity=6)
    take(world.user("union_a_staff"), order, "cancel", reason="不需要了")

    offer.refresh_from_db()
    assert offer.remaining == 100


def test_an_order_is_confirmed_delivered_with_a_numbered_note_and_paid(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, quantity=5)
    staff = world.user("fed_staff")

    take(staff, order, "confirm")
    take(staff, order, "deliver", delivered_on=timezone.localdate())
    order.refresh_from_db()
    assert order.delivery_number.startswith(f"SH{timezone.localdate().year}-")
    with pytest.raises(ValidationError) as caught:
        take(staff, order, "pay", paid_on=timezone.localdate(), payment_reference=" ")
    assert "payment_reference" in caught.value.message_dict
    take(staff, order, "pay", paid_on=timezone.localdate(), payment_reference="ZZ2020-0312")

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.payment_reference == "ZZ2020-0312"
    steps = StatusChange.objects.filter(object_id=order.pk, workflow="group_order")
    steps = steps.order_by("pk")
    assert [s.step for s in steps] == ["place", "confirm", "deliver", "pay"]


def test_union_staff_order_but_do_not_confirm_deliver_or_pay(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, by=world.user("union_a_staff"))

    steps = [step.name for step in available(world.user("union_a_staff"), order)]

    assert steps == ["change", "cancel"]
    assert [s.name for s in available(world.user("union_b_staff"), order)] == []


def test_a_delivered_order_cannot_be_cancelled(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer)
    take(world.system, order, "confirm")
    take(world.system, order, "deliver")

    with pytest.raises(ValidationError):
        take(world.system, order, "cancel")


def test_the_stock_and_the_live_orders_always_add_up(world: World) -> None:
    offer = fx.offer(world, quantity=40)
    orders = [fx.order(world, offer, fx.firm(world), quantity=n) for n in (3, 7, 10)]
    take(world.system, orders[0], "cancel")
    take(world.system, orders[1], "change", quantity=1)

    offer.refresh_from_db()
    assert offer.remaining + purchasing.offered_total(offer) == offer.quantity == 40
    assert offer.remaining == 29


def test_a_supplier_account_sees_the_offers_and_orders_of_its_supplier(world: World) -> None:
    ours = fx.supplier(world, name="卫康")
    offer = fx.offer(world, supplier=ours)
    other = fx.offer(world)
    fx.order(world, offer)
    fx.order(world, other)
    account = suppliers.supplier_account_create(
        actor=world.system, supplier=ours, username="weikang", password="Kassa-2026-Xyz"
    )

    assert list(Offer.objects.for_actor(account, BENEFITS_VIEW)) == [offer]
    assert [o.offer for o in Order.objects.for_actor(account, BENEFITS_VIEW)] == [offer]


def test_a_quantity_does_not_change_once_the_offer_has_closed(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, quantity=5)
    take(world.system, offer, "close")
    order.refresh_from_db()

    assert [s.name for s in available(world.user("union_a_staff"), order)] == ["cancel"]
    with pytest.raises(ValidationError, match="已截止订购"):
        take(world.user("union_a_staff"), order, "change", quantity=6)
