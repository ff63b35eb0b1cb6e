from typing import Any

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.request import Request


class _BearerAuthentication(TokenAuthentication):
    keyword = "Bearer"


class TokenOrBearerAuthentication(TokenAuthentication):
    """Accepts ``Authorization: Token <key>`` and ``Authorization: Bearer <key>``.

    (DRF reads the header through ``request.headers``, so rewriting ``META`` would not
    work: a Bearer header is handed to a token authentication keyed ``Bearer``.)"""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        scheme = get_authorization_header(request).split(b" ", 1)[0]
        if scheme.lower() == b"bearer":
            return _BearerAuthentication().authenticate(request)
        return super().authenticate(request)
