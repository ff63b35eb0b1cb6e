"""Who may open each group-purchase page and endpoint (run by ``core/tests/test_access.py``).

Station A offers a group purchase (its supplier, an open offer and a draft); union A's
staff order for their firms (one order placed, one delivered); union B's staff are the
outsiders of the pages about them, the federation role over station B (``fed_b_staff``)
the outsider of the managers' pages, and a member account holds no benefits action."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.benefits.services import purchasing
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.testing import AccessCase, World
from gonghui.core.workflow import take

PRODUCT = "甲站口罩垫片"
DRAFT = "甲站医用酒精"
PRODUCT_B = "乙站消毒液"
PAST = "甲站往期消毒液"


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def prepare(world: World) -> None:
    supplier = fx.supplier(world, name="甲站防护用品公司", organization=world.station_a)
    offer = fx.offer(world, organization=world.station_a, supplier=supplier, product=PRODUCT)
    draft = fx.offer(
        world, open_=False, organization=world.station_a, supplier=supplier, product=DRAFT
    )
    order = fx.order(world, offer, world.entity_a, 4, by=world.user("union_a_staff"))
    second = fx.firm(world, world.union_a, name="甲二分公司")
    delivered = fx.order(world, offer, second, 6)
    take(world.system, delivered, "confirm")
    delivered = take(world.system, delivered, "deliver")
    third = fx.firm(world, world.union_a, name="甲三分公司")
    theirs = fx.supplier(world, name="乙站供应商", organization=world.station_b)
    offer_b = fx.offer(world, organization=world.station_b, supplier=theirs, product=PRODUCT_B)
    past = purchasing.offer_record(
        world.system,
        organization=world.station_a,
        product=PAST,
        supplier=supplier,
        unit="barrel",
        unit_price="80",
        quantity=100,
        per_firm_limit=10,
        opens_at=_moment(date(2021, 4, 1), 9),
        closes_at=_moment(date(2021, 4, 10), 17),
    )
    world.extra.update(
        past=past,
        offer=offer,
        draft=draft,
        order=order,
        delivered=delivered,
        third=third,
        supplier=supplier,
        supplier_b=theirs,
        offer_b=offer_b,
    )
    world.hide("a", PRODUCT, DRAFT, offer.number, draft.number, supplier.name)
    world.hide("a", second.name, third.name, delivered.delivery_number, PAST, past.number)
    world.hide("b", theirs.name, PRODUCT_B, offer_b.number)


def _url(name: str, key: str, *extra: Any) -> Callable[[World], str]:
    return lambda w: reverse(f"benefits:{name}", args=[w.extra[key].pk, *extra])


def _page(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"benefits:{name}",
        url=url,
        allowed=kwargs.pop("allowed", "union_a_staff"),
        outsider=kwargs.pop("outsider", "union_b_staff"),
        prepare=kwargs.pop("prepare", prepare),
        **kwargs,
    )


def _manager(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    """A page of the offering node's managers: the federation role over station A."""
    return _page(name, url, allowed="fed_a_staff", outsider="fed_b_staff", **kwargs)


def _post(page: Callable[..., AccessCase], name: str, url: Any, data: Any, **kw: Any) -> Any:
    kw.setdefault("id", f"benefits:{name}-post")
    return page(name, url, method="post", data=data, success=(302,), **kw)


def _offer_fields(w: World, **changes: Any) -> dict[str, Any]:
    now = timezone.localtime()
    return {
        "product": "甲站手消毒液",
        "supplier": w.extra["supplier"].pk,
        "unit": "bottle",
        "unit_price": "12.50",
        "quantity": "300",
        "per_firm_limit": "20",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "note": "",
        **changes,
    }


SUPPLIER_B = {"supplier": lambda w: w.extra["supplier_b"].pk}

ACCESS_CASES = [
    _page(
        "offer_list",
        lambda w: reverse("benefits:offer_list"),
        listing=True,
        hidden=lambda w: PRODUCT,
    ),
    _manager("offer_create", lambda w: reverse("benefits:offer_create"), static=True),
    _post(
        _manager,
        "offer_create",
        lambda w: reverse("benefits:offer_create"),
        lambda w: _offer_fields(w, organization=w.station_a.pk),
        listing=True,
        hidden=lambda w: DRAFT,
        foreign_ids=SUPPLIER_B,
    ),
    _page("offer_detail", _url("offer_detail", "offer")),
    _manager("offer_edit", _url("offer_edit", "draft")),
    _post(
        _manager,
        "offer_edit",
        _url("offer_edit", "draft"),
        lambda w: _offer_fields(w, product=DRAFT),
        foreign_ids=SUPPLIER_B,
    ),
    _manager("offer_step", _url("offer_step", "offer", "cancel")),
    _post(_manager, "offer_step", _url("offer_step", "offer", "close"), lambda w: {}),
    _page("offer_orders_xlsx", _url("offer_orders_xlsx", "offer")),
    _page("order_create", _url("order_create", "offer")),
    _post(
        _page,
        "order_create",
        _url("order_create", "offer"),
        lambda w: {"entity": w.extra["third"].pk, "quantity": "3", "note": ""},
    ),
    _manager("offer_record", lambda w: reverse("benefits:offer_record"), static=True),
    _post(
        _manager,
        "offer_record",
        lambda w: reverse("benefits:offer_record"),
        lambda w: _offer_fields(
            w,
            organization=w.station_a.pk,
            opens_at="2021-05-01T09:00",
            closes_at="2021-05-05T17:00",
        ),
        listing=True,
        hidden=lambda w: PAST,
        foreign_ids=SUPPLIER_B,
    ),
    _manager("order_record", _url("order_record", "past")),
    _post(
        _manager,
        "order_record",
        _url("order_record", "past"),
        lambda w: {
            "entity": w.extra["third"].pk,
            "quantity": "3",
            "ordered_on": "2021-04-02",
            "confirmed_on": "2021-04-03",
            "delivered_on": "",
            "paid_on": "",
            "payment_reference": "",
            "note": "",
        },
    ),
    _page("order_detail", _url("order_detail", "order")),
    _page("order_step", _url("order_step", "order", "change")),
    _post(_page, "order_step", _url("order_step", "order", "change"), lambda w: {"quantity": "2"}),
    _post(
        _manager,
        "order_step",
        _url("order_step", "order", "confirm"),
        lambda w: {},
        id="benefits:order_step-confirm-post",
    ),
    _page("order_delivery_pdf", _url("order_delivery_pdf", "delivered")),
]


# --- the API ------------------------------------------------------------------------------


def _api(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    return AccessCase(
        name=f"api:benefits:{name}",
        url=url,
        allowed=kwargs.pop("allowed", "union_a_staff"),
        outsider=kwargs.pop("outsider", "union_b_staff"),
        prepare=kwargs.pop("prepare", prepare),
        api=True,
        **kwargs,
    )


def _api_url(name: str, key: str = "", *extra: Any) -> Callable[[World], str]:
    if not key:
        return lambda w: reverse(f"api:benefits:{name}")
    return lambda w: reverse(f"api:benefits:{name}", args=[w.extra[key].pk, *extra])


def _api_post(name: str, url: Any, data: Any, **kwargs: Any) -> AccessCase:
    kwargs.setdefault("id", f"api:benefits:{name}-post")
    kwargs.setdefault("success", (200,))
    return _api(name, url, method="post", data=data, **kwargs)


ACCESS_CASES += [
    AccessCase(
        name="api:benefits:offer-list",
        url=_api_url("offer-list"),
        allowed="union_a_staff",
        outsider="union_b_staff",
        api=True,
        listing=True,
        hidden=lambda w: PRODUCT,
        prepare=prepare,
    ),
    AccessCase(
        name="api:benefits:offer-detail",
        url=_api_url("offer-detail", "offer"),
        allowed="union_a_staff",
        outsider="union_b_staff",
        api=True,
        prepare=prepare,
    ),
    AccessCase(
        name="api:benefits:order-list",
        url=_api_url("order-list"),
        allowed="union_a_staff",
        outsider="union_b_staff",
        api=True,
        listing=True,
        hidden=lambda w: "甲二分公司",
        prepare=prepare,
    ),
    _api_post(
        "order-list",
        _api_url("order-list"),
        lambda w: {"offer": w.extra["offer"].pk, "entity": w.extra["third"].pk, "quantity": 3},
        success=(201,),
        foreign_ids={"offer": lambda w: w.extra["offer_b"].pk},
    ),
    _api("order-detail", _api_url("order-detail", "order")),
    _api_post(
        "order-step",
        _api_url("order-step", "order", "change"),
        lambda w: {"quantity": 2},
    ),
    _api_post(
        "order-step",
        _api_url("order-step", "order", "confirm"),
        lambda w: {},
        allowed="fed_a_staff",
        outsider="fed_b_staff",
        id="api:benefits:order-step-confirm-post",
    ),
]
