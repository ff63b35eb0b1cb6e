"""The member API of universal benefits (普惠, the mini-program): the published campaigns
open to me with what is left of each item, claiming an item, my vouchers and one voucher
with its QR code to show the supplier.

Rows are the member's through ``MemberAPIView`` (the owner rule: the campaigns of the
nodes above my union, my own vouchers); another union's campaign or another member's
voucher answers 404. A claim carries an idempotency key (the ``Idempotency-Key`` header,
or the body's ``idempotency_key`` when the header is absent): the first success answers
201, a retry with the same key 200 with the same voucher and ``Idempotent-Replayed:
true``; a refusal answers 400 with its own ``code`` and writes nothing. Writes go through
``benefits.services.claims``."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.errors import ErrorSerializer
from gonghui.api.views import error_responses, id_field
from gonghui.benefits.apis.redeem import RedeemVoucherSerializer
from gonghui.benefits.choices import CampaignStatus, Channel, ItemKind
from gonghui.benefits.selectors import api as api_selectors
from gonghui.benefits.selectors import campaigns as campaign_selectors
from gonghui.benefits.selectors import portal as selectors
from gonghui.benefits.services.claims import KEY_MAX_LENGTH, voucher_claim
from gonghui.portal.apis import MemberAPIView

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"


class MyBenefitItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    unit_value = serializers.DecimalField(max_digits=10, decimal_places=2)
    supplier_name = serializers.CharField(
        source="supplier.name", allow_null=True, default=None, help_text="who redeems it"
    )
    stock = serializers.IntegerField(help_text="units the campaign started with")
    remaining = serializers.IntegerField(source="left", help_text="units not claimed yet")
    note = serializers.CharField()


class MyBenefitCampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    organization_name = serializers.CharField(source="organization.name")
    status = serializers.ChoiceField(choices=CampaignStatus.choices)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(help_text="the vouchers are valid until then")
    per_member_limit = serializers.IntegerField()
    open_now = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    def get_open_now(self, campaign: Any) -> bool:
        return campaign_selectors.open_now(campaign)

    @extend_schema(responses=MyBenefitItemSerializer(many=True))  # type: ignore[misc]
    def get_items(self, campaign: Any) -> Any:
        items = self.context["items"].get(campaign.pk, [])
        return MyBenefitItemSerializer(items, many=True).data


class MyVoucherSerializer(RedeemVoucherSerializer):
    """A member's voucher: what the cashier sees of it too."""


class MyVoucherDetailSerializer(MyVoucherSerializer):
    qr_svg = serializers.SerializerMethodField(help_text="the code as a QR code (SVG text)")

    def get_qr_svg(self, voucher: Any) -> str:
        return selectors.qr_svg(voucher)


def campaigns_response(campaigns: list[Any]) -> Any:
    items = api_selectors.items_left(campaign.pk for campaign in campaigns)
    return MyBenefitCampaignSerializer(campaigns, many=True, context={"items": items}).data


# --- campaigns ---------------------------------------------------------------------------


class MyBenefitCampaignApi(MemberAPIView):
    model = selectors.CAMPAIGN_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")


class MyBenefitCampaignListApi(MyBenefitCampaignApi):
    """The published campaigns of the nodes above my union, closing soonest first, each
    with its items and what is left of them."""

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.campaigns_for_member(self.actor)

    @extend_schema(
        summary="List the benefit campaigns open to me",
        responses={200: MyBenefitCampaignSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        return self.get_paginated_response(campaigns_response(page))


class MyBenefitCampaignDetailApi(MyBenefitCampaignApi):
    @extend_schema(
        summary="One benefit campaign open to me",
        responses={200: MyBenefitCampaignSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(campaigns_response([self.get_object()])[0])


REFUSED = OpenApiResponse(
    ErrorSerializer,
    description=(
        "invalid input, or the claim refused (nothing written), with its own ``code``: "
        "sold_out, limit_reached, not_open, closed, not_member, not_in_scope, not_eligible, "
        "unknown_item, key_reused"
    ),
)


class MyBenefitClaimApi(MyBenefitCampaignApi):
    """Claim one unit of an item of the campaign. The idempotency key (any printable text
    up to 64 characters, new for every claim the member means) comes in the
    ``Idempotency-Key`` header, or in the body's ``idempotency_key`` without the header; a
    retry with the same key (a lost answer) gets the first voucher back (200,
    ``Idempotent-Replayed: true``) and claims nothing more. The answer carries the voucher
    without its QR code (``vouchers/<id>/`` has it)."""

    class InputSerializer(serializers.Serializer):
        item = id_field(help_text="one of the campaign's items")
        idempotency_key = serializers.CharField(
            required=False,
            max_length=KEY_MAX_LENGTH,
            help_text="only when the Idempotency-Key header is absent",
        )

    @extend_schema(
        summary="Claim an item of a benefit campaign",
        parameters=[
            OpenApiParameter(
                KEY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="the claim's idempotency key (required here or in the body)",
            ),
            OpenApiParameter(
                REPLAYED_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=[200],
                description="true: the voucher an earlier request with the same key obtained",
            ),
        ],
        request=InputSerializer,
        responses={
            201: MyVoucherSerializer,
            200: OpenApiResponse(
                MyVoucherSerializer,
                description="a retry of a claim that succeeded (Idempotent-Replayed: true)",
            ),
            400: REFUSED,
            **error_responses(401, 403, 404),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        campaign = self.get_object()
        data = self.validated(self.InputSerializer)
        key = request.headers.get(KEY_HEADER) or data.get("idempotency_key")
        claimed = voucher_claim(
            actor=self.actor,
            campaign=campaign,
            item_id=data["item"],
            idempotency_key=key,
            channel=Channel.API,
        )
        body = MyVoucherSerializer(claimed.voucher).data
        if claimed.replayed:
            return Response(body, headers={REPLAYED_HEADER: "true"})
        return Response(body, status=status.HTTP_201_CREATED)


# --- vouchers ----------------------------------------------------------------------------


class MyVoucherApi(MemberAPIView):
    model = selectors.VOUCHER_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("item__supplier", "campaign").order_by("-claimed_at", "-pk")


class MyVoucherListApi(MyVoucherApi):
    """My vouchers, the newest first."""

    @extend_schema(
        summary="List my vouchers",
        responses={200: MyVoucherSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        return self.get_paginated_response(MyVoucherSerializer(page, many=True).data)


class MyVoucherDetailApi(MyVoucherApi):
    @extend_schema(
        summary="One of my vouchers, with its QR code",
        responses={200: MyVoucherDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(MyVoucherDetailSerializer(self.get_object()).data)
