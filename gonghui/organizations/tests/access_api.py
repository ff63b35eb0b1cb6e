"""Access cases of the organisation API (run by ``core/tests/test_access.py``)."""

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import CREDIT_CODES, AccessCase, World

# federation role over station B only: holds restructuring, but not over union A
RESTRUCTURER_B = "fed_b_staff"


def _union_url(name: str) -> Callable[[World], str]:
    def url(world: World) -> str:
        return reverse(f"api:organizations:{name}", kwargs={"pk": world.union_a.pk})

    return url


def _today() -> str:
    return timezone.localdate().isoformat()


def _new_union(world: World) -> dict[str, Any]:
    return {
        "parent": world.station_a.pk,
        "name": "丙公司工会",
        "union_kind": "standalone",
        "founded_on": "2024-05-01",
    }


def _new_entity(world: World) -> dict[str, Any]:
    return {
        "union": world.union_a.pk,
        "name": "丙贸易有限公司",
        "credit_code": CREDIT_CODES[2],
        "headcount": 30,
        "industry": "F",
        "covered_since": "2024-05-01",
    }


def _entity_url(world: World) -> str:
    return reverse("api:organizations:legal-entity-detail", kwargs={"pk": world.entity_a.pk})


def _coverage_url(world: World) -> str:
    return reverse("api:reports:coverage") + f"?node={world.union_a.pk}"


ACCESS_CASES = [
    AccessCase(
        name="api:organizations:union-list",
        url=lambda w: reverse("api:organizations:union-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.union_a.name,
    ),
    # founding needs ORG_FOUND (stations and the federation): the outsider is station B's
    AccessCase(
        name="api:organizations:union-list",
        url=lambda w: reverse("api:organizations:union-list"),
        method="post",
        data=_new_union,
        api=True,
        allowed="station_a_staff",
        outsider="station_b_staff",
        success=(201,),
    ),
    AccessCase(
        name="api:organizations:union-detail",
        url=_union_url("union-detail"),
        api=True,
    ),
    AccessCase(
        name="api:organizations:union-detail",
        url=_union_url("union-detail"),
        method="patch",
        data=lambda w: {"address": "新地址 1 号"},
        api=True,
        allowed="union_a_staff",
    ),
    AccessCase(
        name="api:organizations:union-move",
        url=_union_url("union-move"),
        method="post",
        data=lambda w: {"new_parent": w.station_b.pk},
        api=True,
        outsider=RESTRUCTURER_B,
    ),
    AccessCase(
        name="api:organizations:union-merge",
        url=_union_url("union-merge"),
        method="post",
        data=lambda w: {"into": w.union_b.pk, "on": _today(), "reason": "合并"},
        api=True,
        outsider=RESTRUCTURER_B,
    ),
    AccessCase(
        name="api:organizations:union-dissolve",
        url=_union_url("union-dissolve"),
        method="post",
        data=lambda w: {"on": _today(), "reason": "企业注销"},
        api=True,
        outsider=RESTRUCTURER_B,
    ),
    AccessCase(
        name="api:organizations:station-list",
        url=lambda w: reverse("api:organizations:station-list"),
        api=True,
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.station_a.name,
    ),
    AccessCase(
        name="api:organizations:legal-entity-list",
        url=lambda w: reverse("api:organizations:legal-entity-list"),
        api=True,
        listing=True,
        hidden=lambda w: w.entity_a.name,
    ),
    AccessCase(
        name="api:organizations:legal-entity-list",
        url=lambda w: reverse("api:organizations:legal-entity-list"),
        method="post",
        data=_new_entity,
        api=True,
        allowed="union_a_staff",
        success=(201,),
    ),
    AccessCase(
        name="api:organizations:legal-entity-detail",
        url=_entity_url,
        api=True,
    ),
    AccessCase(
        name="api:organizations:legal-entity-detail",
        url=_entity_url,
        method="patch",
        data=lambda w: {"headcount": 150},
        api=True,
        allowed="union_a_staff",
    ),
    AccessCase(
        name="api:reports:coverage",
        url=_coverage_url,
        api=True,
    ),
]
