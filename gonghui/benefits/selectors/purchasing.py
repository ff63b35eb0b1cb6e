"""Reads of group purchasing: offers (list, one offer), the orders of an offer, totals per
product (offer) and per firm, the firms a user may order for, the supplier's workbook of
an offer's orders and the delivery note PDF of an order. Every read goes through
``for_actor``."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_MANAGE, BENEFITS_ORDER, BENEFITS_VIEW
from gonghui.benefits.models import Offer, Order, Supplier
from gonghui.benefits.models.purchasing import OfferStatus, OrderStatus, Unit
from gonghui.core.exports import Column, Export
from gonghui.core.models import StatusChange
from gonghui.core.scoping import Actor, OutOfScope, allows, require
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import LegalEntity, Organization

OFFER_MODEL = Offer
ORDER_MODEL = Order
# the vocabulary, for the API's serializers (which read no models module)
OFFER_STATUSES = OfferStatus.choices
ORDER_STATUSES = OrderStatus.choices
UNITS = Unit.choices
ZERO = Decimal("0.00")


def offer_list(
    *, actor: Actor, action: str = BENEFITS_VIEW, q: str = "", status: str = ""
) -> QuerySet[Offer]:
    rows = Offer.objects.for_actor(actor, action).select_related("organization", "supplier")
    text = q.strip()
    if text:
        rows = rows.filter(Q(number=text) | Q(product__contains=text))
    if status:
        rows = rows.filter(status=status)
    return rows


def offer_detail(*, actor: Actor, action: str = BENEFITS_VIEW) -> QuerySet[Offer]:
    return Offer.objects.for_actor(actor, action).select_related("organization", "supplier")


def manages(actor: Actor | None, offer: Offer) -> bool:
    """Whether the actor holds the management of group purchasing on the offering node
    (the staff of the nodes below see a published offer, but only its node manages it)."""
    if actor is None:
        return False
    try:
        require(actor, BENEFITS_MANAGE, offer.organization)
    except OutOfScope:
        return False
    return True


def may_edit(actor: Actor, offer: Offer) -> bool:
    return offer.status == OfferStatus.DRAFT and manages(actor, offer)


def may_order(actor: Actor, offer: Offer) -> bool:
    """Whether the page offers the order form: the offer takes orders now and the actor
    orders for firms under it."""
    now = timezone.now()
    return (
        offer.status == OfferStatus.OPEN
        and offer.opens_at <= now < offer.closes_at
        and actor.has_action(BENEFITS_ORDER)
        and allows(actor, BENEFITS_ORDER, offer)
    )


def orders_of(*, actor: Actor, offer: Offer, action: str = BENEFITS_VIEW) -> QuerySet[Order]:
    """The orders of ``offer`` the actor sees (a union's staff: their firms' own)."""
    return (
        Order.objects.for_actor(actor, action)
        .filter(offer=offer)
        .select_related("entity", "union", "offer")
        .order_by("union__name_sort", "entity__name", "pk")
    )


def order_detail(*, actor: Actor, action: str = BENEFITS_VIEW) -> QuerySet[Order]:
    return Order.objects.for_actor(actor, action).select_related(
        "offer", "offer__organization", "offer__supplier", "entity", "union", "placed_by"
    )


def order_list(*, actor: Actor, action: str = BENEFITS_VIEW) -> QuerySet[Order]:
    return order_detail(actor=actor, action=action).order_by("-placed_at", "-pk")


@dataclass(frozen=True)
class Totals:
    """What the live (not cancelled) orders of a group hold."""

    firms: int
    quantity: int
    amount: Decimal


def _live(rows: QuerySet[Order]) -> QuerySet[Order]:
    return rows.exclude(status=OrderStatus.CANCELLED)


def offer_totals(orders: QuerySet[Order]) -> Totals:
    """The firms, units and amount of ``orders`` that are not cancelled (one query)."""
    found = _live(orders).aggregate(
        firms=Count("entity", distinct=True), quantity=Sum("quantity"), amount=Sum("amount")
    )
    return Totals(found["firms"] or 0, found["quantity"] or 0, found["amount"] or ZERO)


def firm_totals(orders: QuerySet[Order]) -> list[dict[str, Any]]:
    """Per firm (with its union): the units and amount of its live orders among
    ``orders``, most units first (one query)."""
    rows = (
        _live(orders)
        .order_by()
        .values("entity", "entity__name", "union__name")
        .annotate(orders=Count("pk"), quantity=Sum("quantity"), amount=Sum("amount"))
        .order_by("-quantity", "entity__name")
    )
    return [dict(row) for row in rows]


def product_totals(*, actor: Actor, action: str = BENEFITS_VIEW) -> list[dict[str, Any]]:
    """Per product (an offer): the firms, units and amount of the live orders the actor
    sees, newest offer first (one query)."""
    rows = (
        _live(Order.objects.for_actor(actor, action))
        .order_by()
        .values("offer", "offer__number", "offer__product", "offer__unit")
        .annotate(
            firms=Count("entity", distinct=True), quantity=Sum("quantity"), amount=Sum("amount")
        )
        .order_by("-offer__opens_at", "-offer")
    )
    return [dict(row) for row in rows]


def firms_for_order(*, actor: Actor, offer: Offer) -> QuerySet[LegalEntity]:
    """The member firms the actor orders for under the offering node, whose union is
    active, without those holding a live order of ``offer``."""
    ordered = Order.objects.filter(offer=offer).exclude(status=OrderStatus.CANCELLED)
    return (
        LegalEntity.objects.for_actor(actor, BENEFITS_ORDER)
        .filter(union__path__startswith=offer.organization.path)
        .exclude(pk__in=ordered.values("entity"))
        .filter(union__in=Organization.objects.active())
        .select_related("union")
        .order_by("name", "pk")
    )


def firms_for_record(*, actor: Actor, offer: Offer) -> QuerySet[LegalEntity]:
    """The member firms under the offering node the actor manages purchases for, without
    those holding a live order of ``offer``: the choices of an order recorded after the
    fact (the service checks that the firm was covered on the day it ordered)."""
    ordered = Order.objects.filter(offer=offer).exclude(status=OrderStatus.CANCELLED)
    return (
        LegalEntity.objects.for_actor(actor, BENEFITS_MANAGE)
        .filter(union__path__startswith=offer.organization.path)
        .exclude(pk__in=ordered.values("entity"))
        .select_related("union")
        .order_by("name", "pk")
    )


def offer_recorded(offer: Offer) -> bool:
    """Whether ``offer`` was recorded after the fact (its history starts with ``record``):
    only such an offer takes orders recorded from paper; one run on the platform took its
    orders in its window, and a late order would change figures already reported."""
    first = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Offer), object_id=offer.pk
    ).order_by("at", "id")[:1]
    return [row.step for row in first] == ["record"]


def may_record(actor: Actor, offer: Offer) -> bool:
    """Whether the actor records orders of ``offer`` after the fact: its managers, once
    it has closed, if it was itself recorded after the fact."""
    return offer.status == OfferStatus.CLOSED and manages(actor, offer) and offer_recorded(offer)


def offer_nodes(actor: Actor) -> QuerySet[Organization]:
    """The nodes (the federation, a station) the actor may offer group purchases for."""
    return (
        Organization.objects.for_actor(actor, BENEFITS_MANAGE)
        .active()
        .filter(kind__in=[NodeKind.FEDERATION, NodeKind.STATION])
        .order_by("path")
    )


def offer_suppliers(actor: Actor) -> QuerySet[Supplier]:
    return Supplier.objects.for_actor(actor, BENEFITS_MANAGE).filter(active=True)


# --- the supplier's workbook -----------------------------------------------------------------

ORDER_EXPORT = Export(
    what=_("团购订单"),
    columns=(
        Column(_("订购单位"), lambda o: o.entity.name),
        Column(_("所在工会"), lambda o: o.union.name),
        Column(_("产品"), lambda o: o.offer.product),
        Column(_("单位"), lambda o: o.offer.get_unit_display()),
        Column(_("数量"), lambda o: o.quantity, number_format="#,##0"),
        Column(_("单价（元）"), lambda o: o.unit_price, number_format="#,##0.00"),
        Column(_("金额（元）"), lambda o: o.amount, number_format="#,##0.00"),
        Column(_("状态"), lambda o: o.get_status_display()),
        Column(_("送货单号"), lambda o: o.delivery_number),
        Column(_("送货日期"), lambda o: o.delivered_on, number_format="yyyy-mm-dd"),
    ),
    organization=lambda o: o.union,
)


def export_rows(*, actor: Actor, offer: Offer) -> QuerySet[Order]:
    """The orders of the workbook: those of ``offer`` the actor sees, cancelled ones
    included (their status says so)."""
    return orders_of(actor=actor, offer=offer)


# --- the delivery note -----------------------------------------------------------------------


def delivery_note_pdf(order: Order) -> bytes:
    """The delivery note (送货单) of a delivered order: its number and day, the firm and
    its union, the product, quantity, unit price and amount, the supplier, and the places
    to sign on receipt. Rendered on demand from the order's row."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from gonghui.documents import fonts
    from gonghui.documents.agreement_pdf import amount_in_capitals
    from gonghui.documents.fund_pdf import (
        CELL_BOLD,
        NUMBER,
        RIGHT,
        SMALL,
        SUBTITLE,
        TITLE,
        WIDTH,
        _build,
        _grid,
        _p,
        chinese_date,
        money_text,
    )

    fonts.register()
    offer = order.offer
    unit = offer.get_unit_display()
    label = 32 * mm
    rows = [
        [_p("送货单号", CELL_BOLD), _p(order.delivery_number)],
        [_p("团购编号", CELL_BOLD), _p(offer.number)],
        [_p("收货单位", CELL_BOLD), _p(order.entity.name)],
        [_p("所在工会", CELL_BOLD), _p(order.union.name)],
        [_p("供货单位", CELL_BOLD), _p(offer.supplier.name)],
    ]
    header = [_p(h, CELL_BOLD) for h in ("产品", "单位", "数量", "单价（元）", "金额（元）")]
    lines = [
        header,
        [
            _p(offer.product),
            _p(unit),
            _p(f"{order.quantity:,}", NUMBER),
            _p(money_text(order.unit_price), NUMBER),
            _p(money_text(order.amount), NUMBER),
        ],
        [
            _p("合计", CELL_BOLD),
            _p(""),
            _p(f"{order.quantity:,}", NUMBER),
            _p(""),
            _p(money_text(order.amount), NUMBER),
        ],
    ]
    column = (WIDTH - 60 * mm) / 3
    day = order.delivered_on
    story: list[Any] = [
        _p("送货单", TITLE),
        _p(offer.organization.name + "团购", SUBTITLE),
        Spacer(1, 4 * mm),
        _p(f"送货日期：{chinese_date(day)}" if day else "", RIGHT),
        Spacer(1, 2 * mm),
        _grid(rows, [label, WIDTH - label]),
        Spacer(1, 4 * mm),
        _grid(lines, [60 * mm - 20 * mm, 20 * mm, column, column, column]),
        Spacer(1, 2 * mm),
        _p(f"金额大写：人民币{amount_in_capitals(order.amount)}", SMALL),
        Spacer(1, 10 * mm),
        _p("送货人签字：　　　　　　　　收货人签字：　　　　　　　　收货日期：　　年　　月　　日"),
        Spacer(1, 4 * mm),
        _p("本单一式三联：供货单位、收货单位、总工会各执一联。", SMALL),
    ]
    return bytes(_build(story, f"送货单 {order.delivery_number}"))
