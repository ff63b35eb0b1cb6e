"""Group purchasing (团购): offers and the orders member firms place through their union.

Every write validates, audits and locks. The offer's steps (open, close, cancel) and the
order's (change, confirm, deliver, pay, cancel) are taken through the workflow engine
(``workflows_purchasing.py``), which scopes and locks the row; the functions named
``*_apply`` here are the domain work of those steps.

**No oversell.** An order takes its units from the offer with one conditional statement,
in the same transaction as the order's insert::

    UPDATE offer SET remaining = remaining - q
     WHERE id = :offer AND status = 'open' AND closes_at > :now AND remaining >= q

Why this and not "read the offer, check, write": between a read and a write another
order can take the last units, so two checks both pass and the stock oversells. The
conditional UPDATE checks and takes in one statement: on PostgreSQL (READ COMMITTED) a
second order waits for the first one's row lock, then evaluates its WHERE again against
the row the first one committed, and updates nothing when too little is left (it is
refused ``over_stock``); the offer's row lock is held until the order is inserted and
committed, so the stock and the orders move together or not at all. It also refuses an
offer closed or cancelled meanwhile (the close step locks the same row). The CHECK
``remaining >= 0`` is the last guard should any other code path forget the condition.
On SQLite the statement is the same and writers are serialised anyway.

**Within the firm's limit.** One live order per firm and offer (UNIQUE (offer, entity)
among orders not cancelled): two orders racing for one firm both pass the "already
ordered?" check, but only one insert succeeds; the other meets the unique index, its
transaction (and its stock) rolls back and it is refused ``already_ordered``. Its
quantity is checked against the limit before anything is written and by the database
(CHECK ``quantity <= allowed``, the limit copied onto the row). A change of quantity
takes (or returns) the difference with the same conditional UPDATE, under the order's
row lock taken by the engine; a cancellation returns the order's units.

An offer's cancellation locks the offer, then its live orders; a change of one of those
orders at the same instant locks the order, then the offer. PostgreSQL detects that rare
deadlock and aborts one of the two, which then writes nothing (the user tries again).
"""

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import BENEFITS_MANAGE, BENEFITS_ORDER
from gonghui.accounts.selectors import holders
from gonghui.benefits.models import Offer, Order, Supplier
from gonghui.benefits.models.purchasing import (
    PRICE_MAX,
    QUANTITY_MAX,
    OfferStatus,
    OrderStatus,
    Unit,
)
from gonghui.benefits.selectors.purchasing import manages, offer_recorded
from gonghui.benefits.services.refusals import refuse
from gonghui.core import audit, rules
from gonghui.core.models import AuditAction
from gonghui.core.notices import Text, notice_send
from gonghui.core.numbering import next_number
from gonghui.core.scoping import Actor, OutOfScope, require
from gonghui.core.updates import apply_changes
from gonghui.core.workflow import Done, begin, take, take_many, workflow_named
from gonghui.organizations.models import EntityCoverage, LegalEntity, Organization
from gonghui.organizations.selectors import coverages_on

OFFER_FIELDS = (
    "product",
    "supplier",
    "unit",
    "unit_price",
    "quantity",
    "per_firm_limit",
    "opens_at",
    "closes_at",
    "note",
)
NOTE_MAX = 2000
REFERENCE_MAX = 60


# --- offers --------------------------------------------------------------------------------


def _supplier(actor: Actor, value: Any, errors: rules.Errors) -> Supplier | None:
    """An active supplier the actor reaches for managing purchases."""
    pk = getattr(value, "pk", value)
    try:
        supplier: Supplier | None = Supplier.objects.for_actor(actor, BENEFITS_MANAGE).get(
            pk=int(pk)
        )
    except (TypeError, ValueError, Supplier.DoesNotExist):
        supplier = None
    if supplier is None or not supplier.active:
        errors.add("supplier", _("请选择合作中的供应商"))
        return None
    return supplier


def _window(data: dict[str, Any], errors: rules.Errors) -> tuple[Any, Any]:
    opens, closes = data.get("opens_at"), data.get("closes_at")
    for field, value, label in (
        ("opens_at", opens, _("开始订购时间")),
        ("closes_at", closes, _("截止订购时间")),
    ):
        if not isinstance(value, datetime):
            errors.add(field, _("请填写%(label)s") % {"label": label})
    if isinstance(opens, datetime) and isinstance(closes, datetime) and closes <= opens:
        errors.add("closes_at", _("截止订购时间应晚于开始订购时间"))
    return opens, closes


def offer_checked(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """The offer's fields, each checked; one ``ValidationError`` names every bad one."""
    errors = rules.Errors()
    product = errors.check(
        rules.required_text, data.get("product"), "product", label=_("产品名称"), max_length=100
    )
    supplier = _supplier(actor, data.get("supplier"), errors)
    unit = data.get("unit")
    if unit not in Unit.values:
        errors.add("unit", _("请选择单位"))
    price = errors.check(
        rules.money,
        data.get("unit_price"),
        "unit_price",
        label=_("单价"),
        positive=True,
        maximum=PRICE_MAX,
    )
    quantity = errors.check(
        rules.count, data.get("quantity"), "quantity", label=_("可供数量"), minimum=1
    )
    limit = errors.check(
        rules.count,
        data.get("per_firm_limit"),
        "per_firm_limit",
        label=_("每家单位限购"),
        minimum=1,
    )
    if quantity is not None and quantity > QUANTITY_MAX:
        errors.add("quantity", _("可供数量过大"))
    if quantity is not None and limit is not None and limit > quantity:
        errors.add("per_firm_limit", _("每家单位限购不能超过可供数量"))
    opens, closes = _window(data, errors)
    note = str(data.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        errors.add("note", _("说明不能超过 %(max)d 个字") % {"max": NOTE_MAX})
    errors.raise_any()
    return {
        "product": product,
        "supplier": supplier,
        "unit": unit,
        "unit_price": price,
        "quantity": quantity,
        "per_firm_limit": limit,
        "opens_at": opens,
        "closes_at": closes,
        "note": note,
    }


def offer_create(actor: Actor, *, organization: Organization, **data: Any) -> Offer:
    """A draft offer of ``organization`` (the federation), numbered ``TG<year>-nnnn``."""
    require(actor, BENEFITS_MANAGE, organization)
    cleaned = offer_checked(actor, data)
    return _offer_insert(
        actor,
        organization,
        cleaned,
        year=timezone.localdate().year,
        step="create",
        message=_("新建团购：%(product)s"),
    )


def _offer_insert(
    actor: Actor,
    organization: Organization,
    cleaned: dict[str, Any],
    *,
    year: int,
    step: str,
    message: str,
    **fields: Any,
) -> Offer:
    """The offer's row, numbered in ``year``, its first ``step`` and its audit entry."""
    with transaction.atomic():
        offer = Offer.objects.create(
            number=next_number("benefits.offer", f"TG{year}-", 4),
            organization=organization,
            remaining=cleaned["quantity"],
            created_by_id=actor.pk,
            **fields,
            **cleaned,
        )
        begin(actor, offer, step)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=offer,
            after=audit.snapshot(offer),
            message=message % {"product": offer.product},
        )
    return offer


def _draft(offer: Offer) -> None:
    if offer.status != OfferStatus.DRAFT:
        raise ValidationError({"status": _("团购已发布，不能再修改")})


def offer_update(actor: Actor, offer: Offer, **data: Any) -> Offer:
    """Change a draft offer (its stock is its quantity until it opens)."""
    require(actor, BENEFITS_MANAGE, offer)
    if not manages(actor, offer):
        raise OutOfScope(offer.pk)
    _draft(offer)
    cleaned = offer_checked(actor, data)
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        _draft(locked)
        cleaned["remaining"] = cleaned["quantity"]
        changes = apply_changes(locked, cleaned, fields=(*OFFER_FIELDS, "remaining"))
        if changes:
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=locked,
                changes=changes.diff,
                message=_("修改团购"),
            )
    return locked


def offer_not_managed(actor: Actor | None, offer: Offer) -> Any:
    """The offer steps' actor guard: only the offering node's managers take them."""
    return None if manages(actor, offer) else _("只有发起单位的管理人员可以办理")


def offer_window_passed(offer: Offer) -> Any:
    """The open step's guard."""
    if offer.closes_at <= timezone.now():
        return _("截止订购时间已过，请先修改截止时间")
    return None


def offer_has_deliveries(offer: Offer) -> Any:
    """The cancel step's guard: goods delivered cannot be un-bought by cancelling."""
    done = offer.orders.filter(status__in=[OrderStatus.DELIVERED, OrderStatus.PAID])
    return _("已有订单送货或付款，不能取消团购") if done.exists() else None


def offer_open_apply(actor: Actor, offer: Offer) -> Done:
    return Done(message=_("团购开始接受订购"))


def offer_close_apply(actor: Actor, offer: Offer) -> Done:
    return Done(message=_("团购截止订购"))


def offer_cancel_apply(actor: Actor, offer: Offer, reason: str = "") -> Done:
    """Cancel the offer and its live orders, their units returned to the offer (whose
    row the engine holds locked and saves)."""
    reason = rules.required_text(reason, "reason", label=_("取消原因"), max_length=200)
    live = list(
        offer.orders.filter(status__in=[OrderStatus.PLACED, OrderStatus.CONFIRMED]).values_list(
            "pk", "quantity"
        )
    )
    notices: list[Callable[[], Any]] = []
    if live:
        orders = take_many(
            actor,
            Order,
            [pk for pk, _quantity in live],
            "offer_cancelled",
            fields=("cancelled_on",),
            organization=offer.organization,
            message=_("团购 %(number)s 取消，订单随之取消") % {"number": offer.number},
            note=reason,
        )
        offer.remaining += sum(quantity for _pk, quantity in live)
        title = Text(gettext_lazy("团购已取消，订单随之取消：%(offer)s"), offer=str(offer))
        notices = [partial(_tell_union, order, title, reason) for order in orders]
    return Done(message=_("取消团购"), note=reason, notices=notices)


# --- orders --------------------------------------------------------------------------------


def _check_window(offer: Offer, now: datetime) -> None:
    if offer.status in (OfferStatus.CLOSED, OfferStatus.CANCELLED) or (
        offer.status == OfferStatus.OPEN and now >= offer.closes_at
    ):
        raise refuse("offer_closed")
    if offer.status != OfferStatus.OPEN or now < offer.opens_at:
        raise refuse("offer_not_open")


def _check_firm(actor: Actor, offer: Offer, entity: Any) -> LegalEntity:
    """The firm, if it is a member firm the actor orders for, under the offering node."""
    pk = getattr(entity, "pk", entity)
    try:
        firm = (
            LegalEntity.objects.for_actor(actor, BENEFITS_ORDER)
            .select_related("union")
            .get(pk=int(pk))
        )
    except (TypeError, ValueError, LegalEntity.DoesNotExist):
        raise refuse("not_member_firm", "entity") from None
    union = firm.union
    if not union.is_active or not union.path.startswith(offer.organization.path):
        raise refuse("not_member_firm", "entity")
    return firm


def _quantity(value: Any) -> int:
    return rules.count(value, "quantity", label=_("数量"), minimum=1)


def _take(offer: Offer, units: int, now: datetime) -> None:
    """Take ``units`` from the offer's stock in one conditional UPDATE, or refuse."""
    taken = Offer.objects.filter(
        pk=offer.pk, status=OfferStatus.OPEN, closes_at__gt=now, remaining__gte=units
    ).update(remaining=F("remaining") - units, updated_at=now)
    if taken:
        return
    fresh = Offer.objects.get(pk=offer.pk)
    _check_window(fresh, now)
    raise refuse("over_stock", "quantity", remaining=fresh.remaining)


def _give_back(offer_id: Any, units: int) -> None:
    Offer.objects.filter(pk=offer_id).update(
        remaining=F("remaining") + units, updated_at=timezone.now()
    )


def _amount(quantity: int, price: Decimal) -> Decimal:
    return (price * quantity).quantize(Decimal("0.01"))


def order_place(actor: Actor, offer: Offer, entity: Any, quantity: Any, *, note: str = "") -> Order:
    """The firm ``entity`` orders ``quantity`` units of ``offer`` through its union.
    Refused (a ``Refusal`` with its code, nothing written) when the offer is not open or
    is closed, the firm is not a member firm the actor orders for, it has ordered
    already, the quantity passes the firm's limit or the stock left."""
    require(actor, BENEFITS_ORDER, offer)
    now = timezone.now()
    offer = Offer.objects.select_related("organization").get(pk=offer.pk)
    _check_window(offer, now)
    firm = _check_firm(actor, offer, entity)
    units = _quantity(quantity)
    note = str(note or "").strip()[:200]
    if units > offer.per_firm_limit:
        raise refuse("over_firm_limit", "quantity", limit=offer.per_firm_limit, ordered=0)
    live = Order.objects.filter(offer=offer, entity=firm).exclude(status=OrderStatus.CANCELLED)
    if live.exists():
        raise refuse("already_ordered", "entity")
    try:
        with transaction.atomic():
            _take(offer, units, now)
            order = Order.objects.create(
                offer=offer,
                entity=firm,
                union=firm.union,
                quantity=units,
                allowed=offer.per_firm_limit,
                unit_price=offer.unit_price,
                amount=_amount(units, offer.unit_price),
                placed_at=now,
                placed_on=timezone.localdate(now),
                placed_by_id=actor.pk,
                note=note,
            )
            begin(actor, order, "place")
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=order,
                organization=firm.union,
                after=audit.snapshot(order),
                message=_("团购下单：%(product)s %(quantity)s")
                % {
                    "product": offer.product,
                    "quantity": units,
                },
            )
    except IntegrityError:
        # another order of the same firm was committed first (UNIQUE (offer, entity));
        # any other violation is not a refusal to explain
        if not live.exists():
            raise
        raise refuse("already_ordered", "entity") from None
    return order


def order_offer_not_taking(order: Order) -> Any:
    """The change step's guard: a quantity changes only while the offer takes orders."""
    offer = order.offer
    now = timezone.now()
    if offer.status != OfferStatus.OPEN or not offer.opens_at <= now < offer.closes_at:
        return _("该团购已截止订购，不能再修改数量")
    return None


def order_change_apply(actor: Actor, order: Order, quantity: Any) -> Done:
    """The change step: a new quantity, the difference taken from or returned to the
    offer's stock (the engine holds the order's row locked)."""
    now = timezone.now()
    offer = Offer.objects.get(pk=order.offer_id)
    _check_window(offer, now)
    units = _quantity(quantity)
    if units > order.allowed:
        raise refuse("over_firm_limit", "quantity", limit=order.allowed, ordered=order.quantity)
    before = order.quantity
    if units > before:
        _take(offer, units - before, now)
    elif units < before:
        _give_back(offer.pk, before - units)
    order.quantity = units
    order.amount = _amount(units, order.unit_price)
    note = _("数量 %(before)s → %(after)s") % {"before": before, "after": units}
    return Done(message=_("修改团购订单数量"), note=note)


def order_cancel_apply(actor: Actor, order: Order, reason: str = "") -> Done:
    """The cancel step: the order's units go back to the offer, the day is kept; the
    union's staff are told when the federation (the offer's managers) cancelled it."""
    reason = str(reason or "").strip()[:200]
    _give_back(order.offer_id, order.quantity)
    order.cancelled_on = timezone.localdate()
    notices = []
    if manages(actor, order.offer):
        title = Text(gettext_lazy("团购订单已被取消：%(order)s"), order=str(order))
        notices.append(lambda: _tell_union(order, title, reason))
    return Done(message=_("取消团购订单"), note=reason, notices=notices)


def order_cancelled_with_offer(actor: Actor, order: Order) -> Done:
    """The system's step ``offer_cancelled``: the day the order was cancelled with its
    offer (the offer's cancellation returns the units and tells the unions)."""
    order.cancelled_on = timezone.localdate()
    return Done()


def _day(value: Any, field: str, label: Any) -> date:
    return rules.past_date(value or timezone.localdate(), field, label=label)


def order_confirm_apply(
    actor: Actor, order: Order, confirmed_on: Any = None, recorded: bool = False
) -> Done:
    """The confirm step: the day the federation confirmed the order with the supplier
    (today, or the day on paper for a purchase recorded after the fact)."""
    day = _day(confirmed_on, "confirmed_on", _("确认日期"))
    if day < order.placed_on:
        raise ValidationError({"confirmed_on": _("确认日期不能早于下单日期")})
    order.confirmed_on = day
    title = Text(gettext_lazy("团购订单已确认：%(order)s"), order=str(order))
    notices = [] if recorded else [lambda: _tell_union(order, title)]
    return Done(message=_("确认团购订单"), notices=notices)


def order_deliver_apply(
    actor: Actor, order: Order, delivered_on: Any = None, recorded: bool = False
) -> Done:
    """The deliver step: the delivery note's number and day (its PDF is rendered on
    demand: ``selectors.purchasing.delivery_note_pdf``)."""
    day = _day(delivered_on, "delivered_on", _("送货日期"))
    if day < (order.confirmed_on or order.placed_on):
        raise ValidationError({"delivered_on": _("送货日期不能早于确认日期")})
    order.delivered_on = day
    order.delivery_number = next_number("benefits.delivery", f"SH{day.year}-", 5)
    note = _("送货单 %(number)s") % {"number": order.delivery_number}
    title = Text(
        gettext_lazy("团购订单已送货：%(order)s，送货单 %(number)s"),
        order=str(order),
        number=order.delivery_number,
    )
    notices = [] if recorded else [lambda: _tell_union(order, title)]
    return Done(message=_("团购送货"), note=note, notices=notices)


def order_pay_apply(
    actor: Actor,
    order: Order,
    paid_on: Any = None,
    payment_reference: str = "",
    recorded: bool = False,
) -> Done:
    """The pay step: the day paid and the payment's reference (a transfer's number)."""
    errors = rules.Errors()
    day = errors.check(_day, paid_on, "paid_on", _("付款日期"))
    reference = errors.check(
        rules.required_text,
        payment_reference,
        "payment_reference",
        label=_("付款凭证号"),
        max_length=REFERENCE_MAX,
    )
    if day is not None and order.delivered_on and day < order.delivered_on:
        errors.add("paid_on", _("付款日期不能早于送货日期"))
    errors.raise_any()
    assert day is not None and reference is not None
    order.paid_on = day
    order.payment_reference = reference
    return Done(message=_("团购订单付款"), note=reference)


def _tell_union(order: Order, title: Text, body: str = "") -> None:
    """Tell the ordering union's own staff (its station's when it has none)."""
    url = reverse("benefits:order_detail", args=[order.pk])
    for user in holders(BENEFITS_ORDER, order.union, nearest=True):
        notice_send(user=user, title=title, body=body, url=url)


# --- closing by the clock ---------------------------------------------------------------


def offer_window_open(offer: Offer) -> Any:
    """The system step ``expire``'s guard: the window has not ended yet."""
    return _("截止订购时间未到") if offer.closes_at > timezone.now() else None


def offers_close_due() -> int:
    """Close the open offers whose window has ended (the system step ``expire``), each
    in its own transaction; returns how many were closed. Orders placed stay placed: the
    federation confirms them with the supplier afterwards."""
    due = Offer.objects.filter(status=OfferStatus.OPEN, closes_at__lte=timezone.now())
    closed = 0
    for pk in due.order_by("pk").values_list("pk", flat=True):
        try:
            take(None, pk, "expire", workflow=workflow_named("group_offer"))  # type: ignore[arg-type]
        except ValidationError:
            continue  # closed or cancelled meanwhile: the engine refused
        closed += 1
    return closed


# --- purchases recorded after the fact ------------------------------------------------------
#
# The 2020 group purchases were organised on paper before the platform existed. Staff of
# the offering node record such an offer (its window in the past, closed at once) and
# its orders with the days on paper: ordered, confirmed, delivered, paid, none in the
# future and in that order. The same rules hold as for an order placed now: a member firm
# (covered, on the day it ordered, by a union placed then under the offering node and in
# the actor's scope), one order per firm and offer, the firm's limit, the stock. The
# order's steps after the first are taken through the engine (their history rows carry
# today's time, the order the business days; no notice goes out for the past).


def offer_record(actor: Actor, *, organization: Organization, **data: Any) -> Offer:
    """An offer of ``organization`` whose window has ended, recorded after the fact and
    closed at once (its history starts with the step ``record``)."""
    require(actor, BENEFITS_MANAGE, organization)
    cleaned = offer_checked(actor, data)
    if cleaned["closes_at"] > timezone.now():
        raise ValidationError({"closes_at": _("补录的团购应已截止订购")})
    return _offer_insert(
        actor,
        organization,
        cleaned,
        year=timezone.localtime(cleaned["opens_at"]).year,
        step="record",
        message=_("补录团购：%(product)s"),
        status=OfferStatus.CLOSED,
    )


RECORDED_DAYS = ("ordered_on", "confirmed_on", "delivered_on", "paid_on")


def _recorded_days(offer: Offer, days: dict[str, Any]) -> dict[str, date | None]:
    """The order's days on paper, each checked: ordered within the offer's window, then
    confirmed, delivered and paid, none in the future, none before the day it follows,
    and a later day only when the earlier ones are given."""
    labels = dict(
        zip(
            RECORDED_DAYS,
            (_("下单日期"), _("确认日期"), _("送货日期"), _("付款日期")),
            strict=True,
        )
    )
    errors = rules.Errors()
    checked: dict[str, date | None] = {}
    previous: date | None = None
    gap = ""
    for field in RECORDED_DAYS:
        value = days.get(field)
        if value is None and field != "ordered_on":
            checked[field] = None
            gap = gap or field
            continue
        day = checked[field] = errors.check(rules.past_date, value, field, label=labels[field])
        if gap:
            errors.add(field, _("请先填写%(label)s") % {"label": labels[gap]})
        elif day is not None and previous is not None and day < previous:
            errors.add(field, _("日期应按下单、确认、送货、付款的顺序"))
        previous = day or previous
    ordered = checked["ordered_on"]
    opens, closes = (timezone.localtime(offer.opens_at), timezone.localtime(offer.closes_at))
    if ordered is not None and not opens.date() <= ordered <= closes.date():
        errors.add("ordered_on", _("下单日期应在团购的订购期内"))
    errors.raise_any()
    return checked


def _recorded_firm(actor: Actor, offer: Offer, entity: Any, day: date) -> LegalEntity:
    """The firm, covered on ``day`` by a union placed then under the offering node, in
    the actor's scope; the firm's ``union`` is set to that union (the order's)."""
    pk = getattr(entity, "pk", entity)
    try:
        coverage = (
            coverages_on(actor=actor, action=BENEFITS_MANAGE, root=offer.organization, on=day)
            .select_related("entity", "union")
            .get(entity_id=int(pk))
        )
    except (TypeError, ValueError, EntityCoverage.DoesNotExist):
        raise refuse("not_member_firm", "entity") from None
    firm: LegalEntity = coverage.entity
    firm.union = coverage.union
    return firm


def _take_recorded(offer: Offer, units: int) -> None:
    taken = Offer.objects.filter(
        pk=offer.pk, status=OfferStatus.CLOSED, remaining__gte=units
    ).update(remaining=F("remaining") - units, updated_at=timezone.now())
    if not taken:
        fresh = Offer.objects.get(pk=offer.pk)
        if fresh.status != OfferStatus.CLOSED:
            raise refuse("offer_closed")
        raise refuse("over_stock", "quantity", remaining=fresh.remaining)


def order_record(
    actor: Actor,
    offer: Offer,
    entity: Any,
    quantity: Any,
    *,
    ordered_on: Any,
    confirmed_on: Any = None,
    delivered_on: Any = None,
    paid_on: Any = None,
    payment_reference: str = "",
    note: str = "",
) -> Order:
    """Record an order of a closed offer after the fact, with its days on paper (see
    above); it ends in the state of its last day given. Refused like ``order_place``
    (``not_member_firm``, ``already_ordered``, ``over_firm_limit``, ``over_stock``), and
    when the offer is not closed (``offer_closed``: an open offer takes orders itself) or
    was not itself recorded after the fact (``offer_not_recorded``)."""
    offer = Offer.objects.select_related("organization").get(pk=offer.pk)
    if not manages(actor, offer):
        raise OutOfScope(offer.pk)
    if offer.status != OfferStatus.CLOSED:
        raise refuse("offer_closed")
    if not offer_recorded(offer):
        raise refuse("offer_not_recorded")
    days = _recorded_days(
        offer,
        {
            "ordered_on": ordered_on,
            "confirmed_on": confirmed_on,
            "delivered_on": delivered_on,
            "paid_on": paid_on,
        },
    )
    ordered = days["ordered_on"]
    assert ordered is not None
    firm = _recorded_firm(actor, offer, entity, ordered)
    units = _quantity(quantity)
    if units > offer.per_firm_limit:
        raise refuse("over_firm_limit", "quantity", limit=offer.per_firm_limit, ordered=0)
    live = Order.objects.filter(offer=offer, entity=firm).exclude(status=OrderStatus.CANCELLED)
    if live.exists():
        raise refuse("already_ordered", "entity")
    try:
        with transaction.atomic():
            _take_recorded(offer, units)
            order = Order.objects.create(
                offer=offer,
                entity=firm,
                union=firm.union,
                quantity=units,
                allowed=offer.per_firm_limit,
                unit_price=offer.unit_price,
                amount=_amount(units, offer.unit_price),
                placed_at=timezone.make_aware(datetime.combine(ordered, time(12))),
                placed_on=ordered,
                placed_by_id=actor.pk,
                note=str(note or "").strip()[:200],
            )
            begin(actor, order, "record", note=_("补录，下单日期 %(day)s") % {"day": ordered})
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=order,
                organization=firm.union,
                after=audit.snapshot(order),
                message=_("补录团购订单：%(product)s %(quantity)s")
                % {"product": offer.product, "quantity": units},
            )
            order = _recorded_steps(actor, order, days, payment_reference)
    except IntegrityError:
        if not live.exists():
            raise
        raise refuse("already_ordered", "entity") from None
    return order


def _recorded_steps(
    actor: Actor, order: Order, days: dict[str, date | None], reference: str
) -> Order:
    """The recorded order's later steps, through the engine, with their days on paper."""
    if days["confirmed_on"] is not None:
        order = take(actor, order, "confirm", confirmed_on=days["confirmed_on"], recorded=True)
    if days["delivered_on"] is not None:
        order = take(actor, order, "deliver", delivered_on=days["delivered_on"], recorded=True)
    if days["paid_on"] is not None:
        order = take(
            actor,
            order,
            "pay",
            paid_on=days["paid_on"],
            payment_reference=reference,
            recorded=True,
        )
    return order


def offered_total(offer: Offer) -> int:
    """The units the live orders of ``offer`` hold (the invariant:
    ``quantity = remaining + offered_total``)."""
    live = Order.objects.filter(offer=offer).exclude(status=OrderStatus.CANCELLED)
    return int(live.aggregate(total=Sum("quantity"))["total"] or 0)
