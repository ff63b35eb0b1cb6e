"""Upload limits: what a hostile or absurd spreadsheet costs, and what the largest roster
costs, with the guard (``core.uploads``) and streamed reading, against a baseline that
reads the whole grid at once (what ``members.roster.reading`` did before).

Every measurement runs in a child process of its own (``--child``), so that its peak
resident memory (``ru_maxrss``) is its own, and so that a file which aborts the reader
does not take the benchmark down. Files:

1. the XFD1048576 file: a hand-made workbook of about 1.7 KB, a header and one cell at
   XFD1048576 (python-calamine allocates 512 GiB for it and aborts the process);
2. a compression bomb: about 400 KB that expands to 420 MB;
3. too many rows: 400,000 rows (sheet XML written directly, it is only read);
4. too many columns: 20,000 rows of 200 columns;
5. the largest roster allowed, 300,000 valid rows written with openpyxl, imported whole
   (read, checked, written to PostgreSQL, audited). The baseline imports the same file
   with the grid read at once and held during the import.

Measured before this change, at the parent of 791b6e8 (a 300,000-row file written the
same way, PostgreSQL, this machine): 72.9 s, peak RSS 650 MB (about 550 MB above the
process once set up); the XFD1048576 file aborted the process (SIGABRT, "memory allocation
of 549755813888 bytes failed"). After (this benchmark, same machine): 58.7 s, +377 MB;
the baseline of the same run, the whole grid held: 54.6 s, +480 MB. The four refused
files cost at most 2 s and +10 MB each.

Environment: BENCH_UPLOAD_ROWS (default 300000), BENCH_UPLOAD_IMPORT=0 to skip step 5.
"""

import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROWS = int(os.environ.get("BENCH_UPLOAD_ROWS", "300000"))
IMPORT = os.environ.get("BENCH_UPLOAD_IMPORT", "1") == "1"
HERE = Path(__file__).resolve().parent
CHILD_MEMORY = 8 * 1024**3  # address space of a child: enough for any honest file
TARGET_REFUSED_MB = 50  # a refusal costs no more than this above the child's start
TARGET_IMPORT_MB = 1024  # the largest roster imports in under 1 GB


# --- the files -------------------------------------------------------------------------

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
HEADER = "".join(
    f'<c r="{letter}1" t="inlineStr"><is><t>{text}</t></is></c>'
    for letter, text in zip("ABCD", ("姓名", "身份证号", "手机号", "入会日期"), strict=True)
)


def workbook(path: Path, sheet: Callable[[], Iterator[bytes]]) -> Path:
    """A minimal .xlsx whose sheet XML is written in pieces (never whole in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'.encode())
            member.write(f'<row r="1">{HEADER}</row>'.encode())
            for piece in sheet():
                member.write(piece)
            member.write(b"</sheetData></worksheet>")
    return path


def xfd_file(directory: Path) -> Path:
    return workbook(
        directory / "xfd1048576.xlsx",
        lambda: iter([b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']),
    )


def bomb_file(directory: Path) -> Path:
    def spaces() -> Iterator[bytes]:
        block = b" " * (1024 * 1024)
        for _ in range(420):
            yield block

    return workbook(directory / "bomb.xlsx", spaces)


def rows_file(directory: Path, count: int = 400_000) -> Path:
    def rows() -> Iterator[bytes]:
        for start in range(2, count + 2, 10_000):
            yield "".join(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>张三</t></is></c>'
                f'<c r="B{n}" t="inlineStr"><is><t>110101199003071233</t></is></c></row>'
                for n in range(start, min(start + 10_000, count + 2))
            ).encode()

    return workbook(directory / "rows.xlsx", rows)


def columns_file(directory: Path, rows: int = 20_000, width: int = 200) -> Path:
    def cells() -> Iterator[bytes]:
        line = "".join(f"<c><v>{n}</v></c>" for n in range(width))
        for start in range(2, rows + 2, 1_000):
            yield "".join(
                f'<row r="{n}">{line}</row>' for n in range(start, min(start + 1_000, rows + 2))
            ).encode()

    return workbook(directory / "columns.xlsx", cells)


def roster_file(directory: Path) -> Path:
    from gonghui.members.roster import samples

    path = directory / "roster.xlsx"
    rows = samples.roster_rows(random.Random(2026), ROWS, employers=["甲科技有限公司", ""])
    samples.write_xlsx(path, rows)
    return path


# --- the children ----------------------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _eager_table(content: bytes) -> Any:
    """The baseline reader: the whole grid in memory at once, as before, held for as long
    as the import runs (read by the current pipeline through a list)."""
    from python_calamine import CalamineWorkbook

    from gonghui.members.roster import reading

    with zipfile.ZipFile(io.BytesIO(content)) as archive:  # the formula scan read it whole
        archive.read("xl/worksheets/sheet1.xml")
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    grid = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    reading._check_size(len(grid) - 1)
    headers = [reading.clean_header(cell) for cell in grid[0]]
    reading.check_headers(headers)
    return reading.Table(headers=headers, source=lambda: iter(grid[1:]), size=len(grid) - 1)


def child(mode: str, path: str, *extra: str) -> None:
    import django

    django.setup()
    from gonghui.members.roster import reading

    start_mb = _peak_mb()
    content = Path(path).read_bytes()
    began = time.perf_counter()
    if mode == "import-baseline":
        reading.read_table = _eager_table  # type: ignore[assignment]
        from gonghui.members.services import roster

        roster.read_table = _eager_table  # type: ignore[attr-defined]
    importing = mode.startswith("import")
    outcome = _import(content, path, *extra) if importing else _read(mode, content)
    seconds = time.perf_counter() - began
    print(json.dumps({"outcome": outcome, "seconds": seconds, "mb": _peak_mb() - start_mb}))


def _read(mode: str, content: bytes) -> str:
    from gonghui.members.roster import reading

    read = _eager_table if mode == "baseline" else reading.read_table
    try:
        table = read(content)
        rows = sum(1 for _ in table.rows())
    except reading.RosterFileError as exc:
        return f"refused: {exc.message[:60]}"
    return f"read {rows:,} rows"


def _import(content: bytes, path: str, union_pk: str, user_pk: str) -> str:
    from gonghui.accounts.models import User
    from gonghui.members.services.roster import roster_import_create, roster_import_run
    from gonghui.organizations.models import Organization

    record = roster_import_create(
        actor=User.objects.get(pk=user_pk),
        union=Organization.objects.get(pk=union_pk),
        file_name=Path(path).name,
        content=content,
    )
    del content
    record = roster_import_run(pk=record.pk)
    return f"{record.status}: {record.message[:50]}"


def _run_child(mode: str, path: Path, *extra: str, env: dict[str, str] | None = None) -> dict:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))

    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", mode, str(path), *extra],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=limit,  # noqa: PLW1509 - the child starts no threads before it
        check=False,
    )
    if done.returncode != 0:
        reason = next(
            (line for line in done.stderr.splitlines() if "memory allocation" in line),
            (done.stderr.strip().splitlines() or ["?"])[-1],
        )
        return {"outcome": f"process died (exit {done.returncode}): {reason[:70]}"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _show(label: str, result: dict) -> str:
    if "seconds" not in result:
        return f"   {label:9} {result['outcome']}"
    return (
        f"   {label:9} {result['seconds']:7.2f} s, peak RSS +{result['mb']:7.1f} MB  "
        f"{result['outcome']}"
    )


# --- the run ---------------------------------------------------------------------------


def run() -> None:
    from django.db import connection

    from gonghui.members.models import RosterImport

    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        try:
            _bombs(directory)
            if IMPORT and connection.vendor == "postgresql":
                _largest_import(directory)
            elif IMPORT:
                print("5. the import needs PostgreSQL (TEST_DATABASE_URL): skipped")
        finally:
            for record in RosterImport.objects.all():
                record.file.delete(save=False)
                record.error_report.delete(save=False)


def _bombs(directory: Path) -> None:
    files = [
        ("1. XFD1048576", xfd_file(directory)),
        ("2. zip bomb", bomb_file(directory)),
        ("3. 400,000 rows", rows_file(directory)),
        ("4. 200 columns", columns_file(directory)),
    ]
    for label, path in files:
        size = path.stat().st_size
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        print(f"{label}: {size:,} bytes, {unpacked / 1e6:,.1f} MB unpacked")
        ours = _run_child("ours", path)
        base = _run_child("baseline", path)
        print(_show("ours", ours))
        print(_show("baseline", base))
        met = "seconds" in ours and ours["outcome"].startswith("refused")
        met = met and ours["mb"] <= TARGET_REFUSED_MB
        ratio = (
            f"{base['mb'] / max(ours['mb'], 0.1):,.0f}x less memory"
            if "seconds" in base and "seconds" in ours
            else "the baseline did not survive"
        )
        print(f"   refused within +{TARGET_REFUSED_MB} MB: {'met' if met else 'NOT MET'} ({ratio})")


def _largest_import(directory: Path) -> None:
    from django.db import connection

    from gonghui.core.testing import build_world
    from gonghui.members.models import Membership, Person

    began = time.perf_counter()
    path = roster_file(directory)
    print(
        f"5. roster of {ROWS:,} rows written with openpyxl in {time.perf_counter() - began:.0f} s "
        f"({path.stat().st_size / 1e6:.1f} MB)"
    )
    world = build_world()
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "TEST_DATABASE_URL": url}
    args = (str(world.union_a.pk), str(world.user("union_a_staff").pk))
    results = {}
    for mode in ("import", "import-baseline"):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE members_membership, members_person RESTART IDENTITY CASCADE")
        results[mode] = _run_child(mode, path, *args, env=env)
        assert Membership.objects.count() == Person.objects.count() == ROWS, results[mode]
    ours, base = results["import"], results["import-baseline"]
    print(_show("ours", ours))
    print(_show("baseline", base))
    if "seconds" in ours and "seconds" in base:
        print(
            f"   ours vs the whole grid read at once: {base['mb'] / ours['mb']:.2f}x less memory, "
            f"{base['seconds'] / ours['seconds']:.2f}x the speed; under {TARGET_IMPORT_MB} MB: "
            f"{'met' if ours['mb'] < TARGET_IMPORT_MB else 'NOT MET'}"
        )


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    sys.path.insert(0, str(HERE.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    child(*sys.argv[2:])
