from rest_framework.authentication import TokenAuthentication


class TokenOrBearerAuthentication(TokenAuthentication):
    """Accepts ``Authorization: Token <key>`` and ``Authorization: Bearer <key>``."""

    def authenticate(self, request):  # type: ignore[no-untyped-def]
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.lower().startswith("bearer "):
            request.META["HTTP_AUTHORIZATION"] = "Token " + header[7:]
        return super().authenticate(request)
