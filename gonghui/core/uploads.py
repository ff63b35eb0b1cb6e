"""Uploaded spreadsheets checked before anything expands them.

Every import of a table (the roster today, the modules still to come) calls
``check_spreadsheet`` on the uploaded bytes before handing them to a reader. It refuses,
with a message for the user (``UploadRefused``):

- a zip (an .xlsx) whose central directory is absurd: too many members, a member or a
  total that declares too many uncompressed bytes, a compression ratio only a bomb has,
  a name twice. Declared sizes are not trusted: every member is then read in bounded
  chunks with a running cap (and zipfile checks each member's CRC), so a member that
  lies about its size is refused when it passes the cap, never held in memory;
- a worksheet whose ``<dimension ref>`` or merged ranges, or whose highest actual cell (a cell at
  XFD1048576 makes python-calamine allocate 512 GiB and abort the process), passes the
  import's rows or columns. The sheet's XML is scanned in chunks as it is decompressed,
  without building a tree; cells and rows without an ``r`` attribute count from the
  previous one, as readers place them;
- an old OLE2 workbook (.xls) over a byte cap (its format holds at most 65,536 rows);
- a text table (CSV) with more rows or columns than allowed (``check_text_rows``).

What passes is bounded by the limits, so the reader that follows can only allocate so
much. ``Limits`` are per import: rows and columns of data, and bytes.
"""

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MB = 1024 * 1024
CHUNK = MB
# a single XML tag longer than this is no spreadsheet
MAX_TAG = 64 * 1024
# members smaller than this may compress as much as they like (a blank sheet does)
RATIO_FLOOR = MB
# Excel's own grid: what a cell reference can name
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


class UploadRefused(Exception):
    """The upload cannot be read; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    rows: int  # rows of the table, header included
    columns: int
    file_bytes: int = 60 * MB  # the upload itself
    unpacked_bytes: int = 400 * MB  # all members of a zip, uncompressed
    member_bytes: int = 300 * MB  # one member, uncompressed
    ratio: int = 200  # uncompressed / compressed, per member over RATIO_FLOOR
    members: int = 500
    ole_bytes: int = 20 * MB


@dataclass(frozen=True)
class Extent:
    """The highest row and column (1-based) a sheet uses; 0 when it has no cell."""

    rows: int = 0
    columns: int = 0


def kind(head: bytes) -> str:
    """ "zip", "ole" or "text", from the first bytes (the content decides, not the name)."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return "text"


def check_spreadsheet(handle: IO[bytes], limits: Limits) -> dict[str, Extent]:
    """Refuse what ``limits`` do not allow; the extent of each worksheet of a zip."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if size > limits.file_bytes:
        raise UploadRefused(
            _("文件超过 %(max)s MB，请拆分后分批上传") % {"max": limits.file_bytes // MB}
        )
    found = kind(head)
    if found == "ole" and size > limits.ole_bytes:
        raise UploadRefused(
            _("旧版 Excel（.xls）文件超过 %(max)s MB，请另存为 .xlsx 后上传")
            % {"max": limits.ole_bytes // MB}
        )
    if found != "zip":
        return {}
    return check_zip(handle, limits)


# --- zip -------------------------------------------------------------------------------


def _refuse_bomb() -> UploadRefused:
    return UploadRefused(
        _("文件解压后过大或压缩比异常，可能已损坏或是恶意文件，请检查后重新上传 .xlsx 文件")
    )


def check_zip(handle: IO[bytes], limits: Limits) -> dict[str, Extent]:
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            _check_directory(infos, limits)
            return _read_members(archive, infos, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise UploadRefused(
            _(
                "文件不是有效的 Excel 表格（可能已损坏，或是其他类型的文件），"
                "请上传 .xlsx 或 .csv 文件"
            )
        ) from exc
    except RuntimeError as exc:  # an encrypted member
        raise UploadRefused(_("文件设置了打开密码，请取消密码后重新上传")) from exc


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """The central directory's declared sizes, before a byte is decompressed."""
    names = [info.filename for info in infos]
    if len(infos) > limits.members or len(set(names)) != len(names):
        raise _refuse_bomb()
    if sum(info.file_size for info in infos) > limits.unpacked_bytes:
        raise _refuse_bomb()
    for info in infos:
        if info.file_size > limits.member_bytes or _bad_ratio(info, info.file_size, limits):
            raise _refuse_bomb()


def _bad_ratio(info: zipfile.ZipInfo, unpacked: int, limits: Limits) -> bool:
    return unpacked > RATIO_FLOOR and unpacked > limits.ratio * max(info.compress_size, 1)


def _read_members(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits
) -> dict[str, Extent]:
    """Every member read in chunks, counting what it really expands to."""
    total = 0
    extents = {}
    for info in infos:
        scanner = SheetScanner(limits) if _is_worksheet(info.filename) else None
        unpacked = 0
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                unpacked += len(chunk)
                total += len(chunk)
                if (
                    unpacked > limits.member_bytes
                    or total > limits.unpacked_bytes
                    or _bad_ratio(info, unpacked, limits)
                ):
                    raise _refuse_bomb()
                if scanner is not None:
                    scanner.feed(chunk)
        if scanner is not None:
            extents[info.filename] = scanner.close()
    return extents


def _is_worksheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml") and "/_rels/" not in name


# --- worksheet XML ---------------------------------------------------------------------

_TAG = re.compile(rb"<(?:[\w.-]+:)?(dimension|mergeCell|row|c)\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["']\s*(\d+)""")
_CELL_REF = re.compile(rb"""\br\s*=\s*["']\s*\$?([A-Za-z]+)\$?(\d+)""")
_DIMENSION = re.compile(rb"""\bref\s*=\s*["']([^"']*)["']""")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_PLAIN_COLUMN = re.compile(rb'<c r="([A-Z]+)')
_PLAIN_CELL_ROW = re.compile(rb'<c r="[A-Z]+(\d+)"')
_PLAIN_ROW = re.compile(rb'<row r="(\d+)"')


def _plain(segment: bytes) -> bool:
    """Whether every ``<c`` and ``<row`` of ``segment`` starts ``<c r="`` or ``<row r="``
    (so no cell or row counts from the previous one), no tag is prefixed and no range is
    declared: then ``SheetScanner._plain`` may read it. Anything else (``<col``, a tab
    after ``<c``) only sends the segment the slow way."""
    if b":c" in segment or b":row" in segment:
        return False
    if b"<dimension" in segment or b"<mergeCell" in segment:
        return False
    return segment.count(b"<c") == segment.count(b'<c r="') and segment.count(
        b"<row"
    ) == segment.count(b'<row r="')


def column_number(letters: bytes) -> int:
    """A column's letters to its 1-based number (A = 1, XFD = 16,384)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - 64)
    return number


class SheetScanner:
    """The extent of a worksheet from its XML, fed in chunks: a tag cut by a chunk's end
    waits for the next one; memory stays at one chunk and one tag."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.tail = b""
        self.row = 0  # the current row (1-based)
        self.column = 0  # the last cell's column in the current row
        self.highest_row = 0
        self.highest_column = 0

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        cut = data.rfind(b"<")
        if cut == -1 or data.find(b">", cut) != -1:
            cut = len(data)  # the last tag is complete
        self.tail = data[cut:]
        if len(self.tail) > MAX_TAG:
            raise _refuse_bomb()
        segment = data[:cut]
        if not (_plain(segment) and self._plain(segment)):
            for match in _TAG.finditer(segment):
                self._tag(match.group(1), match.group(2))

    def _plain(self, segment: bytes) -> bool:
        """What writers produce (every cell and row with ``r`` first, no prefix): the
        highest references found by C-speed searches rather than tag by tag. False (and
        nothing done) when a cell's reference is not plain after all."""
        cell_rows = _PLAIN_CELL_ROW.findall(segment)
        if len(cell_rows) != segment.count(b'<c r="'):
            return False
        row_numbers = _PLAIN_ROW.findall(segment)
        if not cell_rows and not row_numbers:
            return True
        highest_row = max(
            max(map(int, cell_rows), default=0), max(map(int, row_numbers), default=0)
        )
        letters = set(_PLAIN_COLUMN.findall(segment))
        self._reach(highest_row, max(map(column_number, letters), default=0))
        last_cell, last_row = segment.rfind(b'<c r="'), segment.rfind(b'<row r="')
        if last_row > last_cell:
            self.row, self.column = int(_PLAIN_ROW.findall(segment, last_row)[0]), 0
        else:
            ref = _CELL_REF.search(segment, last_cell)
            assert ref is not None  # a plain segment: every cell has its reference
            self.row, self.column = int(ref.group(2)), column_number(ref.group(1))
        return True

    def close(self) -> Extent:
        self.feed(b"")
        return Extent(self.highest_row, self.highest_column)

    def _tag(self, name: bytes, attributes: bytes) -> None:
        if name == b"c":
            ref = _CELL_REF.search(attributes)
            if ref:
                self.column = column_number(ref.group(1))
                self.row = int(ref.group(2))
            else:
                self.column += 1
            self._reach(self.row, self.column)
        elif name == b"row":
            number = _ROW_NUMBER.search(attributes)
            self.row = int(number.group(1)) if number else self.row + 1
            self.column = 0
        else:  # the declared range, or a merged range: readers allocate for both
            self._dimension(attributes)

    def _dimension(self, attributes: bytes) -> None:
        ref = _DIMENSION.search(attributes)
        if not ref:
            return
        for letters, digits in _REF.findall(ref.group(1)):
            self._reach(int(digits), column_number(letters), declared=True)

    def _reach(self, row: int, column: int, *, declared: bool = False) -> None:
        if row > self.limits.rows or column > self.limits.columns:
            raise too_large(row, column, self.limits)
        if not declared:
            self.highest_row = max(self.highest_row, row)
            self.highest_column = max(self.highest_column, column)


def too_large(rows: int, columns: int, limits: Limits) -> UploadRefused:
    if rows > limits.rows:
        return UploadRefused(
            _(
                "表格有内容或格式的范围达到第 %(rows)s 行，超过导入上限 %(limit)s 行："
                "请删除多余的行（包括只设置了格式的空行），或拆分为多个文件分批导入"
            )
            % {"rows": f"{min(rows, EXCEL_ROWS):,}", "limit": f"{limits.rows:,}"}
        )
    return UploadRefused(
        _(
            "表格有内容或格式的范围达到第 %(columns)s 列，超过导入上限 %(limit)s 列："
            "请删除多余的列（包括只设置了格式的空列）后重新上传"
        )
        % {"columns": f"{min(columns, EXCEL_COLUMNS):,}", "limit": f"{limits.columns:,}"}
    )


# --- text tables -----------------------------------------------------------------------


def check_text_rows(rows: Iterable[list[Any]], limits: Limits) -> Extent:
    """Count the rows of a text table (a csv.reader) without keeping them; refuse at the
    first row or column over the limits."""
    highest_row = highest_column = 0
    for number, row in enumerate(rows, start=1):
        if number > limits.rows or len(row) > limits.columns:
            raise too_large(number, len(row), limits)
        highest_row = number
        highest_column = max(highest_column, len(row))
    return Extent(highest_row, highest_column)
