"""The workflows of group purchasing, declared in the one engine.

An offer: draft -> open (orders taken) -> closed (by its managers, or by the hourly
task's system step ``expire`` once its window has ended), or cancelled from draft or open
(its live orders cancelled with it, their units returned); an offer of the past is
recorded closed (``record``). Only the managers of the offering node take its steps
(``actor_guard``), though the staff below see it.

An order: placed -> confirmed (the federation confirms it with the supplier) ->
delivered (a delivery note, numbered, printed as a PDF) -> paid; each step keeps its
business day on the order (``confirmed_on``, ``delivered_on``, ``paid_on``,
``cancelled_on``). An order of the past is ``record``ed placed on its day, its later steps
taken with the days on paper. Only while placed its quantity may change (the difference
taken from or returned to the stock): once confirmed with the supplier it is what was
bought and what the figures count. Placed or confirmed it may be cancelled (its units
returned). ``offer_cancelled`` is the system's
step of an offer's cancellation."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_MANAGE, BENEFITS_ORDER
from gonghui.benefits.forms import purchasing as forms
from gonghui.benefits.models.purchasing import Offer, OfferStatus, Order
from gonghui.benefits.models.purchasing import OrderStatus as S
from gonghui.benefits.services import purchasing as services
from gonghui.core.workflow import SYSTEM, Step, Workflow, register

OFFER_URL = "benefits:offer_step"
ORDER_URL = "benefits:order_step"


def _offer_step(
    name: str, sources: frozenset[str], target: str | None, label: Any, **kw: Any
) -> Step:
    return Step(
        name,
        sources,
        target,
        BENEFITS_MANAGE,
        label,
        url=OFFER_URL,
        url_names_step=True,
        actor_guard=services.offer_not_managed,
        **kw,
    )


def _order_step(
    name: str, sources: frozenset[str], target: str | None, action: str, label: Any, **kw: Any
) -> Step:
    return Step(name, sources, target, action, label, url=ORDER_URL, url_names_step=True, **kw)


OFFERS = register(
    Workflow(
        name="group_offer",
        model=Offer,
        noun=_("团购"),
        organization=lambda offer: offer.organization,
        steps=(
            Step("create", frozenset(), OfferStatus.DRAFT, BENEFITS_MANAGE, _("新建团购")),
            # a purchase of the past, recorded after the fact: closed at once
            Step("record", frozenset(), OfferStatus.CLOSED, BENEFITS_MANAGE, _("补录团购")),
            _offer_step(
                "open",
                frozenset({OfferStatus.DRAFT}),
                OfferStatus.OPEN,
                _("发布，开始接受订购"),
                guard=services.offer_window_passed,
                apply=services.offer_open_apply,
            ),
            _offer_step(
                "close",
                frozenset({OfferStatus.OPEN}),
                OfferStatus.CLOSED,
                _("截止订购"),
                apply=services.offer_close_apply,
            ),
            Step(
                "expire",
                frozenset({OfferStatus.OPEN}),
                OfferStatus.CLOSED,
                SYSTEM,
                _("订购期届满，团购截止"),
                guard=services.offer_window_open,
                apply=services.offer_close_apply,
            ),
            _offer_step(
                "cancel",
                frozenset({OfferStatus.DRAFT, OfferStatus.OPEN}),
                OfferStatus.CANCELLED,
                _("取消团购"),
                guard=services.offer_has_deliveries,
                apply=services.offer_cancel_apply,
                input=forms.OfferCancelForm,
            ),
        ),
    )
)

ORDERS = register(
    Workflow(
        name="group_order",
        model=Order,
        noun=_("团购订单"),
        organization=lambda order: order.union,
        steps=(
            Step("place", frozenset(), S.PLACED, BENEFITS_ORDER, _("团购下单")),
            # an order of the past, recorded by the offer's managers (its later steps
            # follow through the engine with their days on paper)
            Step("record", frozenset(), S.PLACED, BENEFITS_MANAGE, _("补录团购订单")),
            _order_step(
                "change",
                frozenset({S.PLACED}),
                None,
                BENEFITS_ORDER,
                _("修改数量"),
                guard=services.order_offer_not_taking,
                apply=services.order_change_apply,
                input=forms.OrderChangeForm,
                form_kwargs=lambda order: {"initial": {"quantity": order.quantity}},
            ),
            _order_step(
                "confirm",
                frozenset({S.PLACED}),
                S.CONFIRMED,
                BENEFITS_MANAGE,
                _("确认订单"),
                apply=services.order_confirm_apply,
            ),
            _order_step(
                "deliver",
                frozenset({S.CONFIRMED}),
                S.DELIVERED,
                BENEFITS_MANAGE,
                _("登记送货"),
                apply=services.order_deliver_apply,
                input=forms.DeliverForm,
                wrong_state=_("订单确认后才能登记送货"),
            ),
            _order_step(
                "pay",
                frozenset({S.DELIVERED}),
                S.PAID,
                BENEFITS_MANAGE,
                _("登记付款"),
                apply=services.order_pay_apply,
                input=forms.PayForm,
                wrong_state=_("送货后才能登记付款"),
            ),
            _order_step(
                "cancel",
                frozenset({S.PLACED, S.CONFIRMED}),
                S.CANCELLED,
                BENEFITS_ORDER,
                _("取消订单"),
                apply=services.order_cancel_apply,
                input=forms.OrderCancelForm,
            ),
            Step(
                "offer_cancelled",
                frozenset({S.PLACED, S.CONFIRMED}),
                S.CANCELLED,
                SYSTEM,
                _("团购取消"),
                apply=services.order_cancelled_with_offer,
            ),
        ),
    )
)
