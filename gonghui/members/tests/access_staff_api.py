"""Access cases of the staff membership API (run by ``core/tests/test_access.py``): an
application and a member in union A are prepared through the services; union B's staff
are the outsiders."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import AccessCase, World
from gonghui.members.tests.access_staff import applications_of_b, prepare


def _pk_url(name: str, key: str, attr: str = "pk") -> Callable[[World], str]:
    def url(world: World) -> str:
        return reverse(f"api:members:{name}", kwargs={"pk": getattr(world.extra[key], attr)})

    return url


def _post(
    name: str, url: Callable[[World], str], data: dict[str, Any], **kwargs: Any
) -> AccessCase:
    return AccessCase(
        name=name,
        url=url,
        method="post",
        data=lambda w: data,
        api=True,
        prepare=prepare,
        allowed="union_a_staff",
        **kwargs,
    )


def _today() -> str:
    return timezone.localdate().isoformat()


ACCESS_CASES = [
    AccessCase(
        name="api:members:application-list",
        url=lambda w: reverse("api:members:application-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.extra["application"].number,
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="api:members:application-detail",
        url=_pk_url("application-detail", "application"),
        api=True,
        allowed="station_a_staff",
        prepare=prepare,
    ),
    _post(
        "api:members:application-approve",
        _pk_url("application-approve", "application"),
        {"started_on": _today()},
    ),
    AccessCase(
        name="api:members:application-batch-approve",
        url=lambda w: reverse("api:members:application-batch-approve"),
        method="post",
        data=lambda w: {"applications": [w.extra["application"].pk]},
        api=True,
        allowed="union_a_staff",
        foreign_ids={"applications": applications_of_b},
        prepare=prepare,
    ),
    _post(
        "api:members:application-reject",
        _pk_url("application-reject", "application"),
        {"reason": "不在本单位工作"},
    ),
    _post(
        "api:members:application-request-info",
        _pk_url("application-request-info", "application"),
        {"reason": "请补充工作单位全称"},
    ),
    AccessCase(
        name="api:members:membership-list",
        url=lambda w: reverse("api:members:membership-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.extra["membership"].number,
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="api:members:membership-search",
        url=lambda w: reverse("api:members:membership-search"),
        method="post",
        data=lambda w: {"q": w.extra["membership"].person.id_number},
        api=True,
        listing=True,
        hidden=lambda w: w.extra["membership"].number,
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="api:members:application-search",
        url=lambda w: reverse("api:members:application-search"),
        method="post",
        data=lambda w: {"q": w.extra["application"].id_number},
        api=True,
        listing=True,
        hidden=lambda w: w.extra["application"].number,
        allowed="union_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="api:members:membership-end",
        url=_pk_url("membership-end", "membership"),
        method="post",
        data=lambda w: {"status": "lapsed", "ended_on": _today(), "reason": "连续六个月未交会费"},
        api=True,
        allowed="station_a_staff",
        prepare=prepare,
    ),
    AccessCase(
        name="api:members:person-detail",
        url=_pk_url("person-detail", "membership", "person_id"),
        api=True,
        allowed="union_a_staff",
        prepare=prepare,
    ),
]
