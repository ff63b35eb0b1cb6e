"""API errors as ``{"code", "message", "fields": {...}}``, never a bare 500 for bad input.

``code`` is machine-readable (``invalid``, ``not_authenticated``, ``permission_denied``,
``not_found``, ``parse_error``, ``locked_out`` ...), ``message`` is for people, in the
request's language, and ``fields`` names each offending field with its messages."""

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gonghui.api.parsers import RequestTooLarge
from gonghui.core.middleware import current_request_id
from gonghui.core.scoping import OutOfScope

NON_FIELD = "non_field_errors"
API_PREFIX = "/api/"


class LockedOut(exceptions.PermissionDenied):
    """Too many failed sign-ins for this username and address (django-axes)."""

    default_detail = gettext_lazy("登录失败次数过多，账户已暂时锁定，请稍后再试")
    default_code = "locked_out"


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (for the schema)."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


def _flatten(detail: Any, name: str = "") -> dict[str, list[str]]:
    """Messages by field; a nested field is named by its path (``instalments.1.amount``),
    so that ``fields`` is always ``{name: [message, ...]}``."""
    if isinstance(detail, dict):
        return {
            key: messages
            for inner, value in detail.items()
            for key, messages in _flatten(value, f"{name}.{inner}" if name else str(inner)).items()
        }
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        return {
            key: messages
            for index, item in enumerate(detail)
            for key, messages in _flatten(item, f"{name}.{index}" if name else str(index)).items()
        }
    messages = detail if isinstance(detail, list) else [detail]
    return {name or NON_FIELD: [str(message) for message in messages]} if messages else {}


def _validation_fields(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if key == "__all__" else key): [str(m) for m in messages]
            for key, messages in exc.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in exc.messages]}


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        invalid = exceptions.ValidationError(_validation_fields(exc))
        # a refusal with a code of its own (``benefits.services.refusals.Refusal``) answers
        # with that code instead of "invalid"
        invalid.refusal_code = getattr(exc, "refusal_code", None)  # type: ignore[attr-defined]
        return invalid
    if isinstance(exc, OutOfScope | Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    return exc


def _body(exc: exceptions.APIException) -> dict[str, Any]:
    detail = exc.detail
    if isinstance(exc, exceptions.ValidationError):
        return {
            "code": getattr(exc, "refusal_code", None) or "invalid",
            "message": _("提交的数据有误，请检查标出的字段"),
            "fields": _flatten(detail),
        }
    if isinstance(detail, dict):
        # e.g. NotFound({"parent": [...]}): an unknown or out-of-scope id named by its field
        return {
            "code": exc.default_code,
            "message": str(exc.default_detail),
            "fields": _flatten(detail),
        }
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    message = str(detail) if not isinstance(detail, list) else _("请求有误")
    return {"code": code, "message": message, "fields": {}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    response.data = _body(exc)
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = "Token"
    return response


# --- what Django answers outside a DRF view (config/urls.py's handler400 ... handler500) ----
# Under /api/ the error shape, elsewhere the project's error pages (gonghui/templates).


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json_error(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "fields": {}},
        status=status_code,
        json_dumps_params={"ensure_ascii": False},
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return _json_error(413, RequestTooLarge.default_code, str(RequestTooLarge.default_detail))
    return _json_error(400, "parse_error", _("请求有误"))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    message = str(exceptions.PermissionDenied.default_detail)
    return _json_error(403, "permission_denied", message)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return _json_error(404, "not_found", str(exceptions.NotFound.default_detail))


def server_error(request: HttpRequest) -> HttpResponse:
    """Django has logged the exception (``django.request``) with the request id; the
    answer names the id so that a report can be matched to the log."""
    if not _is_api(request):
        return defaults.server_error(request)
    message = _("服务器内部错误，已记录（请求编号 %(id)s）") % {"id": current_request_id() or "-"}
    return _json_error(500, "server_error", message)
