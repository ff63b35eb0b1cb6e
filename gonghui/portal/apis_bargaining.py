"""The member API of a workers' congress representative (the mini-program): my proposals,
the sessions open to my proposals now, submitting one to such a session, one proposal
with its answer and the steps the workflow offers me (``actions``), and rating the answer
(the ``rate`` step, the owner's). Rows are the member's through ``MemberAPIView`` (the
owner rule: the proposals of my own seats); a member who holds no seat gets empty lists,
and another representative's proposal answers 404."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.views import error_responses, id_field
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.bargaining.apis.common import text
from gonghui.bargaining.choices import ProposalStatus, Satisfaction
from gonghui.bargaining.selectors import congress as selectors
from gonghui.bargaining.services.proposals import CONTENT_MAX, proposal_submit
from gonghui.core.scoping import NOT_FOUND
from gonghui.core.workflow import take
from gonghui.portal.apis import MemberAPIView


class MyProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    session = serializers.CharField(help_text="the congress session it was submitted to")
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    title = serializers.CharField()
    submitted_on = serializers.DateField()
    answered_on = serializers.DateField(allow_null=True)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, allow_blank=True)


class MyProposalDetailSerializer(MyProposalSerializer):
    content = serializers.CharField()
    department = serializers.CharField(help_text="the department it was assigned to")
    assigned_on = serializers.DateField(allow_null=True)
    answer = serializers.CharField(help_text="the answer, or why it was not registered")
    satisfaction_note = serializers.CharField()
    actions = ActionsField()
    timeline = TimelineField()


class MyCongressSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="*")
    congress = serializers.CharField(source="term.congress.name")
    held_on = serializers.DateField()
    proposals_open_on = serializers.DateField()
    proposals_close_on = serializers.DateField()


def detail_response(request: Request, proposal: Any, code: int = 200) -> Response:
    serializer = MyProposalDetailSerializer(proposal, context={"request": request})
    return Response(serializer.data, status=code)


class MyProposalApi(MemberAPIView):
    model = selectors.PROPOSAL_MODEL

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.own_proposals(self.actor)


class MyProposalListApi(MyProposalApi):
    @extend_schema(
        summary="List my congress proposals",
        responses={200: MyProposalSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        return self.get_paginated_response(MyProposalSerializer(page, many=True).data)


class MyProposalSubmitApi(MyProposalApi):
    """Submit a proposal to a session open to my proposals today (see ``sessions/``);
    another session, or one whose window has closed, answers 404 on ``session``."""

    class InputSerializer(serializers.Serializer):
        session = id_field(help_text="one of the sessions open to my proposals")
        title = text(120)
        content = text(CONTENT_MAX)

    @extend_schema(
        summary="Submit a congress proposal",
        request=InputSerializer,
        responses={201: MyProposalDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        open_now = selectors.open_sessions(self.actor)
        session = next((s for s in open_now if s.pk == data["session"]), None)
        if session is None:
            raise NotFound({"session": [str(NOT_FOUND)]})
        proposal = proposal_submit(
            self.actor, session=session, title=data["title"], content=data["content"]
        )
        return detail_response(
            request, self.get_queryset().get(pk=proposal.pk), status.HTTP_201_CREATED
        )


class MyCongressSessionListApi(MyProposalApi):
    """The sessions whose proposal window is open today, in a term where I hold a seat."""

    pagination_class = None  # a handful: the whole list, as the schema says

    @extend_schema(
        summary="List the sessions open to my proposals",
        responses={200: MyCongressSessionSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.open_sessions(self.actor)
        return Response(MyCongressSessionSerializer(rows, many=True).data)


class MyProposalDetailApi(MyProposalApi):
    @extend_schema(
        summary="One of my congress proposals",
        responses={200: MyProposalDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return detail_response(request, self.get_object())


class MyProposalRateApi(MyProposalApi):
    """Rate the answer to my proposal, once (``satisfaction``: satisfied, basically or
    unsatisfied; ``note``)."""

    class InputSerializer(serializers.Serializer):
        satisfaction = text(20, help_text="satisfied, basically or unsatisfied")
        note = text(500)

    @extend_schema(
        summary="Rate the answer to my congress proposal",
        request=InputSerializer,
        responses={200: MyProposalDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = self.get_object()
        data = self.validated(self.InputSerializer)
        take(self.actor, proposal, "rate", satisfaction=data["satisfaction"], note=data["note"])
        return detail_response(request, self.get_object())
