"""API tokens: stored hashed, a new one for every sign-in, an expiry (shorter for staff than
for members), revoked by signing out (this token, or every token of the account)."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.models import AuthToken

from gonghui.core import sms
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import PASSWORD, build_world

pytestmark = pytest.mark.django_db

TOKEN_URL = reverse("api:token")
SIGN_OUT_URL = reverse("api:sign-out")
SIGN_OUT_EVERYWHERE_URL = reverse("api:sign-out-everywhere")
UNIONS_URL = reverse("api:organizations:union-list")


def _obtain(username: str = "fed_staff") -> dict[str, Any]:
    response = Client().post(
        TOKEN_URL, {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return dict(response.json())


def _get(key: str, scheme: str = "Token") -> int:
    return Client().get(UNIONS_URL, headers={"authorization": f"{scheme} {key}"}).status_code


def _post(url: str, key: str) -> Any:
    return Client().post(url, headers={"authorization": f"Bearer {key}"})


def test_a_token_is_stored_only_as_a_hash() -> None:
    build_world()

    key = _obtain()["token"]

    stored = AuthToken.objects.get()
    assert key not in (stored.digest, stored.token_key)
    assert len(key) == 64
    assert _get(key) == 200


def test_every_sign_in_issues_a_new_token_and_the_old_one_keeps_working() -> None:
    build_world()

    first = _obtain()["token"]
    second = _obtain()["token"]

    assert first != second
    assert (_get(first), _get(second, "Bearer")) == (200, 200)


def test_a_staff_token_expires_after_the_staff_lifetime() -> None:
    build_world()

    before = timezone.now()
    answer = _obtain()

    expiry = parse_datetime(answer["expiry"])
    assert expiry is not None
    assert before + settings.API_TOKEN_TTL_STAFF <= expiry
    assert expiry <= timezone.now() + settings.API_TOKEN_TTL_STAFF


def test_an_expired_token_answers_401_in_the_error_shape() -> None:
    build_world()
    key = _obtain()["token"]
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))

    response = Client().get(UNIONS_URL, headers={"authorization": f"Token {key}"})

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert not AuthToken.objects.exists()  # an expired token is deleted when seen


def test_a_member_token_lives_longer_than_a_staff_token(
    django_capture_on_commit_callbacks: Any,
) -> None:
    build_world()
    sms.outbox.clear()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("api:portal:code-request"),
            {"phone": "13800138000"},
            content_type="application/json",
        )
    code = re.search(r"\d{6}", sms.outbox[-1].text)
    assert code

    before = timezone.now()
    answer = client.post(
        reverse("api:portal:code-token"),
        {"phone": "13800138000", "code": code.group()},
        content_type="application/json",
    ).json()

    expiry = parse_datetime(answer["expiry"])
    assert expiry is not None and expiry >= before + settings.API_TOKEN_TTL_MEMBER
    assert settings.API_TOKEN_TTL_MEMBER > settings.API_TOKEN_TTL_STAFF


def test_signing_out_revokes_only_the_token_used() -> None:
    world = build_world()
    used = _obtain()["token"]
    other = _obtain()["token"]

    response = _post(SIGN_OUT_URL, used)

    assert response.status_code == 204
    assert (_get(used), _get(other)) == (401, 200)
    entry = AuditEntry.objects.filter(action=AuditAction.LOGOUT).get()
    assert entry.actor == world.user("fed_staff")


def test_signing_out_everywhere_revokes_every_token_of_the_account() -> None:
    build_world()
    first = _obtain()["token"]
    second = _obtain()["token"]
    someone_else = _obtain("union_a_staff")["token"]

    response = _post(SIGN_OUT_EVERYWHERE_URL, first)

    assert response.status_code == 204
    assert (_get(first), _get(second), _get(someone_else)) == (401, 401, 200)
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT).count() == 1


@pytest.mark.parametrize("url", [SIGN_OUT_URL, SIGN_OUT_EVERYWHERE_URL])
def test_signing_out_needs_a_token(url: str) -> None:
    world = build_world()
    session = Client()
    session.force_login(world.user("fed_staff"))

    anonymous = Client().post(url)
    with_session = session.post(url)

    assert anonymous.status_code == 401
    assert set(anonymous.json()) == {"code", "message", "fields"}
    assert with_session.status_code == 401


def test_a_token_that_is_not_text_answers_401() -> None:
    response = Client().get(UNIONS_URL, HTTP_AUTHORIZATION=b"Token \xff\xfe".decode("latin-1"))

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_each_account_keeps_a_bounded_number_of_tokens() -> None:
    build_world()

    keys = [_obtain()["token"] for _ in range(settings.API_TOKENS_PER_USER + 2)]

    assert AuthToken.objects.count() == settings.API_TOKENS_PER_USER
    assert _get(keys[0]) == 401  # the oldest went first
    assert _get(keys[-1]) == 200


def test_the_schema_describes_both_ways_of_sending_the_token() -> None:
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()

    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["type"] == "apiKey"
    assert schemes["tokenAuth"]["name"] == "Authorization"
    assert schemes["bearerAuth"] == {"type": "http", "scheme": "bearer"} | {
        "description": schemes["bearerAuth"]["description"]
    }
    unions = schema["paths"]["/api/v1/organizations/unions/"]["get"]
    assert {"tokenAuth": []} in unions["security"]
    assert {"bearerAuth": []} in unions["security"]
    for path in ("/api/v1/auth/sign-out/", "/api/v1/auth/sign-out-everywhere/"):
        assert path in schema["paths"]


def test_housekeeping_deletes_expired_tokens_only() -> None:
    from gonghui.accounts.tasks import accounts_housekeeping

    build_world()
    expired, live = _obtain()["token"], _obtain()["token"]
    AuthToken.objects.filter(token_key=expired[:15]).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )

    assert accounts_housekeeping() == {"tokens_deleted": 1}
    assert (_get(expired), _get(live)) == (401, 200)
