"""The case and consultation lists export their filtered rows (core.exports), scoped."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.disputes.tests.access import CONSULTED, prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    prepare(world)
    return world


def _cells(world: World, who: str, url: str, **query: str) -> list[tuple[Any, ...]]:
    client = Client()
    client.force_login(world.user(who))
    response = client.get(url, {**query, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_case_list_exports_the_filtered_cases_of_the_scope(world: World) -> None:
    url = reverse("disputes:case_list")
    case, mediating = world.extra["case"], world.extra["mediating"]

    mine = _cells(world, "union_a_staff", url, status="all")
    only_one = _cells(world, "union_a_staff", url, q=case.number)

    assert mine[0][0] == "案件编号"
    assert {row[0] for row in mine[1:]} >= {case.number, mediating.number}
    assert [row[0] for row in only_one[1:]] == [case.number]
    assert _cells(world, "union_b_staff", url)[1:] == []
    assert AuditEntry.objects.filter(action=AuditAction.BULK).count() == 3


def test_the_overdue_list_exports_only_overdue_cases(world: World) -> None:
    rows = _cells(world, "union_a_staff", reverse("disputes:case_overdue"))
    assert [row[0] for row in rows[1:]] == [world.extra["mediating"].number]


def test_the_consultation_list_exports_its_rows(world: World) -> None:
    rows = _cells(world, "union_a_staff", reverse("disputes:consultation_list"))
    assert [row[5] for row in rows[1:]] == [CONSULTED]


@pytest.mark.parametrize("name", ["disputes:case_list", "disputes:consultation_list"])
def test_an_export_costs_the_same_queries_whatever_the_number_of_rows(
    world: World, name: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.disputes.services.consultations import consultation_log
    from gonghui.disputes.tests.access_api import apply

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = _cells(world, "union_a_staff", reverse(name), status="all")
        return len(captured), len(rows)

    few, rows = queries()
    committee = world.extra["committee"]
    for n in range(4):
        apply(world, committee)
        consultation_log(
            actor=world.system,
            organization=world.union_a,
            channel="phone",
            topic="wages",
            people=1,
            held_on=world.union_a.founded_on,
            worker_name=f"职工{n}",
        )
    more, more_rows = queries()
    assert (more, more_rows) == (few, rows + 4)
