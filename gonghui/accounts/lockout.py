"""Sign-in lockout (django-axes): what a locked-out sign-in answers, and the per-address
rule against password spraying.

django-axes locks a username and address after ``AXES_FAILURE_LIMIT`` failures. One
address trying one password on many usernames never reaches that, so
``AddressLimitHandler`` also locks an address out, whatever the username, once it has
``SIGN_IN_FAILURES_PER_ADDRESS`` failures within ``SIGN_IN_ADDRESS_WINDOW``. It is axes'
handler, so every sign-in that axes guards gets the rule: the staff sign-in page and the
admin, the token endpoint, and the member code and password sign-ins.

The staff sign-in page (and the admin) show the lockout page with 429. The member pages
and the API answer in their own words — a form error, the API's ``locked_out`` error —
which their view has already written: that response is kept."""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

OWN_ANSWER_PREFIXES = ("/api/", "/portal/")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    if original_response is not None and request.path.startswith(OWN_ANSWER_PREFIXES):
        return original_response
    return render(request, "accounts/locked_out.html", status=429)


def address_failures(address: str | None) -> int:
    """Failed sign-ins from ``address`` within the window, over every username."""
    if not address:
        return 0
    since = timezone.now() - settings.SIGN_IN_ADDRESS_WINDOW
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return int(total or 0)


class AddressLimitHandler(AxesDatabaseHandler):
    """axes' database handler, with an address over the per-address limit counted as
    locked out whatever the username."""

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        address = getattr(request, "axes_ip_address", None)
        if address_failures(address) >= settings.SIGN_IN_FAILURES_PER_ADDRESS:
            return max(failures, get_failure_limit(request, credentials))
        return failures
