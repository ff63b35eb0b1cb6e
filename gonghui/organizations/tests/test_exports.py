import io
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.documents import xlsx
from gonghui.organizations import services
from gonghui.organizations.choices import UnionKind

pytestmark = pytest.mark.django_db

EXPORT = reverse("organizations:export")
UNION_HEADERS = [
    "组织代码",
    "工会名称",
    "建会方式",
    "所属服务站",
    "上级组织",
    "成立日期",
    "状态",
    "覆盖职工数",
    "规模",
    "工会主席",
    "主席电话",
    "法人单位数",
]
ENTITY_HEADERS = ["单位名称", "统一社会信用代码", "职工人数", "行业", "所在工会"]


def _download(world: World, user: str, **params: Any) -> Any:
    client = Client()
    client.force_login(world.user(user))
    return client.get(EXPORT, params)


def _sheets(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    workbook = load_workbook(io.BytesIO(response.content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def _union_rows(response: Any) -> dict[str, tuple[Any, ...]]:
    return {row[1]: row for row in _sheets(response)["工会名册"][1:]}


def test_export_is_an_xlsx_named_in_utf8_with_both_sheets() -> None:
    world = build_world()

    response = _download(world, "fed_staff")

    day = f"{timezone.localdate():%Y%m%d}"
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(f'工会名册-{day}.xlsx')}"
    )
    sheets = _sheets(response)
    assert list(sheets) == ["工会名册", "法人单位"]
    assert list(sheets["工会名册"][0]) == UNION_HEADERS
    assert list(sheets["法人单位"][0]) == ENTITY_HEADERS


def test_export_rows_carry_the_registry_with_the_phone_masked() -> None:
    world = build_world()

    response = _download(world, "union_a_staff")

    (row,) = _sheets(response)["工会名册"][1:]
    assert row == (
        world.union_a.code,
        "甲公司工会",
        "单独建会",
        "第一服务站",
        "第一服务站",
        row[5],
        "正常",
        120,
        "百人以上",
        "张三",
        "138****5678",
        1,
    )
    assert row[5].date() == date(2021, 3, 1)
    assert _sheets(response)["法人单位"][1:] == [
        ("甲科技有限公司", "91110302MA01A0B01F", 120, "制造业", "甲公司工会")
    ]
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_export_unmasks_the_phone_with_the_flag_and_audits_it() -> None:
    world = build_world()

    response = _download(world, "pii_a_staff")

    assert _union_rows(response)["甲公司工会"][10] == "13812345678"
    (entry,) = AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA)
    assert (entry.object_id, entry.actor) == (str(world.union_a.pk), world.user("pii_a_staff"))


def _export_entries() -> list[AuditEntry]:
    return [e for e in AuditEntry.objects.filter(action=AuditAction.BULK) if "export" in e.changes]


@pytest.mark.parametrize(("user", "unmasked"), [("station_a_staff", 0), ("pii_a_staff", 1)])
def test_every_export_is_audited_with_its_rows_and_masking(user: str, unmasked: int) -> None:
    world = build_world()

    _download(world, user)

    (entry,) = _export_entries()
    assert entry.actor == world.user(user)
    assert entry.changes["export"] == "工会名册"
    assert (entry.changes["rows"], entry.changes["unmasked_rows"]) == (1, unmasked)
    assert entry.changes["masked"] is (unmasked == 0)


def test_export_leaves_out_unions_and_entities_outside_the_scope() -> None:
    world = build_world()

    response = _download(world, "station_a_staff")

    sheets = _sheets(response)
    assert set(_union_rows(response)) == {"甲公司工会"}
    assert [row[0] for row in sheets["法人单位"][1:]] == ["甲科技有限公司"]
    assert "乙" not in str(sheets)


def test_export_applies_the_list_filters() -> None:
    world = build_world()

    response = _download(world, "fed_staff", station=world.station_b.pk)

    assert set(_union_rows(response)) == {"乙公司工会"}
    assert [row[4] for row in _sheets(response)["法人单位"][1:]] == ["乙公司工会"]


def test_export_runs_the_same_queries_for_few_and_many_unions() -> None:
    world = build_world()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _download(world, "fed_staff").status_code == 200
        return len(captured)

    few = queries()
    joint = services.union_found(
        actor=world.system,
        parent=world.station_a,
        name="园区联合会",
        union_kind=UnionKind.JOINT,
        founded_on=date(2022, 1, 1),
    )
    for number in range(20):
        services.union_found(
            actor=world.system,
            parent=joint if number % 2 else world.station_b,
            name=f"企业{number}号工会",
            union_kind=UnionKind.STANDALONE,
            founded_on=date(2022, 1, 1),
        )
    many = queries()

    assert few == many


def test_a_formula_in_a_name_is_written_as_text() -> None:
    world = build_world()
    services.union_update(actor=world.system, union=world.union_a, name='=HYPERLINK("x")')

    response = _download(world, "fed_staff")

    workbook = load_workbook(io.BytesIO(response.content))
    cell = workbook["工会名册"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")
