"""Staff pages of group purchasing (under /benefits/purchasing/): the offers, a new offer
and a draft's changes, one offer with its orders, totals per firm and its stock, a firm's
order (a union's staff choose among their own firms), one order, one page for every step
of an offer and of an order (through the engine), the supplier's workbook of an offer's
orders and an order's delivery note."""

import logging
from functools import cached_property
from typing import Any
from urllib.parse import quote

from django import forms as django_forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BENEFITS_MANAGE, BENEFITS_ORDER, BENEFITS_VIEW
from gonghui.benefits.forms.purchasing import (
    OfferFilterForm,
    OfferForm,
    OrderForm,
    OrderRecordForm,
)
from gonghui.benefits.selectors import purchasing as selectors
from gonghui.benefits.services import purchasing as services
from gonghui.core.exports import workbook
from gonghui.core.views import ServiceFormView, StaffDetailView, StaffListView
from gonghui.core.workflow import timeline
from gonghui.core.workflow.pages import offers as step_offers
from gonghui.core.workflow.views import StepView
from gonghui.documents.fonts import FontMissing
from gonghui.documents.xlsx import CONTENT_TYPE as XLSX

logger = logging.getLogger(__name__)
PDF_MISSING_FONT = _("暂时无法生成送货单，请联系系统管理员")


def offer_url(pk: Any) -> str:
    return reverse("benefits:offer_detail", args=[pk])


def order_url(pk: Any) -> str:
    return reverse("benefits:order_detail", args=[pk])


class OfferListView(StaffListView):
    model = selectors.OFFER_MODEL
    action = BENEFITS_VIEW
    template_name = "benefits/purchasing/offer_list.html"
    title = _("团购")
    sortable = ("opens_at", "closes_at", "number")
    default_sort = "-opens_at"

    @cached_property
    def filter_form(self) -> OfferFilterForm:
        return OfferFilterForm(self.request.GET)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        filters = self.filter_form.filters()
        return selectors.offer_list(actor=self.actor, **filters).order_by(*self.get_ordering())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form, can_create=self.actor.has_action(BENEFITS_MANAGE)
        )
        return context


class OfferCreateView(ServiceFormView):
    model = selectors.OFFER_MODEL
    action = BENEFITS_MANAGE
    form_class = OfferForm
    template_name = "benefits/purchasing/form.html"
    title = _("新建团购")
    submit_label = _("保存为草稿")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            nodes=selectors.offer_nodes(self.actor),
            suppliers=selectors.offer_suppliers(self.actor),
        )
        return kwargs

    def perform(self, form: Any) -> Any:
        data = dict(form.cleaned_data)
        offer = services.offer_create(self.actor, organization=data.pop("organization"), **data)
        messages.success(self.request, gettext("已新建团购 %(n)s") % {"n": offer.number})
        return offer

    def success_url_for(self, result: Any) -> str:
        return offer_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("benefits:offer_list")
        return context


class OfferRecordView(OfferCreateView):
    """A purchase of the past recorded from paper: its window has ended, it is closed at
    once and its orders are recorded on its page."""

    title = _("补录往期团购")
    submit_label = _("补录")

    def perform(self, form: Any) -> Any:
        data = dict(form.cleaned_data)
        offer = services.offer_record(self.actor, organization=data.pop("organization"), **data)
        messages.success(self.request, gettext("已补录团购 %(n)s") % {"n": offer.number})
        return offer


class OfferEditView(ServiceFormView):
    model = selectors.OFFER_MODEL
    action = BENEFITS_MANAGE
    form_class = OfferForm
    template_name = "benefits/purchasing/form.html"
    title = _("修改团购")
    submit_label = _("保存")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.offer_detail(actor=self.actor, action=self.action)

    @cached_property
    def subject(self) -> Any:
        return self.get_object()

    def get_initial(self) -> dict[str, Any]:
        offer = self.subject
        initial = {name: getattr(offer, name) for name in services.OFFER_FIELDS}
        for name in ("opens_at", "closes_at"):
            initial[name] = timezone.localtime(initial[name])
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["suppliers"] = selectors.offer_suppliers(self.actor)
        return kwargs

    def perform(self, form: Any) -> Any:
        offer = services.offer_update(self.actor, self.subject, **form.cleaned_data)
        messages.success(self.request, gettext("已保存"))
        return offer

    def success_url_for(self, result: Any) -> str:
        return offer_url(result.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=offer_url(self.subject.pk), record=self.subject)
        return context


class OfferDetailView(StaffDetailView):
    model = selectors.OFFER_MODEL
    action = BENEFITS_VIEW
    template_name = "benefits/purchasing/offer_detail.html"
    context_object_name = "offer"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.offer_detail(actor=self.actor)

    @property
    def title(self) -> str:
        return gettext("团购 %(number)s") % {"number": self.object.number}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        offer: Any = self.object
        orders = selectors.orders_of(actor=self.actor, offer=offer)
        context.update(
            orders=list(orders),
            totals=selectors.offer_totals(orders),
            firms=selectors.firm_totals(orders),
            can_order=selectors.may_order(self.actor, offer),
            can_record=selectors.may_record(self.actor, offer),
            can_edit=selectors.may_edit(self.actor, offer),
            actions=step_offers(self.actor, offer),
            timeline=timeline(offer),
        )
        return context


class OfferStepView(StepView):
    form_class = django_forms.Form  # a step without input: a confirmation
    model = selectors.OFFER_MODEL
    step_from_url = True
    template_name = "benefits/purchasing/step.html"
    object_name = "record"
    success_message = _("已办理")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def object_url(self, pk: Any) -> str:
        return offer_url(pk)


class OfferOrdersExportView(StaffDetailView):
    """The supplier's workbook: the orders of the offer the user sees (firm, union,
    quantity, amount, status, delivery note)."""

    model = selectors.OFFER_MODEL
    action = BENEFITS_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.offer_detail(actor=self.actor)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        offer = self.get_object()
        rows = selectors.export_rows(actor=self.actor, offer=offer)
        content = workbook(
            actor=self.actor,
            parts=[(selectors.ORDER_EXPORT, rows.iterator(chunk_size=2000))],
            organization=offer.organization,
            filters={"offer": offer.number},
        )
        response = HttpResponse(content, content_type=XLSX)
        name = f"{offer.number}-{gettext('团购订单')}.xlsx"
        response["Content-Disposition"] = (
            f"attachment; filename=\"orders.xlsx\"; filename*=UTF-8''{quote(name)}"
        )
        return response


class OrderCreateView(ServiceFormView):
    """A firm's order of the offer: the firm among those the user orders for."""

    model = selectors.OFFER_MODEL
    action = BENEFITS_ORDER
    form_class: type[django_forms.Form] = OrderForm
    template_name = "benefits/purchasing/form.html"
    title = _("团购下单")
    submit_label = _("下单")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.offer_detail(actor=self.actor, action=self.action)

    @cached_property
    def subject(self) -> Any:
        return self.get_object()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            firms=selectors.firms_for_order(actor=self.actor, offer=self.subject),
            limit=self.subject.per_firm_limit,
        )
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        order = services.order_place(
            self.actor, self.subject, data["entity"], data["quantity"], note=data["note"]
        )
        messages.success(self.request, gettext("已下单"))
        return order

    def success_url_for(self, result: Any) -> str:
        return offer_url(self.subject.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(cancel_url=offer_url(self.subject.pk), record=self.subject)
        return context


class OrderRecordView(OrderCreateView):
    """An order of a closed offer recorded from paper, with its days."""

    action = BENEFITS_MANAGE
    form_class = OrderRecordForm
    title = _("补录团购订单")
    submit_label = _("补录")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["firms"] = selectors.firms_for_record(actor=self.actor, offer=self.subject)
        return kwargs

    def perform(self, form: Any) -> Any:
        data = dict(form.cleaned_data)
        order = services.order_record(
            self.actor, self.subject, data.pop("entity"), data.pop("quantity"), **data
        )
        messages.success(self.request, gettext("已补录订单"))
        return order


class OrderDetailView(StaffDetailView):
    model = selectors.ORDER_MODEL
    action = BENEFITS_VIEW
    template_name = "benefits/purchasing/order_detail.html"
    context_object_name = "order"

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.order_detail(actor=self.actor)

    @property
    def title(self) -> str:
        order: Any = self.object
        return gettext("%(firm)s 的团购订单") % {"firm": order.entity.name}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        order: Any = self.object
        context.update(actions=step_offers(self.actor, order), timeline=timeline(order))
        return context


class OrderStepView(StepView):
    form_class = django_forms.Form  # a step without input: a confirmation
    model = selectors.ORDER_MODEL
    step_from_url = True
    template_name = "benefits/purchasing/step.html"
    object_name = "record"
    success_message = _("已办理")

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("offer", "entity")

    def call_service(self, data: dict[str, Any]) -> Any:
        return self.take_step(data)

    def object_url(self, pk: Any) -> str:
        return order_url(pk)


class DeliveryNoteView(StaffDetailView):
    """An order's delivery note as a PDF (once it is delivered; 404 before)."""

    model = selectors.ORDER_MODEL
    action = BENEFITS_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.order_detail(actor=self.actor).exclude(delivery_number="")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        order = self.get_object()
        try:
            content = selectors.delivery_note_pdf(order)
        except FontMissing as error:
            logger.error("%s", error)
            messages.error(request, PDF_MISSING_FONT)
            return redirect(order_url(order.pk))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{order.delivery_number}.pdf"'
        return response


urlpatterns: list[URLPattern] = [
    path("purchasing/offers/", OfferListView.as_view(), name="offer_list"),
    path("purchasing/offers/new/", OfferCreateView.as_view(), name="offer_create"),
    path("purchasing/offers/record/", OfferRecordView.as_view(), name="offer_record"),
    path("purchasing/offers/<int:pk>/", OfferDetailView.as_view(), name="offer_detail"),
    path("purchasing/offers/<int:pk>/edit/", OfferEditView.as_view(), name="offer_edit"),
    path(
        "purchasing/offers/<int:pk>/orders/new/",
        OrderCreateView.as_view(),
        name="order_create",
    ),
    path(
        "purchasing/offers/<int:pk>/orders.xlsx",
        OfferOrdersExportView.as_view(),
        name="offer_orders_xlsx",
    ),
    path("purchasing/offers/<int:pk>/<slug:step>/", OfferStepView.as_view(), name="offer_step"),
    path(
        "purchasing/offers/<int:pk>/orders/record/",
        OrderRecordView.as_view(),
        name="order_record",
    ),
    path("purchasing/orders/<int:pk>/", OrderDetailView.as_view(), name="order_detail"),
    path(
        "purchasing/orders/<int:pk>/delivery.pdf",
        DeliveryNoteView.as_view(),
        name="order_delivery_pdf",
    ),
    path("purchasing/orders/<int:pk>/<slug:step>/", OrderStepView.as_view(), name="order_step"),
]
