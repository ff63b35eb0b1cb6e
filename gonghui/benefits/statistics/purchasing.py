"""Figures of group purchasing, for the benefits report of the kit (``core.reports``).

Definitions (what ``purchase_figures`` counts):

- **an order counted**: an order *placed* in the period (its ``placed_on``, the day it
  was placed, between ``start`` and ``end`` inclusive) that the federation had confirmed
  by the end of the period (its ``confirmed_on`` on or before ``end``) and had not
  cancelled by then (no ``cancelled_on``, or one after ``end``), whatever happened to it
  after: an order confirmed after the period, or still only placed, is not counted; one
  cancelled after the period stays counted. The days are the order's business days: the
  day each step was taken, or for a purchase recorded after the fact the days on paper
  (a 2020 order recorded in 2026 counts in 2020);
- **in the subtree**: the order's union is the firm's union recorded when it ordered,
  placed in the tree as the tree stood on the day of the order
  (``organizations.placement``), so a union moved or merged later leaves the figures of
  the period as they were; and the order is one the reader may see now;
- per product (an offer): **firms**, the distinct firms with a counted order (one order
  per firm and offer); **quantity**, the units of those orders; **amount**, their
  amounts in yuan (quantity x the offer's unit price when ordered). The quantity is the
confirmed one: it may change only while the order is placed (the workflow's ``change``
step), so what was confirmed is what counts.

The figures run two queries whatever the number of offers or orders."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_VIEW
from gonghui.benefits.models import Order
from gonghui.benefits.models.purchasing import Unit
from gonghui.core.reports.declarations import Column, Kind, Table
from gonghui.core.scoping import Actor
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import placed, scope_then

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ProductFigure:
    """One offer's counted orders."""

    offer: int
    number: str
    product: str
    unit: str
    firms: int
    quantity: int
    amount: Decimal


@dataclass(frozen=True)
class Purchasing:
    products: list[ProductFigure] = field(default_factory=list)
    firms: int = 0  # distinct firms over all offers
    quantity: int = 0
    amount: Decimal = ZERO


def _confirmed_by(end: date) -> Q:
    """Confirmed and not cancelled as the period ended, by the order's business days: a
    figure of a past period neither gains an order confirmed after it nor loses one
    cancelled after it, and a purchase recorded after the fact counts on its days."""
    return Q(confirmed_on__lte=end) & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=end))


def counted_orders(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> QuerySet[Order]:
    """The orders counted (see the module's definitions), scoped as they stood then."""
    rows = Order.objects.for_actor(actor, BENEFITS_VIEW)
    where = placed(rows, "union", "placed_on").filter(
        _confirmed_by(end), placed_on__gte=start, placed_on__lte=end
    )
    return where.filter(scope_then(rows, actor, node, BENEFITS_VIEW))


def purchase_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> Purchasing:
    """Per product (offer): firms, quantity and amount of the orders counted."""
    orders = counted_orders(actor=actor, start=start, end=end, node=node)
    grouped = (
        orders.order_by()
        .values("offer", "offer__number", "offer__product", "offer__unit")
        .annotate(
            firms=Count("entity", distinct=True), quantity=Sum("quantity"), amount=Sum("amount")
        )
        .order_by("offer__number")
    )
    units = dict(Unit.choices)
    products = [
        ProductFigure(
            offer=row["offer"],
            number=row["offer__number"],
            product=row["offer__product"],
            unit=str(units.get(row["offer__unit"], row["offer__unit"])),
            firms=row["firms"],
            quantity=row["quantity"] or 0,
            amount=row["amount"] or ZERO,
        )
        for row in grouped
    ]
    firms = orders.order_by().aggregate(n=Count("entity", distinct=True))["n"] or 0
    return Purchasing(
        products=products,
        firms=firms,
        quantity=sum(p.quantity for p in products),
        amount=sum((p.amount for p in products), ZERO),
    )


# --- the report's table ------------------------------------------------------------------

COLUMNS = (
    Column("product", _("团购产品"), Kind.TEXT),
    Column("unit", _("单位"), Kind.TEXT),
    Column("firms", _("订购单位数")),
    Column("quantity", _("数量")),
    Column("amount", _("金额（元）"), Kind.MONEY),
)


def purchase_rows(figures: Purchasing) -> list[list[Any]]:
    """The rows of the report's group-purchase table (``COLUMNS``): one per product, the
    total last (its firms counted once over all products)."""
    rows: list[list[Any]] = [
        [f"{p.number} {p.product}", p.unit, p.firms, p.quantity, p.amount] for p in figures.products
    ]
    rows.append([str(_("合计")), "", figures.firms, figures.quantity, figures.amount])
    return rows


def purchase_table(figures: Purchasing) -> Table:
    """The report's group-purchase table, ready for a ``Report``'s ``tables``."""
    return Table(
        key="group_purchases",
        title=_("团购"),
        columns=COLUMNS,
        rows=purchase_rows(figures),
    )
