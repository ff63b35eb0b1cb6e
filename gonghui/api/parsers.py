"""Body parsers of the API: a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused
with 413 before it is parsed, and JSON nested deeper than ``MAX_JSON_DEPTH`` with 400
(``parse_error``): Python's decoder would otherwise recurse until ``RecursionError``.

DRF reads the body from the request stream itself, so Django's own size limit (which
guards ``request.body`` and ``request.POST``) never applies to API bodies; these parsers
apply it."""

import io
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, status
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 64


class RequestTooLarge(exceptions.APIException):
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``errors`` also maps Django's
    ``RequestDataTooBig`` to it)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("请求内容过大")
    default_code = "too_large"


# From the current position: anything that is neither a quote nor a bracket, then one
# whole string or one bracket. Possessive, so a failing match never backtracks.
_NEXT_TOKEN = re.compile(r'[^"\[\]{}]*+(?:"(?:[^"\\]|\\.)*+"|([\[{])|[\]}])', re.DOTALL)


def read_limited(stream: IO[bytes]) -> bytes:
    """The whole body, or ``RequestTooLarge`` when it is longer than the limit."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    data = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise RequestTooLarge
    return bytes(data)


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than ``limit``. Stops at the first
    string that is not closed: the decoder fails there before nesting any deeper."""
    depth = position = 0
    while match := _NEXT_TOKEN.match(text, position):
        position = match.end()
        if match.group(1):
            depth += 1
            if depth > limit:
                return True
        elif text[position - 1] in "]}":
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        data = read_limited(stream) if stream is not None else b""
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("请求内容不是有效的 JSON")) from exc
        if json_depth_exceeds(text):
            raise ParseError(_("JSON 嵌套层数超过 %(limit)d 层") % {"limit": MAX_JSON_DEPTH})
        return super().parse(io.BytesIO(data), media_type, parser_context)


class FormParser(parsers.FormParser):
    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        data = read_limited(stream) if stream is not None else b""
        return super().parse(io.BytesIO(data), media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        data = read_limited(stream) if stream is not None else b""
        return super().parse(io.BytesIO(data), media_type, parser_context)
