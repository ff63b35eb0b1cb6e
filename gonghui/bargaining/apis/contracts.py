"""Collective contracts over the API: the list (filters q, status, kind, overdue,
expiring), one contract with its negotiators, guidance, clocks, step bar, the votes on its
draft, the steps the user may take now and its history; opening a process; and one
endpoint for every step of the eight (``contracts/<pk>/<step>/``, through the engine).
``renew`` answers the new process."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import BARGAINING_NEGOTIATE, BARGAINING_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses, id_field
from gonghui.api.workflow import ActionsField, StepApi, TimelineField
from gonghui.bargaining.apis.common import refuse_unknown, text
from gonghui.bargaining.apis.congress import BargainingEntitySerializer
from gonghui.bargaining.choices import Answer, ContractKind, Side, Status
from gonghui.bargaining.selectors import congress as congress_selectors
from gonghui.bargaining.selectors import contracts as selectors
from gonghui.bargaining.services.contracts import contract_open


class ContractSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    kind = serializers.ChoiceField(choices=ContractKind.choices)
    title = serializers.CharField()
    employer = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    step_done = serializers.IntegerField(help_text="the last of the eight steps done (0-8)")
    opened_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True, help_text="the running clock's deadline")
    overdue = serializers.BooleanField(help_text="the running clock is past its deadline")
    term_start = serializers.DateField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)
    effective_on = serializers.DateField(allow_null=True)


class ContractNegotiatorSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=Side.choices)
    name = serializers.CharField()
    position = serializers.CharField()
    chief = serializers.BooleanField()


class ContractGuidanceSerializer(serializers.Serializer):
    guided_on = serializers.DateField()
    guide_name = serializers.CharField()
    guide_unit = serializers.CharField(source="guide_unit.name")
    content = serializers.CharField()


class ContractClockSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="answer (to the offer) or report (after signing)")
    started_on = serializers.DateField()
    due_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    met = serializers.BooleanField()


class ContractStepBarSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    done = serializers.BooleanField()
    current = serializers.BooleanField()


class ContractVoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session = serializers.CharField()
    held_on = serializers.DateField(source="session.held_on")
    item = serializers.CharField()
    electorate = serializers.IntegerField()
    yes = serializers.IntegerField()
    passed = serializers.BooleanField()
    failure = serializers.CharField()


class ContractDetailSerializer(ContractSummarySerializer):
    entities = BargainingEntitySerializer(many=True, source="entities.all")
    replaces = serializers.CharField(source="replaces.number", allow_null=True, default=None)
    renewals = serializers.SerializerMethodField()
    last_event_on = serializers.DateField()
    named_on = serializers.DateField(allow_null=True)
    workers_chief = serializers.CharField()
    employer_chief = serializers.CharField()
    offered_on = serializers.DateField(allow_null=True)
    offered_by = serializers.ChoiceField(choices=Side.choices, allow_blank=True)
    offer = serializers.CharField()
    answer_due_on = serializers.DateField(allow_null=True)
    answer = serializers.ChoiceField(choices=Answer.choices, allow_blank=True)
    answered_on = serializers.DateField(allow_null=True)
    answer_reason = serializers.CharField()
    prepared_on = serializers.DateField(allow_null=True)
    preparation = serializers.CharField()
    met_on = serializers.DateField(allow_null=True)
    minutes = serializers.CharField()
    adopted_by = serializers.IntegerField(source="adopted_by_id", allow_null=True)
    signed_on = serializers.DateField(allow_null=True)
    report_due_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)
    received_on = serializers.DateField(allow_null=True)
    department = serializers.CharField()
    review_ends_on = serializers.DateField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)
    filed_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    negotiators = serializers.SerializerMethodField()
    guidance = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()
    step_bar = ContractStepBarSerializer(many=True)
    votes = serializers.SerializerMethodField()
    actions = ActionsField()
    timeline = TimelineField()

    @extend_schema(responses=serializers.ListField(child=serializers.CharField()))  # type: ignore[misc]
    def get_renewals(self, contract: Any) -> list[str]:
        return [renewal.number for renewal in contract.renewals.all()]

    @extend_schema(responses=ContractNegotiatorSerializer(many=True))  # type: ignore[misc]
    def get_negotiators(self, contract: Any) -> Any:
        rows = selectors.negotiators_of(contract)
        return ContractNegotiatorSerializer(rows, many=True).data

    @extend_schema(responses=ContractGuidanceSerializer(many=True))  # type: ignore[misc]
    def get_guidance(self, contract: Any) -> Any:
        return ContractGuidanceSerializer(selectors.guidance_of(contract), many=True).data

    @extend_schema(responses=ContractClockSerializer(many=True))  # type: ignore[misc]
    def get_clocks(self, contract: Any) -> Any:
        return ContractClockSerializer(selectors.clocks_of(contract), many=True).data

    @extend_schema(responses=ContractVoteSerializer(many=True))  # type: ignore[misc]
    def get_votes(self, contract: Any) -> Any:
        rows = congress_selectors.votes_for(contract)
        return ContractVoteSerializer(rows, many=True).data


def contract_response(request: Request, actor: Any, pk: Any, code: int = 200) -> Response:
    contract = selectors.contract_detail(actor=actor).get(pk=pk)
    serializer = ContractDetailSerializer(contract, context={"request": request})
    return Response(serializer.data, status=code)


class ContractApi(ScopedAPIView):
    model = selectors.CONTRACT_MODEL
    action = BARGAINING_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.contract_detail(actor=self.actor, action=self.action)


class ContractListApi(ContractApi):
    """Contracts and bargaining processes in scope, newest first."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=50)
        status = serializers.ChoiceField(choices=Status.choices, required=False)
        kind = serializers.ChoiceField(choices=ContractKind.choices, required=False)
        overdue = serializers.BooleanField(required=False, help_text="a clock past its deadline")
        expiring = serializers.BooleanField(
            required=False, help_text="in force, ending within the renewal lead time"
        )

    @extend_schema(
        summary="List collective contracts",
        parameters=[QuerySerializer],
        responses={200: ContractSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.contract_list(actor=self.actor, **filters).order_by("-opened_on", "-pk")
        return self.get_paginated_response(
            ContractSummarySerializer(self.paginate(rows), many=True).data
        )


class ContractOpenApi(ContractApi):
    """Open a bargaining process: the workers' side (a union; a joint union, a station or
    the federation for an area or sector contract), the employer and the firms covered."""

    action = BARGAINING_NEGOTIATE

    class InputSerializer(serializers.Serializer):
        organization = id_field(help_text="the union on the workers' side")
        kind = text(20, help_text="a contract kind")
        title = text(120)
        employer = text(120, help_text="the employer or employers' organisation, by name")
        entities = serializers.ListField(
            child=id_field(), required=False, max_length=500, help_text="legal entities"
        )
        opened_on = DateField(required=False, allow_null=True, help_text="default: today")

    @extend_schema(
        summary="Open a bargaining process",
        request=InputSerializer,
        responses={201: ContractDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        nodes = selectors.opening_nodes(self.actor)
        data["organization"] = self.chosen(nodes, field="organization", pks=[data["organization"]])[
            0
        ]
        data.setdefault("entities", [])
        contract = contract_open(self.actor, **data)
        return contract_response(request, self.actor, contract.pk, status.HTTP_201_CREATED)


class ContractDetailApi(ContractApi):
    @extend_schema(
        summary="One collective contract",
        responses={200: ContractDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        contract = self.get_object()
        serializer = ContractDetailSerializer(contract, context={"request": request})
        return Response(serializer.data)


# --- the steps ---------------------------------------------------------------------------------


class ContractNegotiatorInputSerializer(serializers.Serializer):
    side = text(10, help_text="workers or employer")
    name = text(50)
    position = text(60)
    chief = serializers.BooleanField(required=False, default=False)


def day(**kwargs: Any) -> DateField:
    """An optional day: absent is None, and the step says what it defaults to."""
    return DateField(required=False, allow_null=True, default=None, **kwargs)


class ContractNameRepresentativesSerializer(serializers.Serializer):
    negotiators = ContractNegotiatorInputSerializer(many=True, max_length=100)  # type: ignore[call-arg]
    named_on = day(help_text="default: today")


class ContractOfferSerializer(serializers.Serializer):
    offered_by = text(10, help_text="workers or employer")
    offer = text()
    offered_on = day(help_text="default: today")


class ContractAnswerSerializer(serializers.Serializer):
    answered_on = day(help_text="default: today")
    note = text(2000)


class ContractRefusalSerializer(serializers.Serializer):
    reason = text(help_text="blank: refused without a reason")
    answered_on = day(help_text="default: today")


class ContractNoInputSerializer(serializers.Serializer):
    pass


class ContractPrepareSerializer(serializers.Serializer):
    preparation = text()
    prepared_on = day(help_text="default: today")


class ContractMeetSerializer(serializers.Serializer):
    minutes = text()
    met_on = day(help_text="default: today")


class ContractAdoptSerializer(serializers.Serializer):
    vote = id_field(
        required=False, allow_null=True, default=None, help_text="a passing vote on this draft"
    )


class ContractReopenSerializer(serializers.Serializer):
    reason = text(help_text="may be blank with a failed vote")
    vote = id_field(
        required=False, allow_null=True, default=None, help_text="a failed vote on this draft"
    )
    on = day(help_text="default: today")


class ContractSignSerializer(serializers.Serializer):
    signed_on = day(help_text="default: today")
    term_start = day()
    term_end = day(help_text="1 to 3 years")
    sealed = serializers.BooleanField(required=False, default=False)


class ContractReportSerializer(serializers.Serializer):
    department = text(100)
    reported_on = day(help_text="default: today")
    received_on = day(help_text="default: the day reported")
    late_reason = text(2000, help_text="required after the 10 days")


class ContractTakeEffectSerializer(serializers.Serializer):
    approved_on = day(help_text="blank: the review ended without objection")


class ContractPublishSerializer(serializers.Serializer):
    published_on = day(help_text="default: today")
    filed_on = day(help_text="default: the day published")


class ContractGuideSerializer(serializers.Serializer):
    content = text()
    guided_on = day(help_text="default: today")


class ContractAbandonSerializer(serializers.Serializer):
    reason = text(200)
    on = day(help_text="default: today")


class ContractRenewSerializer(serializers.Serializer):
    opened_on = day(help_text="default: today")


CONTRACT_STEPS: dict[str, type[serializers.Serializer]] = {
    "name_representatives": ContractNameRepresentativesSerializer,
    "offer": ContractOfferSerializer,
    "answer": ContractAnswerSerializer,
    "refusal": ContractRefusalSerializer,
    "no_answer": ContractNoInputSerializer,
    "prepare": ContractPrepareSerializer,
    "meet": ContractMeetSerializer,
    "adopt": ContractAdoptSerializer,
    "reopen": ContractReopenSerializer,
    "sign": ContractSignSerializer,
    "report": ContractReportSerializer,
    "take_effect": ContractTakeEffectSerializer,
    "publish": ContractPublishSerializer,
    "guide": ContractGuideSerializer,
    "abandon": ContractAbandonSerializer,
    "renew": ContractRenewSerializer,
}


class ContractStepApi(StepApi):
    """Take one of the eight steps (or guide, reopen, abandon, renew) with its input;
    ``renew`` answers the new process (201)."""

    model = selectors.CONTRACT_MODEL
    inputs = CONTRACT_STEPS

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    def arguments(self, data: dict[str, Any]) -> dict[str, Any]:
        if "negotiators" in data:
            body: Any = self.request.data
            refuse_unknown(
                body.get("negotiators"),
                ContractNegotiatorInputSerializer,
                "negotiators",
            )
            data["negotiators"] = [dict(row) for row in data["negotiators"]]
        return dict(data)

    def respond(self, obj: Any) -> Response:
        if str(obj.pk) != str(self.kwargs["pk"]):  # ``renew`` returned the new process
            return contract_response(self.request, self.actor, obj.pk, status.HTTP_201_CREATED)
        return contract_response(self.request, self.actor, obj.pk)

    @extend_schema(
        operation_id="v1_bargaining_contracts_step_create",
        summary="Take a step of a bargaining process",
        parameters=[
            OpenApiParameter(
                "step", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(CONTRACT_STEPS)
            )
        ],
        request=PolymorphicProxySerializer(
            component_name="ContractStepInput",
            serializers=list(CONTRACT_STEPS.values()),
            resource_type_field_name=None,
        ),
        responses={
            200: ContractDetailSerializer,
            201: ContractDetailSerializer,
            **error_responses(400, 401, 403, 404),
        },
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        return super().post(request, pk, step)
