"""Base API views, the method router and the token endpoint.

Every endpoint that reads or writes records is a ``ScopedAPIView``, the API twin of
``core.views.ScopedMixin``: the user must hold ``action`` somewhere (else 403, or 401 when
anonymous), and every query is limited by ``for_actor(user, action)`` after any
refinement, so a record out of scope answers 404. One view per operation (HackSoft
styleguide), with ``InputSerializer`` / ``OutputSerializer`` nested in it; ``route`` mounts
several operations on one path (``GET`` list and ``POST`` create on ``unions/``).
"""

from collections.abc import Callable
from typing import Any, ClassVar

import django_filters
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.accounts import services as account_services
from gonghui.api.authentication import TokenOrBearerAuthentication
from gonghui.api.errors import ErrorSerializer, LockedOut
from gonghui.api.permissions import HoldsAction
from gonghui.core.scoping import NOT_FOUND, NotAmongChoices, ScopedQueryMixin, pick

# Token first: an anonymous request is then answered 401 with a ``WWW-Authenticate``
# challenge (with the session first, DRF would answer 403).
API_AUTHENTICATION = [TokenOrBearerAuthentication, SessionAuthentication]

# The largest id a bigint column holds; a larger one in a body is refused with 400.
MAX_ID = 2**63 - 1
MAX_COUNT = 2**31 - 1

_ERROR_DESCRIPTIONS = {
    400: "invalid input; ``fields`` names each offending field",
    401: "not signed in",
    403: "the user does not hold the action",
    404: "not found, or outside the user's part of the tree (or a page past the last)",
    413: "the body is larger than the limit",
    415: "the body's media type is not accepted",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the error answers of an operation."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code])
        for code in codes
    }


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """An id in a request body: a positive integer that fits the database."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def count_field(**kwargs: Any) -> serializers.IntegerField:
    """A count of people: any integer the database holds (services refuse negatives)."""
    return serializers.IntegerField(min_value=-MAX_COUNT, max_value=MAX_COUNT, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An id in the query string (``?station=12``): a positive integer that fits."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def implied_errors(operation: dict[str, Any], *, signed_in: bool) -> list[int]:
    """The error answers the shared mechanism gives an operation whatever its view says:
    a body can be malformed, too large or of another media type (parsers); a query can
    be invalid (filters, paging); a path id or a page can be unknown; a signed-in-only
    operation refuses the anonymous (401) and the user without the action (403)."""
    codes = set()
    if "requestBody" in operation:
        codes |= {400, 413, 415}
    parameters = operation.get("parameters", [])
    if any(parameter["in"] == "query" for parameter in parameters):
        codes.add(400)
    if any(parameter["in"] == "path" or parameter["name"] == "page" for parameter in parameters):
        codes.add(404)
    if signed_in:
        codes |= {401, 403}
    return sorted(codes)


class ApiSchema(AutoSchema):
    """Operations are tagged by app (``organizations``, ``core``), or ``auth``; each
    documents the errors the mechanism implies (``implied_errors``) besides its own."""

    def get_tags(self) -> list[str]:
        app = self.view.__module__.split(".")[1]
        return ["auth" if app == "api" else app]

    def get_operation(
        self, path: Any, path_regex: Any, path_prefix: Any, method: str, registry: Any
    ) -> Any:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        signed_in = not all(p is AllowAny for p in self.view.permission_classes)
        responses = operation["responses"]
        for code, response in error_responses(
            *implied_errors(operation, signed_in=signed_in)
        ).items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(response, str(code))
        return operation


def _name_nested_serializers(view: type) -> None:
    """``UnionListApi.OutputSerializer`` becomes the schema component ``UnionListOutput``:
    every view nests serializers of the same names, which would otherwise collide."""
    prefix = view.__name__.removesuffix("Api").removesuffix("View")
    for name, value in vars(view).items():
        if (
            isinstance(value, type)
            and issubclass(value, serializers.BaseSerializer)
            and value.__qualname__ == f"{view.__qualname__}.{name}"
        ):
            component = prefix + name.removesuffix("Serializer")
            extend_schema_serializer(component_name=component)(value)


class ApiMixin:
    """Authentication, language, schema naming, body parsing and paging shared by every
    API view."""

    request: Any
    authentication_classes: Any = API_AUTHENTICATION
    schema: Any = ApiSchema()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _name_nested_serializers(cls)

    def perform_authentication(self, request: Request) -> None:
        super().perform_authentication(request)  # type: ignore[misc]
        _use_user_language(request)

    # parsing and paging, the same for staff, member and public endpoints

    def validated(self, serializer_class: type[serializers.Serializer], **kwargs: Any) -> Any:
        """The request body parsed by ``serializer_class`` (400 with fields otherwise);
        a field the serializer does not know is refused, not silently dropped."""
        data = self.request.data
        serializer = serializer_class(data=data, **kwargs)
        serializer.is_valid(raise_exception=True)
        unknown = sorted(set(data) - set(serializer.fields)) if isinstance(data, dict) else []
        if unknown:
            raise ValidationError({key: [_("没有这个字段")] for key in unknown})
        return serializer.validated_data

    def validated_query(self, serializer_class: type[serializers.Serializer]) -> Any:
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def paginate(self, queryset: Any) -> list[Any]:
        page = self.paginate_queryset(queryset)  # type: ignore[attr-defined]
        return list(page) if page is not None else list(queryset)


def _use_user_language(request: Request) -> None:
    """A token-authenticated user gets the language chosen on the account, as a
    session user does through ``accounts.middleware.UserLanguageMiddleware``."""
    language = getattr(request.user, "language", "") if request.user.is_authenticated else ""
    if language:
        translation.activate(language)
        request._request.LANGUAGE_CODE = language


class ScopedAPIView(ScopedQueryMixin, ApiMixin, GenericAPIView):
    """Requires a user who holds ``action`` somewhere (403; 401 when anonymous) and limits
    every query to the subtrees where the user holds it (404 outside).

    Subclasses set ``model`` and ``action`` and refine the queryset in
    ``refine_queryset``; overriding ``get_queryset`` is refused when the class is defined.
    """

    permission_classes = [HoldsAction]
    filter_backends: Any = []

    def scoped_get(self, queryset: QuerySet[Any], *, field: str, pk: Any) -> Any:
        """Fetch a row named in the request body through the same scoping; an unknown or
        out-of-scope id answers 404 with ``NOT_FOUND`` under ``field``, naming nothing."""
        return self.scoped_get_many(queryset, field=field, pks=[pk])[0]

    def scoped_get_many(self, queryset: QuerySet[Any], *, field: str, pks: Any) -> list[Any]:
        """The rows named by a list of ids in the request body, through the same scoping."""
        scoped = queryset.for_actor(self.request.user, self.action)  # type: ignore[attr-defined]
        return self.chosen(scoped, field=field, pks=pks)

    def chosen(self, choices: QuerySet[Any], *, field: str, pks: Any) -> list[Any]:
        """The rows named by ids in the request body among ``choices``, a queryset already
        limited to what the user may choose here (the mediators seated on a case's
        committee); one id outside answers 404 as ``scoped_get`` does."""
        try:
            return pick(choices, pks)
        except NotAmongChoices as exc:
            raise NotFound({field: [str(NOT_FOUND)]}) from exc


# --- several operations on one path ----------------------------------------------------


class _RoutedSchema(ApiSchema):
    """Documents each method of a routed path with the schema of its own view."""

    def get_operation(
        self, path: Any, path_regex: Any, path_prefix: Any, method: str, registry: Any
    ) -> Any:
        router: Any = self.view
        generator = SchemaGenerator()  # keeps the view's schema (a weak proxy) alive
        target = generator.create_view(router.routes[method.lower()].as_view(), method)
        target.schema_generator = generator
        target.request = router.request
        target.kwargs = router.kwargs
        return target.schema.get_operation(path, path_regex, path_prefix, method, registry)


class RoutedAPIView(ApiMixin, APIView):
    """Stands for the operations of one path: answers only methods nobody serves (405) and
    tells the schema generator which view serves which method."""

    routes: ClassVar[dict[str, type[APIView]]] = {}
    schema: Any = _RoutedSchema()


def _not_routed(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
    raise AssertionError("routed methods are dispatched to their own views")


def route(**views: type[APIView]) -> Callable[..., HttpResponseBase]:
    """One path served by one view per method: ``route(get=UnionListApi,
    post=UnionCreateApi)``. Each view keeps its own action, serializers and schema."""
    routes = {method.lower(): view for method, view in views.items()}
    handlers = {method.upper(): view.as_view() for method, view in routes.items()}
    if "GET" in handlers:
        handlers.setdefault("HEAD", handlers["GET"])
    name = "".join(view.__name__ for view in routes.values()) + "Route"
    router: Any = type(
        name, (RoutedAPIView,), {"routes": routes, **dict.fromkeys(routes, _not_routed)}
    )
    fallback = router.as_view()

    def dispatch(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        handler = handlers.get(request.method or "", fallback)
        return handler(request, *args, **kwargs)

    dispatch.cls = router  # type: ignore[attr-defined]
    dispatch.initkwargs = {}  # type: ignore[attr-defined]
    dispatch.csrf_exempt = True  # type: ignore[attr-defined]  # DRF checks CSRF for sessions
    return dispatch


# --- token -------------------------------------------------------------------------------


class TokenSerializer(serializers.Serializer):
    """A token issued at sign-in (staff here, members by code in the portal's API)."""

    token = serializers.CharField(source="key", help_text="shown once; only its hash is stored")
    expiry = serializers.DateTimeField(help_text="the token is refused after this time")


class ObtainTokenApi(ApiMixin, APIView):
    """Exchange a username and password for an API token.

    Sign-in goes through ``django.contrib.auth.authenticate`` with the request, so
    django-axes counts failures and locks the username and address out after
    ``AXES_FAILURE_LIMIT`` of them (403, code ``locked_out``)."""

    authentication_classes: Any = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

    OutputSerializer = TokenSerializer

    @extend_schema(
        summary="Obtain an API token",
        description=(
            "Every sign-in issues a new token. Send it as ``Authorization: Token <key>`` or "
            "``Bearer <key>``; it expires after ``API_TOKEN_TTL_STAFF`` (10 hours) for staff, "
            "and is revoked by ``sign-out/`` or ``sign-out-everywhere/``."
        ),
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            **error_responses(400),
            403: OpenApiResponse(
                ErrorSerializer, description="too many failed sign-ins (code locked_out)"
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(request=django_request, **serializer.validated_data)
        if getattr(django_request, "axes_locked_out", False):
            raise LockedOut  # kept by accounts.lockout: the API answers in its own shape
        if user is None:
            raise ValidationError({"non_field_errors": [_("用户名或密码不正确")]})
        issued = account_services.token_issue(user=user)  # type: ignore[arg-type]
        return Response(self.OutputSerializer(issued).data)


class _TokenHolderApi(ApiMixin, APIView):
    """An endpoint about the token the request carries: a session does not count (401)."""

    authentication_classes: Any = [TokenOrBearerAuthentication]
    permission_classes = [IsAuthenticated]


class SignOutApi(_TokenHolderApi):
    """Revoke the token this request carries; the account's other tokens keep working."""

    @extend_schema(
        summary="Sign out (revoke this token)",
        request=None,
        responses={204: None, **error_responses(401)},
    )
    def post(self, request: Request) -> Response:
        user = request.user
        if isinstance(user, AnonymousUser):  # IsAuthenticated has answered it 401
            raise NotAuthenticated
        account_services.token_revoke(actor=user, token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignOutEverywhereApi(_TokenHolderApi):
    """Revoke every token of the account (every device and client signs in again)."""

    @extend_schema(
        summary="Sign out everywhere (revoke every token of the account)",
        request=None,
        responses={204: None, **error_responses(401)},
    )
    def post(self, request: Request) -> Response:
        user = request.user
        if isinstance(user, AnonymousUser):  # IsAuthenticated has answered it 401
            raise NotAuthenticated
        account_services.token_revoke_all(actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
