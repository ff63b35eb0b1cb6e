"""The upload guard: absurd workbooks, compression bombs and oversized tables are refused
before anything expands them. Every file here is written by openpyxl or zipfile and is
small; the bombs declare far more than they are, and the one file that would abort the
process if it reached the reader is read in a child process."""

import csv
import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import Workbook

from gonghui.core import uploads
from gonghui.core.uploads import Extent, Limits, SheetScanner, UploadRefused

LIMITS = Limits(rows=1_000, columns=16)
SHEET = "xl/worksheets/sheet1.xml"


def openpyxl_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet(content: bytes, xml: bytes, name: str = SHEET) -> bytes:
    """The workbook with its first sheet's XML replaced."""
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        files = {info.filename: source.read(info) for info in source.infolist()}
    files[name] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, data in files.items():
            target.writestr(filename, data)
    return buffer.getvalue()


def sheet_xml(body: str, dimension: str = "A1:B2") -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def xfd_bomb() -> bytes:
    """A header and one cell at XFD1048576, with a dimension that hides it: under 5 KB,
    and python-calamine would allocate 512 GiB for it and abort the process."""
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
    cells += '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return with_sheet(openpyxl_bytes([["姓名"]]), sheet_xml(cells, "A1:A1"))


def deflate_bomb(unpacked_mb: int, name: str = SHEET) -> bytes:
    """A workbook whose sheet is ``unpacked_mb`` MB of one repeated row: about a
    thousandth of that compressed. Written in chunks, never held whole."""
    content = openpyxl_bytes([["a"]])
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        files = {i.filename: source.read(i) for i in source.infolist() if i.filename != name}
    buffer = io.BytesIO()
    row = b"<row><c><v>1</v></c></row>" * 40_000  # about 1 MB
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for filename, data in files.items():
            target.writestr(filename, data)
        with target.open(name, "w", force_zip64=True) as member:
            member.write(b'<worksheet xmlns="x"><sheetData>')
            for _ in range(unpacked_mb):
                member.write(row)
            member.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def check(content: bytes, limits: Limits = LIMITS) -> dict[str, Extent]:
    return uploads.check_spreadsheet(io.BytesIO(content), limits)


# --- worksheets ------------------------------------------------------------------------


def test_a_workbook_within_the_limits_passes_with_its_extent() -> None:
    content = openpyxl_bytes([["姓名", "身份证号", "手机号"], ["张三", "1", "2"]])

    assert check(content)[SHEET] == Extent(rows=2, columns=3)


def test_a_cell_at_xfd1048576_is_refused_from_the_cells_though_the_dimension_hides_it() -> None:
    content = xfd_bomb()
    assert len(content) < 5_000

    with pytest.raises(UploadRefused, match="1,048,576 行"):
        check(content)


def test_a_declared_dimension_over_the_limits_is_refused() -> None:
    content = with_sheet(
        openpyxl_bytes([["a"]]), sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:Z1")
    )

    with pytest.raises(UploadRefused, match="第 26 列，超过导入上限 16 列"):
        check(content)


def test_a_merged_range_over_the_limits_is_refused() -> None:
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:A1").replace(
        b"</sheetData>", b'</sheetData><mergeCells><mergeCell ref="A2:A5000"/></mergeCells>'
    )

    with pytest.raises(UploadRefused, match="第 5,000 行"):
        check(with_sheet(openpyxl_bytes([["a"]]), xml))


def test_cells_and_rows_without_references_count_from_the_previous_one() -> None:
    # given: a row of 17 cells with no r attribute, after a row numbered 3
    cells = '<row r="3"><c r="A3"><v>1</v></c></row><row>' + "<c><v>1</v></c>" * 17 + "</row>"
    content = with_sheet(openpyxl_bytes([["a"]]), sheet_xml(cells, "A1:A1"))

    # when / then: row 4, column 17
    with pytest.raises(UploadRefused, match="第 17 列"):
        check(content)
    assert check(content, Limits(rows=10, columns=20))[SHEET] == Extent(rows=4, columns=17)


def test_the_scanner_finds_tags_cut_between_chunks() -> None:
    xml = sheet_xml('<row r="7"><c r="C7" t="n"><v>1</v></c></row>', "A1:C7")
    scanner = SheetScanner(LIMITS)

    for start in range(0, len(xml), 3):
        scanner.feed(xml[start : start + 3])

    assert scanner.close() == Extent(rows=7, columns=3)


def test_plain_sheets_are_scanned_by_searches_with_the_same_result() -> None:
    # given: rows as writers write them (r first on every row and cell), in two chunks
    rows = "".join(
        f'<row r="{n}" spans="1:3"><c r="A{n}" t="s"><v>1</v></c><c r="C{n}" s="1"/></row>'
        for n in range(2, 900)
    ).encode()
    scanner = SheetScanner(LIMITS)

    # when
    scanner.feed(rows[: len(rows) // 2])
    scanner.feed(rows[len(rows) // 2 :] + b"<row><c><v>1</v></c><c><v>2</v></c></row>")

    # then: the last plain cell is where the cells without references count from
    assert scanner.close() == Extent(rows=900, columns=3)


def test_a_cell_below_its_row_is_refused_in_a_plain_sheet() -> None:
    scanner = SheetScanner(LIMITS)

    with pytest.raises(UploadRefused, match="第 999,999 行"):
        scanner.feed(b'<row r="2"><c r="A999999"><v>1</v></c></row>')


@pytest.mark.parametrize("space", [" ", "\t", "\n"])
def test_a_cell_hidden_from_the_quick_search_is_still_found(space: str) -> None:
    rows = '<row r="2"><c r="A2"><v>1</v></c></row>' * 50
    hidden = f'<row r="3"><c{space}r="XFD1048576"><v>1</v></c></row>'
    scanner = SheetScanner(LIMITS)

    with pytest.raises(UploadRefused, match="1,048,576"):
        scanner.feed((rows + hidden).encode())


def test_a_tag_that_never_ends_is_refused() -> None:
    scanner = SheetScanner(LIMITS)

    with pytest.raises(UploadRefused, match="压缩比异常"):
        scanner.feed(b'<worksheet><c r="' + b"A" * (uploads.MAX_TAG + 1))


# --- archives --------------------------------------------------------------------------


def test_a_compression_bomb_is_refused_from_its_central_directory() -> None:
    # given: 20 MB that compress about a thousand times
    content = deflate_bomb(20)
    assert len(content) < 100_000

    # when / then: refused by the ratio, and by the declared size under a smaller cap
    with pytest.raises(UploadRefused, match="压缩比异常"):
        check(content)
    with pytest.raises(UploadRefused, match="压缩比异常"):
        check(content, Limits(rows=10, columns=10, member_bytes=10 * uploads.MB, ratio=10_000))


def test_a_member_that_lies_about_its_size_is_refused_while_it_is_read() -> None:
    # given: the central directory says the sheet is 100 bytes; it is about 5 MB
    content = bytearray(deflate_bomb(5))
    directory = content.rfind(b"PK\x01\x02")
    while directory != -1:
        name_length = int.from_bytes(content[directory + 28 : directory + 30], "little")
        name = bytes(content[directory + 46 : directory + 46 + name_length])
        if name == SHEET.encode():
            content[directory + 24 : directory + 28] = (100).to_bytes(4, "little")
        directory = content.rfind(b"PK\x01\x02", 0, directory)

    # when / then: zipfile reads no more than declared, and the CRC gives the lie away
    with pytest.raises(UploadRefused, match="不是有效的 Excel"):
        check(bytes(content), Limits(rows=10, columns=10, ratio=10_000))


def test_the_running_cap_stops_a_member_over_the_total() -> None:
    content = deflate_bomb(3)

    with pytest.raises(UploadRefused, match="压缩比异常"):
        check(content, Limits(rows=10, columns=10, ratio=10_000, unpacked_bytes=2 * uploads.MB))


def test_too_many_members_and_repeated_names_are_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(6):
            archive.writestr(f"part{number}.xml", b"<a/>")
    many = buffer.getvalue()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning):
        archive.writestr(SHEET, b"<a/>")
        archive.writestr(SHEET, b"<b/>")
    twice = buffer.getvalue()

    with pytest.raises(UploadRefused):
        check(many, Limits(rows=10, columns=10, members=5))
    with pytest.raises(UploadRefused):
        check(twice)


# --- other formats ---------------------------------------------------------------------


def test_an_old_xls_over_the_byte_cap_is_refused() -> None:
    content = uploads.OLE_MAGIC + b"\x00" * 2_000

    with pytest.raises(UploadRefused, match=r"\.xls"):
        check(content, Limits(rows=10, columns=10, ole_bytes=1_000))
    assert check(content, Limits(rows=10, columns=10, ole_bytes=4_000)) == {}


def test_any_file_over_the_byte_cap_is_refused() -> None:
    with pytest.raises(UploadRefused, match="超过 1 MB"):
        check(b"a" * (uploads.MB + 1), Limits(rows=10, columns=10, file_bytes=uploads.MB))


def test_text_tables_over_the_row_or_column_caps_are_refused() -> None:
    lines = "\n".join(",".join(["x"] * 3) for _ in range(12))

    assert uploads.check_text_rows(csv.reader(io.StringIO(lines)), Limits(12, 3)) == Extent(12, 3)
    with pytest.raises(UploadRefused, match="第 13 行"):
        uploads.check_text_rows(csv.reader(io.StringIO(lines + "\nx")), Limits(12, 3))
    with pytest.raises(UploadRefused, match="第 4 列"):
        uploads.check_text_rows(csv.reader(io.StringIO(lines + "\nx,x,x,x")), Limits(20, 3))


# --- the bombs against the real reader, in a child process -------------------------------

CHILD = """
import sys, django
django.setup()
from gonghui.members.roster.reading import RosterFileError, read_table
for path in sys.argv[1:]:
    try:
        read_table(open(path, "rb").read())
    except RosterFileError as exc:
        print("refused:", exc.message)
    else:
        print("read")
"""


def test_the_bombs_are_refused_by_the_roster_reader_in_bounded_memory(tmp_path: Path) -> None:
    # given: the XFD1048576 file (which aborts a process that hands it to calamine) and a
    # bomb of 100 MB, read by the roster's reader in a child limited to 1.5 GB of memory
    paths = []
    for name, content in (("xfd.xlsx", xfd_bomb()), ("bomb.xlsx", deflate_bomb(100))):
        path = tmp_path / name
        path.write_bytes(content)
        paths.append(str(path))
    limit = 1536 * uploads.MB

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    # when
    child = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, *paths],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        preexec_fn=limit_memory,  # noqa: PLW1509 - no threads are started before it
    )

    # then: both refused with a message; the process lived
    assert child.returncode == 0, child.stderr[-2000:]
    lines = child.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("refused:") and "1,048,576" in lines[0]
    assert lines[1].startswith("refused:") and "压缩比异常" in lines[1]
