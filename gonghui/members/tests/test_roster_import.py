"""Roster import through the services, with real files and the real database."""

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from gonghui.core import pii
from gonghui.core.models import AuditAction, AuditEntry, StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import CREDIT_CODES, World, build_world
from gonghui.members.choices import EmploymentKind, MembershipSource, MembershipStatus, Platform
from gonghui.members.models import Membership, Person, RosterImport
from gonghui.members.roster import samples
from gonghui.members.roster.columns import HEADERS
from gonghui.members.services.memberships import membership_end, membership_start
from gonghui.members.services.people import derived_fields
from gonghui.members.services.roster import roster_import_create, roster_import_run
from gonghui.organizations import services as org_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded rosters and error reports go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


DONE, FAILED, CHECKED = (
    RosterImport.Status.DONE,
    RosterImport.Status.FAILED,
    RosterImport.Status.CHECKED,
)


def run_import(
    world: World,
    path: Path,
    *,
    union: Any = None,
    actor: str = "union_a_staff",
    **options: Any,
) -> RosterImport:
    record = roster_import_create(
        actor=world.user(actor),
        union=union or world.union_a,
        file_name=path.name,
        content=path.read_bytes(),
        **options,
    )
    return roster_import_run(pk=record.pk)


def rows(count: int, seed: int = 1, **kwargs: Any) -> list[list[Any]]:
    return samples.roster_rows(random.Random(seed), count, **kwargs)


def state() -> tuple[int, int, int]:
    return Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count()


def member(world: World, number: str, union: Any, name: str = "老会员") -> Membership:
    person = Person.objects.create(
        name=name, id_number=number, phone="+8613900000000", **derived_fields(number)
    )
    return membership_start(
        actor=world.system,
        person=person,
        union=union,
        started_on=date(2022, 1, 1),
        source=MembershipSource.APPLICATION,
        notify=False,
    )


def report(record: RosterImport) -> tuple[list[list[Any]], list[list[Any]]]:
    """The error report's two sheets, as lists of rows (headers first)."""
    with record.error_report.open("rb") as handle:
        workbook = load_workbook(handle, read_only=True)
        sheets = [[list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook]
    return sheets[0], sheets[1]


# --- a good roster ---------------------------------------------------------------------


def test_a_valid_roster_creates_people_and_memberships_audited_as_one_entry(
    tmp_path: Path,
) -> None:
    # given: a roster naming employers by name and by credit code, and a platform worker
    world = build_world()
    roster = rows(5)
    roster[0][4] = "甲科技有限公司"
    roster[1][4] = CREDIT_CODES[0].lower()
    roster[2][4] = "某某小饭馆"
    roster[3][5:7] = ["新就业形态劳动者", "外卖骑手"]
    roster[4][5:7] = ["", "快递员"]
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, roster)
    audits_before = AuditEntry.objects.count()

    # when
    record = run_import(world, path)

    # then: every row is a new member of union A with a member number
    assert (record.status, record.created_count, record.updated_count) == (DONE, 5, 0)
    assert (record.total_rows, record.processed_rows, record.error_count) == (5, 5, 0)
    memberships = Membership.objects.filter(union=world.union_a).select_related("person")
    assert memberships.count() == 5
    assert {m.source for m in memberships} == {MembershipSource.IMPORT}
    assert {m.status for m in memberships} == {MembershipStatus.ACTIVE}
    assert len({m.number for m in memberships}) == 5
    # each membership's history starts with the import, by the importer
    history = StatusChange.objects.filter(workflow="membership", object_id__in=memberships)
    assert sorted(history.values_list("object_id", flat=True)) == sorted(m.pk for m in memberships)
    assert {(h.step, h.to_state, h.actor_id) for h in history} == {
        ("start", MembershipStatus.ACTIVE, record.actor_id)
    }
    people = {p.id_number: p for p in Person.objects.all()}
    first = people[roster[0][1]]
    assert first.name == roster[0][0]
    assert first.phone == f"+86{roster[0][2]}"
    assert first.id_number_index == pii.blind_index(roster[0][1])
    assert first.birth_date == derived_fields(roster[0][1])["birth_date"]
    assert first.employer == world.entity_a
    assert people[roster[1][1]].employer == world.entity_a
    assert (people[roster[2][1]].employer, people[roster[2][1]].employer_name) == (
        None,
        "某某小饭馆",
    )
    rider, courier = people[roster[3][1]], people[roster[4][1]]
    assert (rider.employment_kind, rider.platform) == (EmploymentKind.PLATFORM, Platform.RIDER)
    assert (courier.employment_kind, courier.platform) == (
        EmploymentKind.PLATFORM,
        Platform.COURIER,
    )
    started = {m.person.id_number: m.started_on for m in memberships}
    assert started[roster[0][1]] == roster[0][3]
    # and one audit entry for the whole import, with the counts
    entries = AuditEntry.objects.filter(pk__gt=0).order_by("-pk")
    assert AuditEntry.objects.count() == audits_before + 1
    entry = entries[0]
    assert entry.action == AuditAction.BULK
    assert entry.changes == {"created": 5, "updated": 0, "rows": 5}
    assert entry.organization_id == world.union_a.pk
    assert entry.actor == world.user("union_a_staff")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_rosters_are_read_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    # given
    world = build_world()
    roster = rows(3)
    path = tmp_path / "roster.csv"
    samples.write_csv(path, roster, encoding=encoding)

    # when
    record = run_import(world, path)

    # then
    assert (record.status, record.created_count) == (DONE, 3), record.message
    assert set(Person.objects.values_list("name", flat=True)) == {r[0] for r in roster}


def test_the_content_decides_the_format_not_the_file_name(tmp_path: Path) -> None:
    # given: a CSV named .xlsx and a workbook named .csv
    world = build_world()
    csv_named_xlsx = tmp_path / "a.xlsx"
    samples.write_csv(csv_named_xlsx, rows(2, seed=1))
    xlsx_named_csv = tmp_path / "b.csv"
    samples.write_xlsx(xlsx_named_csv, rows(2, seed=2))

    # when
    first = run_import(world, csv_named_xlsx)
    second = run_import(world, xlsx_named_csv)

    # then
    assert (first.status, first.created_count) == (DONE, 2), first.message
    assert (second.status, second.created_count) == (DONE, 2), second.message


def test_real_roster_quirks_are_fixed(tmp_path: Path) -> None:
    # given: a title row above the header, headers with spaces and marks, full-width digits
    # and a lower-case x, phones and dates stored as numbers, dates as text of each kind
    world = build_world()
    roster = rows(40, seed=9)
    with_x = next(r for r in roster[6:] if r[1].endswith("X"))  # not a row changed below
    with_x[1] = with_x[1][:-1] + "x"
    roster[1][1] = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in roster[1][1])
    roster[2][2] = float(roster[2][2])
    roster[3][3] = "2023年5月6日"
    roster[4][3] = "2023/5/6"
    roster[5][3] = 45052  # an Excel serial: 2023-05-06
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(
        path,
        [["某公司职工入会名册"], ["姓 名", "身份证号*", "手机号（必填）", *HEADERS[3:]], *roster],
        headers=[],
    )

    # when
    record = run_import(world, path)

    # then
    assert (record.status, record.created_count) == (DONE, 40), record.message
    ids = set(Person.objects.values_list("id_number_index", flat=True))
    assert pii.blind_index(with_x[1].upper()) in ids
    assert pii.blind_index(pii.normalize_id_number(roster[1][1])) in ids
    started = set(Membership.objects.values_list("started_on", flat=True))
    assert date(2023, 5, 6) in started


# --- bad rows: all or nothing, every row reported ----------------------------------------


def test_one_bad_row_writes_nothing_and_every_bad_row_is_reported(tmp_path: Path) -> None:
    # given: a roster with several kinds of bad rows
    world = build_world()
    roster = rows(9)
    roster[1][1] = roster[1][1][:-1] + ("1" if roster[1][1][-1] != "1" else "2")
    roster[3][2] = "1381234"
    roster[4][3] = date.today() + timedelta(days=3)  # noqa: DTZ011
    roster[5][0] = ""
    roster[6][5:7] = ["新就业形态劳动者", ""]
    roster[7][4] = "91110302MA01ZZZZ9X"
    roster[8][3] = date(2021, 2, 28)  # the day before union A was founded
    path = tmp_path / "bad.xlsx"
    samples.write_xlsx(path, roster)
    before = state()

    # when
    record = run_import(world, path)

    # then: nothing is written, the status says why, and the report lists each bad row
    assert state() == before
    assert (record.status, record.error_count, record.created_count) == (FAILED, 7, 0)
    assert "7 行有错误" in record.message
    bad_rows, details = report(record)
    assert bad_rows[0] == ["行号", *HEADERS, "错误说明"]
    assert [r[0] for r in bad_rows[1:]] == [3, 5, 6, 7, 8, 9, 10]
    assert bad_rows[1][2] == roster[1][1]
    reasons = {(r[0], r[1]): r[2] for r in details[1:]}
    assert reasons[(3, "身份证号")] == "身份证号校验位不正确"
    assert "电话号码" in reasons[(5, "手机号")]
    assert reasons[(6, "入会日期")] == "入会日期不能晚于今天"
    assert reasons[(10, "入会日期")] == "入会日期不能早于工会成立日期（2021-03-01）"
    assert reasons[(7, "姓名")] == "请填写姓名"
    assert reasons[(8, "平台类别")] == "新就业形态劳动者请填写平台类别"
    assert "未找到统一社会信用代码" in reasons[(9, "所在单位")]


def test_an_id_number_twice_in_the_file_reports_both_rows(tmp_path: Path) -> None:
    # given: rows 2 and 5 (Excel numbering) with the same ID number
    world = build_world()
    roster = rows(4)
    roster[3][1] = roster[0][1]
    path = tmp_path / "dup.xlsx"
    samples.write_xlsx(path, roster)

    # when
    record = run_import(world, path)

    # then
    assert (record.status, record.error_count) == (FAILED, 2)
    _bad, details = report(record)
    assert [r[:2] for r in details[1:]] == [[2, "身份证号"], [5, "身份证号"]]
    assert "第 5 行" in details[1][2] and "第 2 行" in details[2][2]
    assert Person.objects.count() == 0


def test_serial_number_and_remark_columns_are_ignored_and_kept_in_the_report(
    tmp_path: Path,
) -> None:
    # given: the columns people add, 序号 first and 备注 last, and one bad row
    world = build_world()
    roster = rows(2)
    roster[1][2] = "555"
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(
        path,
        [[n, *row, "备注文字"] for n, row in enumerate(roster, start=1)],
        headers=["序号", *HEADERS, "备注"],
    )

    # when
    record = run_import(world, path)

    # then: only the phone is wrong, and the report shows the row as it was
    assert (record.status, record.error_count) == (FAILED, 1)
    bad_rows, details = report(record)
    assert bad_rows[0] == ["行号", "序号", *HEADERS, "备注", "错误说明"]
    assert bad_rows[1][:2] == [3, 2] and bad_rows[1][-2] == "备注文字"
    assert [r[:2] for r in details[1:]] == [[3, "手机号"]]


def test_a_corrected_error_report_can_be_uploaded_again(tmp_path: Path) -> None:
    # given: a failed import's report, with the bad row corrected in it
    world = build_world()
    roster = rows(3)
    good_phone = roster[1][2]
    roster[1][2] = "123"
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, roster)
    failed = run_import(world, path)
    bad_rows, _details = report(failed)
    bad_rows[1][3] = good_phone
    corrected = tmp_path / "corrected.xlsx"
    samples.write_xlsx(corrected, bad_rows[1:], headers=bad_rows[0])

    # when
    record = run_import(world, corrected)

    # then: the report's own columns are ignored
    assert (record.status, record.created_count) == (DONE, 1), record.message


# --- against the database --------------------------------------------------------------


def test_people_already_members_are_refused_or_updated(tmp_path: Path) -> None:
    # given: one row for a member of union B, one for a member of union A, one new
    world = build_world()
    roster = rows(3)
    member(world, roster[0][1], world.union_b)
    member(world, roster[1][1], world.union_a)
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, roster)
    before = state()

    # when: imported without and with --update
    plain = run_import(world, path)
    updating = run_import(world, path, update=True)

    # then: without it, both known rows are errors and nothing is written
    assert (plain.status, plain.error_count) == (FAILED, 2)
    _bad, details = report(plain)
    reasons = {r[0]: r[2] for r in details[1:]}
    assert reasons[2] == "已是其他工会会员，请办理转会"
    assert reasons[3].startswith("已是本工会会员")
    assert state() == before
    # with it, the member of another union is still refused: nothing is written either
    assert (updating.status, updating.error_count) == (FAILED, 1)


def test_update_upserts_members_of_the_union_and_new_people(tmp_path: Path) -> None:
    # given: a member of union A listed with a new name, phone and employer, and a new row
    world = build_world()
    roster = rows(2)
    existing = member(world, roster[0][1], world.union_a, name="旧名字")
    roster[0][4] = world.entity_a.credit_code
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, roster)
    memberships_before = Membership.objects.count()

    # when
    record = run_import(world, path, update=True)

    # then: the member is updated (no second membership), the new row is a new member
    assert (record.status, record.created_count, record.updated_count) == (DONE, 1, 1)
    person = Person.objects.get(pk=existing.person_id)
    assert (person.name, person.phone) == (roster[0][0], f"+86{roster[0][2]}")
    assert person.employer == world.entity_a
    assert person.id_number == roster[0][1]
    assert person.id_number_index == pii.blind_index(roster[0][1])
    assert Membership.objects.count() == memberships_before + 1
    entry = AuditEntry.objects.filter(action=AuditAction.BULK).get()
    assert entry.changes == {"created": 1, "updated": 1, "rows": 2}


def test_a_known_person_without_an_active_membership_joins_again(tmp_path: Path) -> None:
    # given: someone whose membership of union B has ended
    world = build_world()
    roster = rows(1)
    old = member(world, roster[0][1], world.union_b, name="旧名字")
    membership_end(
        actor=world.system, membership=old, status=MembershipStatus.WITHDRAWN, on=date(2023, 1, 1)
    )
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, roster)

    # when: imported without --update
    record = run_import(world, path)

    # then: a new membership of union A; the person's record is left as it was
    assert (record.status, record.created_count, record.updated_count) == (DONE, 1, 0)
    person = Person.objects.get()
    assert person.name == "旧名字"
    assert person.memberships.filter(union=world.union_a, status=MembershipStatus.ACTIVE).exists()


# --- dry run ---------------------------------------------------------------------------


def test_a_dry_run_checks_everything_and_writes_nothing(tmp_path: Path) -> None:
    # given
    world = build_world()
    good = tmp_path / "good.xlsx"
    samples.write_xlsx(good, rows(4))
    roster = rows(4, seed=2)
    roster[2][1] = "110101"
    bad = tmp_path / "bad.xlsx"
    samples.write_xlsx(bad, roster)
    before = state()

    # when
    passed = run_import(world, good, dry_run=True)
    failed = run_import(world, bad, dry_run=True)

    # then
    assert state() == before
    assert (passed.status, passed.created_count, passed.error_report.name) == (CHECKED, 4, "")
    assert "检查通过" in passed.message
    assert (failed.status, failed.error_count) == (FAILED, 1)
    assert report(failed)[1][1][:2] == [4, "身份证号"]


def test_a_dry_run_does_not_tell_a_member_of_another_union_from_a_new_person(
    tmp_path: Path,
) -> None:
    # given: two files alike but for their first row: a member of union B, or nobody known
    world = build_world()
    roster = rows(3)
    member(world, roster[0][1], world.union_b)
    other = tmp_path / "other.xlsx"
    samples.write_xlsx(other, roster[:2])
    fresh = tmp_path / "fresh.xlsx"
    samples.write_xlsx(fresh, [roster[2], roster[1]])
    before = state()

    # when: union A checks both, with and without updating
    results = [
        run_import(world, path, dry_run=True, update=update)
        for path in (other, fresh)
        for update in (False, True)
    ]

    # then: the same answer for both files, and nothing written
    seen = [
        (r.status, r.created_count, r.updated_count, r.error_count, r.message, r.error_report.name)
        for r in results
    ]
    assert seen[0] == seen[2] and seen[1] == seen[3]
    assert seen[0][:4] == (CHECKED, 2, 0, 0)
    assert "乙公司工会" not in seen[0][4]
    assert state() == before


# --- bad files ---------------------------------------------------------------------------


def _refused(world: World, path: Path) -> RosterImport:
    before = state()
    record = run_import(world, path)
    assert record.status == FAILED
    assert not record.error_report
    assert state() == before
    return record


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件是空的"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x01", "不是电子表格"),
        (b"PK\x03\x04\x14\x00\x00\x00broken zip", "不是有效的 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "不是有效的 Excel"),
        ("姓名,身份证号,手机号,入会日期\n".encode(), "没有数据行"),
        (b"\n\n\n", "没有内容"),
    ],
)
def test_files_that_are_not_rosters_are_refused_with_a_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(content)

    record = _refused(build_world(), path)

    assert message in record.message


def test_missing_and_renamed_headers_are_named(tmp_path: Path) -> None:
    # given: "手机号" renamed to "电话", "入会日期" left out
    world = build_world()
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, [r[:3] for r in rows(2)], headers=["姓名", "身份证号", "电话"])

    # when
    record = _refused(world, path)

    # then
    assert "缺少列：手机号、入会日期" in record.message
    assert "无法识别的列：电话" in record.message


def test_more_than_300000_rows_are_refused_before_any_row_is_checked(tmp_path: Path) -> None:
    # given: a CSV of 300,001 data rows
    world = build_world()
    path = tmp_path / "big.csv"
    line = "张三,110101199003071233,13812345678,2024-03-01\n"
    path.write_text("姓名,身份证号,手机号,入会日期\n" + line * 300_001, encoding="utf-8")

    # when
    record = _refused(world, path)

    # then
    assert "300,001" in record.message and "300,000" in record.message
    assert (record.total_rows, record.processed_rows) == (0, 0)


def test_a_workbook_over_the_limit_is_refused_from_its_dimensions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a limit of 5 rows and a workbook of 6
    monkeypatch.setattr("gonghui.members.roster.reading.MAX_ROWS", 5)
    path = tmp_path / "big.xlsx"
    samples.write_xlsx(path, rows(6))

    # when
    record = _refused(build_world(), path)

    # then
    assert "超过单次导入上限 5 行" in record.message


def test_a_workbook_reaching_past_the_rows_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a valid roster with one stray cell 400,000 rows down
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    for row in rows(2):
        sheet.append(row)
    sheet.cell(row=400_000, column=1, value="x")
    path = tmp_path / "far.xlsx"
    workbook.save(path)

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the workbook reached the reader")

    monkeypatch.setattr("gonghui.members.roster.reading.CalamineWorkbook.from_filelike", never)

    # when
    record = _refused(build_world(), path)

    # then
    assert "第 400,000 行" in record.message and "300,010" in record.message


def test_a_workbook_wider_than_the_import_allows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    samples.write_xlsx(path, [[*row, *[""] * 9, "x"] for row in rows(2)])

    record = _refused(build_world(), path)

    assert "第 17 列，超过导入上限 16 列" in record.message


def test_a_csv_wider_than_the_import_allows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    samples.write_csv(path, [[*row, *["x"] * 10] for row in rows(2)])

    record = _refused(build_world(), path)

    assert "第 17 列" in record.message


def test_formulas_give_their_values_and_formulas_without_values_are_reported(
    tmp_path: Path,
) -> None:
    # given: a formula with a cached value (as Excel saves it) and one never calculated
    world = build_world()
    roster = rows(2)
    path = tmp_path / "formulas.xlsx"
    samples.write_xlsx(path, roster)
    _with_formulas(path, cached=("C2", roster[0][2]), uncached="A3")

    # when
    record = run_import(world, path)

    # then: the row with a value would have passed; the other names the formula
    assert (record.status, record.error_count) == (FAILED, 1)
    _bad, details = report(record)
    assert details[1][:2] == [3, "姓名"]
    assert "公式没有计算结果" in details[1][2]


def _with_formulas(path: Path, *, cached: tuple[str, str], uncached: str) -> None:
    """Rewrite two cells of the sheet's XML as formulas, as Excel and openpyxl save them."""
    import re
    import zipfile

    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source:
        files = {name: source.read(name) for name in source.namelist()}
    xml = files[sheet].decode()
    ref, value = cached
    xml = re.sub(
        rf'<c r="{ref}"[^>]*>.*?</c>',
        f'<c r="{ref}" t="str"><f>TEXT({value},"0")</f><v>{value}</v></c>',
        xml,
    )
    xml = re.sub(
        rf'<c r="{uncached}"[^>]*>.*?</c>', f'<c r="{uncached}"><f>B1&amp;""</f><v /></c>', xml
    )
    files[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)


def test_merged_cells_are_reported_on_each_of_their_rows(tmp_path: Path) -> None:
    # given: one employer merged down rows 3 to 5 (as people do)
    from openpyxl import Workbook

    world = build_world()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    for row in rows(5):
        sheet.append(row)
    sheet.merge_cells("E3:E5")
    sheet["E3"] = "甲科技有限公司"
    path = tmp_path / "merged.xlsx"
    workbook.save(path)

    # when
    record = run_import(world, path)

    # then
    assert (record.status, record.error_count) == (FAILED, 3)
    _bad, details = report(record)
    assert [r[:2] for r in details[1:]] == [[3, "所在单位"], [4, "所在单位"], [5, "所在单位"]]
    assert "合并单元格" in details[1][2]


def test_a_merged_header_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    sheet.append(rows(1)[0])
    sheet.merge_cells("E1:F1")
    path = tmp_path / "merged-header.xlsx"
    workbook.save(path)

    record = _refused(build_world(), path)

    assert "表头所在行有合并单元格" in record.message


# --- who may import where; the run itself ------------------------------------------------


def test_imports_are_refused_outside_the_scope_and_into_dissolved_unions(tmp_path: Path) -> None:
    # given
    world = build_world()
    org_services.union_dissolve(
        actor=world.system, union=world.union_b, on=date(2024, 1, 1), reason="企业注销"
    )
    world.union_b.refresh_from_db()

    # when / then
    with pytest.raises(OutOfScope):
        roster_import_create(
            actor=world.user("union_b_staff"), union=world.union_a, file_name="a.csv", content=b"x"
        )
    with pytest.raises(ValidationError, match="正常状态"):
        roster_import_create(
            actor=world.user("fed_staff"), union=world.union_b, file_name="a.csv", content=b"x"
        )
    assert RosterImport.objects.count() == 0


def test_progress_is_saved_while_checking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # given: progress every 2 rows
    monkeypatch.setattr("gonghui.members.services.roster.PROGRESS_EVERY", 2)
    world = build_world()
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, rows(5))
    record = roster_import_create(
        actor=world.user("union_a_staff"),
        union=world.union_a,
        file_name=path.name,
        content=path.read_bytes(),
    )
    seen: list[tuple[int, int, int]] = []

    def watch(count: int, total: int) -> None:
        saved = RosterImport.objects.get(pk=record.pk).processed_rows
        seen.append((count, total, saved))

    # when
    roster_import_run(pk=record.pk, on_progress=watch)

    # then
    assert seen == [(2, 5, 2), (4, 5, 4), (5, 5, 5)]


def test_a_finished_import_is_not_run_twice(tmp_path: Path) -> None:
    world = build_world()
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, rows(2))
    record = run_import(world, path)

    again = roster_import_run(pk=record.pk)

    assert again.status == DONE
    assert Membership.objects.count() == 2


def test_a_person_registered_meanwhile_fails_the_whole_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the check does not see a person registered after it (as under a race)
    world = build_world()
    roster = rows(3)
    Person.objects.create(name="同时登记", id_number=roster[2][1], **derived_fields(roster[2][1]))
    monkeypatch.setattr("gonghui.members.roster.planning._known_people", lambda *a, **k: {})
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, roster)
    before = state()

    # when
    record = run_import(world, path)

    # then: the unique blind index stops the write and the import rolls back whole
    assert record.status == FAILED
    assert "其他操作" in record.message
    assert state() == before


def test_an_unexpected_failure_is_recorded_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    world = build_world()
    monkeypatch.setattr("gonghui.members.services.roster.write", broken)
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, rows(2))
    before = state()

    record = run_import(world, path)

    assert (record.status, record.created_count) == (FAILED, 0)
    assert "系统错误" in record.message
    assert state() == before
