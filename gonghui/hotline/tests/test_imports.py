"""Import of the platform's xlsx export and of JSON rows: idempotent on (source, number),
every bad row reported with its row and field, all or nothing."""

import io
from datetime import datetime
from typing import Any

import pytest
from openpyxl import Workbook

from gonghui.core import clocks
from gonghui.core.models import AuditEntry
from gonghui.core.testing import build_world
from gonghui.hotline.choices import Measure, TicketStatus
from gonghui.hotline.models import Ticket
from gonghui.hotline.services.imports import (
    ImportFileError,
    json_rows,
    read_workbook,
    ticket_import,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "工单编号",
    "来源",
    "受理时间",
    "来电人",
    "来电号码",
    "诉求内容",
    "诉求类别",
    "承办单位",
    "状态",
]


def xlsx(rows: list[list[Any]], header: list[str] | None = None, title: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(number: str, **changes: Any) -> list[Any]:
    values = {
        "number": number,
        "source": "12345",
        "received_at": datetime(2026, 11, 2, 9, 30),  # noqa: DTZ001 - a cell has no zone
        "caller": "李来电",
        "phone": "13800001111",
        "request": "反映公司未缴社保",
        "category": "社会保险",
        "unit": "甲公司工会",
        "status": "已办结",
    }
    values.update(changes)
    return list(values.values())


def _import(world: Any, content: bytes, **kwargs: Any) -> Any:
    return ticket_import(
        actor=world.user("fed_staff"),
        organization=world.federation,
        rows=read_workbook(content),
        **kwargs,
    )


def test_a_file_creates_tickets_dispatched_to_the_named_unit() -> None:
    world = build_world()
    result = _import(world, xlsx([_row("T1"), _row("T2", unit="")], title="12345工单导出"))

    assert (result.committed, result.created, result.errors) == (True, ["T1", "T2"], [])
    first = Ticket.objects.get(number="T1")
    assert (first.status, first.organization, first.owner, first.category) == (
        TicketStatus.DISPATCHED,
        world.union_a,
        world.federation,
        "social_insurance",
    )
    assert first.caller_phone == "+8613800001111"
    assert Ticket.objects.get(number="T2").status == TicketStatus.RECEIVED
    assert Measure.CONTACT in clocks.clocks_of(first)


def test_a_second_import_updates_reports_what_changed_and_never_duplicates() -> None:
    world = build_world()
    _import(world, xlsx([_row("T1"), _row("T2")]))

    again = _import(world, xlsx([_row("T1", request="反映公司未缴社保和公积金"), _row("T2")]))

    assert again.committed and again.created == []
    assert again.updated == [{"number": "T1", "fields": ["request"]}]
    assert again.unchanged == ["T2"]
    assert Ticket.objects.filter(number="T1").count() == 1
    assert Ticket.objects.get(number="T1").request == "反映公司未缴社保和公积金"
    assert AuditEntry.objects.filter(message="导入更新").count() == 1


def test_every_bad_row_is_reported_and_nothing_is_written() -> None:
    world = build_world()
    content = xlsx(
        [
            _row("T1"),
            _row("", request=""),
            _row("T3", received_at="昨天", category="不知道"),
            _row("T4", unit="乙公司工会", phone="123"),
            _row("T1"),
        ]
    )
    station = world.user("station_a_staff")
    result = ticket_import(actor=station, organization=world.station_a, rows=read_workbook(content))

    found = {(e.row, e.field) for e in result.errors}
    assert found == {
        (3, "number"),
        (3, "request"),
        (4, "received_at"),
        (4, "category"),
        (5, "unit"),
        (5, "caller_phone"),
        (6, "number"),
    }
    messages = {(e.row, e.field): e.message for e in result.errors}
    assert messages[(3, "request")] == "请填写诉求内容"
    assert messages[(6, "number")] == "与第 2 行的工单编号重复"
    assert not result.committed and Ticket.objects.count() == 0


def test_a_dry_run_says_what_would_happen_and_writes_nothing() -> None:
    world = build_world()
    result = _import(world, xlsx([_row("T1")]), dry_run=True)
    assert result.created == ["T1"] and not result.committed
    assert Ticket.objects.count() == 0


def test_headers_have_aliases_and_json_rows_use_the_same_service() -> None:
    world = build_world()
    header = ["工单号", "热线", "来电时间", "诉求人", "联系电话", "来电内容", "问题类别"]
    result = _import(
        world, xlsx([["J1", "职工热线", "2026-11-02 10:00", "赵", "", "咨询", "政策咨询"]], header)
    )
    assert result.created == ["J1"] and Ticket.objects.get(number="J1").source == "12351"

    rows = json_rows(
        [
            {
                "number": "J1",
                "source": "12351",
                "received_at": "2026-11-02T10:00:00+08:00",
                "request": "咨询入会",
                "category": "membership",
            }
        ]
    )
    fed = world.user("fed_staff")
    again = ticket_import(actor=fed, organization=world.federation, rows=rows)
    assert again.updated == [{"number": "J1", "fields": ["caller_name", "request", "category"]}]


def test_a_file_that_is_not_the_export_is_refused() -> None:
    with pytest.raises(ImportFileError):
        read_workbook(b"")
    with pytest.raises(ImportFileError):
        read_workbook(xlsx([["x"]], header=["姓名", "电话"]))
    with pytest.raises(ImportFileError):
        read_workbook("工单编号,来源\n1,12345\n".encode())


def test_the_page_shows_every_bad_row_then_imports_the_corrected_file() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    world = build_world()
    client = Client()
    client.force_login(world.user("fed_staff"))
    url = reverse("hotline:ticket_import")
    bad = xlsx([_row("T1"), _row("T2", category="不知道")])

    page = client.post(
        url,
        {
            "organization": world.federation.pk,
            "file": SimpleUploadedFile("export.xlsx", bad),
        },
    )
    text = page.content.decode()
    assert "文件未导入" in text and "诉求类别" in text and "请选择诉求类别" in text
    assert Ticket.objects.count() == 0

    good = xlsx([_row("T1"), _row("T2")])
    page = client.post(
        url, {"organization": world.federation.pk, "file": SimpleUploadedFile("e.xlsx", good)}
    )
    assert "已导入" in page.content.decode()
    assert Ticket.objects.count() == 2


def test_the_api_takes_the_file_or_json_rows_and_says_what_changed() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    world = build_world()
    client = Client()
    client.force_login(world.user("fed_staff"))
    url = reverse("api:hotline:ticket-import")

    first = client.post(
        url,
        {
            "organization": world.federation.pk,
            "file": SimpleUploadedFile("e.xlsx", xlsx([_row("T1")])),
        },
    ).json()
    assert first["committed"] and first["created"] == ["T1"]
    rows = [
        {
            "工单编号": "T1",
            "来源": "12345",
            "受理时间": "2026-11-02 09:30",
            "来电人": "李来电",
            "来电号码": "13800001111",
            "诉求内容": "反映公司未缴社保（补充材料）",
            "诉求类别": "社会保险",
        },
        {"工单编号": "T9", "来源": "110"},
    ]
    answer = client.post(
        url, {"organization": world.federation.pk, "rows": rows}, content_type="application/json"
    ).json()
    assert not answer["committed"]
    assert {(e["row"], e["field"]) for e in answer["errors"]} == {
        (2, "source"),
        (2, "received_at"),
        (2, "request"),
        (2, "category"),
    }
    answer = client.post(
        url,
        {"organization": world.federation.pk, "rows": rows[:1]},
        content_type="application/json",
    ).json()
    assert answer["updated"] == [{"number": "T1", "fields": ["request"]}]
    assert Ticket.objects.count() == 1


def test_an_import_by_a_user_reading_english_still_reads_the_platforms_chinese_names() -> None:
    from django.utils import translation

    world = build_world()
    with translation.override("en"):
        result = _import(world, xlsx([_row("E1")]))

    assert (result.committed, result.created, result.errors) == (True, ["E1"], [])
