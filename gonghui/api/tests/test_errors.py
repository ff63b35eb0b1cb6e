"""Every answer under /api/ is ``{"code", "message", "fields"}``: unknown paths, OPTIONS on
every endpoint, bodies nested too deep or too large, and uncaught exceptions."""

import json
import logging
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.exceptions import ValidationError

from gonghui.api.errors import exception_handler
from gonghui.api.views import ObtainTokenApi
from gonghui.core.testing import PASSWORD, build_world

TOKEN_URL = reverse("api:token")
UNIONS_URL = reverse("api:organizations:union-list")


def _token(username: str) -> str:
    response = Client().post(
        TOKEN_URL, {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    return str(response.json()["token"])


def _assert_error_shape(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"]


def _api_paths(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every API route with its parameters filled in (an id that exists nowhere)."""
    paths: list[str] = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths.extend(_api_paths(pattern, route))
        elif isinstance(pattern, URLPattern):
            paths.append("/" + re.sub(r"<(?:\w+:)?\w+>", "1", route).lstrip("^").rstrip("$"))
    return paths


def _all_api_paths() -> list[str]:
    api = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "api"
    )
    return sorted(p for p in _api_paths(api, "api/") if "<" not in p)


# --- unknown paths ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/", "/api/nothing-here/", "/api/v1/organizations/x/y/"])
def test_an_unknown_api_path_answers_404_in_the_error_shape(path: str) -> None:
    response = Client().get(path)

    _assert_error_shape(response, 404, "not_found")


@pytest.mark.django_db
def test_an_unknown_page_is_still_the_html_404() -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- OPTIONS -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["fed_staff", "member", None])
def test_options_on_every_api_path_never_answers_500(username: str | None) -> None:
    build_world()
    headers = {"authorization": f"Token {_token(username)}"} if username else {}
    client = Client(raise_request_exception=False)

    answers = {path: client.options(path, headers=headers) for path in _all_api_paths()}

    assert len(answers) > 40
    failing = {path: a.status_code for path, a in answers.items() if a.status_code >= 500}
    assert failing == {}
    for path, answer in answers.items():
        if answer.status_code >= 400 and not path.startswith("/api/docs"):
            assert set(answer.json()) == {"code", "message", "fields"}, path


# --- bodies --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [65, 100_000])
def test_json_nested_too_deep_answers_400_parse_error(depth: int) -> None:
    body = "[" * depth + "]" * depth

    response = Client().post(TOKEN_URL, body, content_type="application/json")

    _assert_error_shape(response, 400, "parse_error")


@pytest.mark.django_db
def test_json_nested_within_the_limit_is_parsed() -> None:
    build_world()
    nested: Any = "x"
    for _ in range(60):
        nested = [nested]
    body = json.dumps({"username": "fed_staff", "password": PASSWORD, "extra": nested})

    response = Client().post(TOKEN_URL, body, content_type="application/json")

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_string_with_brackets_does_not_count_as_nesting() -> None:
    build_world()
    body = json.dumps({"username": "fed_staff", "password": PASSWORD, "note": "[{" * 500})

    response = Client().post(TOKEN_URL, body, content_type="application/json")

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_a_body_over_the_limit_answers_413_in_the_error_shape(
    settings: Any, content_type: str
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    if content_type == "application/json":
        body = json.dumps({"username": "x" * 2000, "password": "y"})
    else:
        body = "username=" + "x" * 2000 + "&password=y"

    response = Client().post(TOKEN_URL, body, content_type=content_type)

    _assert_error_shape(response, 413, "too_large")


@pytest.mark.django_db
def test_a_multipart_body_over_the_limit_answers_413_in_the_error_shape(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = Client().post(TOKEN_URL, {"username": "x" * 2000, "password": "y"})

    _assert_error_shape(response, 413, "too_large")


# --- uncaught exceptions ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_uncaught_exception_answers_500_with_the_request_id_and_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(self: Any, request: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ObtainTokenApi, "post", boom)
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.ERROR):
        response = client.post(TOKEN_URL, {}, content_type="application/json")

    _assert_error_shape(response, 500, "server_error")
    request_id = response["X-Request-ID"]
    assert request_id in response.json()["message"]
    assert "a bug" not in response.content.decode()
    assert any("a bug" in str(record.exc_info) for record in caplog.records if record.exc_info)


@pytest.mark.django_db
def test_an_exception_outside_the_api_view_answers_500_in_the_error_shape(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in a middleware")

    monkeypatch.setattr("gonghui.accounts.middleware.UserLanguageMiddleware.__call__", boom)
    client = Client(raise_request_exception=False)

    api = client.get(UNIONS_URL)
    page = client.get("/")

    _assert_error_shape(api, 500, "server_error")
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


# --- nested errors and the schema of every error ----------------------------------------------


def test_nested_field_errors_are_flattened_to_dotted_names() -> None:
    nested = ValidationError(
        {
            "instalments": [{}, {"amount": ["请填写合法的数字。"], "due_on": ["必填"]}],
            "ids": {"1": ["请填写合法的整数值。"]},
            "name": ["重名"],
        }
    )

    response = exception_handler(nested, {})

    assert response is not None
    assert response.data["fields"] == {
        "instalments.1.amount": ["请填写合法的数字。"],
        "instalments.1.due_on": ["必填"],
        "ids.1": ["请填写合法的整数值。"],
        "name": ["重名"],
    }


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()
    return [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


@pytest.mark.django_db
def test_every_operation_documents_the_errors_the_mechanism_can_answer() -> None:
    missing = {}
    for path, method, operation in _operations():
        expected = set()
        if "requestBody" in operation:
            expected |= {"400", "413", "415"}
        parameters = operation.get("parameters", [])
        if any(p["in"] == "query" for p in parameters):
            expected.add("400")
        if "{" in path or any(p["name"] == "page" for p in parameters):
            expected.add("404")
        if {} not in operation.get("security", [{}]):
            expected |= {"401", "403"}
        documented = set(operation["responses"])
        if expected - documented:
            missing[f"{method.upper()} {path}"] = sorted(expected - documented)

    assert missing == {}


@pytest.mark.django_db
def test_error_responses_are_documented_in_the_error_shape() -> None:
    for _path, _method, operation in _operations():
        for code, response in operation["responses"].items():
            if code.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (code, operation)
