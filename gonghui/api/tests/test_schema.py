"""The OpenAPI schema describes what the API answers (schemathesis checks the rest in
``.ci/schemathesis``)."""

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_no_answer_is_documented_as_a_float_money_is_a_decimal_string() -> None:
    schema = Client().get(reverse("api:schema"), {"format": "json"}).json()

    text = json.dumps(schema["components"]["schemas"])

    assert '"format": "double"' not in text
    assert '"format": "float"' not in text


@pytest.mark.django_db
def test_the_schema_generates_without_warnings(tmp_path: Path) -> None:
    # a warning (e.g. two choice sets named "kind") fails `check --deploy` in CI
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
