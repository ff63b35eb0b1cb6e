"""What a locked-out sign-in answers (django-axes' ``AXES_LOCKOUT_CALLABLE``).

The staff sign-in page (and the admin) show the lockout page with 429. The member pages
and the API answer in their own words — a form error, the API's ``locked_out`` error —
which their view has already written: that response is kept."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

OWN_ANSWER_PREFIXES = ("/api/", "/portal/")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    if original_response is not None and request.path.startswith(OWN_ANSWER_PREFIXES):
        return original_response
    return render(request, "accounts/locked_out.html", status=429)
