"""The one export mechanism (core.exports): columns declared once, personal data masked by
each row's policy, every export audited, unmasked rows recorded."""

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gonghui.core.exports import Column, Export, workbook
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db

PHONES = Export(
    what="电话表",
    organization=lambda union: union,
    columns=(
        Column("名称", lambda u: u.name),
        Column("电话", lambda u: u.chair_phone, personal="phone", audited="chair_phone"),
    ),
)


@pytest.fixture
def world() -> World:
    world = build_world()
    for union in (world.union_a, world.union_b):
        union.chair_phone = "13812345678"
        union.save(update_fields=["chair_phone"])
    return world


def _cells(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_each_row_is_masked_by_its_own_policy_and_the_shown_ones_recorded(world: World) -> None:
    # pii_a_staff may see union A's personal data, not union B's
    user = world.user("pii_a_staff")
    content = workbook(actor=user, parts=[(PHONES, [world.union_a, world.union_b])])

    assert _cells(content) == [
        ("名称", "电话"),
        (world.union_a.name, "13812345678"),
        (world.union_b.name, "138****5678"),
    ]
    shown = AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA)
    assert [e.object_id for e in shown] == [str(world.union_a.pk)]
    (export,) = AuditEntry.objects.filter(action=AuditAction.BULK)
    assert export.changes["rows"] == 2 and export.changes["unmasked_rows"] == 1


def test_a_masked_export_is_audited_too_and_asks_each_policy_once(world: World) -> None:
    user = world.user("fed_staff")
    rows = [world.union_a, world.union_b, world.union_a, world.union_b]
    with CaptureQueriesContext(connection) as captured:
        content = workbook(actor=user, parts=[(PHONES, rows)], filters={"q": "工会"})
    assert len(captured) <= 2 + 2  # a policy per union, the export entry (+ savepoints)

    assert all(row[1] == "138****5678" for row in _cells(content)[1:])
    (export,) = AuditEntry.objects.filter(action=AuditAction.BULK)
    assert export.changes["masked"] is True and export.changes["filters"] == {"q": "工会"}
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_an_unknown_kind_of_personal_data_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        Column("x", lambda r: r, personal="salary")
