"""Representatives' proposals over the API, for the union: the list (filters q, status,
session), one proposal with its answer, the steps the user may take now and its history,
entering a proposal for a representative of the term, and the steps after submission
(``proposals/<pk>/<step>/``: assign, decline, answer, record_rating)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import BARGAINING_CONGRESS, BARGAINING_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses, id_field
from gonghui.api.workflow import ActionsField, StepApi, TimelineField
from gonghui.bargaining.apis.common import text
from gonghui.bargaining.choices import ProposalStatus, Satisfaction
from gonghui.bargaining.selectors import congress as selectors
from gonghui.bargaining.services.proposals import CONTENT_MAX, proposal_submit


class BargainingProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    session = serializers.IntegerField(source="session_id")
    session_name = serializers.CharField(source="session")
    representative = serializers.IntegerField(source="representative_id")
    representative_name = serializers.CharField(source="representative.name")
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    title = serializers.CharField()
    submitted_on = serializers.DateField()
    department = serializers.CharField()
    answered_on = serializers.DateField(allow_null=True)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, allow_blank=True)


class BargainingProposalDetailSerializer(BargainingProposalSerializer):
    content = serializers.CharField()
    assigned_on = serializers.DateField(allow_null=True)
    answer = serializers.CharField()
    satisfaction_note = serializers.CharField()
    actions = ActionsField()
    timeline = TimelineField()


def proposal_response(request: Request, actor: Any, pk: Any, code: int = 200) -> Response:
    proposal = selectors.proposal_detail(actor=actor).get(pk=pk)
    serializer = BargainingProposalDetailSerializer(proposal, context={"request": request})
    return Response(serializer.data, status=code)


class ProposalApi(ScopedAPIView):
    model = selectors.PROPOSAL_MODEL
    action = BARGAINING_VIEW

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.proposal_detail(actor=self.actor, action=self.action)


class ProposalListApi(ProposalApi):
    """Proposals to the sessions in scope, newest first."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=50)
        status = serializers.ChoiceField(choices=ProposalStatus.choices, required=False)
        session = id_field(required=False)

    @extend_schema(
        summary="List representatives' proposals",
        parameters=[QuerySerializer],
        responses={
            200: BargainingProposalSerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.validated_query(self.QuerySerializer)
        rows = selectors.proposal_list(actor=self.actor, **filters).order_by("-submitted_on", "-pk")
        return self.get_paginated_response(
            BargainingProposalSerializer(self.paginate(rows), many=True).data
        )


class ProposalEnterApi(ProposalApi):
    """Enter a proposal for a representative of the session's term, dated the day it was
    handed in (today by default), within the session's window."""

    action = BARGAINING_CONGRESS

    class InputSerializer(serializers.Serializer):
        session = id_field()
        representative = id_field(help_text="a representative of the session's term")
        title = text(120)
        content = text(CONTENT_MAX)
        submitted_on = DateField(
            required=False, allow_null=True, help_text="the day it was handed in; default: today"
        )

    @extend_schema(
        summary="Enter a proposal for a representative",
        request=InputSerializer,
        responses={201: BargainingProposalDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        sessions = selectors.session_detail(actor=self.actor, action=self.action)
        session = self.chosen(sessions, field="session", pks=[data["session"]])[0]
        seats = selectors.representatives_of(session.term)
        seat = self.chosen(seats, field="representative", pks=[data["representative"]])[0]
        proposal = proposal_submit(
            self.actor,
            session=session,
            representative=seat,
            title=data["title"],
            content=data["content"],
            submitted_on=data.get("submitted_on"),
        )
        return proposal_response(request, self.actor, proposal.pk, status.HTTP_201_CREATED)


class ProposalDetailApi(ProposalApi):
    @extend_schema(
        summary="One proposal",
        responses={200: BargainingProposalDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        serializer = BargainingProposalDetailSerializer(
            self.get_object(), context={"request": request}
        )
        return Response(serializer.data)


class ProposalAssignSerializer(serializers.Serializer):
    department = text(100)
    assigned_on = DateField(
        required=False, allow_null=True, default=None, help_text="default: today"
    )


class ProposalDeclineSerializer(serializers.Serializer):
    answer = text(CONTENT_MAX, help_text="why it is not registered; the representative reads it")


class ProposalAnswerSerializer(serializers.Serializer):
    answer = text(CONTENT_MAX)
    answered_on = DateField(
        required=False, allow_null=True, default=None, help_text="default: today"
    )


class ProposalRatingSerializer(serializers.Serializer):
    satisfaction = text(20, help_text="satisfied, basically or unsatisfied")
    note = text(500)


PROPOSAL_STEPS: dict[str, type[serializers.Serializer]] = {
    "assign": ProposalAssignSerializer,
    "decline": ProposalDeclineSerializer,
    "answer": ProposalAnswerSerializer,
    "record_rating": ProposalRatingSerializer,
}


class ProposalStepApi(StepApi):
    """Assign, decline, answer, or record the representative's rating given on paper."""

    model = selectors.PROPOSAL_MODEL
    inputs = PROPOSAL_STEPS

    def respond(self, obj: Any) -> Response:
        return proposal_response(self.request, self.actor, obj.pk)

    @extend_schema(
        operation_id="v1_bargaining_proposals_step_create",
        summary="Take a step on a proposal",
        parameters=[
            OpenApiParameter(
                "step", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(PROPOSAL_STEPS)
            )
        ],
        request=PolymorphicProxySerializer(
            component_name="ProposalStepInput",
            serializers=list(PROPOSAL_STEPS.values()),
            resource_type_field_name=None,
        ),
        responses={200: BargainingProposalDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        return super().post(request, pk, step)
