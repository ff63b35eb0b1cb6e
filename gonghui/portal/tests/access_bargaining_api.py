"""Who may call the member's congress-proposal endpoints (run by
``core/tests/test_access.py``): ``allowed`` is a member of union A elected a
representative, with a proposal answered by the union; ``outsider`` a member who holds no
seat (404 for the proposal and a session, empty lists); staff accounts get 403."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from gonghui.core.testing import AccessCase, World
from gonghui.portal.tests.access import OTHER_MEMBER, OWNER, STAFF
from gonghui.portal.tests.access_bargaining import prepare  # the same records as the pages


def _case(name: str, url: Callable[[World], str], **kwargs: Any) -> AccessCase:
    values: dict[str, Any] = {
        "allowed": OWNER,
        "outsider": OTHER_MEMBER,
        "unprivileged": STAFF,
        "api": True,
        "prepare": prepare,
    }
    values.update(kwargs)
    return AccessCase(name=f"api:portal:{name}", url=url, **values)


def _proposal(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"api:portal:{name}", args=[w.extra["proposal"].pk])


ACCESS_CASES = [
    _case(
        "bargaining-proposal-list",
        lambda w: reverse("api:portal:bargaining-proposal-list"),
        listing=True,
        hidden=lambda w: w.extra["proposal"].number,
    ),
    _case(
        "bargaining-proposal-list",
        lambda w: reverse("api:portal:bargaining-proposal-list"),
        method="post",
        data=lambda w: {"session": w.extra["session"].pk, "title": "增设母婴室", "content": "x"},
        success=(201,),
        id="api:portal:bargaining-proposal-list-post",
    ),
    _case("bargaining-proposal-detail", _proposal("bargaining-proposal-detail")),
    _case(
        "bargaining-proposal-rate",
        _proposal("bargaining-proposal-rate"),
        method="post",
        data=lambda w: {"satisfaction": "satisfied", "note": "落实很快"},
    ),
    _case(
        "bargaining-session-list",
        lambda w: reverse("api:portal:bargaining-session-list"),
        listing=True,
        hidden=lambda w: w.extra["congress"].name,
    ),
]
