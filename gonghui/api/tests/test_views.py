"""The API's base: token sign-in, lockout, the error shape, the scoped base view, the
schema and its docs."""

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.exceptions import NotFound

from gonghui.accounts.roles import ORG_VIEW
from gonghui.api.errors import exception_handler
from gonghui.api.views import ScopedAPIView
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import PASSWORD, build_world
from gonghui.organizations.models import Organization

TOKEN_URL = reverse("api:token")
UNIONS_URL = reverse("api:organizations:union-list")


def _obtain(client: Client, username: str, password: str) -> Any:
    return client.post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )


def _assert_error_shape(body: dict[str, Any], code: str) -> None:
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"]


# --- token -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", ["Token", "Bearer"])
def test_token_is_accepted_as_token_and_as_bearer(scheme: str) -> None:
    world = build_world()

    obtained = _obtain(Client(), "fed_staff", PASSWORD)
    key = obtained.json()["token"]
    listed = Client().get(UNIONS_URL, headers={"authorization": f"{scheme} {key}"})

    assert obtained.status_code == 200
    assert AuthToken.objects.get().user == world.user("fed_staff")
    assert listed.status_code == 200
    assert {row["name"] for row in listed.json()["results"]} == {
        world.union_a.name,
        world.union_b.name,
    }


@pytest.mark.django_db
def test_token_sign_in_is_audited_and_gives_a_new_token_each_time() -> None:
    world = build_world()

    first = _obtain(Client(), "union_a_staff", PASSWORD).json()["token"]
    second = _obtain(Client(), "union_a_staff", PASSWORD).json()["token"]

    assert first != second
    logins = AuditEntry.objects.filter(action=AuditAction.LOGIN, actor=world.user("union_a_staff"))
    assert logins.count() == 2


@pytest.mark.django_db
def test_bad_credentials_answer_400_in_the_error_shape() -> None:
    build_world()

    wrong = _obtain(Client(), "fed_staff", "wrong-password")
    missing = Client().post(TOKEN_URL, {"username": "fed_staff"}, content_type="application/json")

    assert wrong.status_code == 400
    _assert_error_shape(wrong.json(), "invalid")
    assert wrong.json()["fields"]["non_field_errors"] == ["用户名或密码不正确"]
    assert missing.status_code == 400
    assert "password" in missing.json()["fields"]
    assert not AuthToken.objects.exists()


@pytest.mark.django_db
def test_five_failures_lock_the_username_out_even_with_the_right_password() -> None:
    build_world()
    client = Client()

    failures = [_obtain(client, "fed_staff", f"wrong-{n}") for n in range(5)]
    right = _obtain(client, "fed_staff", PASSWORD)

    assert [r.status_code for r in failures[:4]] == [400] * 4
    assert failures[4].status_code == 403
    assert right.status_code == 403
    assert right["Content-Type"] == "application/json"
    _assert_error_shape(right.json(), "locked_out")
    assert not AuthToken.objects.exists()


@pytest.mark.django_db
def test_a_lockout_does_not_touch_other_usernames() -> None:
    build_world()
    client = Client()
    for n in range(5):
        _obtain(client, "fed_staff", f"wrong-{n}")

    other = _obtain(client, "union_a_staff", PASSWORD)

    assert other.status_code == 200


@pytest.mark.django_db
def test_malformed_token_requests_answer_400() -> None:
    client = Client()
    bodies = ["{", "[]", "null", '{"username": 5, "password": []}']

    answers = [client.post(TOKEN_URL, body, content_type="application/json") for body in bodies]

    assert [a.status_code for a in answers] == [400] * len(bodies)
    for answer in answers:
        assert set(answer.json()) == {"code", "message", "fields"}


# --- anonymous, unknown token, language ----------------------------------------------------


@pytest.mark.django_db
def test_anonymous_gets_401_with_a_token_challenge() -> None:
    response = Client().get(UNIONS_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    _assert_error_shape(response.json(), "not_authenticated")
    assert response.json()["message"] == "身份认证信息未提供。"


@pytest.mark.django_db
def test_an_unknown_token_gets_401() -> None:
    response = Client().get(UNIONS_URL, headers={"authorization": "Bearer not-a-token"})

    assert response.status_code == 401
    _assert_error_shape(response.json(), "authentication_failed")


@pytest.mark.django_db
def test_messages_follow_accept_language() -> None:
    response = Client().get(UNIONS_URL, headers={"accept-language": "en"})

    assert response.json()["message"] == "Authentication credentials were not provided."


@pytest.mark.django_db
def test_a_token_user_gets_the_language_of_the_account() -> None:
    world = build_world()
    user = world.user("fed_staff")
    user.language = "en"
    user.save(update_fields=["language"])
    key = _obtain(Client(), "fed_staff", PASSWORD).json()["token"]

    response = Client().delete(UNIONS_URL, headers={"authorization": f"Token {key}"})

    assert response.status_code == 405
    assert response.json()["message"] == 'Method "DELETE" not allowed.'


# --- the scoped base view ------------------------------------------------------------------


def test_a_view_that_overrides_get_queryset_is_refused_when_defined() -> None:
    with pytest.raises(TypeError, match="refine_queryset"):

        class Widening(ScopedAPIView):  # noqa: F841 - defining it is the test
            action = ORG_VIEW
            model = Organization

            def get_queryset(self) -> QuerySet[Organization]:
                return Organization.objects.all()


@pytest.mark.django_db
def test_a_user_without_the_action_gets_403_in_the_error_shape() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.user("member"))

    response = client.get(UNIONS_URL)

    assert response.status_code == 403
    _assert_error_shape(response.json(), "permission_denied")


@pytest.mark.django_db
def test_a_method_no_view_serves_answers_405_in_the_error_shape() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.user("fed_staff"))

    response = client.delete(UNIONS_URL)

    assert response.status_code == 405
    _assert_error_shape(response.json(), "method_not_allowed")
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


def test_service_errors_map_to_400_with_fields_and_out_of_scope_to_404() -> None:
    invalid = exception_handler(DjangoValidationError({"name": ["重名"]}), {})
    whole = exception_handler(DjangoValidationError("不行"), {})
    hidden = exception_handler(OutOfScope(7), {})
    named = exception_handler(NotFound({"parent": ["未找到"]}), {})

    assert invalid is not None and whole is not None and hidden is not None and named is not None
    assert (invalid.status_code, invalid.data["fields"]) == (400, {"name": ["重名"]})
    assert whole.data["fields"] == {"non_field_errors": ["不行"]}
    assert (hidden.status_code, hidden.data["code"], hidden.data["fields"]) == (
        404,
        "not_found",
        {},
    )
    assert (named.status_code, named.data["code"]) == (404, "not_found")
    assert named.data["fields"] == {"parent": ["未找到"]}


# --- schema and docs -----------------------------------------------------------------------


@pytest.mark.django_db
def test_schema_is_public_and_lists_the_api_paths() -> None:
    response = Client().get(reverse("api:schema"), {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/organizations/unions/",
        "/api/v1/organizations/unions/{id}/",
        "/api/v1/organizations/unions/{id}/move/",
        "/api/v1/reports/coverage/",
        "/api/v1/core/audit-entries/",
    ):
        assert path in schema["paths"], path
    unions = schema["paths"]["/api/v1/organizations/unions/"]
    assert {"get", "post"} <= set(unions)
    assert unions["post"]["operationId"] != unions["get"]["operationId"]


@pytest.mark.django_db
def test_docs_page_loads_its_assets_from_this_server() -> None:
    response = Client().get(reverse("api:docs"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    # every asset the page loads is this server's (the page's random CSRF token may
    # spell anything: only the addresses are read)
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert addresses and all(not re.match(r"(?:https?:)?//", a) for a in addresses), addresses
    assert re.search(r"/static/drf_spectacular_sidecar/swagger-ui-dist/", html)
