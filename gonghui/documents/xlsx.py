"""A small xlsx writer: one or more sheets, each from header labels and rows.

The header row is bold and frozen, column widths follow the content (CJK characters
count double), dates get a date format, and text that looks like a formula is stored as
text (so a name such as ``=HYPERLINK(...)`` cannot run in the reader's spreadsheet).
Rows are streamed (openpyxl write-only mode): widths are measured on the first
``WIDTH_SAMPLE`` rows, so a large export does not have to sit in memory::

    content = workbook_bytes([Sheet(_("工会名册"), headers, rows)])

A sheet may have a ``caption`` (a bold line above the header: what the sheet is, for
which period and when it was made) and per-column number ``formats`` (``"#,##0"``,
``"0.0%"``) for numeric cells.
"""

import io
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTH_SAMPLE = 200
MIN_WIDTH = 6
MAX_WIDTH = 60
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_INVALID_TITLE_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
_HEADER_FONT = Font(bold=True)
_HEADER_ALIGNMENT = Alignment(vertical="center")


@dataclass(frozen=True)
class Sheet:
    title: Any
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    caption: Any = None
    formats: Sequence[str | None] = ()


@dataclass(frozen=True)
class Formatted:
    """A number with its own number format, where a column mixes kinds (a summary)."""

    value: Any
    number_format: str | None


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Write the sheets to one workbook and return the xlsx file's bytes."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_bytes(title: Any, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A workbook of one sheet."""
    return workbook_bytes([Sheet(title, headers, rows)])


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(title=sheet_title(sheet.title))
    headers = [str(label) for label in sheet.headers]
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    for index, width in enumerate(column_widths(headers, sample), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    if sheet.caption:
        worksheet.append([_header_cell(worksheet, str(sheet.caption))])
    worksheet.freeze_panes = "A3" if sheet.caption else "A2"
    worksheet.append([_header_cell(worksheet, label) for label in headers])
    formats = list(sheet.formats)
    for row in itertools.chain(sample, rows):
        worksheet.append(
            [
                _cell(worksheet, value, formats[i] if i < len(formats) else None)
                for i, value in enumerate(row)
            ]
        )


def sheet_title(title: Any) -> str:
    """Excel refuses titles longer than 31 characters or containing []:*?/\\."""
    cleaned = str(title).translate(_INVALID_TITLE_CHARS).strip("'")
    return cleaned[:31] or "Sheet"


def display_width(value: Any) -> int:
    """Width in character cells: East Asian wide and full-width characters count two."""
    text = _text(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    widths = [display_width(label) for label in headers]
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], display_width(value))
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def _text(value: Any) -> str:
    if isinstance(value, Formatted):
        return _text(value.value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _header_cell(worksheet: WriteOnlyWorksheet, label: str) -> Any:
    cell = WriteOnlyCell(worksheet, value=_clean(label))
    cell.font = _HEADER_FONT
    cell.alignment = _HEADER_ALIGNMENT
    return cell


def _cell(worksheet: WriteOnlyWorksheet, value: Any, number_format: str | None = None) -> Any:
    if isinstance(value, Formatted):
        return _cell(worksheet, value.value, value.number_format or number_format)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        if number_format is None:
            return value
        cell = WriteOnlyCell(worksheet, value=value)  # type: ignore[arg-type]
        cell.number_format = number_format
        return cell
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(worksheet, value=local.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(worksheet, value=value)  # type: ignore[arg-type]
        cell.number_format = DATE_FORMAT
        return cell
    cell = WriteOnlyCell(worksheet, value=_clean(str(value)))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _clean(text: str) -> str:
    """Drop control characters that the xlsx format cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)
