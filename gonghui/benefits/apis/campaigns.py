"""Claim campaigns over the API: the list (filters status, q) and creating one in draft;
one campaign with its items' stock, the steps the user may take now and its history;
changing a draft and adding its items; one endpoint for every step of the campaign
(``campaigns/<pk>/steps/<step>/``: publish, close, cancel with its reason; through the
engine); the vouchers of a campaign (the member's name, never an ID number); and the
suppliers, for the holders of ``benefits.manage`` (read only)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import BENEFITS_MANAGE, BENEFITS_RUN, BENEFITS_VIEW
from gonghui.api.views import ScopedAPIView, error_responses, id_field, route
from gonghui.api.workflow import ActionsField, StepApi, TimelineField
from gonghui.benefits.choices import (
    PER_MEMBER_LIMIT_MAX,
    CampaignStatus,
    Channel,
    Eligibility,
    ItemKind,
    VoucherStatus,
)
from gonghui.benefits.selectors import campaigns as selectors
from gonghui.benefits.services import campaigns as services
from gonghui.core.forms import validate_date_in_range
from gonghui.core.scoping import allows
from gonghui.members.choices import EmploymentKind, Platform


class WhenField(serializers.DateTimeField):
    """A moment in a body whose day lies within the range every date of the project
    keeps (400 naming the field otherwise); a moment without an offset is local time."""

    def to_internal_value(self, value: Any) -> datetime:
        parsed = super().to_internal_value(value)
        try:
            validate_date_in_range(timezone.localdate(parsed))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        except OverflowError as exc:  # a moment at the very edge of what Python holds
            raise serializers.ValidationError(_("日期超出范围")) from exc
        return parsed


# --- campaigns ---------------------------------------------------------------------------


class BenefitCampaignSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=CampaignStatus.choices)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    per_member_limit = serializers.IntegerField()
    eligibility = serializers.ChoiceField(choices=Eligibility.choices)
    published_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class BenefitCampaignItemStockSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    name = serializers.CharField(source="item.name")
    kind = serializers.ChoiceField(source="item.kind", choices=ItemKind.choices)
    supplier = serializers.IntegerField(source="item.supplier_id", allow_null=True)
    supplier_name = serializers.CharField(
        source="item.supplier.name", allow_null=True, default=None
    )
    unit_value = serializers.DecimalField(source="item.unit_value", max_digits=10, decimal_places=2)
    stock = serializers.IntegerField(source="item.stock")
    note = serializers.CharField(source="item.note")
    remaining = serializers.IntegerField(help_text="units not claimed yet")
    claimed = serializers.IntegerField()
    redeemed = serializers.IntegerField()
    expired = serializers.IntegerField()


class BenefitCampaignDetailSerializer(BenefitCampaignSummarySerializer):
    description = serializers.CharField()
    employment_kinds = serializers.ListField(child=serializers.CharField())
    platforms = serializers.ListField(child=serializers.CharField())
    fund = serializers.SerializerMethodField(help_text="the budget line (null: not yours to see)")
    fund_name = serializers.SerializerMethodField()
    total_value = serializers.SerializerMethodField(
        help_text="the whole stock at item values (null: not yours to see)"
    )
    open_now = serializers.SerializerMethodField(help_text="members may claim now")
    items = serializers.SerializerMethodField()
    actions = ActionsField()
    timeline = TimelineField()

    def _runs(self, campaign: Any) -> bool:
        """The budget is shown to those who run the campaign, not to a supplier."""
        return allows(self.context["request"].user, BENEFITS_RUN, campaign)

    @extend_schema(responses=OpenApiTypes.INT)  # type: ignore[misc]
    def get_fund(self, campaign: Any) -> int | None:
        return campaign.fund_id if self._runs(campaign) else None

    @extend_schema(responses=OpenApiTypes.STR)  # type: ignore[misc]
    def get_fund_name(self, campaign: Any) -> str | None:
        return campaign.fund.name if self._runs(campaign) else None

    @extend_schema(responses=OpenApiTypes.DECIMAL)  # type: ignore[misc]
    def get_total_value(self, campaign: Any) -> str | None:
        if not self._runs(campaign):
            return None
        return f"{services.total_value(campaign):.2f}"

    def get_open_now(self, campaign: Any) -> bool:
        return selectors.open_now(campaign)

    @extend_schema(responses=BenefitCampaignItemStockSerializer(many=True))  # type: ignore[misc]
    def get_items(self, campaign: Any) -> Any:
        stock = selectors.item_stock(campaign, self.context["request"].user)
        return BenefitCampaignItemStockSerializer(stock, many=True).data


def campaign_response(request: Request, actor: Any, pk: Any, code: int = 200) -> Response:
    campaign = selectors.campaign_list(actor=actor).select_related("fund").get(pk=pk)
    serializer = BenefitCampaignDetailSerializer(campaign, context={"request": request})
    return Response(serializer.data, status=code)


class CampaignApi(ScopedAPIView):
    model = selectors.CAMPAIGN_MODEL
    action = BENEFITS_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization", "fund")


class CampaignListApi(CampaignApi):
    """Claim campaigns in the user's scope, the latest to open first."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=50, help_text="title or number")
        status = serializers.ChoiceField(choices=CampaignStatus.choices, required=False)

    @extend_schema(
        summary="List claim campaigns",
        parameters=[QuerySerializer],
        responses={
            200: BenefitCampaignSummarySerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.campaign_list(
            actor=self.actor, status=filters.get("status", ""), query=filters.get("q", "")
        ).order_by("-opens_at", "-pk")
        return self.get_paginated_response(
            BenefitCampaignSummarySerializer(self.paginate(rows), many=True).data
        )


def _choices_list(choices: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices), required=False, max_length=20
    )


class BenefitCampaignFieldsSerializer(serializers.Serializer):
    """A campaign's fields (all required to create one; those sent change a draft)."""

    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    opens_at = WhenField()
    closes_at = WhenField()
    ends_at = WhenField(help_text="the vouchers' validity; default: closes_at")
    per_member_limit = serializers.IntegerField(min_value=1, max_value=PER_MEMBER_LIMIT_MAX)
    eligibility = serializers.ChoiceField(choices=Eligibility.choices, required=False)
    employment_kinds = _choices_list(EmploymentKind.choices)
    platforms = _choices_list(Platform.choices)
    fund = id_field(help_text="the budget line it spends from")


class CampaignCreateApi(CampaignApi):
    """Create a campaign in draft for a node the user runs campaigns for; add its items,
    then publish it (``steps/publish/``)."""

    action = BENEFITS_RUN

    class InputSerializer(BenefitCampaignFieldsSerializer):
        organization = id_field(help_text="the organising node")
        ends_at = WhenField(required=False, help_text="the vouchers' validity; default: closes_at")
        per_member_limit = serializers.IntegerField(
            min_value=1, max_value=PER_MEMBER_LIMIT_MAX, required=False, default=1
        )

    @extend_schema(
        summary="Create a claim campaign",
        request=InputSerializer,
        responses={201: BenefitCampaignDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = dict(self.validated(self.InputSerializer))
        nodes = selectors.running_nodes(self.actor)
        data["organization"] = self.chosen(nodes, field="organization", pks=[data["organization"]])[
            0
        ]
        data["fund"] = self.chosen(
            selectors.budget_lines(self.actor), field="fund", pks=[data["fund"]]
        )[0]
        campaign = services.campaign_create(actor=self.actor, **data)
        return campaign_response(request, self.actor, campaign.pk, status.HTTP_201_CREATED)


class CampaignDetailApi(CampaignApi):
    @extend_schema(
        summary="One claim campaign",
        responses={200: BenefitCampaignDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        campaign = self.get_object()
        return Response(
            BenefitCampaignDetailSerializer(campaign, context={"request": request}).data
        )


class CampaignChangeApi(CampaignApi):
    """Change a draft campaign; only the fields sent are changed."""

    action = BENEFITS_RUN

    @extend_schema(
        summary="Change a draft claim campaign",
        request=BenefitCampaignFieldsSerializer(partial=True),
        responses={200: BenefitCampaignDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        campaign = self.get_object()
        data = dict(self.validated(BenefitCampaignFieldsSerializer, partial=True))
        if "fund" in data:
            funds = selectors.budget_lines(self.actor)
            data["fund"] = self.chosen(funds, field="fund", pks=[data["fund"]])[0]
        services.campaign_change(actor=self.actor, campaign=campaign, **data)
        return campaign_response(request, self.actor, campaign.pk)


class ItemAddApi(CampaignApi):
    """Add an item to a draft campaign (its stock, value and the supplier who redeems
    it: one of the organising node or above; none: the member's union redeems)."""

    action = BENEFITS_RUN

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=60)
        kind = serializers.ChoiceField(choices=ItemKind.choices)
        stock = serializers.IntegerField(min_value=1, max_value=services.STOCK_MAX)
        unit_value = serializers.DecimalField(
            max_digits=10, decimal_places=2, min_value=0, required=False, default=Decimal("0")
        )
        supplier = id_field(required=False, allow_null=True, default=None)
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(
        summary="Add an item to a draft claim campaign",
        request=InputSerializer,
        responses={201: BenefitCampaignDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        campaign = self.get_object()
        data = dict(self.validated(self.InputSerializer))
        if data["supplier"] is not None:
            suppliers = selectors.suppliers_for(self.actor)
            data["supplier"] = self.chosen(suppliers, field="supplier", pks=[data["supplier"]])[0]
        services.item_add(actor=self.actor, campaign=campaign, **data)
        return campaign_response(request, self.actor, campaign.pk, status.HTTP_201_CREATED)


CAMPAIGN_STEPS = ["publish", "close", "cancel"]


class CampaignStepApi(StepApi):
    """Take a step of a campaign (``publish``; ``close`` once the vouchers' validity has
    ended; ``cancel`` with its ``reason``: the vouchers not redeemed void)."""

    model = selectors.CAMPAIGN_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization", "fund")

    def respond(self, obj: Any) -> Response:
        return campaign_response(self.request, self.actor, obj.pk)

    @extend_schema(
        operation_id="v1_benefits_campaigns_step_create",
        summary="Take a step of a claim campaign",
        parameters=[
            OpenApiParameter("step", OpenApiTypes.STR, OpenApiParameter.PATH, enum=CAMPAIGN_STEPS)
        ],
        request=OpenApiTypes.OBJECT,
        responses={200: BenefitCampaignDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        return super().post(request, pk, step)


# --- the vouchers of a campaign ----------------------------------------------------------


class BenefitCampaignVoucherSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code_display = serializers.CharField()
    status = serializers.ChoiceField(choices=VoucherStatus.choices)
    item = serializers.IntegerField(source="item_id")
    item_name = serializers.CharField(source="item.name")
    member_name = serializers.CharField(source="person.name")
    union = serializers.IntegerField(source="union_id")
    union_name = serializers.CharField(source="union.name")
    face_value = serializers.DecimalField(max_digits=10, decimal_places=2)
    channel = serializers.ChoiceField(choices=Channel.choices)
    claimed_at = serializers.DateTimeField()
    redeemed_at = serializers.DateTimeField(allow_null=True)


class CampaignVoucherListApi(CampaignApi):
    """The vouchers of a campaign claimed by the members of the user's scope, the newest
    first."""

    class QuerySerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=VoucherStatus.choices, required=False)

    @extend_schema(
        summary="List the vouchers of a claim campaign",
        parameters=[QuerySerializer],
        responses={
            200: BenefitCampaignVoucherSerializer(many=True),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        campaign = self.get_object()
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.vouchers_of(actor=self.actor, campaign=campaign).order_by(
            "-claimed_at", "-pk"
        )
        if "status" in filters:
            rows = rows.filter(status=filters["status"])
        return self.get_paginated_response(
            BenefitCampaignVoucherSerializer(self.paginate(rows), many=True).data
        )


# --- suppliers ---------------------------------------------------------------------------


class SupplierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    name = serializers.CharField()
    credit_code = serializers.CharField()
    contact_name = serializers.CharField()
    address = serializers.CharField()
    active = serializers.BooleanField()
    account_count = serializers.IntegerField(help_text="its cashiers' sign-in accounts")


class SupplierApi(ScopedAPIView):
    model = selectors.SUPPLIER_MODEL
    action = BENEFITS_MANAGE

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.supplier_list(actor=self.actor)


class SupplierListApi(SupplierApi):
    """The suppliers registered at the user's nodes, those in partnership first."""

    @extend_schema(
        summary="List suppliers",
        responses={200: SupplierSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        rows = self.get_queryset().order_by("-active", "name", "pk")
        return self.get_paginated_response(SupplierSerializer(self.paginate(rows), many=True).data)


class SupplierDetailApi(SupplierApi):
    @extend_schema(
        summary="One supplier",
        responses={200: SupplierSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(SupplierSerializer(self.get_object()).data)


urlpatterns: list[URLPattern] = [
    path(
        "campaigns/",
        route(get=CampaignListApi, post=CampaignCreateApi),
        name="campaign-list",
    ),
    path(
        "campaigns/<int:pk>/",
        route(get=CampaignDetailApi, patch=CampaignChangeApi),
        name="campaign-detail",
    ),
    path("campaigns/<int:pk>/items/", ItemAddApi.as_view(), name="campaign-item-add"),
    path(
        "campaigns/<int:pk>/steps/<slug:step>/",
        CampaignStepApi.as_view(),
        name="campaign-step",
    ),
    path(
        "campaigns/<int:pk>/vouchers/",
        CampaignVoucherListApi.as_view(),
        name="campaign-voucher-list",
    ),
    path("suppliers/", SupplierListApi.as_view(), name="supplier-list"),
    path("suppliers/<int:pk>/", SupplierDetailApi.as_view(), name="supplier-detail"),
]
