"""Redeeming vouchers over the API, for the supplier's cashier (an account of the supplier
role, holding ``benefits.redeem`` on its supplier's items) or the union's staff (items
without a supplier): look a code up (``redeem/<code>/``), then redeem it (``POST
redeem/``). A code the user may not redeem is unknown to them: 404 with the code
``unknown_code`` (as for any record outside the user's scope, it tells nothing of
whether the code exists elsewhere); a voucher the user sees but may not redeem now
answers 400 with its own code (``already_redeemed``, ``expired``, ``void``,
``supplier_redeems``) and nothing is written. Writes go through ``services.redeem``."""

from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import BENEFITS_REDEEM
from gonghui.api.errors import ErrorSerializer
from gonghui.api.views import ScopedAPIView, error_responses
from gonghui.benefits.choices import VoucherStatus
from gonghui.benefits.selectors import campaigns as selectors
from gonghui.benefits.services import redeem as services
from gonghui.benefits.services.refusals import Refusal

CODE_MAX_LENGTH = 40

UNKNOWN = OpenApiResponse(
    ErrorSerializer,
    description="no voucher of this code among those the user may redeem (code unknown_code)",
)
REFUSED = OpenApiResponse(
    ErrorSerializer,
    description=(
        "invalid input, or the redemption refused (nothing written), with its own ``code``: "
        "already_redeemed, expired, void, supplier_redeems"
    ),
)


class RedeemVoucherSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    code_display = serializers.CharField(help_text="the code in groups of four")
    status = serializers.ChoiceField(choices=VoucherStatus.choices)
    item = serializers.CharField(source="item.name")
    campaign = serializers.IntegerField(source="campaign_id")
    campaign_title = serializers.CharField(source="campaign.title")
    supplier_name = serializers.CharField(
        source="item.supplier.name", allow_null=True, default=None, help_text="who redeems it"
    )
    face_value = serializers.DecimalField(max_digits=10, decimal_places=2)
    claimed_at = serializers.DateTimeField()
    redeemed_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(source="campaign.ends_at")


def _unknown(refusal: Refusal) -> NotFound:
    return NotFound(refusal.messages[0], code="unknown_code")


class RedeemApi(ScopedAPIView):
    model = selectors.VOUCHER_MODEL
    action = BENEFITS_REDEEM


class VoucherLookupApi(RedeemApi):
    """The voucher of a code (as scanned or typed: dashes, spaces and case do not matter),
    to show it before redeeming."""

    @extend_schema(
        summary="Look a voucher up by its code",
        responses={200: RedeemVoucherSerializer, **error_responses(401, 403), 404: UNKNOWN},
    )
    def get(self, request: Request, code: str) -> Response:
        try:
            voucher = services.voucher_find(actor=self.actor, code=code)
        except Refusal as refusal:
            raise _unknown(refusal) from refusal
        return Response(RedeemVoucherSerializer(voucher).data)


class VoucherRedeemApi(RedeemApi):
    """Redeem the voucher of a code, exactly once."""

    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(max_length=CODE_MAX_LENGTH, help_text="as scanned or typed")

    @extend_schema(
        summary="Redeem a voucher",
        request=InputSerializer,
        responses={
            200: RedeemVoucherSerializer,
            400: REFUSED,
            **error_responses(401, 403),
            404: UNKNOWN,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        try:
            voucher = services.voucher_redeem(actor=self.actor, code=data["code"])
        except Refusal as refusal:
            if refusal.refusal_code == "unknown_code":
                raise _unknown(refusal) from refusal
            raise
        return Response(RedeemVoucherSerializer(voucher).data)


urlpatterns: list[URLPattern] = [
    path("redeem/", VoucherRedeemApi.as_view(), name="redeem"),
    path("redeem/<str:code>/", VoucherLookupApi.as_view(), name="voucher-lookup"),
]
