"""The shared access test catches the classes of side channel it is meant to catch: each
test below breaks one mechanism on purpose and expects ``check_access`` to fail."""

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from gonghui.accounts.models import User
from gonghui.api.views import ScopedAPIView
from gonghui.core.testing import AccessCase, build_world, check_access
from gonghui.core.tests.test_access import CASES

pytestmark = pytest.mark.django_db


def _case(name: str) -> AccessCase:
    return next(case for case in CASES if str(case) == name)


def test_a_listing_without_hidden_fails() -> None:
    case = AccessCase(
        name="api:disputes:case-list",
        url=lambda w: reverse("api:disputes:case-list"),
        api=True,
        listing=True,
    )

    with pytest.raises(AssertionError, match="a listing declares what it hides"):
        check_access(case, build_world())


def test_an_error_naming_the_other_unions_user_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    # the mediators of a case chosen among all users, the refusal naming them (the bug)
    def naming(self: Any, choices: Any, *, field: str, pks: Any) -> list[Any]:
        users = User.objects.filter(pk__in=pks)
        if any(not choices.filter(pk=user.pk).exists() for user in users):
            raise NotFound({field: [f"{', '.join(map(str, users))} 不是本委员会的调解员"]})
        return list(users)

    monkeypatch.setattr(ScopedAPIView, "chosen", naming)

    with pytest.raises(AssertionError, match="shows b's"):
        check_access(_case("api:disputes:case-accept-post"), build_world())


def test_a_write_reaching_the_other_union_by_id_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    # a body id fetched without scoping (the bug): the case names union B's employer
    def unscoped(self: Any, queryset: Any, *, field: str, pk: Any) -> Any:
        return queryset.get(pk=pk)

    monkeypatch.setattr(ScopedAPIView, "scoped_get", unscoped)

    with pytest.raises(AssertionError, match="prober"):
        check_access(_case("case-create"), build_world())


def test_options_answering_records_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def options(self: Any, request: Any, *args: Any, **kwargs: Any) -> Response:
        return Response({"results": [{"number": "TJ2026-00001"}]})

    monkeypatch.setattr(ScopedAPIView, "options", options)

    with pytest.raises(AssertionError, match="OPTIONS answers data"):
        check_access(_case("api:disputes:case-detail-get"), build_world())
