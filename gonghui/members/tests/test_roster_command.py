"""``manage.py import_members``: the same import from the command line."""

import io
import random
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world
from gonghui.members.models import Membership, Person, RosterImport
from gonghui.members.roster import samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded rosters and error reports go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def _roster(tmp_path: Path, count: int = 3, seed: int = 1) -> tuple[Path, list[list[object]]]:
    rows = samples.roster_rows(random.Random(seed), count)
    path = tmp_path / "名册.xlsx"
    samples.write_xlsx(path, rows)
    return path, rows


def test_the_command_imports_a_roster_into_the_union_named_by_its_code(tmp_path: Path) -> None:
    # given
    world = build_world()
    path, _rows = _roster(tmp_path)
    out, err = io.StringIO(), io.StringIO()

    # when
    call_command("import_members", str(path), "--union", world.union_a.code, stdout=out, stderr=err)

    # then
    assert "新增会员 3 人" in out.getvalue()
    assert "已检查 3 / 3 行" in err.getvalue()
    record = RosterImport.objects.get()
    assert (record.status, record.actor, record.file_name) == ("done", None, "名册.xlsx")
    assert Membership.objects.filter(union=world.union_a).count() == 3
    entry = AuditEntry.objects.get(action=AuditAction.BULK)
    assert (entry.actor_name, entry.changes["created"]) == ("system", 3)


def test_the_command_dry_run_writes_nothing(tmp_path: Path) -> None:
    world = build_world()
    path, _rows = _roster(tmp_path)
    out = io.StringIO()

    call_command(
        "import_members",
        str(path),
        "--union",
        world.union_a.code,
        "--dry-run",
        stdout=out,
        stderr=io.StringIO(),
    )

    assert "检查通过" in out.getvalue()
    assert Person.objects.count() == 0


def test_the_command_update_option_updates_members_of_the_union(tmp_path: Path) -> None:
    # given: the roster imported once, then a name changed
    world = build_world()
    path, rows = _roster(tmp_path)
    call_command(
        "import_members",
        str(path),
        "--union",
        world.union_a.code,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    rows[0][0] = "改名"
    samples.write_xlsx(path, rows)

    # when
    out = io.StringIO()
    call_command(
        "import_members",
        str(path),
        "--union",
        world.union_a.code,
        "--update",
        stdout=out,
        stderr=io.StringIO(),
    )

    # then
    assert "更新已登记人员 1 人" in out.getvalue()
    assert Person.objects.filter(name="改名").count() == 1
    assert Membership.objects.count() == 3


def test_the_command_fails_with_the_message_and_writes_the_report_asked_for(
    tmp_path: Path,
) -> None:
    # given: a bad row
    world = build_world()
    rows = samples.roster_rows(random.Random(4), 2)
    rows[0][1] = "123"
    path = tmp_path / "bad.csv"
    samples.write_csv(path, rows)
    err = io.StringIO()
    report = tmp_path / "errors.xlsx"

    # when / then
    with pytest.raises(CommandError, match="1 行有错误"):
        call_command(
            "import_members",
            str(path),
            "--union",
            world.union_a.code,
            "--report",
            str(report),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert RosterImport.objects.get().error_report
    assert f"错误报告：{report}" in err.getvalue()
    assert report.read_bytes().startswith(b"PK")  # a readable copy, not the stored one
    assert "第 2 行 身份证号：身份证号应为18位" in err.getvalue()
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.xlsx", "--union", "X"], "找不到文件"),
        (["{path}", "--union", "NO-SUCH-UNION"], "没有组织代码为 NO-SUCH-UNION 的工会"),
    ],
)
def test_the_command_refuses_a_missing_file_or_an_unknown_union(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    build_world()
    path, _rows = _roster(tmp_path)

    with pytest.raises(CommandError, match=message):
        call_command("import_members", *(a.format(path=path) for a in arguments))
