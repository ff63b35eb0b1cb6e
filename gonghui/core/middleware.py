"""Request id: taken from X-Request-ID or generated, kept in a context variable for the audit log
and the logs, and sent back in the response header."""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str | None = None) -> str:
    """Set the request id for work outside a request (commands, tasks); returns it."""
    value = value or uuid.uuid4().hex
    _request_id.set(value)
    return value


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        token = _request_id.set(incoming if _VALID.match(incoming) else uuid.uuid4().hex)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = _request_id.get()
            return response
        finally:
            _request_id.reset(token)


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True
