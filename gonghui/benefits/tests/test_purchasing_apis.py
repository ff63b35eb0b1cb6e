"""Group purchasing over the API: offers listed and shown with their stock, an order
placed for a firm, each refusal answered 400 with its own code and nothing written, and
an order's steps through the one step endpoint."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.benefits.models import Order
from gonghui.benefits.models.purchasing import OrderStatus
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.testing import World
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_a_union_lists_and_reads_the_open_offer(world: World) -> None:
    offer = fx.offer(world)
    fx.offer(world, open_=False, product="草稿产品")
    fx.order(world, offer, quantity=4)
    fx.order(world, offer, world.entity_b, quantity=6)
    client = _client(world, "union_a_staff")

    listing = client.get(reverse("api:benefits:offer-list")).json()
    detail = client.get(reverse("api:benefits:offer-detail", args=[offer.pk])).json()

    assert [row["product"] for row in listing["results"]] == [fx.PRODUCT]
    assert detail["remaining"] == 90
    assert detail["unit"] == "barrel"
    assert detail["totals"] == {"firms": 1, "quantity": 4, "amount": "182.00"}
    assert detail["actions"] == []


def test_a_union_orders_for_its_firm(world: World) -> None:
    offer = fx.offer(world)

    answer = _post(
        _client(world, "union_a_staff"),
        reverse("api:benefits:order-list"),
        {"offer": offer.pk, "entity": world.entity_a.pk, "quantity": 10},
    )

    assert answer.status_code == 201
    body = answer.json()
    assert (body["quantity"], body["amount"], body["status"]) == (10, "455.00", "placed")
    assert [a["step"] for a in body["actions"]] == ["change", "cancel"]
    assert [t["step"] for t in body["timeline"]] == ["place"]


@pytest.mark.parametrize(
    ("code", "quantity", "entity", "setup"),
    [
        ("over_firm_limit", 11, "a", None),
        ("over_stock", 5, "a", "stock"),
        ("not_member_firm", 1, "b", None),
        ("already_ordered", 1, "a", "ordered"),
        ("offer_closed", 1, "a", "closed"),
    ],
)
def test_each_refusal_answers_its_code_and_writes_nothing(
    world: World, code: str, quantity: int, entity: str, setup: str | None
) -> None:
    offer = fx.offer(world, quantity=12)
    if setup == "stock":
        fx.order(world, offer, fx.firm(world), quantity=10)
    if setup == "ordered":
        fx.order(world, offer, quantity=2)
    if setup == "closed":
        take(world.system, offer, "close")
    offer.refresh_from_db()
    before = (Order.objects.count(), offer.remaining)
    firm = world.entity_a if entity == "a" else world.entity_b

    answer = _post(
        _client(world, "union_a_staff"),
        reverse("api:benefits:order-list"),
        {"offer": offer.pk, "entity": firm.pk, "quantity": quantity},
    )

    assert answer.status_code == 400
    assert answer.json()["code"] == code
    offer.refresh_from_db()
    assert (Order.objects.count(), offer.remaining) == before


def test_an_offer_not_yet_open_answers_offer_not_open(world: World) -> None:
    offer = fx.offer(
        world,
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=2),
    )

    answer = _post(
        _client(world, "union_a_staff"),
        reverse("api:benefits:order-list"),
        {"offer": offer.pk, "entity": world.entity_a.pk, "quantity": 1},
    )

    assert answer.json()["code"] == "offer_not_open"
    assert not Order.objects.exists()


def test_an_order_goes_through_its_steps(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, quantity=3)
    union, federation = _client(world, "union_a_staff"), _client(world, "fed_staff")

    def step(client: Client, name: str, body: dict[str, Any]) -> Any:
        return _post(client, reverse("api:benefits:order-step", args=[order.pk, name]), body)

    changed = step(union, "change", {"quantity": 6})
    refused = step(union, "confirm", {})
    step(federation, "confirm", {})
    delivered = step(federation, "deliver", {"delivered_on": timezone.localdate().isoformat()})
    unpaid = step(federation, "pay", {"paid_on": timezone.localdate().isoformat()})
    paid = step(
        federation,
        "pay",
        {"paid_on": timezone.localdate().isoformat(), "payment_reference": "ZZ001"},
    )

    assert changed.json()["quantity"] == 6
    assert refused.status_code == 403
    assert delivered.json()["delivery_number"].startswith("SH")
    assert unpaid.status_code == 400
    assert "payment_reference" in unpaid.json()["fields"]
    assert paid.json()["status"] == OrderStatus.PAID
    today = timezone.localdate().isoformat()
    assert (paid.json()["placed_on"], paid.json()["confirmed_on"]) == (today, today)
    assert paid.json()["cancelled_on"] is None
    detail = federation.get(reverse("api:benefits:order-detail", args=[order.pk])).json()
    assert [t["step"] for t in detail["timeline"]] == [
        "place",
        "change",
        "confirm",
        "deliver",
        "pay",
    ]


def test_a_change_over_the_limit_answers_its_code(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, quantity=3)

    answer = _post(
        _client(world, "union_a_staff"),
        reverse("api:benefits:order-step", args=[order.pk, "change"]),
        {"quantity": 11},
    )

    assert answer.status_code == 400
    assert answer.json()["code"] == "over_firm_limit"
    order.refresh_from_db()
    assert order.quantity == 3


def test_the_orders_of_an_offer_are_listed_in_scope(world: World) -> None:
    offer = fx.offer(world)
    fx.order(world, offer, quantity=3)
    fx.order(world, offer, world.entity_b, quantity=2)

    mine = _client(world, "union_a_staff").get(
        reverse("api:benefits:order-list"), {"offer": offer.pk}
    )
    everyone = _client(world, "fed_staff").get(
        reverse("api:benefits:order-list"), {"offer": offer.pk}
    )

    assert [row["entity_name"] for row in mine.json()["results"]] == [world.entity_a.name]
    assert len(everyone.json()["results"]) == 2


def test_a_client_cannot_backdate_a_confirmation_nor_pass_it_as_recorded(world: World) -> None:
    order = fx.order(world, fx.offer(world), quantity=3)
    url = reverse("api:benefits:order-step", args=[order.pk, "confirm"])
    federation = _client(world, "fed_staff")

    backdated = _post(federation, url, {"confirmed_on": "2020-01-01"})
    silent = _post(federation, url, {"recorded": True})

    assert (backdated.status_code, silent.status_code) == (400, 400)
    order.refresh_from_db()
    assert (order.status, order.confirmed_on) == (OrderStatus.PLACED, None)
