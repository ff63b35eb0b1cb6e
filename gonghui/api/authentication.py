"""API token authentication: django-rest-knox tokens (stored as a hash, with an expiry),
sent as ``Authorization: Token <key>`` or ``Authorization: Bearer <key>``.

Tokens are issued and revoked by ``accounts.services`` (``token_issue``, ``token_revoke``,
``token_revoke_all``)."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

SCHEMES = (b"token", b"bearer")


class TokenOrBearerAuthentication(TokenAuthentication):
    """Accepts ``Token <key>`` and ``Bearer <key>``. A wrong, expired or revoked token, or
    one of a deactivated account, answers 401 with one message (which one is not said)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in SCHEMES:
            return None
        if len(parts) != 2 or not parts[1].isascii():
            raise AuthenticationFailed(_("令牌格式不正确"))
        try:
            return self.authenticate_credentials(parts[1])  # type: ignore[no-any-return]
        except AuthenticationFailed as exc:
            raise AuthenticationFailed(_("令牌无效或已过期，请重新登录")) from exc

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class TokenOrBearerScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The schema's two security schemes; either one is enough."""

    target_class = TokenOrBearerAuthentication
    name = ["tokenAuth", "bearerAuth"]

    def get_security_requirement(self, auto_schema: Any) -> list[dict[str, list[Any]]]:
        return [{"tokenAuth": []}, {"bearerAuth": []}]

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, str]]:
        how = (
            "Obtain a token from /api/v1/auth/token/ (staff) "
            "or /api/v1/portal/auth/token/ (members)"
        )
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": f"``Token <key>``. {how}; it expires (see ``expiry``).",
            },
            {
                "type": "http",
                "scheme": "bearer",
                "description": f"``Bearer <key>``, the same token. {how}.",
            },
        ]
