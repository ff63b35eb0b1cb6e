"""API of hardship files (under /api/v1/assistance/): the list, one file with its
household, the steps the user may take and its history, filing a worker, and one
endpoint for every step (``api.workflow.StepApi``). The ID number is masked unless the
user may see personal data (an unmasked read is audited)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import ASSISTANCE_FILE, ASSISTANCE_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses
from gonghui.api.workflow import ActionsField, StepApi, TimelineField
from gonghui.assistance.choices import Cause, FileStatus, Relation, Situation, Tier
from gonghui.assistance.selectors import files as selectors
from gonghui.assistance.services.files import file_create
from gonghui.core import disclosure
from gonghui.core.scoping import OutOfScope


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class FileSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField(source="person.name")
    organization = serializers.CharField(source="organization.name")
    status = serializers.ChoiceField(choices=FileStatus.choices)
    tier = serializers.ChoiceField(choices=Tier.choices)
    causes = serializers.ListField(child=serializers.CharField())
    per_capita_income = money()
    surveyed_on = serializers.DateField()
    next_review_on = serializers.DateField(allow_null=True)


class HouseholdSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    relation = serializers.ChoiceField(choices=Relation.choices)
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900)
    situation = serializers.ChoiceField(choices=Situation.choices)
    monthly_income = money(required=False, min_value=0)


class FileDetailSerializer(FileSummarySerializer):
    id_number = serializers.SerializerMethodField()
    suggested_tier = serializers.CharField()
    tier_reason = serializers.CharField()
    situation = serializers.CharField()
    worker_income = money()
    household_size = serializers.IntegerField()
    household_income = money()
    household = HouseholdSerializer(many=True, source="household.all")
    filing_opinion = serializers.CharField()
    check_opinion = serializers.CharField()
    approval_opinion = serializers.CharField()
    entered_on = serializers.DateField(allow_null=True)
    left_on = serializers.DateField(allow_null=True)
    actions = ActionsField()
    timeline = TimelineField()

    def get_id_number(self, file: Any) -> str:
        return str(self.context["policy"].id_number(file.person.id_number))


def file_response(request: Request, actor: Any, file: Any, code: int = 200) -> Response:
    policy = disclosure.policy_for(actor, file.organization)
    if policy.visible:
        disclosure.record(
            actor=actor,
            objects=[file.person],
            fields=["id_number"],
            purpose=_("接口：困难职工档案"),
        )
    context = {"request": request, "policy": policy}
    return Response(FileDetailSerializer(file, context=context).data, status=code)


class FileApi(ScopedAPIView):
    model = selectors.FILE_MODEL
    action = ASSISTANCE_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.file_detail(actor=self.actor, action=self.action)


class FileListApi(FileApi):
    """Files in scope, newest survey first, filtered like the staff list."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=50)
        status = serializers.ChoiceField(choices=FileStatus.choices, required=False)
        tier = serializers.ChoiceField(choices=Tier.choices, required=False)
        cause = serializers.ChoiceField(choices=Cause.choices, required=False)
        review_due = serializers.BooleanField(required=False)

    @extend_schema(
        summary="List hardship files",
        parameters=[QuerySerializer],
        responses={200: FileSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.file_list(actor=self.actor, **filters).order_by("-surveyed_on", "-pk")
        return self.get_paginated_response(
            FileSummarySerializer(self.paginate(rows), many=True).data
        )


class FileDetailApi(FileApi):
    @extend_schema(
        summary="One hardship file",
        responses={200: FileDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return file_response(request, self.actor, self.get_object())


class FileCreateApi(FileApi):
    """File a member of a union in scope after the survey; waits for the station."""

    action = ASSISTANCE_FILE

    class InputSerializer(serializers.Serializer):
        id_number = serializers.CharField(max_length=24)
        surveyed_on = DateField(required=False, help_text="default: today")
        causes = serializers.ListField(child=serializers.ChoiceField(choices=Cause.choices))
        worker_income = money(min_value=0)
        household = HouseholdSerializer(many=True, required=False)
        situation = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        tier = serializers.ChoiceField(choices=Tier.choices, required=False, allow_blank=True)
        tier_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
        filing_opinion = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(
        summary="File a hardship worker",
        request=InputSerializer,
        responses={201: FileDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        person = selectors.person_to_file(actor=self.actor, id_number=data.pop("id_number"))
        if person is None:
            raise OutOfScope("id_number")  # 404, as for a record outside the user's scope
        day = data.pop("surveyed_on", None) or timezone.localdate()
        file = file_create(actor=self.actor, person=person, surveyed_on=day, **data)
        return file_response(request, self.actor, file, status.HTTP_201_CREATED)


class FileStepApi(StepApi):
    model = selectors.FILE_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("person", "organization")

    def respond(self, obj: Any) -> Response:
        return file_response(self.request, self.actor, obj)


urlpatterns: list[URLPattern] = [
    path("files/", FileListApi.as_view(), name="file-list"),
    path("files/new/", FileCreateApi.as_view(), name="file-create"),
    path("files/<int:pk>/", FileDetailApi.as_view(), name="file-detail"),
    path("files/<int:pk>/steps/<slug:step>/", FileStepApi.as_view(), name="file-step"),
]
