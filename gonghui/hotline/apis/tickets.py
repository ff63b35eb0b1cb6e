"""API of hotline tickets (under /api/v1/hotline/): the list with overdue flags, one
ticket with its clocks, the steps the user may take and its history, registering a
ticket, and one endpoint for every step (``api.workflow.StepApi``). The caller's phone is
masked unless the user may see personal data (an unmasked read is audited)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import HOTLINE_DISPATCH, HOTLINE_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses
from gonghui.api.workflow import ActionsField, StepApi, TimelineField
from gonghui.core import disclosure
from gonghui.core.scoping import OutOfScope
from gonghui.hotline.choices import Category, Source, TicketStatus
from gonghui.hotline.selectors import tickets as selectors
from gonghui.hotline.services.tickets import ticket_register


def SourceField(**kwargs: Any) -> serializers.ChoiceField:  # noqa: N802 - a field "class"
    return serializers.ChoiceField(choices=Source.choices, **kwargs)


def StatusField(**kwargs: Any) -> serializers.ChoiceField:  # noqa: N802
    return serializers.ChoiceField(choices=TicketStatus.choices, **kwargs)


def CategoryField(**kwargs: Any) -> serializers.ChoiceField:  # noqa: N802
    return serializers.ChoiceField(choices=Category.choices, **kwargs)


class TicketSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = SourceField()  # type: ignore[assignment]
    number = serializers.CharField()
    received_at = serializers.DateTimeField()
    caller_name = serializers.CharField()
    category = CategoryField()
    status = StatusField()
    organization = serializers.CharField(source="organization.name")
    handler = serializers.CharField(source="handler.username", allow_null=True, default=None)
    returns = serializers.IntegerField()
    overdue = serializers.BooleanField()
    overdue_contact = serializers.BooleanField()
    overdue_handling = serializers.BooleanField()
    overdue_completion = serializers.BooleanField()


class ClockSerializer(serializers.Serializer):
    name = serializers.CharField()
    started_at = serializers.DateTimeField(source="clock.started_at")
    due_at = serializers.DateTimeField(source="clock.due_at")
    met_at = serializers.DateTimeField(source="clock.met_at", allow_null=True)
    paused_at = serializers.DateTimeField(source="clock.paused_at", allow_null=True)
    met_on_time = serializers.BooleanField(source="clock.met_on_time", allow_null=True)
    overdue = serializers.BooleanField(source="clock.is_overdue")


class TicketDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = SourceField()  # type: ignore[assignment]
    number = serializers.CharField()
    received_at = serializers.DateTimeField()
    caller_name = serializers.CharField()
    caller_phone = serializers.SerializerMethodField()
    request = serializers.CharField()
    category = CategoryField()
    status = StatusField()
    organization = serializers.CharField(source="organization.name")
    owner = serializers.CharField(source="owner.name")
    handler = serializers.CharField(source="handler.username", allow_null=True, default=None)
    dispatched_at = serializers.DateTimeField(allow_null=True)
    contacted_at = serializers.DateTimeField(allow_null=True)
    returns = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)
    answer = serializers.CharField()
    completed_on_time = serializers.BooleanField(allow_null=True)
    callback_at = serializers.DateTimeField(allow_null=True)
    callback_contacted = serializers.BooleanField(allow_null=True)
    callback_solved = serializers.BooleanField(allow_null=True)
    callback_satisfied = serializers.BooleanField(allow_null=True)
    consultation = serializers.IntegerField(source="consultation_id", allow_null=True)
    mediation_case = serializers.IntegerField(source="mediation_case_id", allow_null=True)
    clocks = serializers.SerializerMethodField()
    actions = ActionsField()
    timeline = TimelineField()

    def get_caller_phone(self, ticket: Any) -> str:
        return str(self.context["policy"].phone(ticket.caller_phone))

    @extend_schema_field(ClockSerializer(many=True))
    def get_clocks(self, ticket: Any) -> list[dict[str, Any]]:
        return list(ClockSerializer(selectors.ticket_clocks(ticket), many=True).data)


def ticket_response(request: Request, actor: Any, ticket: Any, code: int = 200) -> Response:
    policy = disclosure.policy_for(actor, ticket.organization)
    if policy.visible and ticket.caller_phone:
        disclosure.record(
            actor=actor, objects=[ticket], fields=["caller_phone"], purpose=_("接口：热线工单")
        )
    context = {"request": request, "policy": policy}
    return Response(TicketDetailSerializer(ticket, context=context).data, status=code)


class TicketApi(ScopedAPIView):
    model = selectors.TICKET_MODEL
    action = HOTLINE_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.ticket_detail(actor=self.actor, action=self.action)


class TicketListApi(TicketApi):
    """Tickets in scope, newest first, filtered like the staff list, with overdue flags."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=100)
        source = SourceField(required=False)  # type: ignore[assignment]
        status = StatusField(required=False)
        category = CategoryField(required=False)
        mine = serializers.BooleanField(required=False)
        waiting = serializers.BooleanField(required=False)
        overdue = serializers.BooleanField(required=False)
        since = DateField(required=False)
        until = DateField(required=False)

    @extend_schema(
        summary="List hotline tickets",
        parameters=[QuerySerializer],
        responses={200: TicketSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.ticket_list(actor=self.actor, **filters).order_by("-received_at", "-pk")
        return self.get_paginated_response(
            TicketSummarySerializer(self.paginate(rows), many=True).data
        )


class TicketDetailApi(TicketApi):
    @extend_schema(
        summary="One hotline ticket",
        responses={200: TicketDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return ticket_response(request, self.actor, self.get_object())


class TicketCreateApi(TicketApi):
    """Register a ticket at a node where the user dispatches (its first unit)."""

    action = HOTLINE_DISPATCH

    class InputSerializer(serializers.Serializer):
        organization = serializers.IntegerField(help_text="the first unit (首接单位)")
        source = SourceField()  # type: ignore[assignment]
        number = serializers.CharField(max_length=40)
        received_at = serializers.DateTimeField()
        caller_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
        caller_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
        request = serializers.CharField(max_length=5000)
        category = CategoryField()

    @extend_schema(
        summary="Register a hotline ticket",
        request=InputSerializer,
        responses={201: TicketDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        node = selectors.dispatch_nodes(self.actor).filter(pk=data.pop("organization")).first()
        if node is None:
            raise OutOfScope("organization")
        ticket = ticket_register(actor=self.actor, organization=node, **data)
        return ticket_response(request, self.actor, ticket, status.HTTP_201_CREATED)


class TicketStepApi(StepApi):
    model = selectors.TICKET_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization", "owner", "handler")

    def respond(self, obj: Any) -> Response:
        return ticket_response(self.request, self.actor, obj)


urlpatterns: list[URLPattern] = [
    path("tickets/", TicketListApi.as_view(), name="ticket-list"),
    path("tickets/new/", TicketCreateApi.as_view(), name="ticket-create"),
    path("tickets/<int:pk>/", TicketDetailApi.as_view(), name="ticket-detail"),
    path("tickets/<int:pk>/steps/<slug:step>/", TicketStepApi.as_view(), name="ticket-step"),
]
