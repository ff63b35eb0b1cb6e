"""The staff membership API: one view per operation. Reads go through the scoped base view
(and ``members.selectors``), writes through ``members.services``.

ID numbers and phones are shown through ``core.disclosure``: masked unless the user may
see personal data of the union concerned; every response that shows some unmasked writes
one audit entry per record shown, in one statement."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import MEMBERS_REVIEW, MEMBERS_VIEW
from gonghui.api.fields import DateField
from gonghui.api.views import ScopedAPIView, error_responses, id_field
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.core import disclosure, search
from gonghui.core.scoping import Actor
from gonghui.members import selectors
from gonghui.members.choices import (
    ApplicationStatus,
    Channel,
    EmploymentKind,
    MembershipSource,
    MembershipStatus,
    Platform,
)
from gonghui.members.filters import ApplicationFilter, MembershipFilter
from gonghui.members.forms_staff import BATCH_LIMIT
from gonghui.members.models import JoinApplication, Membership, Person
from gonghui.members.services.applications import (
    application_approve,
    application_reject,
    application_request_info,
    applications_approve,
)
from gonghui.members.services.memberships import membership_end
from gonghui.members.workflows import ENDING_STATUSES
from gonghui.organizations.apis import OrganizationRefSerializer

PII_FIELDS = ("id_number", "phone")


def _policy(context: Mapping[str, Any], union: Any) -> disclosure.Policy:
    return disclosure.policy_for(context["request"].user, union)


def record_disclosure(
    actor: Actor, objects: Iterable[Any], purpose: str, fields: Iterable[str] = PII_FIELDS
) -> None:
    """Audit, in one statement, the applications or memberships whose personal data a
    response shows unmasked (a membership stands for its person in its union)."""
    shown = [obj for obj in objects if disclosure.can_see(actor, obj.union)]
    if shown:
        disclosure.record(actor=actor, objects=shown, fields=fields, purpose=purpose)


# --- shared output ---------------------------------------------------------------------


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MembershipRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class ApplicationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    name = serializers.CharField()
    id_number = serializers.SerializerMethodField(help_text="masked unless permitted")
    phone = serializers.SerializerMethodField(
        help_text="masked unless permitted; empty on an ended membership"
    )
    employment_kind = serializers.ChoiceField(choices=EmploymentKind.choices)
    platform = serializers.CharField(help_text="a Platform value, or empty")
    employer = RefSerializer(allow_null=True)
    employer_name = serializers.CharField()
    area = OrganizationRefSerializer(allow_null=True)
    union = OrganizationRefSerializer()
    consent_version = serializers.CharField()
    consented_at = serializers.DateTimeField()
    reason = serializers.CharField(help_text="the review's reason, which the applicant sees")
    reviewed_by = serializers.CharField(source="reviewed_by.username", allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)
    membership = MembershipRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_id_number(self, application: JoinApplication) -> str:
        return _policy(self.context, application.union).id_number(application.id_number)

    def get_phone(self, application: JoinApplication) -> str:
        return _policy(self.context, application.union).phone(application.phone)


class ApplicationDetailSerializer(ApplicationOutputSerializer):
    actions = ActionsField()
    timeline = TimelineField()


def application_response(
    request: Request, actor: Actor, application: JoinApplication, purpose: str
) -> Response:
    data = ApplicationDetailSerializer(application, context={"request": request}).data
    record_disclosure(actor, [application], purpose)
    return Response(data)


class MemberPersonSerializer(serializers.Serializer):
    """The person of a membership; ID number and phone masked by the membership's union."""

    id = serializers.IntegerField(source="person.id")
    name = serializers.CharField(source="person.name")
    sex = serializers.CharField(source="person.sex")
    id_number = serializers.SerializerMethodField(help_text="masked unless permitted")
    phone = serializers.SerializerMethodField(
        help_text="masked unless permitted; empty on an ended membership"
    )
    employment_kind = serializers.ChoiceField(
        source="person.employment_kind", choices=EmploymentKind.choices
    )
    platform = serializers.CharField(source="person.platform")

    def get_id_number(self, membership: Membership) -> str:
        return _policy(self.context, membership.union).id_number(membership.person.id_number)

    def get_phone(self, membership: Membership) -> str:
        if not membership.shows_whereabouts:
            return ""
        return _policy(self.context, membership.union).phone(membership.person.phone)


class MembershipOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    source = serializers.ChoiceField(choices=MembershipSource.choices)  # type: ignore[assignment]
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    union = OrganizationRefSerializer()
    transferred_from = serializers.IntegerField(source="transferred_from_id", allow_null=True)
    person = MemberPersonSerializer(source="*")


# --- applications ----------------------------------------------------------------------


class ApplicationApi(ScopedAPIView):
    model = JoinApplication

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("union", "employer", "area", "reviewed_by", "membership")


class ApplicationListApi(ApplicationApi):
    """Join applications to the unions in scope: search (``q``: start of the name,
    application number or ID number), filters, ``ordering`` and pages."""

    action = MEMBERS_VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApplicationFilter

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().refine_queryset(queryset).order_by("-created_at", "pk")

    @extend_schema(
        summary="List join applications",
        responses={
            200: ApplicationOutputSerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.filter_queryset(self.get_queryset()))
        data = ApplicationOutputSerializer(page, many=True, context={"request": request}).data
        record_disclosure(self.actor, page, _("接口：入会申请列表"))
        return self.get_paginated_response(data)


class ApplicationSearchApi(ApplicationListApi):
    """The application list searched by POST: the list's filters in a JSON body (``q`` may
    be an ID number or a phone, which the list refuses in its query string)."""

    http_method_names = ["post", "options"]

    @extend_schema(
        summary="Search join applications (ID number or phone in the body)",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={
            200: ApplicationOutputSerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def post(self, request: Request) -> Response:
        queryset = search.filtered_by_body(request, ApplicationFilter, self.get_queryset())
        page = self.paginate(queryset)
        data = ApplicationOutputSerializer(page, many=True, context={"request": request}).data
        record_disclosure(self.actor, page, _("接口：入会申请检索"))
        return self.get_paginated_response(data)


class ApplicationDetailApi(ApplicationApi):
    """One application; ID number and phone masked unless the user may see them."""

    action = MEMBERS_VIEW

    @extend_schema(
        summary="One join application",
        responses={200: ApplicationDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return application_response(request, self.actor, self.get_object(), _("接口：入会申请详情"))


class ApplicationApproveApi(ApplicationApi):
    """Approve: the membership starts (a transfer when the person is active in another
    union) with a member number; the applicant gets a notice."""

    action = MEMBERS_REVIEW

    class InputSerializer(serializers.Serializer):
        started_on = DateField(required=False, help_text="default: today")

    @extend_schema(
        summary="Approve a join application",
        request=InputSerializer,
        responses={200: ApplicationDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = self.get_object()
        data = self.validated(self.InputSerializer)
        application = application_approve(actor=self.actor, application=application, **data)
        return application_response(request, self.actor, application, _("接口：批准入会"))


class ApplicationRefusalSerializer(serializers.Serializer):
    """An application a batch approval left alone, and why."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    errors = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]


class ApplicationBatchApproveApi(ApplicationApi):
    """Approve many applications; each on its own, so one refusal (already handled, ...)
    does not stop the others. An id outside the user's scope answers 404 and approves
    nothing."""

    action = MEMBERS_REVIEW

    class InputSerializer(serializers.Serializer):
        applications = serializers.ListField(
            child=id_field(), min_length=1, max_length=BATCH_LIMIT, help_text="application ids"
        )
        started_on = DateField(required=False, help_text="default: today")

    class OutputSerializer(serializers.Serializer):
        approved = ApplicationOutputSerializer(many=True)
        refused = ApplicationRefusalSerializer(many=True)

    @extend_schema(
        summary="Approve several join applications",
        operation_id="v1_members_applications_batch_approve",
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        ids = set(data["applications"])
        chosen = list(self.get_queryset().filter(pk__in=ids).order_by("pk"))
        if len(chosen) != len(ids):
            raise NotFound({"applications": [_("未找到部分申请，或不在您的管理范围内")]})
        approved, refused = applications_approve(
            actor=self.actor, applications=chosen, started_on=data.get("started_on")
        )
        by_pk = {application.pk: application for application in chosen}
        refusals = [
            {"id": pk, "number": by_pk[pk].number, "errors": errors}
            for pk, errors in refused.items()
        ]
        context = {"request": request}
        body = {
            "approved": ApplicationOutputSerializer(approved, many=True, context=context).data,
            "refused": ApplicationRefusalSerializer(refusals, many=True).data,
        }
        record_disclosure(self.actor, approved, _("接口：批量批准入会"))
        return Response(body)


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class ApplicationRejectApi(ApplicationApi):
    """Reject with a reason, which the applicant sees in their notice."""

    action = MEMBERS_REVIEW

    class InputSerializer(ReasonInputSerializer):
        pass

    @extend_schema(
        summary="Reject a join application",
        request=InputSerializer,
        responses={200: ApplicationDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = self.get_object()
        data = self.validated(self.InputSerializer)
        application = application_reject(actor=self.actor, application=application, **data)
        return application_response(request, self.actor, application, _("接口：不予批准入会"))


class ApplicationRequestInfoApi(ApplicationApi):
    """Ask the applicant for more information; they answer by resubmitting."""

    action = MEMBERS_REVIEW

    class InputSerializer(ReasonInputSerializer):
        pass

    @extend_schema(
        summary="Ask an applicant for more information",
        request=InputSerializer,
        responses={200: ApplicationDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = self.get_object()
        data = self.validated(self.InputSerializer)
        application = application_request_info(actor=self.actor, application=application, **data)
        return application_response(request, self.actor, application, _("接口：要求补充材料"))


# --- memberships -----------------------------------------------------------------------


class MembershipApi(ScopedAPIView):
    model = Membership

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("person", "union")


class MembershipListApi(MembershipApi):
    """Memberships in the unions in scope: search (``q``: start of the name, member number
    or ID number), filters, ``ordering`` and pages; a page is a constant number of
    queries whatever the size of the union."""

    action = MEMBERS_VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_class = MembershipFilter

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().refine_queryset(queryset).order_by("number", "pk")

    @extend_schema(
        summary="List memberships",
        responses={
            200: MembershipOutputSerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.filter_queryset(self.get_queryset()))
        data = MembershipOutputSerializer(page, many=True, context={"request": request}).data
        record_disclosure(self.actor, page, _("接口：会员名册"))
        return self.get_paginated_response(data)


class MembershipSearchApi(MembershipListApi):
    """The membership list searched by POST: the list's filters in a JSON body (``q`` may
    be an ID number or a phone, which the list refuses in its query string). Pages with
    ``?page=``."""

    http_method_names = ["post", "options"]

    @extend_schema(
        summary="Search memberships (ID number or phone in the body)",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={
            200: MembershipOutputSerializer(many=True),
            **error_responses(400, 401, 403),
        },
    )
    def post(self, request: Request) -> Response:
        queryset = search.filtered_by_body(request, MembershipFilter, self.get_queryset())
        page = self.paginate(queryset)
        data = MembershipOutputSerializer(page, many=True, context={"request": request}).data
        record_disclosure(self.actor, page, _("接口：会员检索"))
        return self.get_paginated_response(data)


class MembershipEndApi(MembershipApi):
    """End an active membership: lapsed, withdrawn or deceased (a transfer is made by the
    new union approving the person's application)."""

    action = MEMBERS_REVIEW

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=ENDING_STATUSES)
        ended_on = DateField()
        reason = serializers.CharField(max_length=200, allow_blank=True, default="")

    @extend_schema(
        summary="End a membership",
        request=InputSerializer,
        responses={200: MembershipOutputSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        membership = self.get_object()
        data = self.validated(self.InputSerializer)
        membership = membership_end(
            actor=self.actor,
            membership=membership,
            status=data["status"],
            on=data["ended_on"],
            reason=data["reason"],
        )
        body = MembershipOutputSerializer(membership, context={"request": request}).data
        record_disclosure(self.actor, [membership], _("接口：办理离会"))
        return Response(body)


# --- people ----------------------------------------------------------------------------


class PersonMembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    union = OrganizationRefSerializer()
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    source = serializers.ChoiceField(choices=MembershipSource.choices)  # type: ignore[assignment]
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    transferred_from = serializers.IntegerField(source="transferred_from_id", allow_null=True)
    actions = ActionsField()
    timeline = TimelineField()


class PersonApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    union = OrganizationRefSerializer()
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    created_at = serializers.DateTimeField()
    reason = serializers.CharField()


class PersonDetailApi(ScopedAPIView):
    """A person with a membership in scope: identity (masked unless the user may see
    personal data in one of the person's unions), every membership (all unions, newest
    first) and their applications to unions in scope. For a former union (``former``):
    its own memberships only, and no phone, employer or current union."""

    action = MEMBERS_VIEW
    model = Person

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="person.id")
        name = serializers.CharField(source="person.name")
        sex = serializers.CharField(source="person.sex")
        birth_date = serializers.DateField(allow_null=True, help_text="null unless permitted")
        age_band = serializers.CharField(help_text="the age band today, e.g. 35-44岁")
        id_number = serializers.CharField(help_text="masked unless permitted")
        phone = serializers.CharField(help_text="masked unless permitted; empty for a former union")
        former = serializers.BooleanField(
            source="detail.former",
            help_text="the user's unions are no longer the person's: only their memberships",
        )
        employment_kind = serializers.ChoiceField(
            source="person.employment_kind", choices=EmploymentKind.choices
        )
        platform = serializers.ChoiceField(
            source="person.platform", choices=Platform.choices, allow_blank=True
        )
        employer = RefSerializer(source="detail.employer", allow_null=True)
        employer_name = serializers.CharField(source="detail.employer_name")
        memberships = PersonMembershipSerializer(many=True)
        applications = PersonApplicationSerializer(many=True)

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("employer").prefetch_related(selectors.membership_history())

    @extend_schema(
        summary="One person with their memberships",
        responses={200: OutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        detail = selectors.detail_of(actor=self.actor, person=self.get_object())
        granting = next(
            (m for m in detail.memberships if disclosure.can_see(self.actor, m.union)), None
        )
        policy = disclosure.Policy(visible=granting is not None)
        person = detail.person
        body = self.OutputSerializer(
            {
                "person": person,
                "detail": detail,
                "birth_date": policy.birth_date(person.birth_date),
                "age_band": disclosure.age_band(person.birth_date),
                "id_number": policy.id_number(person.id_number),
                "phone": policy.phone(detail.phone) if detail.phone else "",
                "memberships": detail.memberships,
                "applications": detail.applications,
            },
            context={"request": request},
        ).data
        if granting is not None:
            record_disclosure(
                self.actor, [granting], _("接口：会员详情"), fields=[*PII_FIELDS, "birth_date"]
            )
        return Response(body)
