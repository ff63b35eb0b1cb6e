"""The member API (the mini-program): sign in with an SMS code for a token, join, follow
and answer applications, read notices.

Endpoints about a member's own rows are ``MemberAPIView``s, the member twin of
``api.views.ScopedAPIView``: the user must be signed in (401) with a member account (403
for staff accounts, who use the staff endpoints), and every query is limited by the
model's owner rule (``for_owner``, declared on its queryset) after any refinement, so a
row that is not the member's answers 404. Overriding ``get_queryset`` is refused when a
subclass is defined. Errors have the API's shape (``api.errors``); a refused code request
answers 429 with ``Retry-After``.
"""

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.accounts.services import token_issue
from gonghui.api.errors import ErrorSerializer, LockedOut
from gonghui.api.views import ApiMixin, TokenSerializer, error_responses, id_field
from gonghui.api.workflow import ActionsField, TimelineField
from gonghui.core import pii
from gonghui.core.models import Notice
from gonghui.core.notices import notice_mark_read
from gonghui.core.scoping import Actor, signed_in
from gonghui.core.workflow import may, takeable
from gonghui.members.choices import (
    CURRENT_CONSENT_VERSION,
    ApplicationStatus,
    Channel,
    EmploymentKind,
    Platform,
)
from gonghui.members.models import JoinApplication, Membership
from gonghui.members.services import signin
from gonghui.members.services.applications import (
    application_resubmit,
    application_submit,
    application_withdraw,
)
from gonghui.portal import selectors

PHONE_MAX_LENGTH = 32


class TooManyCodes(exceptions.Throttled):
    """A code request refused by a rate limit: the message says when to retry, and
    ``Retry-After`` carries the seconds."""

    def __init__(self, message: str, wait: int) -> None:
        exceptions.APIException.__init__(self, message, "throttled")
        self.wait = wait


THROTTLED = OpenApiResponse(
    ErrorSerializer, description="too many codes (code throttled; Retry-After in seconds)"
)
LOCKED = OpenApiResponse(ErrorSerializer, description="too many failed sign-ins (code locked_out)")


class IsMemberAccount(BasePermission):
    """A signed-in member account; anonymous requests get 401, staff accounts 403."""

    message = gettext_lazy("工作人员账户不能使用会员服务，请用手机号登录会员账户")

    def has_permission(self, request: Request, view: Any) -> bool:
        return signin.is_member_account(request.user)


class PublicApi(ApiMixin, APIView):
    """An endpoint anyone may call (signing in, the join form's lists)."""

    authentication_classes: Any = []
    permission_classes = [AllowAny]


class MemberAPIView(ApiMixin, GenericAPIView):
    """The member's own rows of ``model`` (see the module docstring)."""

    permission_classes = [IsMemberAccount]
    filter_backends: Any = []
    model: ClassVar[type[Model]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} overrides get_queryset; override refine_queryset instead"
            )

    def base_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.all()

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def get_queryset(self) -> QuerySet[Any]:
        refined = self.refine_queryset(self.base_queryset())
        return refined.for_owner(self.request.user)  # type: ignore[attr-defined]

    @property
    def actor(self) -> Actor:
        """The signed-in member the request acts for, handed to services (``IsMemberAccount``
        has answered the anonymous 401 before the view runs)."""
        actor = signed_in(self.request.user)
        if actor is None:
            raise exceptions.NotAuthenticated
        return actor


# --- signing in ------------------------------------------------------------------------


class MemberCodeRequestApi(PublicApi):
    """Send a sign-in code by SMS to a mobile phone.

    Rate limits: one code per phone per minute, ten per phone per day, twenty per client
    address per hour. A code is valid for five minutes and for five tries."""

    class InputSerializer(serializers.Serializer):
        phone = serializers.CharField(max_length=PHONE_MAX_LENGTH)

    class OutputSerializer(serializers.Serializer):
        phone = serializers.CharField(help_text="masked")
        expires_in = serializers.IntegerField(help_text="seconds")
        resend_after = serializers.IntegerField(help_text="seconds")

    @extend_schema(
        summary="Send a sign-in code",
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400), 429: THROTTLED},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        try:
            sent = signin.code_request(
                phone=data["phone"], address=signin.client_address(request._request)
            )
        except signin.TooManyRequests as exc:
            raise TooManyCodes(exc.message, exc.retry_after) from exc
        output = {
            "phone": pii.mask_phone(sent.phone),
            "expires_in": sent.expires_in,
            "resend_after": sent.resend_after,
        }
        return Response(self.OutputSerializer(output).data)


class MemberCodeTokenApi(PublicApi):
    """Exchange a phone and the code sent to it for an API token. The member's account
    is created on the first sign-in. Wrong codes count as failed sign-ins (django-axes)."""

    class InputSerializer(serializers.Serializer):
        phone = serializers.CharField(max_length=PHONE_MAX_LENGTH)
        code = serializers.CharField(max_length=12)

    OutputSerializer = TokenSerializer

    @extend_schema(
        summary="Sign in with a code",
        description=(
            "Every sign-in issues a new token. Send it as ``Authorization: Token <key>`` or "
            "``Bearer <key>``; a member's token expires after ``API_TOKEN_TTL_MEMBER`` (30 "
            "days) and is revoked by ``/api/v1/auth/sign-out/`` or ``sign-out-everywhere/``."
        ),
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400), 403: LOCKED},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        django_request = request._request
        try:
            user = signin.code_sign_in(request=django_request, **data)
        except signin.SignInLocked as exc:
            raise LockedOut(exc.message) from exc
        issued = token_issue(user=user, channel="api-sms")
        return Response(self.OutputSerializer(issued).data)


# --- the join form's lists -------------------------------------------------------------


class JoinEmployerSearchApi(PublicApi):
    """Employers (legal entities covered by an active union) by name or credit code."""

    class QuerySerializer(serializers.Serializer):
        q = serializers.CharField(
            max_length=100, help_text="part of the name, or the start of the credit code"
        )

    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        credit_code = serializers.CharField()

    @extend_schema(
        summary="Search employers",
        parameters=[QuerySerializer],
        responses={200: OutputSerializer(many=True), **error_responses(400)},
        auth=[],
    )
    def get(self, request: Request) -> Response:
        query = self.validated_query(self.QuerySerializer)
        found = selectors.employer_search(query["q"])
        return Response(self.OutputSerializer(found, many=True).data)


class JoinAreaListApi(PublicApi):
    """The areas (service stations) a worker without a registered employer chooses."""

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()

    @extend_schema(summary="List areas", responses={200: OutputSerializer(many=True)}, auth=[])
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.areas(), many=True).data)


# --- me --------------------------------------------------------------------------------


class PortalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MyMembershipCardSerializer(serializers.Serializer):
    union = PortalRefSerializer()
    number = serializers.CharField()
    started_on = serializers.DateField()


class MeApi(MemberAPIView):
    """The signed-in member: phone, name, current membership and unread notices."""

    model = Membership

    class OutputSerializer(serializers.Serializer):
        phone = serializers.CharField()
        name = serializers.CharField()
        membership = MyMembershipCardSerializer(allow_null=True)
        unread_notices = serializers.IntegerField()

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.active().select_related("union")  # type: ignore[attr-defined]

    @extend_schema(summary="Me", responses={200: OutputSerializer, **error_responses(401, 403)})
    def get(self, request: Request) -> Response:
        user: Any = request.user
        person = selectors.person_of(user)
        output = {
            "phone": pii.display_phone(user.phone),
            "name": person.name if person else user.display_name,
            "membership": self.get_queryset().first(),
            "unread_notices": selectors.unread_count(user),
        }
        return Response(self.OutputSerializer(output).data)


# --- applications ----------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class MaskedIdNumberField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: str) -> str:
        return pii.mask_id_number(value)


@extend_schema_field(OpenApiTypes.STR)
class MaskedPhoneField(MaskedIdNumberField):
    def to_representation(self, value: str) -> str:
        return pii.mask_phone(value)


class MyApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    union = PortalRefSerializer()
    name = serializers.CharField()
    id_number = MaskedIdNumberField()
    phone = MaskedPhoneField()
    employment_kind = serializers.ChoiceField(choices=EmploymentKind.choices)
    platform = serializers.CharField()
    employer_name = serializers.CharField()
    area = PortalRefSerializer(allow_null=True)
    reason = serializers.CharField(help_text="the reviewer's reason (rejected, needs_info)")
    membership_number = serializers.CharField(
        source="membership.number", allow_null=True, default=None
    )
    created_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    can_withdraw = serializers.SerializerMethodField()
    can_resubmit = serializers.SerializerMethodField()

    def _may(self, application: JoinApplication, step: str) -> bool:
        # a list passes the steps of its page, found in one query per step (``takeable``)
        if "steps" in self.context:
            return application.pk in self.context["steps"][step]
        return may(self.context["request"].user, application, step)

    def get_can_withdraw(self, application: JoinApplication) -> bool:
        return self._may(application, "withdraw")

    def get_can_resubmit(self, application: JoinApplication) -> bool:
        return self._may(application, "resubmit")


class MyApplicationDetailSerializer(MyApplicationSerializer):
    actions = ActionsField()
    timeline = TimelineField()


def application_response(
    request: Request, application: JoinApplication, code: int = 200
) -> Response:
    data = MyApplicationDetailSerializer(application, context={"request": request}).data
    return Response(data, status=code)


class MyApplicationApi(MemberAPIView):
    model = JoinApplication

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("union", "area", "membership").order_by("-created_at", "-pk")

    def claimed(self) -> JoinApplication:
        """The application, claimed for the member first when it was left for the phone."""
        application: JoinApplication = self.get_object()
        if application.applicant_id is None:
            signin.member_claim_records(user=self.request.user)  # type: ignore[arg-type]
            application.refresh_from_db()
        return application


class MyApplicationListApi(MyApplicationApi):
    """My applications, newest first."""

    @extend_schema(
        summary="List my applications",
        responses={200: MyApplicationSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        rows = list(page or [])
        steps = {name: takeable(request.user, rows, name) for name in ("withdraw", "resubmit")}
        context = {"request": request, "steps": steps}
        return self.get_paginated_response(
            MyApplicationSerializer(rows, many=True, context=context).data
        )


class MyApplicationSubmitApi(MyApplicationApi):
    """Apply to join. The application goes to the employer's union (``employer`` is its
    credit code), else to the joint union of the ``area`` (a service station id)."""

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=50, allow_blank=True)
        id_number = serializers.CharField(max_length=24, allow_blank=True)
        phone = serializers.CharField(
            max_length=PHONE_MAX_LENGTH,
            required=False,
            allow_blank=True,
            help_text="default: the phone the member signed in with",
        )
        employment_kind = serializers.ChoiceField(choices=EmploymentKind.choices)
        platform = serializers.ChoiceField(
            choices=Platform.choices, required=False, allow_blank=True
        )
        employer = serializers.CharField(
            max_length=18, required=False, allow_blank=True, help_text="credit code"
        )
        employer_name = serializers.CharField(
            max_length=120,
            required=False,
            allow_blank=True,
            help_text="an employer not found by the employer search",
        )
        area = id_field(required=False, allow_null=True, help_text="id of a service station")
        consent = serializers.BooleanField()
        consent_version = serializers.CharField(
            max_length=10, required=False, default=CURRENT_CONSENT_VERSION
        )

    @extend_schema(
        summary="Apply to join",
        request=InputSerializer,
        responses={201: MyApplicationDetailSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = dict(self.validated(self.InputSerializer))
        user: Any = request.user
        area = None
        if data.get("area"):
            area = selectors.areas().filter(pk=data["area"]).first()
            if area is None:
                raise exceptions.ValidationError({"area": [_("请选择有效的区域")]})
        application = application_submit(
            actor=self.actor,
            channel=Channel.MINI_PROGRAM,
            name=data["name"],
            id_number=data["id_number"],
            phone=data.get("phone") or pii.display_phone(user.phone),
            employment_kind=data["employment_kind"],
            platform=data.get("platform", ""),
            employer=selectors.employer_by_code(data.get("employer", "")),
            employer_name=data.get("employer_name", ""),
            area=area,
            consent=data["consent"],
            consent_version=data["consent_version"],
        )
        return application_response(request, application, status.HTTP_201_CREATED)


class MyApplicationDetailApi(MyApplicationApi):
    """One of my applications: its status and the reviewer's reason."""

    @extend_schema(
        summary="One of my applications",
        responses={200: MyApplicationDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return application_response(request, self.get_object())


class MyApplicationResubmitApi(MyApplicationApi):
    """Answer a request for more information; only the fields sent are changed."""

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=50, required=False)
        phone = serializers.CharField(max_length=PHONE_MAX_LENGTH, required=False)
        employer_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
        note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(
        summary="Resubmit an application",
        request=InputSerializer,
        responses={200: MyApplicationDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = self.claimed()
        data = self.validated(self.InputSerializer)
        application = application_resubmit(actor=self.actor, application=application, **data)
        return application_response(request, application)


class MyApplicationWithdrawApi(MyApplicationApi):
    """Withdraw an application that is still open."""

    @extend_schema(
        summary="Withdraw an application",
        request=None,
        responses={200: MyApplicationDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        application = application_withdraw(actor=self.actor, application=self.claimed())
        return application_response(request, application)


# --- notices ---------------------------------------------------------------------------


class MyNoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    url = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class MyNoticeApi(MemberAPIView):
    model = Notice


class MyNoticeListApi(MyNoticeApi):
    """My notices, newest first (``read_at`` is null while unread)."""

    @extend_schema(
        summary="List my notices",
        responses={200: MyNoticeSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.get_queryset())
        return self.get_paginated_response(MyNoticeSerializer(page, many=True).data)


class MyNoticeReadApi(MyNoticeApi):
    """Mark one of my notices read."""

    @extend_schema(
        summary="Mark a notice read",
        request=None,
        responses={200: MyNoticeSerializer, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        notice: Notice = self.get_object()
        user: Any = request.user
        if notice.user_id is None:
            signin.member_claim_records(user=user)
            notice.refresh_from_db()
        notice = notice_mark_read(user=user, notice=notice)
        return Response(MyNoticeSerializer(notice).data)
