"""API of funds (under /api/v1/assistance/): the funds in scope, one fund, its ledger,
its statement for a period, a donation into it and the reversal of an entry. Reads go
through ``assistance.selectors.funds``, writes through ``assistance.services.funds``;
every view is scoped by ``api.views.ScopedAPIView`` (a fund outside answers 404).

Amounts are sent as text (``"1000.00"``) so that the one money rule of the services
(``core.rules.money``: more than zero, at most two decimal places) answers, on the
field, as the pages do."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import ASSISTANCE_PAY, ASSISTANCE_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses
from gonghui.assistance.choices import Cause, EntryKind, FundKind
from gonghui.assistance.selectors import funds as selectors
from gonghui.assistance.services.funds import donation_record, fund_entry_reverse
from gonghui.organizations.apis import OrganizationRefSerializer


def money(**kwargs: Any) -> serializers.DecimalField:
    """An amount in yuan with two places, as the API shows it."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def amount_input(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=20, help_text="yuan, more than zero, at most two decimal places", **kwargs
    )


class FundOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=FundKind.choices)
    organization = OrganizationRefSerializer()
    started_on = serializers.DateField()
    balance = money()
    active = serializers.BooleanField()
    description = serializers.CharField()


class EntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fund = serializers.IntegerField(source="fund_id")
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    amount = money(help_text="positive: into the fund; negative: out of it")
    balance_after = money()
    booked_on = serializers.DateField()
    cause = serializers.CharField(help_text="a grant's cause (Cause), or empty")
    memo = serializers.CharField()
    application = serializers.IntegerField(source="application_id", allow_null=True)
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    reversed = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_reversed(self, entry: Any) -> bool:
        return selectors.is_reversed(entry)


class DonationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fund = serializers.IntegerField(source="fund_id")
    receipt_number = serializers.CharField()
    donor_name = serializers.CharField()
    donor_unit = serializers.CharField()
    amount = money()
    received_on = serializers.DateField()
    note = serializers.CharField()
    entry = serializers.IntegerField(source="entry_id")


class FundApi(ScopedAPIView):
    model = selectors.FUND_MODEL
    action = ASSISTANCE_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization").order_by("kind", "code")


class FundListApi(FundApi):
    """The funds managed by nodes in scope, with their balances."""

    class QuerySerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=FundKind.choices, required=False)

    @extend_schema(
        summary="List funds",
        parameters=[QuerySerializer],
        responses={200: FundOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        query = self.validated_query(self.QuerySerializer)
        funds = self.get_queryset()
        if query.get("kind"):
            funds = funds.filter(kind=query["kind"])
        page = self.paginate(funds)
        return self.get_paginated_response(FundOutputSerializer(page, many=True).data)


class FundDetailApi(FundApi):
    """One fund; ``ledger_total`` (the sum of its entries) always equals ``balance``."""

    class OutputSerializer(FundOutputSerializer):
        ledger_total = serializers.SerializerMethodField()

        def get_ledger_total(self, fund: Any) -> str:
            return f"{selectors.ledger_total(fund):.2f}"

    @extend_schema(summary="Show a fund", responses={200: OutputSerializer})
    def get(self, request: Request, pk: int) -> Response:
        return Response(self.OutputSerializer(self.get_object()).data)


class FundEntryListApi(FundApi):
    """A fund's ledger, newest posted first, filtered by the booking day and kind."""

    class QuerySerializer(serializers.Serializer):
        start = DateField(required=False)
        end = DateField(required=False)
        kind = serializers.ChoiceField(choices=EntryKind.choices, required=False)

    @extend_schema(
        summary="List a fund's entries",
        parameters=[QuerySerializer],
        responses={200: EntryOutputSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        fund = self.get_object()
        query = self.validated_query(self.QuerySerializer)
        page = self.paginate(selectors.fund_entries(fund=fund, **query))
        return self.get_paginated_response(EntryOutputSerializer(page, many=True).data)


class CauseLineSerializer(serializers.Serializer):
    cause = serializers.ChoiceField(choices=Cause.choices)
    cause_label = serializers.CharField(source="label")
    amount = money()
    people = serializers.IntegerField()
    grants = serializers.IntegerField()


class FundStatementApi(FundApi):
    """A fund's statement for [start, end] (default: the year to date): the opening
    balance, what came in and went out by kind (grants by cause, with the people helped),
    corrections and the closing balance (opening + movements)."""

    class QuerySerializer(serializers.Serializer):
        start = DateField(required=False, help_text="default: 1 January of this year")
        end = DateField(required=False, help_text="default: today")

        def validate(self, data: dict[str, Any]) -> dict[str, Any]:
            today = timezone.localdate()
            data.setdefault("start", date(today.year, 1, 1))
            data.setdefault("end", today)
            if data["end"] < data["start"]:
                raise serializers.ValidationError({"end": _("截止日期不能早于起始日期")})
            return data

    class OutputSerializer(serializers.Serializer):
        fund = FundOutputSerializer()
        start = serializers.DateField()
        end = serializers.DateField()
        opening = money()
        donations = money()
        donation_count = serializers.IntegerField()
        allocations = money()
        grants = money(help_text="paid out, a positive figure")
        grant_people = serializers.IntegerField()
        by_cause = CauseLineSerializer(many=True)
        spending = money(help_text="other spending (campaigns), a positive figure")
        reversals = money(help_text="the net of the corrections booked in the period")
        reversal_count = serializers.IntegerField()
        holds = money(help_text="set aside in the period (campaigns published), positive")
        releases = money(help_text="given back in the period (campaigns ended), positive")
        held = money(help_text="held at the end and not released by then")
        closing = money(help_text="the money available at the end (holds deducted)")

    @extend_schema(
        summary="A fund's statement for a period",
        parameters=[QuerySerializer],
        responses={200: OutputSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        fund = self.get_object()
        query = self.validated_query(self.QuerySerializer)
        statement = selectors.fund_statement(fund=fund, start=query["start"], end=query["end"])
        return Response(self.OutputSerializer(statement).data)


class DonationCreateApi(FundApi):
    """Record a donation into the fund: its entry is booked on the day received; a blank
    ``receipt_number`` takes the next of the year's sequence."""

    action = ASSISTANCE_PAY

    class InputSerializer(serializers.Serializer):
        donor_name = serializers.CharField(max_length=60, allow_blank=True)
        donor_unit = serializers.CharField(max_length=120, required=False, allow_blank=True)
        amount = amount_input()
        received_on = DateField(help_text="today or before")
        receipt_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(
        summary="Record a donation",
        request=InputSerializer,
        responses={201: DonationOutputSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        fund = self.get_object()
        data = self.validated(self.InputSerializer)
        donation = donation_record(actor=self.actor, fund=fund, **data)
        return Response(DonationOutputSerializer(donation).data, status=status.HTTP_201_CREATED)


class EntryReverseApi(ScopedAPIView):
    """Reverse an entry with the reason: an opposite entry booked today. Refused for a
    reversal, an entry reversed already, or when the fund would fall below zero."""

    model = selectors.ENTRY_MODEL
    action = ASSISTANCE_PAY

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200, allow_blank=True)

    @extend_schema(
        summary="Reverse a fund entry",
        request=InputSerializer,
        responses={201: EntryOutputSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = self.get_object()
        data = self.validated(self.InputSerializer)
        reversal = fund_entry_reverse(actor=self.actor, entry=entry, reason=data["reason"])
        return Response(EntryOutputSerializer(reversal).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("funds/", FundListApi.as_view(), name="fund-list"),
    path("funds/<int:pk>/", FundDetailApi.as_view(), name="fund-detail"),
    path("funds/<int:pk>/entries/", FundEntryListApi.as_view(), name="fund-entries"),
    path("funds/<int:pk>/statement/", FundStatementApi.as_view(), name="fund-statement"),
    path("funds/<int:pk>/donations/", DonationCreateApi.as_view(), name="fund-donations"),
    path("fund-entries/<int:pk>/reverse/", EntryReverseApi.as_view(), name="entry-reverse"),
]
