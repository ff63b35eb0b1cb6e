"""One date rule (``core.forms.DateField``, the API's ``DateField`` and ``DateFilter``):
a date outside 1900-01-01..2100-12-31 in any filter, period or query is a field error,
never a ValueError or OverflowError (a 500) on the API, a staff page or its download."""

from datetime import date
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from rest_framework import serializers

from gonghui.api.fields import DateField as ApiDateField
from gonghui.core.forms import MAX_DATE, MIN_DATE, DateField, DateFilter
from gonghui.core.testing import PASSWORD, build_world

OUT_OF_RANGE = ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"]
RANGE_MESSAGE = "日期超出范围（1900-01-01 至 2100-12-31）"


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_the_form_field_refuses_a_date_out_of_range(value: str) -> None:
    field = DateField(required=False)

    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)

    assert refused.value.messages == [RANGE_MESSAGE]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_the_api_field_refuses_a_date_out_of_range(value: str) -> None:
    field = ApiDateField()

    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation(value)

    assert refused.value.detail == [RANGE_MESSAGE]


def test_the_limits_themselves_are_accepted() -> None:
    assert DateField().clean("1900-01-01") == MIN_DATE
    assert DateField().clean("2100-12-31") == MAX_DATE
    assert ApiDateField().run_validation("2100-12-31") == MAX_DATE
    assert date(1900, 1, 1) == MIN_DATE


def test_the_filter_uses_the_form_field() -> None:
    assert DateFilter().field_class is DateField


# --- the API: every date in a query string ---------------------------------------------------


def _date_queries() -> list[tuple[str, str]]:
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if (
                    method == "get"
                    and parameter["in"] == "query"
                    and parameter["schema"].get("format") == "date"
                ):
                    found.append((path, parameter["name"]))
    return found


def _token(username: str) -> str:
    response = Client().post(
        reverse("api:token"),
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    return str(response.json()["token"])


@pytest.mark.django_db
def test_every_date_in_an_api_query_refuses_dates_out_of_range() -> None:
    build_world()
    queries = _date_queries()
    headers = {"authorization": f"Token {_token('fed_staff')}"}
    client = Client(raise_request_exception=False)

    answers = {
        (path, name, value): client.get(path, {name: value}, headers=headers)
        for path, name in queries
        if "{" not in path
        for value in ("0001-01-01", "9999-12-31")
    }

    assert len(queries) >= 10
    wrong = {key: a.status_code for key, a in answers.items() if a.status_code != 400}
    assert wrong == {}
    for (_path, name, _value), answer in answers.items():
        assert answer.json()["fields"][name] == [RANGE_MESSAGE]


# --- staff pages and their downloads ---------------------------------------------------------

PAGES = [
    ("reports:membership", ["start", "end"]),
    ("reports:membership_export", ["start", "end"]),
    ("reports:mediation", ["start", "end"]),
    ("reports:mediation_export", ["start", "end"]),
    ("reports:coverage", ["start", "end"]),
    ("reports:coverage_export", ["start", "end"]),
    ("disputes:consultation_list", ["since", "until"]),
    ("members:application_list", ["submitted_from", "submitted_to"]),
    ("core:audit_list", ["since", "until"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "fields"), PAGES)
@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_staff_pages_and_downloads_survive_dates_out_of_range(
    name: str, fields: list[str], value: str
) -> None:
    world = build_world()
    client = Client(raise_request_exception=False)
    client.force_login(world.user("fed_staff"))

    answers: dict[str, Any] = {
        field: client.get(reverse(name), {field: value}, follow=True) for field in fields
    }

    # a download of a refused period is sent back to its page, which says why
    assert {field: a.status_code for field, a in answers.items()} == dict.fromkeys(fields, 200)
    for answer in answers.values():
        assert RANGE_MESSAGE in answer.content.decode()
        if name.endswith("_export"):
            assert answer.redirect_chain and answer.redirect_chain[0][1] == 302


# --- every date a client sends ---------------------------------------------------------------


def _api_views() -> list[type]:
    from django.urls import URLPattern, URLResolver, get_resolver

    views: list[type] = []

    def walk(resolver: URLResolver) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern)
            elif isinstance(pattern, URLPattern):
                cls = getattr(pattern.callback, "cls", None)
                views.extend(getattr(cls, "routes", {}).values() or [cls] if cls else [])

    walk(get_resolver())
    return [view for view in views if view.__module__.startswith("gonghui.")]


def test_every_date_a_client_sends_to_the_api_follows_the_rule() -> None:
    plain = []
    for view in _api_views():
        for name, value in vars(view).items():
            if isinstance(value, type) and issubclass(value, serializers.Serializer):
                if name == "OutputSerializer":
                    continue
                for field_name, field in value().fields.items():
                    if type(field) is serializers.DateField:
                        plain.append(f"{view.__name__}.{name}.{field_name}")

    assert len(_api_views()) > 40
    assert plain == []


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "fields"), PAGES)
def test_staff_pages_and_downloads_work_at_the_limits(name: str, fields: list[str]) -> None:
    world = build_world()
    client = Client(raise_request_exception=False)
    client.force_login(world.user("fed_staff"))
    limits = {"on": "2100-12-31", "end": "2100-12-31", "until": "2100-12-31"}
    query = {field: limits.get(field, "1900-01-01") for field in fields}
    if "submitted_to" in query:
        query["submitted_to"] = "2100-12-31"

    response = client.get(reverse(name), query)

    assert response.status_code == 200
    assert RANGE_MESSAGE not in response.content.decode(errors="ignore")
