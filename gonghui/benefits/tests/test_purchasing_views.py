"""The group-purchase staff pages over HTTP: the managers create and open an offer, a
union's staff order for their own firms (a refusal shown on the form, nothing written),
the steps, the supplier's workbook read back and the delivery note PDF."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from gonghui.benefits.models import Offer, Order
from gonghui.benefits.models.purchasing import OfferStatus, OrderStatus
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.testing import World
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def test_the_federation_creates_a_draft_and_opens_it(world: World) -> None:
    supplier = fx.supplier(world)
    client = _client(world, "fed_staff")
    now = timezone.localtime()

    answer = client.post(
        reverse("benefits:offer_create"),
        {
            "organization": world.federation.pk,
            "product": "医用酒精",
            "supplier": supplier.pk,
            "unit": "barrel",
            "unit_price": "80.00",
            "quantity": "500",
            "per_firm_limit": "20",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "note": "",
        },
    )

    offer = Offer.objects.get(product="医用酒精")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("benefits:offer_detail", args=[offer.pk])
    page = client.get(answer["Location"]).content.decode()
    assert "发布，开始接受订购" in page
    opened = client.post(reverse("benefits:offer_step", args=[offer.pk, "open"]))
    assert opened.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_a_new_offer_with_the_limit_over_the_quantity_is_shown_its_error(world: World) -> None:
    supplier = fx.supplier(world)
    now = timezone.localtime()

    answer = _client(world, "fed_staff").post(
        reverse("benefits:offer_create"),
        {
            "organization": world.federation.pk,
            "product": "口罩垫片",
            "supplier": supplier.pk,
            "unit": "box",
            "unit_price": "15",
            "quantity": "10",
            "per_firm_limit": "20",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert answer.status_code == 200
    assert "每家单位限购不能超过可供数量" in answer.content.decode()
    assert not Offer.objects.exists()


def test_a_union_sees_the_open_offer_and_orders_for_its_own_firm(world: World) -> None:
    offer = fx.offer(world)
    client = _client(world, "union_a_staff")

    listing = client.get(reverse("benefits:offer_list")).content.decode()
    form = client.get(reverse("benefits:order_create", args=[offer.pk])).content.decode()
    answer = client.post(
        reverse("benefits:order_create", args=[offer.pk]),
        {"entity": world.entity_a.pk, "quantity": "7"},
    )

    assert fx.PRODUCT in listing
    assert world.entity_a.name in form
    assert world.entity_b.name not in form
    assert answer.status_code == 302
    order = Order.objects.get()
    assert (order.entity, order.quantity, order.amount) == (
        world.entity_a,
        7,
        Decimal("318.50"),
    )
    page = client.get(reverse("benefits:offer_detail", args=[offer.pk])).content.decode()
    assert "93" in page  # the stock left
    assert world.entity_a.name in page


def test_an_order_over_the_firms_limit_is_refused_on_the_form(world: World) -> None:
    offer = fx.offer(world)

    answer = _client(world, "union_a_staff").post(
        reverse("benefits:order_create", args=[offer.pk]),
        {"entity": world.entity_a.pk, "quantity": "11"},
    )

    assert answer.status_code == 200
    assert "超过每家单位限购数量（10）" in answer.content.decode()
    assert not Order.objects.exists()
    offer.refresh_from_db()
    assert offer.remaining == 100


def test_an_order_for_another_unions_firm_is_not_among_the_choices(world: World) -> None:
    offer = fx.offer(world)

    answer = _client(world, "union_a_staff").post(
        reverse("benefits:order_create", args=[offer.pk]),
        {"entity": world.entity_b.pk, "quantity": "1"},
    )

    assert answer.status_code == 200
    assert not Order.objects.exists()


def test_a_union_changes_and_the_federation_confirms_and_delivers(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer, quantity=5)
    union = _client(world, "union_a_staff")
    federation = _client(world, "fed_staff")

    changed = union.post(reverse("benefits:order_step", args=[order.pk, "change"]), {"quantity": 9})
    confirmed = federation.post(reverse("benefits:order_step", args=[order.pk, "confirm"]))
    delivered = federation.post(
        reverse("benefits:order_step", args=[order.pk, "deliver"]),
        {"delivered_on": timezone.localdate().isoformat()},
    )

    assert [changed.status_code, confirmed.status_code, delivered.status_code] == [302] * 3
    order.refresh_from_db()
    assert (order.quantity, order.status) == (9, OrderStatus.DELIVERED)
    page = union.get(reverse("benefits:order_detail", args=[order.pk])).content.decode()
    assert order.delivery_number in page
    assert reverse("benefits:order_delivery_pdf", args=[order.pk]) in page


def test_a_union_may_not_confirm_its_own_order(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer)

    answer = _client(world, "union_a_staff").post(
        reverse("benefits:order_step", args=[order.pk, "confirm"])
    )

    assert answer.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


def test_the_suppliers_workbook_lists_the_orders(world: World) -> None:
    offer = fx.offer(world)
    fx.order(world, offer, quantity=4)
    second = fx.order(world, offer, fx.firm(world, world.union_b, name="乙二公司"), quantity=10)
    take(world.system, second, "confirm")
    take(world.system, second, "deliver")
    second.refresh_from_db()

    answer = _client(world, "fed_staff").get(reverse("benefits:offer_orders_xlsx", args=[offer.pk]))

    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == ("订购单位", "所在工会", "产品", "单位", "数量")
    body = {row[0]: row for row in rows[1:]}
    assert body[world.entity_a.name][4] == 4
    assert Decimal(str(body[world.entity_a.name][6])) == Decimal("182.00")
    assert body["乙二公司"][1] == world.union_b.name
    assert body["乙二公司"][7] == "已送货"
    assert body["乙二公司"][8] == second.delivery_number


def test_a_union_exports_only_its_own_firms_orders(world: World) -> None:
    offer = fx.offer(world)
    fx.order(world, offer, quantity=4)
    fx.order(world, offer, world.entity_b, quantity=3)

    answer = _client(world, "union_a_staff").get(
        reverse("benefits:offer_orders_xlsx", args=[offer.pk])
    )

    rows = list(load_workbook(io.BytesIO(answer.content)).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [world.entity_a.name]


def test_the_delivery_note_is_a_pdf_once_delivered(world: World) -> None:
    offer = fx.offer(world)
    order = fx.order(world, offer)
    client = _client(world, "union_a_staff")
    url = reverse("benefits:order_delivery_pdf", args=[order.pk])
    assert client.get(url).status_code == 404
    take(world.system, order, "confirm")
    take(world.system, order, "deliver")
    order.refresh_from_db()

    answer = client.get(url)

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(answer.content))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    for shown in (order.delivery_number, world.entity_a.name, fx.PRODUCT, "45.50", "227.50"):
        assert shown in text


def test_the_offers_page_totals_per_firm(world: World) -> None:
    offer = fx.offer(world)
    fx.order(world, offer, quantity=4)
    fx.order(world, offer, fx.firm(world, name="甲二公司"), quantity=6)

    page = _client(world, "fed_staff").get(reverse("benefits:offer_detail", args=[offer.pk]))

    text = page.content.decode()
    assert page.context["totals"].quantity == 10
    assert page.context["totals"].firms == 2
    assert [row["quantity"] for row in page.context["firms"]] == [6, 4]
    assert "甲二公司" in text


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_cost_the_same_queries_whatever_the_number_of_orders(world: World) -> None:
    offer = fx.offer(world)
    fx.order(world, offer, quantity=1)
    client = _client(world, "fed_staff")
    detail = reverse("benefits:offer_detail", args=[offer.pk])
    listing = reverse("benefits:offer_list")
    few = (_queries(client, detail), _queries(client, listing))

    for _ in range(5):
        fx.order(world, fx.offer(world), quantity=1)
        fx.order(world, offer, fx.firm(world), quantity=1)

    assert (_queries(client, detail), _queries(client, listing)) == few


def test_the_federation_records_a_purchase_of_the_past_and_its_orders(world: World) -> None:
    from datetime import date

    _union, (firm, *_rest) = fx.union_of_2019(world, firms=1)
    supplier = fx.supplier(world)
    client = _client(world, "fed_staff")
    assert "补录往期团购" in client.get(reverse("benefits:offer_list")).content.decode()

    answer = client.post(
        reverse("benefits:offer_record"),
        {
            "organization": world.federation.pk,
            "product": "口罩垫片",
            "supplier": supplier.pk,
            "unit": "box",
            "unit_price": "36.00",
            "quantity": "500",
            "per_firm_limit": "300",
            "opens_at": "2020-03-02T09:00",
            "closes_at": "2020-03-13T17:00",
            "note": "",
        },
    )
    offer = Offer.objects.get(product="口罩垫片")
    assert answer.status_code == 302 and offer.status == OfferStatus.CLOSED
    page = client.get(answer["Location"]).content.decode()
    record_url = reverse("benefits:order_record", args=[offer.pk])
    assert record_url in page
    fields = {
        "entity": firm.pk,
        "quantity": "120",
        "ordered_on": "2020-03-03",
        "confirmed_on": "2020-03-04",
        "delivered_on": "2020-03-02",  # before the confirmation: refused on the form
        "paid_on": "",
        "payment_reference": "",
        "note": "",
    }
    refused = client.post(record_url, fields)
    assert refused.status_code == 200 and "日期应按" in refused.content.decode()
    assert not Order.objects.exists()
    recorded = client.post(record_url, {**fields, "delivered_on": "2020-03-09"})
    assert recorded.status_code == 302
    order = Order.objects.get()
    assert (order.status, order.placed_on, order.confirmed_on, order.delivered_on) == (
        OrderStatus.DELIVERED,
        date(2020, 3, 3),
        date(2020, 3, 4),
        date(2020, 3, 9),
    )
    union_page = _client(world, "union_a_staff").get(
        reverse("benefits:offer_detail", args=[offer.pk])
    )
    assert record_url not in union_page.content.decode()
