"""API of condolence campaigns (under /api/v1/assistance/): the list, a campaign with its
progress, the steps the user may take (``actions``, from the engine) and its history, its
distribution list, and handing a line out with the worker's signature (a PNG data URL
drawn on a phone or tablet). Reads through ``selectors.campaigns``, writes through
``services.campaigns``."""

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import ASSISTANCE_DISTRIBUTE, ASSISTANCE_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.assistance.choices import (
    CampaignScope,
    CampaignStatus,
    LineStatus,
    Occasion,
    ReceiptMethod,
)
from gonghui.assistance.selectors import campaigns as selectors
from gonghui.assistance.selectors.campaigns import Campaign, DistributionLine
from gonghui.assistance.services.campaigns import line_distribute


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class CampaignRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CampaignSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField()
    occasion = serializers.ChoiceField(choices=Occasion.choices)
    year = serializers.IntegerField()
    organization = CampaignRefSerializer()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    fund = CampaignRefSerializer()
    budget = money()
    scope = serializers.ChoiceField(choices=CampaignScope.choices)
    status = serializers.ChoiceField(choices=CampaignStatus.choices)


class ProgressSerializer(serializers.Serializer):
    lines = serializers.IntegerField()
    lines_distributed = serializers.IntegerField()
    people = serializers.IntegerField(help_text="heads planned")
    people_reached = serializers.IntegerField()
    person_times = serializers.IntegerField(help_text="person-times reached")
    sets_planned = serializers.IntegerField()
    sets = serializers.IntegerField(help_text="sets of goods handed out")
    cash_spent = money()
    goods_spent = money()
    spent = money(help_text="what the ledger took from the budget line")
    budget = money()
    remaining = money()


class SiteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    workers = serializers.IntegerField()


class CampaignDetailSerializer(CampaignSummarySerializer):
    cash_per_head = money()
    goods = serializers.CharField()
    goods_value_per_head = money()
    # a plain string: a choice field named "tier" would collide with the committees' tiers
    tier = serializers.CharField(help_text="deep | relative | accident; blank unless by tier")
    units = CampaignRefSerializer(many=True, source="units.all")
    sites = SiteSerializer(many=True, source="sites.all")
    progress = serializers.SerializerMethodField()
    actions = ActionsField()
    timeline = TimelineField()

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, campaign: Any) -> dict[str, Any]:
        return ProgressSerializer(selectors.campaign_progress(campaign)).data  # type: ignore[return-value]


class LineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = CampaignRefSerializer(allow_null=True)
    site = CampaignRefSerializer(allow_null=True)
    people = serializers.IntegerField()
    person_times = serializers.IntegerField()
    sets = serializers.IntegerField()
    cash = money()
    goods_value = money()
    status = serializers.ChoiceField(choices=LineStatus.choices)
    distributed_on = serializers.DateField(allow_null=True)
    signed_by = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_signed_by(self, line: Any) -> str:
        receipt = getattr(line, "receipt", None)
        return receipt.signed_by if receipt is not None else ""


class CampaignApi(ScopedAPIView):
    model = Campaign
    action = ASSISTANCE_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.campaign_detail(actor=self.actor)


class CampaignListApi(CampaignApi):
    """Campaigns in scope, newest first, filtered by year, occasion and status."""

    class QuerySerializer(serializers.Serializer):
        year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
        occasion = serializers.ChoiceField(choices=Occasion.choices, required=False)
        status = serializers.ChoiceField(choices=CampaignStatus.choices, required=False)

    @extend_schema(
        summary="List condolence campaigns",
        parameters=[QuerySerializer],
        responses={200: CampaignSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.campaign_list(actor=self.actor, **filters).order_by("-starts_on", "-pk")
        page = self.paginate(rows)
        return self.get_paginated_response(CampaignSummarySerializer(page, many=True).data)


class CampaignDetailApi(CampaignApi):
    """One campaign: its scope, sites, progress against the budget, the steps the user
    may take now and its history."""

    @extend_schema(
        summary="One condolence campaign",
        responses={200: CampaignDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        campaign = self.get_object()
        return Response(CampaignDetailSerializer(campaign, context={"request": request}).data)


class CampaignLinesApi(CampaignApi):
    """A campaign's distribution list, in order, filtered by status."""

    class QuerySerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=LineStatus.choices, required=False)

    @extend_schema(
        summary="A campaign's distribution list",
        parameters=[QuerySerializer],
        responses={200: LineSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        campaign = self.get_object()
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.line_list(actor=self.actor, campaign=campaign, **filters)
        page = self.paginate(rows)
        return self.get_paginated_response(LineSerializer(page, many=True).data)


class LineDistributeApi(ScopedAPIView):
    """Hand a planned line of a distributing campaign out, signed by the worker (or a
    group's contact) on the device: ``signature`` is the PNG drawn, as a data URL
    (``data:image/png;base64,...``). Its cash and goods value are spent from the
    campaign's budget line; refused (nothing written) without a signature, past the
    budget or the budget line's balance."""

    model = DistributionLine
    action = ASSISTANCE_DISTRIBUTE

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.line_detail(actor=self.actor, action=self.action)

    class InputSerializer(serializers.Serializer):
        distributed_on = DateField(help_text="the day it was handed out and signed for")
        signed_by = serializers.CharField(max_length=50, allow_blank=True)
        signature = serializers.CharField(
            max_length=3_000_000, help_text="a PNG data URL: data:image/png;base64,..."
        )
        person_times = serializers.IntegerField(
            required=False, min_value=1, max_value=100_000_000, help_text="default: planned"
        )
        sets = serializers.IntegerField(
            required=False, min_value=0, max_value=100_000_000, help_text="default: planned"
        )

    @extend_schema(
        summary="Distribute a campaign's line (signed)",
        request=InputSerializer,
        responses={200: LineSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        line = self.get_object()
        data = self.validated(self.InputSerializer)
        done = line_distribute(
            actor=self.actor,
            line=line,
            method=ReceiptMethod.SIGNATURE,
            **data,
        )
        row = selectors.line_detail(actor=self.actor, action=self.action).get(pk=done.pk)
        return Response(LineSerializer(row).data, status=status.HTTP_200_OK)


urlpatterns: list[URLPattern] = [
    path("campaigns/", CampaignListApi.as_view(), name="campaign-list"),
    path("campaigns/<int:pk>/", CampaignDetailApi.as_view(), name="campaign-detail"),
    path("campaigns/<int:pk>/lines/", CampaignLinesApi.as_view(), name="campaign-lines"),
    path(
        "campaigns/lines/<int:pk>/distribute/",
        LineDistributeApi.as_view(),
        name="line-distribute",
    ),
]
