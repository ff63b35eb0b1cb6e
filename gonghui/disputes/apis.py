"""The staff disputes API: consultations, committees and mediation cases, one view per
operation. Reads go through the scoped base view (a mediator sees the cases of the
committees they sit on), writes through ``disputes.services``.

Applicants' ID numbers and phones are shown through ``core.disclosure``: masked unless the
user may see personal data of the committee's node; a response that shows them unmasked
writes one audit entry per case shown."""

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import DISPUTES_CONSULT, DISPUTES_MEDIATE, DISPUTES_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, count_field, error_responses, id_field
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.core import disclosure
from gonghui.core.scoping import Actor
from gonghui.disputes.choices import (
    CaseStatus,
    Channel,
    ClaimKind,
    ConsultationOutcome,
    Outcome,
    Satisfaction,
    SessionStatus,
    Tier,
    Topic,
)
from gonghui.disputes.filters import CaseFilter, ConsultationFilter
from gonghui.disputes.models import (
    Agreement,
    Consultation,
    MediationCase,
    MediationCommittee,
    Session,
)
from gonghui.disputes.selectors import planned_sessions
from gonghui.disputes.services.agreements import agreement_record, agreement_sign, payment_record
from gonghui.disputes.services.cases import (
    case_accept,
    case_apply,
    case_close,
    case_decline,
    case_extend,
    case_hand_to_arbitration,
    case_transfer_up,
    session_call_off,
    session_log,
    session_schedule,
)
from gonghui.disputes.services.consultations import consultation_log
from gonghui.organizations.apis import OrganizationRefSerializer
from gonghui.organizations.models import LegalEntity, Organization

PII_FIELDS = ("id_number", "phone")


def money(**kwargs: Any) -> serializers.DecimalField:
    """An amount in yuan with two places."""
    return serializers.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class EmployerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- consultations -----------------------------------------------------------------------


class ConsultationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = OrganizationRefSerializer()
    channel = serializers.ChoiceField(choices=Channel.choices)
    held_on = serializers.DateField()
    people = serializers.IntegerField()
    worker_name = serializers.CharField()
    employer_name = serializers.CharField()
    topic = serializers.ChoiceField(choices=Topic.choices)
    question = serializers.CharField()
    answer = serializers.CharField()
    outcome = serializers.ChoiceField(choices=ConsultationOutcome.choices)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    mediation_case = serializers.IntegerField(source="mediation_case_id", allow_null=True)
    created_at = serializers.DateTimeField()


class ConsultationApi(ScopedAPIView):
    model = Consultation

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization").order_by("-held_on", "-pk")


class ConsultationListApi(ConsultationApi):
    """Consultations logged by the nodes in scope, newest first (each counts ``people``
    person-times)."""

    action = DISPUTES_VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_class = ConsultationFilter

    @extend_schema(
        summary="List consultations",
        responses={
            200: ConsultationOutputSerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(ConsultationOutputSerializer(page, many=True).data)


class ConsultationCreateApi(ConsultationApi):
    """Log a consultation at a node in scope (the worker's phone is stored, not shown)."""

    action = DISPUTES_CONSULT

    class InputSerializer(serializers.Serializer):
        organization = id_field(help_text="the node that gave the answer")
        channel = serializers.ChoiceField(choices=Channel.choices)
        topic = serializers.ChoiceField(choices=Topic.choices)
        held_on = DateField(required=False, help_text="default: today")
        people = count_field(required=False, default=1)
        worker_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
        phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
        employer_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
        question = serializers.CharField(max_length=5000, required=False, allow_blank=True)
        answer = serializers.CharField(max_length=5000, required=False, allow_blank=True)
        outcome = serializers.ChoiceField(choices=ConsultationOutcome.choices, required=False)
        satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, required=False)

    @extend_schema(
        summary="Log a consultation",
        request=InputSerializer,
        responses={201: ConsultationOutputSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = dict(self.validated(self.InputSerializer))
        organization = self.scoped_get(
            Organization.objects.all(), field="organization", pk=data.pop("organization")
        )
        consultation = consultation_log(actor=self.actor, organization=organization, **data)
        return Response(
            ConsultationOutputSerializer(consultation).data, status=status.HTTP_201_CREATED
        )


# --- committees --------------------------------------------------------------------------


class CommitteeListApi(ScopedAPIView):
    """Active mediation committees at the nodes in scope, with their mediators."""

    action = DISPUTES_VIEW
    model = MediationCommittee

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        tier = serializers.ChoiceField(choices=Tier.choices)
        organization = OrganizationRefSerializer()
        mediators = serializers.SerializerMethodField()

        def get_mediators(self, committee: MediationCommittee) -> list[str]:
            return [str(seat.user) for seat in committee.members.all() if seat.active]

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return (
            queryset.filter(active=True)
            .select_related("organization")
            .prefetch_related("members__user")
            .order_by("organization__path", "pk")
        )

    @extend_schema(
        summary="List mediation committees",
        responses={200: OutputSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


# --- cases: output -----------------------------------------------------------------------


class CommitteeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    tier = serializers.ChoiceField(choices=Tier.choices)


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    committee = CommitteeRefSerializer()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    applied_on = serializers.DateField()
    oral = serializers.BooleanField()
    employer_name = serializers.CharField()
    applicant_count = serializers.SerializerMethodField()
    claimed_total = serializers.SerializerMethodField()
    accepted_on = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    extended_to = serializers.DateField(allow_null=True)
    deadline_uncertain = serializers.BooleanField(
        help_text="the deadline lies in a year whose holidays are not known yet"
    )
    overdue = serializers.SerializerMethodField()
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    closed_on = serializers.DateField(allow_null=True)

    def get_applicant_count(self, case: MediationCase) -> int:
        return len(case.applicants.all())

    @extend_schema_field(money())
    def get_claimed_total(self, case: MediationCase) -> str:
        return f"{sum((c.amount for c in case.claims.all()), Decimal('0')):.2f}"

    def get_overdue(self, case: MediationCase) -> bool:
        return case.is_overdue


class ApplicantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    name = serializers.CharField()
    id_number = serializers.SerializerMethodField(help_text="masked unless permitted")
    phone = serializers.SerializerMethodField(help_text="masked unless permitted")

    def _policy(self) -> disclosure.Policy:
        return self.context["policy"]  # type: ignore[no-any-return]

    def get_id_number(self, applicant: Any) -> str:
        return self._policy().id_number(applicant.id_number)

    def get_phone(self, applicant: Any) -> str:
        return self._policy().phone(applicant.phone)


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    amount = money()
    note = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SessionStatus.choices)
    held_on = serializers.DateField(help_text="the day (scheduled, held or called off)")
    starts_at = serializers.TimeField(allow_null=True, format="%H:%M")
    place = serializers.CharField()
    mediator = serializers.CharField(allow_null=True)
    summary = serializers.CharField()
    cancel_reason = serializers.CharField()


class InstalmentSerializer(serializers.Serializer):
    due_on = DateField()
    amount = money()


class PaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    paid_on = serializers.DateField()
    amount = money()
    note = serializers.CharField()


class AgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    terms = serializers.CharField()
    amount = money()
    excess_note = serializers.CharField()
    parties_signed_on = serializers.DateField(allow_null=True)
    mediator_signed_on = serializers.DateField(allow_null=True)
    sealed_on = serializers.DateField(allow_null=True)
    is_effective = serializers.BooleanField()
    effective_on = serializers.DateField(allow_null=True)
    instalments = InstalmentSerializer(many=True)
    payments = PaymentSerializer(many=True)
    paid_total = serializers.SerializerMethodField(help_text="amount fulfilled (履行金额)")

    @extend_schema_field(money())
    def get_paid_total(self, agreement: Agreement) -> str:
        return f"{sum((p.amount for p in agreement.payments.all()), Decimal('0')):.2f}"


class CaseDetailSerializer(CaseSummarySerializer):
    employer = EmployerRefSerializer(allow_null=True)
    employer_agent = serializers.CharField()
    facts = serializers.CharField()
    decline_reason = serializers.CharField()
    extension_note = serializers.CharField()
    next_session = SessionSerializer(allow_null=True, help_text="the earliest scheduled session")
    closing_note = serializers.CharField()
    arbitration_handed_on = serializers.DateField(allow_null=True)
    transferred_to = serializers.IntegerField(source="transferred_to_id", allow_null=True)
    mediators = serializers.SerializerMethodField()
    applicants = ApplicantSerializer(many=True)
    claims = ClaimSerializer(many=True)
    sessions = SessionSerializer(many=True)
    agreement = serializers.SerializerMethodField()
    actions = ActionsField()
    timeline = TimelineField()

    def get_mediators(self, case: MediationCase) -> list[str]:
        return [str(user) for user in case.mediators.all()]

    @extend_schema_field(AgreementSerializer(allow_null=True))
    def get_agreement(self, case: MediationCase) -> Any:
        agreement = getattr(case, "agreement", None)
        return AgreementSerializer(agreement).data if agreement else None


def _detailed(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.select_related(
        "committee", "employer", "agreement", "transferred_to"
    ).prefetch_related(
        "applicants",
        "claims",
        "mediators",
        Prefetch("sessions", queryset=Session.objects.select_related("mediator")),
        "agreement__instalments",
        "agreement__payments",
    )


def case_response(
    request: Request,
    actor: Actor,
    case: MediationCase,
    purpose: str,
    code: int = status.HTTP_200_OK,
) -> Response:
    """The case in full, read again with what it shows; unmasked personal data audited."""
    case = _detailed(MediationCase.objects.all()).get(pk=case.pk)
    policy = disclosure.policy_for(actor, case.committee.organization)
    body = CaseDetailSerializer(case, context={"policy": policy, "request": request}).data
    if policy.visible and case.applicants.all():
        disclosure.record(actor=actor, objects=[case], fields=PII_FIELDS, purpose=purpose)
    return Response(body, status=code)


# --- cases: reading and applying ---------------------------------------------------------


class CaseApi(ScopedAPIView):
    model = MediationCase
    action = DISPUTES_MEDIATE

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("committee")


class CaseListApi(CaseApi):
    """Cases before the committees in scope (a mediator: the committees they sit on),
    newest first; ``overdue`` selects cases still being mediated past their deadline."""

    action = DISPUTES_VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return (
            super()
            .refine_queryset(queryset)
            .prefetch_related("applicants", "claims")
            .order_by("-applied_on", "-pk")
        )

    @extend_schema(
        summary="List mediation cases",
        responses={200: CaseSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CaseSummarySerializer(page, many=True).data)


class CaseDetailApi(CaseApi):
    """One case: applicants (ID number and phone masked unless permitted), claims,
    sessions, the agreement and its payments."""

    action = DISPUTES_VIEW

    @extend_schema(
        summary="One mediation case",
        responses={200: CaseDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return case_response(request, self.actor, self.get_object(), _("接口：调解案件详情"))


class ApplicantInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, allow_blank=True)
    id_number = serializers.CharField(max_length=24, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class ClaimInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    amount = money()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CaseCreateApi(CaseApi):
    """Record an application (written, or oral and taken down on the spot) before a
    committee in scope: one or many applicants, the employer, the claims, the facts."""

    class InputSerializer(serializers.Serializer):
        committee = id_field()
        applicants = ApplicantInputSerializer(many=True, max_length=500)  # type: ignore[call-arg]
        claims = ClaimInputSerializer(many=True, max_length=50, required=False)  # type: ignore[call-arg]
        facts = serializers.CharField(max_length=10000, allow_blank=True)
        employer = id_field(required=False, allow_null=True, help_text="a legal entity in scope")
        employer_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
        employer_agent = serializers.CharField(max_length=50, required=False, allow_blank=True)
        applied_on = DateField(required=False, help_text="default: today")
        oral = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        summary="Apply for mediation",
        request=InputSerializer,
        responses={201: CaseDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = dict(self.validated(self.InputSerializer))
        committee = self.scoped_get(
            MediationCommittee.objects.all(), field="committee", pk=data.pop("committee")
        )
        if data.get("employer"):
            data["employer"] = self.scoped_get(
                LegalEntity.objects.all(), field="employer", pk=data["employer"]
            )
        case = case_apply(
            actor=self.actor,
            committee=committee,
            applicants=[dict(a) for a in data.pop("applicants")],
            claims=[dict(c) for c in data.pop("claims", [])],
            **data,
        )
        return case_response(
            request, self.actor, case, _("接口：登记调解申请"), status.HTTP_201_CREATED
        )


# --- cases: transitions ------------------------------------------------------------------


def _operation(summary: str, request: Any = None, code: int = 200) -> Any:
    return extend_schema(
        summary=summary,
        request=request,
        responses={code: CaseDetailSerializer, **error_responses(400, 401, 403, 404)},
    )


class CaseAcceptApi(CaseApi):
    """Accept: the 15-day mediation period runs from the day of acceptance (rolled to the
    next working day)."""

    class InputSerializer(serializers.Serializer):
        accepted_on = DateField(required=False, help_text="default: today")
        mediators = serializers.ListField(
            child=id_field(), required=False, max_length=20, help_text="user ids seated"
        )

    @_operation("Accept a case", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        mediators = self.chosen(_seated(case), field="mediators", pks=data.get("mediators", []))
        case = case_accept(
            actor=self.actor, case=case, on=data.get("accepted_on"), mediators=mediators
        )
        return case_response(request, self.actor, case, _("接口：受理调解"))


class CaseDeclineApi(CaseApi):
    """Decline with a reason, which the applicant is told."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=1000, allow_blank=True)
        declined_on = DateField(required=False, help_text="default: today")

    @_operation("Decline a case", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        case = case_decline(
            actor=self.actor, case=case, reason=data["reason"], on=data.get("declined_on")
        )
        return case_response(request, self.actor, case, _("接口：不予受理"))


class CaseExtendApi(CaseApi):
    """Extend the mediation period, only by agreement of both parties (recorded)."""

    class InputSerializer(serializers.Serializer):
        until = DateField()
        note = serializers.CharField(max_length=1000, allow_blank=True)

    @_operation("Extend the mediation period", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        case = case_extend(actor=self.actor, case=case, **data)
        return case_response(request, self.actor, case, _("接口：延长调解期限"))


def _seated(case: MediationCase) -> QuerySet[Any]:
    return get_user_model().objects.filter(
        committee_seats__committee=case.committee, committee_seats__active=True
    )


class CaseScheduleApi(CaseApi):
    """Schedule a session ahead: day, time, place and the mediator (a user id seated on the
    case's committee); the applicants are told."""

    class InputSerializer(serializers.Serializer):
        on = DateField()
        starts_at = serializers.TimeField(help_text="HH:MM")
        place = serializers.CharField(max_length=100, allow_blank=True)
        mediator = id_field(help_text="user id seated on the case's committee")

    @_operation("Schedule a session", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        (mediator,) = self.chosen(_seated(case), field="mediator", pks=[data.pop("mediator")])
        session_schedule(actor=self.actor, case=case, mediator=mediator, **data)
        return case_response(request, self.actor, case, _("接口：安排调解"))


def _planned_session(view: "CaseApi", case: MediationCase, pk: Any) -> Any:
    return view.chosen(planned_sessions(case), field="session", pks=[pk])[0]


class CaseSessionCreateApi(CaseApi):
    """Log a mediation session (not before acceptance, not after today): the scheduled
    session it fulfils (``session``), or one held unplanned."""

    class InputSerializer(serializers.Serializer):
        held_on = DateField()
        summary = serializers.CharField(max_length=10000, allow_blank=True)
        session = id_field(required=False, help_text="id of the scheduled session held")

    @_operation("Log a mediation session", InputSerializer, 201)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        if data.get("session") is not None:
            data["session"] = _planned_session(self, case, data["session"])
        session_log(actor=self.actor, case=case, **data)
        return case_response(
            request, self.actor, case, _("接口：调解记录"), status.HTTP_201_CREATED
        )


class CaseSessionCancelApi(CaseApi):
    """Call off a scheduled session with a reason the applicants are told."""

    class InputSerializer(serializers.Serializer):
        session = id_field(help_text="id of the scheduled session")
        reason = serializers.CharField(max_length=200, allow_blank=True)

    @_operation("Call off a scheduled session", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        row = _planned_session(self, case, data["session"])
        session_call_off(actor=self.actor, case=case, session=row, reason=data["reason"])
        return case_response(request, self.actor, case, _("接口：取消调解安排"))


class CaseAgreementCreateApi(CaseApi):
    """Write the agreement (调解协议书); an amount above the claims needs ``excess_note``;
    instalments, when given, add up to the amount."""

    class InputSerializer(serializers.Serializer):
        terms = serializers.CharField(max_length=10000, allow_blank=True)
        amount = money()
        excess_note = serializers.CharField(max_length=1000, required=False, allow_blank=True)
        instalments = InstalmentSerializer(many=True, required=False, max_length=60)  # type: ignore[call-arg]

    @_operation("Record the mediation agreement", InputSerializer, 201)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = dict(self.validated(self.InputSerializer))
        data["instalments"] = [dict(row) for row in data.get("instalments", [])]
        agreement_record(actor=self.actor, case=case, **data)
        return case_response(
            request, self.actor, case, _("接口：调解协议书"), status.HTTP_201_CREATED
        )


class CaseAgreementSignApi(CaseApi):
    """Record the parties' and the mediator's signatures and the committee's seal; the
    agreement takes effect with the last of them."""

    class InputSerializer(serializers.Serializer):
        parties_signed_on = DateField(required=False)
        mediator_signed_on = DateField(required=False)
        sealed_on = DateField(required=False)

    @_operation("Sign and seal the agreement", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        agreement_sign(actor=self.actor, case=case, **data)
        return case_response(request, self.actor, case, _("接口：协议书签章"))


class CasePaymentCreateApi(CaseApi):
    """Record a payment under the agreement in effect (fulfilment); the total paid never
    exceeds the agreed amount."""

    class InputSerializer(serializers.Serializer):
        paid_on = DateField()
        amount = money()
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @_operation("Record a payment", InputSerializer, 201)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        payment_record(actor=self.actor, case=case, **data)
        return case_response(
            request, self.actor, case, _("接口：登记履行"), status.HTTP_201_CREATED
        )


class CaseCloseApi(CaseApi):
    """Close with an outcome: an agreement in effect, a failure (the parties may apply
    for arbitration) or a withdrawal."""

    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
        closed_on = DateField(required=False, help_text="default: today")
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @_operation("Close a case", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        case = case_close(
            actor=self.actor,
            case=case,
            outcome=data["outcome"],
            on=data.get("closed_on"),
            note=data.get("note", ""),
        )
        return case_response(request, self.actor, case, _("接口：结案"))


class CaseArbitrationApi(CaseApi):
    """Hand the file of a failed case to the arbitration court."""

    class InputSerializer(serializers.Serializer):
        handed_on = DateField(required=False, help_text="default: today")

    @_operation("Hand a case to arbitration", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        case = case_hand_to_arbitration(actor=self.actor, case=case, on=data.get("handed_on"))
        return case_response(request, self.actor, case, _("接口：移送仲裁"))


class CaseTransferUpApi(CaseApi):
    """Transfer a case to the committee one tier up; the answer is this case, closed as
    transferred, with ``transferred_to`` naming the new case."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=1000, allow_blank=True)
        transferred_on = DateField(required=False, help_text="default: today")

    @_operation("Transfer a case up a tier", InputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.validated(self.InputSerializer)
        case_transfer_up(
            actor=self.actor, case=case, reason=data["reason"], on=data.get("transferred_on")
        )
        return case_response(request, self.actor, case, _("接口：移交上级调解委员会"))
