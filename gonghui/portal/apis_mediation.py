"""The member API for labour-dispute mediation (the mini-program): the committees a member
may apply to, apply (the member is the applicant), my cases and a case's progress. Rows
are the member's through ``MemberAPIView`` (the owner rule, ``for_owner``): others' cases
404."""

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.views import error_responses, id_field
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.disputes.apis import money
from gonghui.disputes.choices import CaseStatus, ClaimKind, Outcome, SessionStatus, Tier
from gonghui.disputes.models import MediationCase
from gonghui.disputes.services.cases import case_apply
from gonghui.portal import selectors
from gonghui.portal.apis import MemberAPIView, PortalRefSerializer


class MyCommitteeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    tier = serializers.ChoiceField(choices=Tier.choices)


class MyClaimSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    amount = money()


class MyPaymentSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    amount = money()


class MyAgreementSerializer(serializers.Serializer):
    number = serializers.CharField()
    amount = money()
    is_effective = serializers.BooleanField()
    effective_on = serializers.DateField(allow_null=True)
    payments = MyPaymentSerializer(many=True)
    paid_total = serializers.SerializerMethodField(help_text="payments received")

    @extend_schema_field(money())
    def get_paid_total(self, agreement: Any) -> str:
        return f"{sum((p.amount for p in agreement.payments.all()), Decimal('0')):.2f}"


class MySessionSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    starts_at = serializers.TimeField(allow_null=True, format="%H:%M")
    place = serializers.CharField()


class MyCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    committee = PortalRefSerializer()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    employer_name = serializers.CharField()
    applied_on = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(source="effective_deadline", allow_null=True)
    deadline_uncertain = serializers.BooleanField()
    decline_reason = serializers.CharField()
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)
    claims = MyClaimSerializer(many=True)
    sessions = serializers.SerializerMethodField(help_text="dates of the sessions held")
    next_session = serializers.SerializerMethodField(help_text="the session scheduled next")
    agreement = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DateField()))
    def get_sessions(self, case: MediationCase) -> list[Any]:
        return [
            session.held_on
            for session in case.sessions.all()
            if session.status == SessionStatus.HELD
        ]

    @extend_schema_field(MySessionSerializer(allow_null=True))
    def get_next_session(self, case: MediationCase) -> Any:
        planned = case.next_session
        return MySessionSerializer(planned).data if planned else None

    @extend_schema_field(MyAgreementSerializer(allow_null=True))
    def get_agreement(self, case: MediationCase) -> Any:
        agreement = getattr(case, "agreement", None)
        return MyAgreementSerializer(agreement).data if agreement else None


class MyMediationApi(MemberAPIView):
    model = MediationCase

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return (
            queryset.select_related("committee", "agreement")
            .prefetch_related("claims", "sessions", "agreement__payments")
            .order_by("-applied_on", "-pk")
        )


class MyMediationCommitteeListApi(MyMediationApi):
    """The committees the member may apply to: those of the member's union, station and
    the federation (without a membership: the stations' and the federation's)."""

    pagination_class = None  # a short list, answered whole

    @extend_schema(
        summary="Committees I may apply to",
        responses={200: MyCommitteeSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        committees = selectors.mediation_committees(request.user)
        return Response(MyCommitteeSerializer(committees, many=True).data)


class MyMediationListApi(MyMediationApi):
    """My mediation cases, newest first."""

    @extend_schema(
        summary="List my mediation cases",
        responses={200: MyCaseSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        return self.get_paginated_response(MyCaseSerializer(page, many=True).data)


class MyMediationApplyApi(MyMediationApi):
    """Apply for mediation; the member is the applicant (their worker record when there
    is one: its name and ID number are used)."""

    class InputSerializer(serializers.Serializer):
        committee = id_field(help_text="one of the committees I may apply to")
        name = serializers.CharField(
            max_length=50, required=False, allow_blank=True, help_text="without a worker record"
        )
        id_number = serializers.CharField(
            max_length=24, required=False, allow_blank=True, help_text="without a worker record"
        )
        employer = serializers.CharField(
            max_length=18, required=False, allow_blank=True, help_text="credit code"
        )
        employer_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
        facts = serializers.CharField(max_length=10000, allow_blank=True)
        claims = MyClaimSerializer(many=True, max_length=20)  # type: ignore[call-arg]

    @extend_schema(
        summary="Apply for mediation",
        request=InputSerializer,
        responses={201: MyCaseSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        user: Any = request.user
        committee = selectors.mediation_committees(user).filter(pk=data["committee"]).first()
        if committee is None:
            # a committee the member may not apply to is answered as one that is not there
            raise exceptions.NotFound({"committee": [_("未找到可受理的调解委员会")]})
        person = selectors.person_of(user)
        applicant = {
            "person": person,
            "name": person.name if person else data.get("name", ""),
            "id_number": person.id_number if person else data.get("id_number", ""),
            "phone": user.phone,
        }
        case = case_apply(
            actor=self.actor,
            committee=committee,
            applicants=[applicant],
            facts=data["facts"],
            claims=[dict(claim) for claim in data["claims"]],
            employer=selectors.employer_by_code(data.get("employer", "")),
            employer_name=data.get("employer_name", ""),
            applicant_user=self.actor,
        )
        case = self.get_queryset().get(pk=case.pk)
        return Response(MyCaseSerializer(case).data, status=status.HTTP_201_CREATED)


class MyCaseDetailSerializer(MyCaseSerializer):
    """One of my cases, with the steps taken on it (and what I may do: nothing yet)."""

    actions = ActionsField()
    timeline = TimelineField()


class MyMediationDetailApi(MyMediationApi):
    """One of my cases: status, deadline, session dates, outcome, the agreement's amount
    and the payments received."""

    @extend_schema(
        summary="One of my mediation cases",
        responses={200: MyCaseDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        return Response(MyCaseDetailSerializer(case, context={"request": request}).data)
