"""Group purchasing over the API: the offers (list with filters q, status; one offer
with its stock, the totals of the orders the user sees and what the user may do), the
orders (list, by offer; placing one for a firm; one order with its steps and history)
and one endpoint for every step of an order (``orders/<pk>/steps/<step>/``: change,
confirm, deliver, pay, cancel; through the engine). A refusal answers 400 with its own
``code`` (``over_firm_limit``, ``over_stock``, ``offer_not_open``, ``offer_closed``,
``not_member_firm``, ``already_ordered``)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import BENEFITS_ORDER, BENEFITS_VIEW
from gonghui.api.views import ScopedAPIView, error_responses, id_field, route
from gonghui.api.workflow import ActionsField, StepApi, TimelineField
from gonghui.benefits.selectors import purchasing as selectors
from gonghui.benefits.services import purchasing as services


class OfferSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    product = serializers.CharField()
    supplier = serializers.IntegerField(source="supplier_id")
    supplier_name = serializers.CharField(source="supplier.name")
    unit = serializers.ChoiceField(choices=selectors.UNITS)
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    quantity = serializers.IntegerField()
    remaining = serializers.IntegerField(help_text="units not ordered yet")
    per_firm_limit = serializers.IntegerField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=selectors.OFFER_STATUSES)


class OfferTotalsSerializer(serializers.Serializer):
    firms = serializers.IntegerField()
    quantity = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class OfferDetailSerializer(OfferSummarySerializer):
    note = serializers.CharField()
    totals = serializers.SerializerMethodField(
        help_text="the orders (not cancelled) of the firms the user sees"
    )
    actions = ActionsField()
    timeline = TimelineField()

    @extend_schema(responses=OfferTotalsSerializer)  # type: ignore[misc]
    def get_totals(self, offer: Any) -> Any:
        request = self.context["request"]
        orders = selectors.orders_of(actor=request.user, offer=offer)
        return OfferTotalsSerializer(selectors.offer_totals(orders)).data


class OfferApi(ScopedAPIView):
    model = selectors.OFFER_MODEL
    action = BENEFITS_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.offer_detail(actor=self.actor, action=self.action)


class OfferListApi(OfferApi):
    """Group purchases in the user's scope (their node's and those offered above it),
    newest first."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=50)
        status = serializers.ChoiceField(choices=selectors.OFFER_STATUSES, required=False)

    @extend_schema(
        summary="List group purchases",
        parameters=[QuerySerializer],
        responses={200: OfferSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.offer_list(actor=self.actor, **filters).order_by("-opens_at", "-pk")
        return self.get_paginated_response(
            OfferSummarySerializer(self.paginate(rows), many=True).data
        )


class OfferDetailApi(OfferApi):
    @extend_schema(
        summary="One group purchase",
        responses={200: OfferDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        offer = self.get_object()
        return Response(OfferDetailSerializer(offer, context={"request": request}).data)


# --- orders ------------------------------------------------------------------------------------


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    offer = serializers.IntegerField(source="offer_id")
    offer_number = serializers.CharField(source="offer.number")
    product = serializers.CharField(source="offer.product")
    entity = serializers.IntegerField(source="entity_id")
    entity_name = serializers.CharField(source="entity.name")
    union = serializers.IntegerField(source="union_id")
    union_name = serializers.CharField(source="union.name")
    quantity = serializers.IntegerField()
    allowed = serializers.IntegerField(help_text="the firm's limit")
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.ChoiceField(choices=selectors.ORDER_STATUSES)
    placed_at = serializers.DateTimeField()
    placed_on = serializers.DateField(help_text="the day ordered (on paper for one recorded)")
    confirmed_on = serializers.DateField(allow_null=True)
    cancelled_on = serializers.DateField(allow_null=True)
    delivery_number = serializers.CharField()
    delivered_on = serializers.DateField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    payment_reference = serializers.CharField()
    note = serializers.CharField()


class OrderDetailSerializer(OrderSerializer):
    actions = ActionsField()
    timeline = TimelineField()


def order_response(request: Request, actor: Any, pk: Any, code: int = 200) -> Response:
    order = selectors.order_detail(actor=actor).get(pk=pk)
    return Response(OrderDetailSerializer(order, context={"request": request}).data, status=code)


class OrderApi(ScopedAPIView):
    model = selectors.ORDER_MODEL
    action = BENEFITS_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.order_detail(actor=self.actor, action=self.action)


class OrderListApi(OrderApi):
    """Group-purchase orders in the user's scope, newest first."""

    class QuerySerializer(serializers.Serializer):
        offer = id_field(required=False, help_text="the orders of one group purchase")
        status = serializers.ChoiceField(choices=selectors.ORDER_STATUSES, required=False)

    @extend_schema(
        summary="List group-purchase orders",
        parameters=[QuerySerializer],
        responses={200: OrderSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.order_list(actor=self.actor)
        if "offer" in filters:
            rows = rows.filter(offer_id=filters["offer"])
        if "status" in filters:
            rows = rows.filter(status=filters["status"])
        return self.get_paginated_response(OrderSerializer(self.paginate(rows), many=True).data)


class OrderCreateApi(OrderApi):
    """Order for a member firm the user orders for: one order per firm and group
    purchase, within the firm's limit and the stock left."""

    action = BENEFITS_ORDER

    class InputSerializer(serializers.Serializer):
        offer = id_field(help_text="the group purchase")
        entity = id_field(help_text="the member firm (legal entity)")
        quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)
        note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")

    @extend_schema(
        summary="Order for a member firm",
        request=InputSerializer,
        responses={201: OrderDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        offers = selectors.offer_detail(actor=self.actor, action=BENEFITS_ORDER)
        offer = self.chosen(offers, field="offer", pks=[data["offer"]])[0]
        order = services.order_place(
            self.actor, offer, data["entity"], data["quantity"], note=data["note"]
        )
        return order_response(request, self.actor, order.pk, status.HTTP_201_CREATED)


class OrderDetailApi(OrderApi):
    @extend_schema(
        summary="One group-purchase order",
        responses={200: OrderDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        order = self.get_object()
        return Response(OrderDetailSerializer(order, context={"request": request}).data)


ORDER_STEPS = ["cancel", "change", "confirm", "deliver", "pay"]


class OrderStepApi(StepApi):
    """Take a step of an order with its input (the step's form: ``change`` quantity;
    ``deliver`` delivered_on; ``pay`` paid_on, payment_reference; ``cancel`` reason)."""

    model = selectors.ORDER_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("offer", "entity", "union")

    def respond(self, obj: Any) -> Response:
        return order_response(self.request, self.actor, obj.pk)

    @extend_schema(
        operation_id="v1_benefits_purchasing_orders_step_create",
        summary="Take a step of a group-purchase order",
        parameters=[
            OpenApiParameter("step", OpenApiTypes.STR, OpenApiParameter.PATH, enum=ORDER_STEPS)
        ],
        request=OpenApiTypes.OBJECT,
        responses={200: OrderDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        return super().post(request, pk, step)


urlpatterns: list[URLPattern] = [
    path("purchasing/offers/", OfferListApi.as_view(), name="offer-list"),
    path("purchasing/offers/<int:pk>/", OfferDetailApi.as_view(), name="offer-detail"),
    path(
        "purchasing/orders/",
        route(get=OrderListApi, post=OrderCreateApi),
        name="order-list",
    ),
    path("purchasing/orders/<int:pk>/", OrderDetailApi.as_view(), name="order-detail"),
    path(
        "purchasing/orders/<int:pk>/steps/<slug:step>/",
        OrderStepApi.as_view(),
        name="order-step",
    ),
]
