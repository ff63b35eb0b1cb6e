"""API of legal aid (under /api/v1/legalaid/): the list of cases (a lawyer's: those
assigned to them), one case with its review clock, means test, stages, the steps the
user may take and its history, receiving an application, one endpoint for every step
(``api.workflow.StepApi``), and the lawyers retained with their load. The ID number and
phone are masked unless the user may see personal data (an unmasked read is audited;
the lawyer acting for the worker sees the phone)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import LEGALAID_DECIDE, LEGALAID_RECEIVE, LEGALAID_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses, id_field
from gonghui.api.workflow import ActionsField, StepApi, TimelineField
from gonghui.core import disclosure
from gonghui.core.scoping import OutOfScope
from gonghui.legalaid.choices import (
    ApplicantStatus,
    Channel,
    Matter,
    MeansResult,
    Outcome,
    StageKind,
    Status,
)
from gonghui.legalaid.selectors import cases as selectors
from gonghui.legalaid.selectors import settings as settings_selectors
from gonghui.legalaid.selectors import sources
from gonghui.legalaid.services.cases import case_receive


def money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class LegalAidCaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField()
    organization = serializers.CharField(source="organization.name")
    channel = serializers.ChoiceField(choices=Channel.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    matter = serializers.ChoiceField(choices=Matter.choices)
    opposing_name = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True, help_text="the review's deadline")
    paused_on = serializers.DateField(allow_null=True, help_text="waiting for documents since")
    overdue = serializers.BooleanField(help_text="the review is past its deadline")
    lawyer = serializers.CharField(source="lawyer.name", allow_null=True, default=None)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    recovered = money(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)


class LegalAidStageSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StageKind.choices)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class LegalAidCaseDetailSerializer(LegalAidCaseSummarySerializer):
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    statuses = serializers.ListField(child=serializers.ChoiceField(choices=ApplicantStatus.choices))
    household_size = serializers.IntegerField(allow_null=True)
    household_income = money(allow_null=True)
    facts = serializers.CharField()
    opposing_party = serializers.IntegerField(source="opposing_party_id", allow_null=True)
    amount_claimed = money(allow_null=True)
    consultation = serializers.IntegerField(source="consultation_id", allow_null=True)
    mediation_case = serializers.CharField(
        source="mediation_case.number", allow_null=True, default=None
    )
    means_result = serializers.ChoiceField(choices=MeansResult.choices, allow_blank=True)
    means_basis = serializers.CharField()
    waiting_for = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    late_reason = serializers.CharField()
    refusal_reason = serializers.CharField()
    assigned_on = serializers.DateField(allow_null=True)
    conflict_waiver = serializers.CharField()
    closing_summary = serializers.CharField()
    rating = serializers.IntegerField(allow_null=True)
    rating_comment = serializers.CharField()
    stages = LegalAidStageSerializer(many=True, source="stages.all")
    actions = ActionsField()
    timeline = TimelineField()

    def get_id_number(self, case: Any) -> str:
        return str(self.context["policy"].id_number(case.id_number))

    def get_phone(self, case: Any) -> str:
        return str(self.context["contact"].phone(case.phone))


def case_response(request: Request, actor: Any, case: Any, code: int = 200) -> Response:
    policy = disclosure.policy_for(actor, case.organization)
    contact = disclosure.Policy(visible=policy.visible or selectors.acts_for(actor, case))
    shown = [n for n, on in (("id_number", policy.visible), ("phone", contact.visible)) if on]
    if shown and (case.id_number or case.phone):
        disclosure.record(
            actor=actor, objects=[case], fields=shown, purpose=_("接口：法律援助案件")
        )
    if not hasattr(case, "overdue"):
        case.overdue = case.is_overdue
    context = {"request": request, "policy": policy, "contact": contact}
    return Response(LegalAidCaseDetailSerializer(case, context=context).data, status=code)


class CaseApi(ScopedAPIView):
    model = selectors.CASE_MODEL
    action = LEGALAID_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.case_detail(actor=self.actor, action=self.action)


class CaseListApi(CaseApi):
    """Cases in scope (a lawyer's: those assigned to them), newest first."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=50)
        status = serializers.ChoiceField(choices=Status.choices, required=False)
        matter = serializers.ChoiceField(choices=Matter.choices, required=False)
        channel = serializers.ChoiceField(choices=Channel.choices, required=False)
        overdue = serializers.BooleanField(required=False)
        mine = serializers.BooleanField(required=False, help_text="the cases I act in")

    @extend_schema(
        summary="List legal-aid cases",
        parameters=[QuerySerializer],
        responses={200: LegalAidCaseSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.case_list(actor=self.actor, **filters).order_by("-received_on", "-pk")
        return self.get_paginated_response(
            LegalAidCaseSummarySerializer(self.paginate(rows), many=True).data
        )


class CaseDetailApi(CaseApi):
    @extend_schema(
        summary="One legal-aid case",
        responses={200: LegalAidCaseDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return case_response(request, self.actor, self.get_object())


class CaseReceiveApi(CaseApi):
    """Receive an application at a node in scope; the 7-working-day review starts on
    ``received_on``."""

    action = LEGALAID_RECEIVE

    class InputSerializer(serializers.Serializer):
        organization = id_field(help_text="the receiving node")
        received_on = DateField(required=False, help_text="default: today")
        name = serializers.CharField(max_length=50, allow_blank=True)
        id_number = serializers.CharField(max_length=24, required=False, allow_blank=True)
        phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
        matter = serializers.CharField(max_length=20, allow_blank=True, help_text="a matter")
        facts = serializers.CharField(max_length=10_000, allow_blank=True)
        opposing_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
        opposing_code = serializers.CharField(
            max_length=18, required=False, allow_blank=True, help_text="credit code"
        )
        amount_claimed = serializers.CharField(max_length=20, required=False, allow_blank=True)
        statuses = serializers.ListField(
            child=serializers.ChoiceField(choices=ApplicantStatus.choices), required=False
        )
        household_size = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        household_income = serializers.CharField(max_length=20, required=False, allow_blank=True)

    @extend_schema(
        summary="Receive a legal-aid application",
        request=InputSerializer,
        responses={201: LegalAidCaseDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        node = sources.receiving_nodes(self.actor).filter(pk=data.pop("organization")).first()
        if node is None:
            raise OutOfScope("organization")
        code = data.pop("opposing_code", "")
        case = case_receive(
            actor=self.actor,
            organization=node,
            channel=Channel.WINDOW,
            opposing_party=sources.entity_by_code(self.actor, code),
            **data,
        )
        return case_response(
            request, self.actor, self.get_queryset().get(pk=case.pk), status.HTTP_201_CREATED
        )


class CaseStepApi(StepApi):
    model = selectors.CASE_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization", "lawyer")

    def respond(self, obj: Any) -> Response:
        case = selectors.case_detail(actor=self.actor).get(pk=obj.pk)
        return case_response(self.request, self.actor, case)


class LawyerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    firm = serializers.CharField(source="firm.name")
    licence_number = serializers.CharField()
    specialities = serializers.ListField(child=serializers.ChoiceField(choices=Matter.choices))
    languages = serializers.ListField(child=serializers.CharField())
    active = serializers.BooleanField()
    load = serializers.IntegerField(help_text="cases under way")
    closed = serializers.IntegerField(help_text="cases closed")


class LawyerListApi(ScopedAPIView):
    """The lawyers retained, with the cases each handles now: for those who assign."""

    model = selectors.LAWYER_MODEL
    action = LEGALAID_DECIDE

    @extend_schema(
        summary="List the lawyers retained",
        responses={200: LawyerSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        rows = settings_selectors.lawyers_with_load(self.actor, self.action)
        return self.get_paginated_response(LawyerSerializer(self.paginate(rows), many=True).data)


urlpatterns: list[URLPattern] = [
    path("cases/", CaseListApi.as_view(), name="case-list"),
    path("cases/new/", CaseReceiveApi.as_view(), name="case-create"),
    path("cases/<int:pk>/", CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<int:pk>/steps/<slug:step>/", CaseStepApi.as_view(), name="case-step"),
    path("lawyers/", LawyerListApi.as_view(), name="lawyer-list"),
]
