"""The roster pages: upload to done (Celery eager), the status JSON, the template, the
error report, the list, and the member export with its masking."""

import io
import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.core import disclosure, pii
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.members.choices import MembershipSource
from gonghui.members.models import Membership, Person, RosterImport
from gonghui.members.roster import samples
from gonghui.members.roster.columns import HEADERS
from gonghui.members.services.memberships import membership_start
from gonghui.members.services.people import derived_fields
from gonghui.members.services.roster import roster_import_create, roster_import_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded rosters and error reports go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


NEW = reverse("members:roster_import_new")
LIST = reverse("members:roster_import_list")


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _xlsx(rows: list[list[Any]], name: str = "名册.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    samples.write_xlsx(buffer, rows)
    return SimpleUploadedFile(name, buffer.getvalue())


def _sheets(content: bytes) -> list[list[list[Any]]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [[list(r) for r in sheet.iter_rows(values_only=True)] for sheet in workbook]


def _rows(count: int, seed: int = 1) -> list[list[Any]]:
    return samples.roster_rows(random.Random(seed), count)


def test_an_upload_is_imported_in_the_background_and_its_page_shows_the_result(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given
    world = build_world()
    client = _client(world, "union_a_staff")
    upload = _xlsx(_rows(3))

    # when: the form is sent (the task runs eagerly once the request's writes commit)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(NEW, {"union": world.union_a.pk, "file": upload})

    # then
    record = RosterImport.objects.get()
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("members:roster_import_detail", args=[record.pk])
    assert (record.status, record.created_count, record.file_name) == ("done", 3, "名册.xlsx")
    assert record.actor == world.user("union_a_staff")
    assert Membership.objects.filter(union=world.union_a).count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "新增会员 3 人" in page
    assert "<script>" not in page  # finished: nothing to poll


def test_the_status_json_reports_progress_and_the_page_polls_it() -> None:
    # given: an import half checked
    world = build_world()
    record = roster_import_create(
        actor=world.user("union_a_staff"), union=world.union_a, file_name="a.csv", content=b"x"
    )
    RosterImport.objects.filter(pk=record.pk).update(
        status=RosterImport.Status.RUNNING, total_rows=4000, processed_rows=2000
    )
    client = _client(world, "union_a_staff")

    # when
    status = client.get(reverse("members:roster_import_status", args=[record.pk])).json()
    page = client.get(reverse("members:roster_import_detail", args=[record.pk])).content.decode()

    # then
    assert status["status"] == "running" and status["finished"] is False
    assert (status["percent"], status["processed_rows"], status["total_rows"]) == (50, 2000, 4000)
    assert status["text"] == "正在检查：2,000 / 4,000 行"
    assert status["error_report_url"] == ""
    assert reverse("members:roster_import_status", args=[record.pk]) in page
    assert "setTimeout(poll, 1000)" in page
    assert 'value="50"' in page


def test_a_failed_upload_offers_its_error_report(django_capture_on_commit_callbacks: Any) -> None:
    # given: a roster with one bad phone
    world = build_world()
    rows = _rows(2)
    rows[1][2] = "12"
    client = _client(world, "union_a_staff")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {"union": world.union_a.pk, "file": _xlsx(rows), "dry_run": "on"})
    record = RosterImport.objects.get()

    # when
    status = client.get(reverse("members:roster_import_status", args=[record.pk])).json()
    download = client.get(status["error_report_url"])

    # then
    assert (status["status"], status["finished"], status["errors"]) == ("failed", True, 1)
    assert record.dry_run and "本次只检查" in status["text"]
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    bad_rows, details = _sheets(download.content)
    assert bad_rows[0] == ["行号", *HEADERS, "错误说明"]
    assert bad_rows[1][0] == 3 and "手机号：" in bad_rows[1][-1]
    assert details[1][:2] == [3, "手机号"]


def _failed_import(world: World, user: str = "union_a_staff") -> tuple[RosterImport, list[Any]]:
    """An import of two rows, the second with a bad start date, by ``user``."""
    rows = _rows(2, seed=5)
    rows[1][3] = "明天"
    buffer = io.BytesIO()
    samples.write_xlsx(buffer, rows)
    record = roster_import_create(
        actor=world.user(user),
        union=world.union_a,
        file_name="a.xlsx",
        content=buffer.getvalue(),
        dry_run=True,
    )
    return roster_import_run(pk=record.pk), rows[1]


def _download(client: Client, record: RosterImport) -> list[list[list[Any]]]:
    response = client.get(reverse("members:roster_error_report", args=[record.pk]))
    assert response.status_code == 200
    return _sheets(response.content)


def test_the_error_report_masks_id_numbers_and_phones_without_the_permission() -> None:
    # given: an error report made for staff who may see personal data
    world = build_world()
    record, bad = _failed_import(world, "pii_a_staff")
    audits = AuditEntry.objects.count()

    # when: staff of the union without the permission download it
    bad_rows, _details = _download(_client(world, "union_a_staff"), record)

    # then: the ID number and phone are masked as in every export; the export is audited
    assert bad_rows[1][2] == pii.mask_id_number(bad[1])
    assert bad_rows[1][3] == pii.mask_phone(pii.normalize_phone(bad[2]))
    assert bad[1] not in str(bad_rows) and bad[2] not in str(bad_rows)
    assert bad_rows[1][1] == bad[0] and "入会日期" in bad_rows[1][-1]
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == audits + 1
    assert entry is not None and entry.action == AuditAction.BULK
    assert entry.changes["masked"] is True and entry.changes["rows"] == 1


def test_the_error_report_shows_personal_data_when_permitted_and_audits_it() -> None:
    world = build_world()
    record, bad = _failed_import(world)
    audits = AuditEntry.objects.count()

    bad_rows, _details = _download(_client(world, "pii_a_staff"), record)

    assert bad_rows[1][2:4] == [bad[1], bad[2]]
    entries = list(AuditEntry.objects.filter(pk__gt=0).order_by("pk"))[audits:]
    assert {e.action for e in entries} == {AuditAction.BULK, AuditAction.VIEW_PERSONAL_DATA}
    viewed = next(e for e in entries if e.action == AuditAction.VIEW_PERSONAL_DATA)
    assert viewed.object_id == str(record.pk)


def test_the_upload_view_stores_the_file_and_queues_the_task_without_reading_it(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    # given: reading a workbook fails loudly, and the task is only recorded as queued
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the workbook was read in the request")

    monkeypatch.setattr("gonghui.members.services.roster.read_table", never)
    monkeypatch.setattr("gonghui.members.roster.reading.read_table", never)
    queued: list[int] = []
    monkeypatch.setattr("gonghui.members.tasks.run_roster_import.delay", queued.append)
    world = build_world()
    client = _client(world, "union_a_staff")

    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(NEW, {"union": world.union_a.pk, "file": _xlsx(_rows(2))})

    # then: stored and pending; the task is queued only once the request's writes commit
    record = RosterImport.objects.get()
    assert response.status_code == 302
    assert (record.status, queued) == (RosterImport.Status.PENDING, [])
    assert str(record.file.name).startswith("imports/")
    for callback in callbacks:
        callback()
    assert queued == [record.pk]


def test_an_import_without_errors_has_no_report() -> None:
    world = build_world()
    record = roster_import_create(
        actor=world.user("union_a_staff"), union=world.union_a, file_name="a.csv", content=b"x"
    )
    client = _client(world, "union_a_staff")

    response = client.get(reverse("members:roster_error_report", args=[record.pk]))

    assert response.status_code == 404


def test_the_form_explains_an_empty_file_and_offers_only_unions_in_scope() -> None:
    # given
    world = build_world()
    client = _client(world, "union_b_staff")

    # when: an empty file, and union A which union B's staff may not import into
    empty = client.post(NEW, {"union": world.union_b.pk, "file": SimpleUploadedFile("a.xlsx", b"")})
    elsewhere = client.post(NEW, {"union": world.union_a.pk, "file": _xlsx(_rows(1))})

    # then: nothing is recorded
    assert "文件是空的" in empty.content.decode()
    assert elsewhere.status_code == 200
    assert list(elsewhere.context["form"].errors) == ["union"]
    assert RosterImport.objects.count() == 0


def test_the_list_shows_the_imports_of_the_scope_and_filters_by_union() -> None:
    # given: an import in each union
    world = build_world()
    for union, name in ((world.union_a, "甲名册.xlsx"), (world.union_b, "乙名册.xlsx")):
        roster_import_create(actor=world.system, union=union, file_name=name, content=b"x")

    # when
    everything = _client(world, "fed_staff").get(LIST).content.decode()
    only_b = _client(world, "fed_staff").get(LIST, {"union": world.union_b.pk}).content.decode()
    union_a = _client(world, "union_a_staff").get(LIST).content.decode()

    # then
    assert "甲名册.xlsx" in everything and "乙名册.xlsx" in everything
    assert "甲名册.xlsx" not in only_b and "乙名册.xlsx" in only_b
    assert reverse("members:member_export", args=[world.union_b.pk]) in only_b
    assert "甲名册.xlsx" in union_a and "乙名册.xlsx" not in union_a


def test_the_template_has_the_headers_a_valid_example_refused_if_left_in_and_notes(
    tmp_path: Path,
) -> None:
    # given
    world = build_world()
    response = _client(world, "union_a_staff").get(reverse("members:roster_template"))
    roster, notes = _sheets(response.content)

    # when: the template is uploaded as it is
    record = roster_import_create(
        actor=world.user("union_a_staff"),
        union=world.union_a,
        file_name="模板.xlsx",
        content=response.content,
    )
    record = roster_import_run(pk=record.pk)

    # then: the example row's only fault is to be the example
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert roster[0] == list(HEADERS)
    assert notes[0] == ["列", "是否必填", "说明"]
    assert [row[0] for row in notes[1:8]] == list(HEADERS)
    assert (record.status, record.error_count) == ("failed", 1)
    with record.error_report.open("rb") as handle:
        details = _sheets(handle.read())[1]
    assert details[1:] == [[2, "身份证号", "这是模板中的示例行，请删除后再导入"]]


# --- export ----------------------------------------------------------------------------


def _members(world: World, count: int) -> list[Membership]:
    memberships = []
    for name, number, phone, *_rest in _rows(count, seed=count):
        person = Person.objects.create(
            name=name, id_number=number, phone=f"+86{phone}", **derived_fields(number)
        )
        memberships.append(
            membership_start(
                actor=world.system,
                person=person,
                union=world.union_a,
                started_on=date(2024, 1, 2),
                source=MembershipSource.IMPORT,
                notify=False,
            )
        )
    return memberships


def _export(world: World, user: str) -> tuple[Any, list[list[Any]]]:
    response = _client(world, user).get(reverse("members:member_export", args=[world.union_a.pk]))
    return response, _sheets(response.content)[0]


def test_the_export_masks_id_numbers_and_phones_for_staff_without_the_permission() -> None:
    # given
    world = build_world()
    member = _members(world, 2)[0]
    audits = AuditEntry.objects.count()

    # when
    response, sheet = _export(world, "union_a_staff")

    # then
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert sheet[0][:4] == ["会员编号", "姓名", "身份证号", "手机号"]
    row = next(r for r in sheet[1:] if r[0] == member.number)
    assert row[2] == pii.mask_id_number(member.person.id_number)
    assert row[3] == pii.mask_phone(member.person.phone)
    person = member.person
    assert row[4:] == [
        person.get_sex_display(),
        disclosure.age_band(person.birth_date),  # never the date beside a masked number
        None,  # no employer
        "单位职工",
        None,  # no platform
        datetime(2024, 1, 2),  # noqa: DTZ001 - a naive cell value, as Excel keeps it
        "在会",
    ]
    assert AuditEntry.objects.count() == audits + 1  # the export itself, masked
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_the_export_shows_personal_data_when_permitted_and_audits_it_in_one_statement() -> None:
    # given
    world = build_world()
    memberships = _members(world, 3)
    client_user = "pii_a_staff"

    # when
    with CaptureQueriesContext(connection) as queries:
        response, sheet = _export(world, client_user)

    # then: full values, and one disclosure entry for the union's rows, naming them
    numbers = {m.number: m for m in memberships}
    for row in sheet[1:]:
        person = numbers[row[0]].person
        assert (row[1], row[2], row[3]) == (person.name, person.id_number, person.phone[3:])
    [entry] = AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA)
    assert set(entry.changes["records"]) == {str(m.pk) for m in memberships}
    assert entry.organization_id == world.union_a.pk
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    # one statement for the rows shown, one entry for the export itself
    assert len([q for q in inserts if "core_auditentry" in q["sql"]]) == 2
    assert response.status_code == 200


def test_the_export_reads_the_members_in_a_fixed_number_of_queries() -> None:
    # given: a union with 3 members, then with 30
    world = build_world()
    counts = []
    for size in (3, 27):
        _members(world, size)
        client = _client(world, "union_a_staff")
        url = reverse("members:member_export", args=[world.union_a.pk])
        client.get(url)  # warm the session and content types
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
        assert len(_sheets(response.content)[0]) == Membership.objects.count() + 1

    # then
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_staff_of_one_union_find_it_chosen_on_the_upload_form(client) -> None:  # type: ignore[no-untyped-def]
    from gonghui.core.testing import build_world

    world = build_world()
    client.force_login(world.user("union_a_staff"))
    form = client.get("/members/roster/new/").context["form"]
    assert form["union"].value() == world.union_a.pk
    client.force_login(world.user("fed_staff"))
    assert client.get("/members/roster/new/").context["form"]["union"].value() is None
