"""A roster file's bytes to a table of cells.

The content decides the format, not the file name (a ".xlsx" that is really a CSV, and
the reverse, are read as what they are): a zip is an Excel workbook, read with
python-calamine, which gives the values Excel cached for formulas; an OLE2 file is an old
.xls, read the same way; anything else is CSV, in UTF-8 (with or without BOM), UTF-16
(Excel's "Unicode text"), or GB18030 (what Chinese Excel writes as "CSV").

A problem with the whole file raises ``RosterFileError`` with a message for the user.
Problems of single cells (a merged cell, a formula Excel never calculated) come back with
the table, keyed by row and column, so they are reported with their row.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

from gonghui.core import uploads
from gonghui.members.roster.columns import (
    HEADER_SCAN_ROWS,
    HEADERS,
    ID_NUMBER,
    IGNORED,
    MAX_COLUMNS,
    MAX_ROWS,
    NAME,
    REQUIRED,
)

Grid = list[list[Any]]
Rows = Callable[[], Iterator[list[Any]]]

# what the reader may be given: the rows of data, a title and the header above them
LIMITS = uploads.Limits(rows=MAX_ROWS + HEADER_SCAN_ROWS, columns=MAX_COLUMNS)


class RosterFileError(Exception):
    """The file cannot be imported at all; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The header and a way to read the rows below it, one at a time: ``rows()`` starts
    a new pass each time it is called (the check reads the file once, the error report
    once more), so no pass holds more than one row."""

    headers: list[str]  # the cleaned header of each column, "" where there is none
    source: Rows  # every row below the header, blank ones included
    size: int  # how many rows ``source`` gives (blank ones included)
    problems: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column index)
    header_row: int = 1

    def index(self, header: str) -> int | None:
        return self.headers.index(header) if header in self.headers else None

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number as Excel shows it, cells) of every row that is not blank."""
        for number, row in enumerate(self.source(), start=self.header_row + 1):
            if not is_blank_row(row):
                yield number, row


def read_table(content: bytes) -> Table:
    if not content:
        raise RosterFileError(_("文件是空的，请选择填写好的名册文件"))
    try:
        uploads.check_spreadsheet(io.BytesIO(content), LIMITS)
    except uploads.UploadRefused as exc:
        raise RosterFileError(exc.message) from exc
    if uploads.kind(content) != "text":
        return _workbook_table(content)
    return _csv_table(content)


# --- workbooks -------------------------------------------------------------------------


def _open(content: bytes) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(content))
    except PasswordError as exc:
        raise RosterFileError(_("文件设置了打开密码，请取消密码后重新上传")) from exc
    except Exception as exc:  # noqa: BLE001 - whatever calamine cannot read is no workbook
        raise RosterFileError(
            _(
                "文件不是有效的 Excel 表格（可能已损坏，或是其他类型的文件），"
                "请上传 .xlsx 或 .csv 文件"
            )
        ) from exc


def _workbook_table(content: bytes) -> Table:
    workbook = _open(content)
    with workbook:
        sheet_index, sheet, header_index = _roster_sheet(workbook)
    end = sheet.end
    if end is None:
        raise RosterFileError(_("表格中没有内容"))
    _check_size(end[0] - header_index)
    top = sheet.to_python(skip_empty_area=False, nrows=header_index + 1)
    source = _SheetRows(content, sheet_index, header_index + 1, sheet)
    table = _table(top[header_index], source, end[0] - header_index, header_index)
    _mark_merged(table, sheet.merged_cell_ranges or [], header_index)
    del sheet  # the first pass over the rows holds it, and lets it go
    if uploads.kind(content) == "zip":
        for row, column in formulas_without_values(content, sheet_index):
            _mark(
                table,
                row + 1,
                column,
                _("公式没有计算结果：请在 Excel 中打开并保存，或把公式转为数值"),
            )
    return table


class _SheetRows:
    """The rows of a worksheet from ``start`` (0-based), padded on the left as Excel
    shows them. The first pass uses the sheet already read; a later pass reads it again
    from the file, so that the sheet is not kept between passes."""

    def __init__(self, content: bytes, index: int, start: int, sheet: Any) -> None:
        self.content, self.index, self.start, self.sheet = content, index, start, sheet

    def __call__(self) -> Iterator[list[Any]]:
        sheet, self.sheet = self.sheet, None
        if sheet is None:
            with _open(self.content) as workbook:
                sheet = workbook.get_sheet_by_index(self.index)
        return _padded_rows(sheet, self.start)


def _padded_rows(sheet: Any, start: int) -> Iterator[list[Any]]:
    first = sheet.start
    pad = [""] * first[1] if first else []
    for number, row in enumerate(sheet.iter_rows()):
        if number >= start:
            yield [*pad, *row] if pad else row


def _roster_sheet(workbook: CalamineWorkbook) -> tuple[int, Any, int]:
    """The first worksheet whose first rows hold the roster's headers (else the first
    worksheet), and the index of its header row."""
    first = None
    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = workbook.get_sheet_by_index(index)
        top = sheet.to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS)
        header_index = _header_index(top)
        if header_index is not None:
            return index, sheet, header_index
        if first is None:
            first = (index, sheet, top)
    if first is None:
        raise RosterFileError(_("文件中没有工作表"))
    index, sheet, top = first
    return index, sheet, _first_filled(top)


# --- CSV -------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _csv_table(content: bytes) -> Table:
    text = _decode(content)
    if _CONTROL.search(text[:4096]):
        raise RosterFileError(_("文件不是电子表格，请上传 .xlsx 或 .csv 格式的名册"))
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","

    def reader() -> Iterator[list[str]]:
        return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    try:
        extent = uploads.check_text_rows(reader(), LIMITS)
    except uploads.UploadRefused as exc:
        raise RosterFileError(exc.message) from exc
    except csv.Error as exc:
        raise RosterFileError(_("文件不是电子表格，请上传 .xlsx 或 .csv 格式的名册")) from exc
    top = [row for _number, row in zip(range(HEADER_SCAN_ROWS), reader(), strict=False)]
    header_index = _header_index(top)
    if header_index is None:
        header_index = _first_filled(top)
    _check_size(extent.rows - header_index - 1)

    def rows() -> Iterator[list[str]]:
        source = reader()
        for _skipped in range(header_index + 1):
            next(source)
        return source

    return _table(top[header_index], rows, extent.rows - header_index - 1, header_index)


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError(
        _("无法识别文件的编码或格式：请上传 .xlsx 文件，或另存为“CSV UTF-8（逗号分隔）”后上传")
    )


# --- both ------------------------------------------------------------------------------


def _check_size(data_rows: int) -> None:
    if data_rows > MAX_ROWS:
        raise RosterFileError(
            _("文件约有 %(rows)s 行数据，超过单次导入上限 %(limit)s 行，请拆分为多个文件分批导入")
            % {"rows": f"{data_rows:,}", "limit": f"{MAX_ROWS:,}"}
        )


def clean_header(value: Any) -> str:
    """A header as written by people: "姓 名", "身份证号*", "手机号（必填）" all count."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
    text = re.sub(r"\((?:必填|选填|可选|非必填)\)", "", text)
    return re.sub(r"[\s*]+", "", text)


def _header_index(rows: Grid) -> int | None:
    for index, row in enumerate(rows):
        cleaned = {clean_header(cell) for cell in row}
        if NAME in cleaned and ID_NUMBER in cleaned:
            return index
    return None


def _first_filled(rows: Grid) -> int:
    for index, row in enumerate(rows):
        if not is_blank_row(row):
            return index
    raise RosterFileError(_("表格中没有内容"))


def is_blank_row(row: list[Any]) -> bool:
    first = row[0] if row else None
    if first.__class__ is str and first.strip():  # type: ignore[union-attr]
        return False  # the common case, decided by the first cell
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _table(header: list[Any], source: Rows, size: int, header_index: int) -> Table:
    headers = [clean_header(cell) for cell in header]
    check_headers(headers)
    if size <= 0:
        raise no_data()
    return Table(headers=headers, source=source, size=size, header_row=header_index + 1)


def no_data() -> RosterFileError:
    return RosterFileError(_("文件只有表头，没有数据行"))


def check_headers(headers: list[str]) -> None:
    counts = Counter(header for header in headers if header)
    missing = [header for header in REQUIRED if header not in counts]
    unknown = [h for h in counts if h not in HEADERS and h not in IGNORED]
    repeated = [h for h, n in counts.items() if n > 1 and h in HEADERS]
    problems = []
    if missing:
        problems.append(_("缺少列：%(names)s") % {"names": "、".join(missing)})
    if unknown:
        problems.append(_("无法识别的列：%(names)s") % {"names": "、".join(unknown)})
    if repeated:
        problems.append(_("重复的列：%(names)s") % {"names": "、".join(repeated)})
    if problems:
        raise RosterFileError(
            _("表头与模板不一致（%(problems)s）。请使用模板的表头：%(headers)s")
            % {"problems": "；".join(problems), "headers": "、".join(HEADERS)}
        )


def _mark(table: Table, row: int, column: int, message: str) -> None:
    if row > table.header_row and column < len(table.headers) and table.headers[column]:
        table.problems.setdefault((row, column), message)


def _mark_merged(table: Table, merged: list[Any], header_index: int) -> None:
    for (first_row, first_col), (last_row, last_col) in merged:
        if last_row < header_index:
            continue  # a title above the header
        if first_row <= header_index:
            raise RosterFileError(_("表头所在行有合并单元格，请取消合并后重新上传"))
        for row in range(first_row, last_row + 1):
            for column in range(first_col, last_col + 1):
                _mark(table, row + 1, column, _("合并单元格：请取消合并，并在每一行分别填写"))


# --- formulas without a cached value (calamine reads them as empty) ---------------------

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
# a sheet whose rows never end within this many bytes is read without cutting
FORMULA_BUFFER = 16 * uploads.CHUNK


def formulas_without_values(content: bytes, sheet_index: int) -> set[tuple[int, int]]:
    """(row, column), 0-based, of the cells of a sheet holding a formula but no value.
    The sheet's XML is read in chunks, each cut after a row's tag so no cell is split."""
    found: set[tuple[int, int]] = set()
    try:
        with (
            zipfile.ZipFile(io.BytesIO(content)) as archive,
            archive.open(_sheet_path(archive, sheet_index)) as member,
        ):
            tail = b""
            while chunk := member.read(uploads.CHUNK):
                data = tail + chunk
                cut = _after_last_row_tag(data)
                _formulas(data[:cut], found)
                tail = data[cut:]
            _formulas(tail, found)
    except (zipfile.BadZipFile, KeyError, OSError):
        return set()
    return found


def _after_last_row_tag(data: bytes) -> int:
    if len(data) >= FORMULA_BUFFER:
        return len(data)
    end = data.rfind(b"row>")
    return 0 if end == -1 else end + 4


def _formulas(data: bytes, found: set[tuple[int, int]]) -> None:
    if b"<f" not in data and b":f" not in data:  # a plain search first: most sheets have none
        return
    if not _FORMULA.search(data):
        return
    for match in _CELL.finditer(data):
        body = match.group(2)
        if body and _FORMULA.search(body) and not _VALUE.search(body):
            ref = _REF.search(match.group(1))
            if ref:
                found.add((int(ref.group(2)) - 1, _column_index(ref.group(1))))


def _attribute(attributes: bytes, name: bytes) -> str:
    match = re.search(rb"(?:^|\s)" + name + rb'="([^"]*)"', attributes)
    return match.group(1).decode() if match else ""


def _sheet_path(archive: zipfile.ZipFile, sheet_index: int) -> str:
    fallback = f"xl/worksheets/sheet{sheet_index + 1}.xml"
    try:
        sheets = _SHEET.findall(archive.read("xl/workbook.xml"))
        relations = _RELATION.findall(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return fallback
    if sheet_index >= len(sheets):
        return fallback
    wanted = _attribute(sheets[sheet_index], rb"(?:\w+:)id")
    targets = {_attribute(r, b"Id"): _attribute(r, b"Target") for r in relations}
    target = targets.get(wanted, "")
    if not target:
        return fallback
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1
