"""API of aid (under /api/v1/assistance/): the list, one application with its checks,
the steps the user may take and its history, applying for a worker, and one endpoint for
every step (``api.workflow.StepApi``). ID and account numbers are masked unless the user
may see personal data (an unmasked read is audited)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import ASSISTANCE_FILE, ASSISTANCE_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses
from gonghui.api.workflow import ActionsField, StepApi, TimelineField
from gonghui.assistance.choices import AidStatus, Cause
from gonghui.assistance.selectors import aid as selectors
from gonghui.assistance.selectors.files import person_to_file
from gonghui.assistance.services.aid import aid_apply
from gonghui.core import disclosure
from gonghui.core.scoping import OutOfScope


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class AidSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField(source="person.name")
    organization = serializers.CharField(source="organization.name")
    kind = serializers.CharField(source="kind.code")
    kind_name = serializers.CharField(source="kind.name")
    round = serializers.CharField(source="round.name", allow_null=True, default=None)
    cause = serializers.ChoiceField(choices=Cause.choices)
    applied_on = serializers.DateField()
    amount_requested = money()
    amount = money(allow_null=True)
    status = serializers.ChoiceField(choices=AidStatus.choices)


class DuplicateSerializer(serializers.Serializer):
    number = serializers.CharField()
    kind_name = serializers.CharField(source="kind.name")
    status = serializers.ChoiceField(choices=AidStatus.choices)


class AidDetailSerializer(AidSummarySerializer):
    id_number = serializers.SerializerMethodField()
    bank_name = serializers.CharField()
    bank_account = serializers.SerializerMethodField()
    reason = serializers.CharField()
    filing_opinion = serializers.CharField()
    check_opinion = serializers.CharField()
    approval_opinion = serializers.CharField()
    duplicate_note = serializers.CharField()
    approved_on = serializers.DateField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    payment_method = serializers.CharField()
    duplicates = serializers.SerializerMethodField()
    duplicates_elsewhere = serializers.SerializerMethodField(
        help_text="duplicates held outside the reader's scope (counted, not shown)"
    )
    missing_documents = serializers.SerializerMethodField()
    actions = ActionsField()
    timeline = TimelineField()

    def get_id_number(self, application: Any) -> str:
        return str(self.context["policy"].id_number(application.person.id_number))

    def get_bank_account(self, application: Any) -> str:
        return str(self.context["policy"].account(application.bank_account))

    @extend_schema_field(DuplicateSerializer(many=True))
    def get_duplicates(self, application: Any) -> list[dict[str, Any]]:
        actor = self.context["request"].user
        seen, _unseen = selectors.duplicates_seen(actor=actor, application=application)
        return list(DuplicateSerializer(seen, many=True).data)

    def get_duplicates_elsewhere(self, application: Any) -> int:
        actor = self.context["request"].user
        return selectors.duplicates_seen(actor=actor, application=application)[1]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing_documents(self, application: Any) -> list[str]:
        return [label for label, present in selectors.checklist(application) if not present]


def aid_response(request: Request, actor: Any, application: Any, code: int = 200) -> Response:
    policy = disclosure.policy_for(actor, application.organization)
    if policy.visible:
        purpose = _("接口：帮扶申请")
        disclosure.record(
            actor=actor, objects=[application], fields=["bank_account"], purpose=purpose
        )
        disclosure.record(
            actor=actor, objects=[application.person], fields=["id_number"], purpose=purpose
        )
    context = {"request": request, "policy": policy}
    return Response(AidDetailSerializer(application, context=context).data, status=code)


class AidApi(ScopedAPIView):
    model = selectors.APPLICATION_MODEL
    action = ASSISTANCE_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.aid_detail(actor=self.actor, action=self.action)


class AidListApi(AidApi):
    """Applications in scope, newest first, filtered like the staff list."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=50)
        status = serializers.ChoiceField(choices=AidStatus.choices, required=False)
        year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
        cause = serializers.ChoiceField(choices=Cause.choices, required=False)

    @extend_schema(
        summary="List aid applications",
        parameters=[QuerySerializer],
        responses={200: AidSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.aid_list(actor=self.actor, **filters).order_by("-applied_on", "-pk")
        page = self.paginate(rows)
        return self.get_paginated_response(AidSummarySerializer(page, many=True).data)


class AidDetailApi(AidApi):
    @extend_schema(
        summary="One aid application",
        responses={200: AidDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return aid_response(request, self.actor, self.get_object())


class AidCreateApi(AidApi):
    """Apply for aid for a member of a union in scope: filed at once (the union's level)."""

    action = ASSISTANCE_FILE

    class InputSerializer(serializers.Serializer):
        id_number = serializers.CharField(max_length=24)
        kind = serializers.CharField(max_length=30, help_text="the kind's code")
        round = serializers.IntegerField(required=False, allow_null=True)
        cause = serializers.ChoiceField(choices=Cause.choices)
        reason = serializers.CharField(max_length=2000)
        amount_requested = serializers.CharField(max_length=20, help_text="yuan, two places")
        applied_on = DateField(required=False, help_text="default: today")
        bank_name = serializers.CharField(required=False, allow_blank=True, max_length=60)
        bank_account = serializers.CharField(required=False, allow_blank=True, max_length=40)

    @extend_schema(
        summary="Apply for aid for a worker",
        request=InputSerializer,
        responses={201: AidDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        person = person_to_file(actor=self.actor, id_number=data.pop("id_number"))
        if person is None:
            raise OutOfScope("id_number")  # 404, as for a record outside the user's scope
        kind = selectors.kind_choices().filter(code=data.pop("kind")).first()
        round_id = data.pop("round", None)
        chosen = selectors.round_of(round_id) if round_id else None
        if round_id and chosen is None:
            raise ValidationError({"round": [_("申请批次无效")]})
        application = aid_apply(actor=self.actor, person=person, kind=kind, round=chosen, **data)
        return aid_response(request, self.actor, application, status.HTTP_201_CREATED)


class AidStepApi(StepApi):
    model = selectors.APPLICATION_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("person", "organization", "kind")

    def respond(self, obj: Any) -> Response:
        return aid_response(self.request, self.actor, obj)


urlpatterns: list[URLPattern] = [
    path("aid/", AidListApi.as_view(), name="aid-list"),
    path("aid/new/", AidCreateApi.as_view(), name="aid-create"),
    path("aid/<int:pk>/", AidDetailApi.as_view(), name="aid-detail"),
    path("aid/<int:pk>/steps/<slug:step>/", AidStepApi.as_view(), name="aid-step"),
]
