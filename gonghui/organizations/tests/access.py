"""Who may open each registry page (run by ``core/tests/test_access.py``).

Restructuring (move, merge, dissolve) is granted to federation staff only; its outsider is
``fed_b_staff``, who holds the federation role over station B only, so union A's pages
must answer 404."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse

from gonghui.core.testing import CREDIT_CODES, AccessCase, World

RESTRUCTURE_OUTSIDER = "fed_b_staff"
ON = date(2024, 6, 30).isoformat()


def _union_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"organizations:{name}", args=[w.union_a.pk])


def _entity_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(f"organizations:{name}", args=[w.entity_a.pk])


def _create_url(w: World) -> str:
    return f"{reverse('organizations:union_create')}?parent={w.station_a.pk}"


def _found_data(w: World) -> dict[str, Any]:
    return {
        "parent": w.station_a.pk,
        "name": "丙公司工会",
        "union_kind": "standalone",
        "founded_on": "2024-05-01",
        "chair_name": "王五",
        "chair_phone": "13700001111",
        "direct_workers": "0",
    }


def _edit_data(w: World) -> dict[str, Any]:
    return {"name": w.union_a.name, "founded_on": "2021-03-01", "chair_name": "张三丰"}


def _entity_data(w: World) -> dict[str, Any]:
    return {
        "name": "丙贸易有限公司",
        "credit_code": CREDIT_CODES[2],
        "headcount": "30",
        "industry": "F",
        "covered_since": "2024-01-01",
    }


def _entity_edit_data(w: World) -> dict[str, Any]:
    return {**_entity_data(w), "name": w.entity_a.name, "credit_code": w.entity_a.credit_code}


def _form_cases(
    name: str,
    url: Callable[[World], str],
    data: Callable[[World], dict[str, Any]],
    **kwargs: Any,
) -> list[AccessCase]:
    return [
        AccessCase(name=name, url=url, **kwargs),
        AccessCase(name=name, url=url, method="post", data=data, success=(302,), **kwargs),
    ]


def _restructure_cases(name: str, data: Callable[[World], dict[str, Any]]) -> list[AccessCase]:
    return _form_cases(
        f"organizations:{name}",
        _union_url(name),
        data,
        allowed="fed_staff",
        outsider=RESTRUCTURE_OUTSIDER,
    )


ACCESS_CASES = [
    AccessCase(
        name="organizations:tree",
        url=lambda w: reverse("organizations:tree"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
    ),
    AccessCase(
        name="organizations:tree",
        url=lambda w: reverse("organizations:tree"),
        allowed="union_a_staff",
        outsider="union_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
        id="organizations:tree-union-staff",
    ),
    # a node's children as the tree draws them (fetched when a station is opened)
    AccessCase(
        name="organizations:tree_node",
        url=lambda w: reverse("organizations:tree_node", args=[w.station_a.pk]),
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
    AccessCase(
        name="organizations:tree_node",
        url=_union_url("tree_node"),
        allowed="union_a_staff",
        outsider="union_b_staff",
        id="organizations:tree_node-union",
    ),
    AccessCase(
        name="organizations:union_detail",
        url=_union_url("union_detail"),
        allowed="union_a_staff",
        outsider="union_b_staff",
    ),
    AccessCase(
        name="organizations:union_detail",
        url=_union_url("union_detail"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        id="organizations:union_detail-station",
    ),
    # founding names its parent in the address: a parent outside the scope is not found
    *_form_cases(
        "organizations:union_create",
        _create_url,
        _found_data,
        allowed="station_a_staff",
        outsider="station_b_staff",
    ),
    *_form_cases(
        "organizations:union_edit",
        _union_url("union_edit"),
        _edit_data,
        allowed="union_a_staff",
        outsider="union_b_staff",
    ),
    *_form_cases(
        "organizations:entity_attach",
        _union_url("entity_attach"),
        _entity_data,
        allowed="union_a_staff",
        outsider="union_b_staff",
    ),
    *_form_cases(
        "organizations:entity_edit",
        _entity_url("entity_edit"),
        _entity_edit_data,
        allowed="union_a_staff",
        outsider="union_b_staff",
    ),
    *_form_cases(
        "organizations:entity_move",
        _entity_url("entity_move"),
        lambda w: {"union": w.union_b.pk},
        allowed="fed_staff",
        outsider="station_b_staff",
    ),
    *_restructure_cases("union_move", lambda w: {"new_parent": w.station_b.pk}),
    *_restructure_cases("union_merge", lambda w: {"into": w.union_b.pk, "on": ON}),
    *_restructure_cases("union_dissolve", lambda w: {"on": ON, "reason": "企业注销"}),
    AccessCase(
        name="reports:coverage",
        url=lambda w: reverse("reports:coverage"),
        allowed="station_a_staff",
        outsider="station_b_staff",
        listing=True,
        hidden=lambda w: w.station_a.name,
    ),
    AccessCase(
        name="reports:coverage",
        url=lambda w: f"{reverse('reports:coverage')}?node={w.station_a.pk}",
        allowed="station_a_staff",
        outsider="station_b_staff",
        id="reports:coverage-node",
    ),
    AccessCase(
        name="reports:coverage_export",
        url=lambda w: f"{reverse('reports:coverage_export')}?node={w.union_a.pk}",
        allowed="union_a_staff",
        outsider="union_b_staff",
    ),
    # the workbook's cells are read; what else the outsider's export leaves out is
    # checked in test_exports.py
    AccessCase(
        name="organizations:export",
        url=lambda w: reverse("organizations:export"),
        allowed="union_a_staff",
        outsider="union_b_staff",
        listing=True,
        hidden=lambda w: w.union_a.name,
    ),
]
