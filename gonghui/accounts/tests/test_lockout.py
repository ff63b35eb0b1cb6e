"""Password spraying: besides django-axes' lock of a username and address after five
failures, an address is locked out, whatever the usernames it tries, after
``SIGN_IN_FAILURES_PER_ADDRESS`` failures within ``SIGN_IN_ADDRESS_WINDOW``; on the staff
sign-in page, the token endpoint and the member password sign-in alike."""

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import PASSWORD, build_world
from gonghui.members.services import signin
from gonghui.portal.tests import factories

pytestmark = pytest.mark.django_db

SPRAYER = "10.9.9.9"
NEIGHBOUR = "10.9.9.10"


def _spray(count: int, address: str = SPRAYER) -> None:
    """One wrong password for each of ``count`` different usernames, from ``address``."""
    client = Client(REMOTE_ADDR=address)
    for n in range(count):
        client.post(reverse("accounts:login"), {"username": f"guess{n}", "password": "Summer2026"})


def _staff_sign_in(address: str) -> int:
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("accounts:login"), {"username": "union_a_staff", "password": PASSWORD}
    )
    return response.status_code


def _token(address: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        reverse("api:token"),
        {"username": "union_a_staff", "password": PASSWORD},
        content_type="application/json",
    )


def _portal_request(address: str) -> HttpRequest:
    request = RequestFactory().post("/portal/login/", REMOTE_ADDR=address)
    request.session = SessionStore()
    return request


def test_an_address_below_the_limit_still_signs_in() -> None:
    build_world()

    _spray(settings.SIGN_IN_FAILURES_PER_ADDRESS - 1)

    assert _staff_sign_in(SPRAYER) == 302


def test_spraying_many_usernames_locks_the_address_out_of_the_staff_page() -> None:
    build_world()

    _spray(settings.SIGN_IN_FAILURES_PER_ADDRESS)

    assert _staff_sign_in(SPRAYER) == 429
    assert _staff_sign_in(NEIGHBOUR) == 302


def test_spraying_locks_the_address_out_of_the_token_endpoint() -> None:
    build_world()

    _spray(settings.SIGN_IN_FAILURES_PER_ADDRESS)

    locked, elsewhere = _token(SPRAYER), _token(NEIGHBOUR)
    assert locked.status_code == 403
    assert locked.json()["code"] == "locked_out"
    assert elsewhere.status_code == 200


def test_spraying_locks_the_address_out_of_the_member_password_sign_in() -> None:
    build_world()
    member = factories.member(1)
    member.set_password("Member-Password-2026")
    member.save()

    _spray(settings.SIGN_IN_FAILURES_PER_ADDRESS)

    with pytest.raises(signin.SignInLocked):
        signin.password_sign_in(
            request=_portal_request(SPRAYER),
            phone=factories.phone(1),
            password="Member-Password-2026",
        )
    signed_in = signin.password_sign_in(
        request=_portal_request(NEIGHBOUR),
        phone=factories.phone(1),
        password="Member-Password-2026",
    )
    assert signed_in == member


def test_failures_older_than_the_window_do_not_count() -> None:
    build_world()
    _spray(settings.SIGN_IN_FAILURES_PER_ADDRESS)

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.SIGN_IN_ADDRESS_WINDOW - timedelta(seconds=1)
    )

    assert _staff_sign_in(SPRAYER) == 302
