"""The roster's workbooks: the template to fill in, the error report of an import, and
the export of a union's members. All through ``documents.xlsx`` except the template,
which needs what a write-only sheet cannot hold (text-formatted columns, so that Excel
keeps all 18 digits of an ID number, and drop-down lists), and so uses openpyxl's
ordinary workbook with the same conventions (bold frozen header, widths by content)."""

import io
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gonghui.core import pii
from gonghui.core.disclosure import Policy
from gonghui.documents import xlsx
from gonghui.members.choices import EmploymentKind, Platform
from gonghui.members.roster import cells
from gonghui.members.roster.checking import RowError
from gonghui.members.roster.columns import (
    COLUMNS,
    EMPLOYER,
    EMPLOYMENT_KIND,
    ERRORS,
    HEADERS,
    ID_NUMBER,
    MAX_ROWS,
    NAME,
    PHONE,
    PLATFORM,
    REPORT_COLUMNS,
    ROW_NUMBER,
    STARTED_ON,
)
from gonghui.members.roster.reading import Table

TEXT_COLUMNS = (ID_NUMBER, PHONE)
TEMPLATE_ROWS = 2_000  # rows that get the drop-down lists


def template_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = xlsx.sheet_title(_("会员名册"))
    sheet.append(list(HEADERS))
    sheet.append([column.example for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = xlsx.column_widths(list(HEADERS), [[c.example for c in COLUMNS]])
    for index, (header, width) in enumerate(zip(HEADERS, widths, strict=True), start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(width, 14)
        if header in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        if header == EMPLOYMENT_KIND:
            _drop_down(sheet, letter, [str(label) for label in EmploymentKind.labels])
        if header == PLATFORM:
            _drop_down(sheet, letter, [str(label) for label in Platform.labels])
    notes = workbook.create_sheet(xlsx.sheet_title(_("填写说明")))
    for row in _notes():
        notes.append(row)
    for cell in notes[1]:
        cell.font = Font(bold=True)
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _drop_down(sheet: Any, letter: str, options: list[str]) -> None:
    validation = DataValidation(type="list", formula1=f'"{",".join(options)}"', allow_blank=True)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def _notes() -> list[list[str]]:
    required, optional = _("必填"), _("选填")
    notes = {
        NAME: _("与身份证一致，最多 50 个字"),
        ID_NUMBER: _(
            "18 位居民身份证号，末位 X 大小写均可。请保持本列为文本格式，否则 Excel 会丢失末几位"
        ),
        PHONE: _("11 位手机号码"),
        STARTED_ON: _("如 2024-03-01、2024/3/1 或 2024年3月1日，不能晚于导入当天"),
        EMPLOYER: _("本工会覆盖的法人单位名称或统一社会信用代码；未登记的单位按填写的名称保存"),
        EMPLOYMENT_KIND: _("单位职工、新就业形态劳动者或灵活就业；不填为单位职工"),
        PLATFORM: _("新就业形态劳动者必填：%(labels)s")
        % {"labels": "、".join(str(label) for label in Platform.labels)},
    }
    rows = [[_("列"), _("是否必填"), _("说明")]]
    rows += [[c.header, required if c.required else optional, notes[c.header]] for c in COLUMNS]
    rows += [
        [],
        [_("其他"), "", _("第一行为表头，请勿修改表头文字；示例行请删除后再填写")],
        [
            "",
            "",
            _("一个文件最多 %(max)s 行；同一身份证号在文件中只能出现一次")
            % {"max": f"{MAX_ROWS:,}"},
        ],
        ["", "", _("任何一行有错误时整个文件都不会导入，请按错误报告修改后重新上传")],
        ["", "", _("已在其他工会的会员须办理转会，不能通过导入加入本工会")],
        ["", "", _("也可上传 CSV 文件（UTF-8 或 GB18030 编码），表头相同")],
    ]
    return rows


# --- the error report ------------------------------------------------------------------


def error_report_bytes(table: Table, errors: list[RowError]) -> bytes:
    """The bad rows as uploaded (with their row numbers and what is wrong), and every
    error on its own line. A corrected report can be uploaded again as it is."""
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    kept = [i for i, header in enumerate(table.headers) if header not in REPORT_COLUMNS]
    headers = [ROW_NUMBER, *(table.headers[i] or get_column_letter(i + 1) for i in kept), ERRORS]
    rows = (
        [number, *(_value(cells, i) for i in kept), _describe(by_row[number])]
        for number, cells in table.rows()
        if number in by_row
    )
    details = (
        [e.row, e.column or "—", e.message] for e in sorted(errors, key=lambda e: (e.row, e.column))
    )
    return xlsx.workbook_bytes(
        [
            xlsx.Sheet(_("错误行"), headers, rows),
            xlsx.Sheet(_("错误明细"), [ROW_NUMBER, _("列"), _("错误原因")], details),
        ]
    )


def masked_error_report(content: bytes, policy: Policy) -> bytes:
    """The stored error report with the ID numbers and phones of its bad rows shown as
    ``policy`` shows them (a value that is no ID number or phone at all is hidden)."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    sheets = []
    for number, sheet in enumerate(workbook.worksheets):
        values = sheet.iter_rows(values_only=True)
        headers = [str(h) if h is not None else "" for h in next(values, ())]
        rows = [_masked_row(r, headers, policy) if number == 0 else list(r) for r in values]
        sheets.append(xlsx.Sheet(sheet.title, headers, rows))
    workbook.close()
    return xlsx.workbook_bytes(sheets)


def _masked_row(row: tuple[Any, ...], headers: list[str], policy: Policy) -> list[Any]:
    masked = list(row)
    for index, header in enumerate(headers[: len(masked)]):
        if header == ID_NUMBER:
            masked[index] = _shown(masked[index], pii.normalize_id_number, policy.id_number)
        elif header == PHONE:
            masked[index] = _shown(masked[index], pii.normalize_phone, policy.phone)
    return masked


def _shown(value: Any, normalize: Callable[[str], str], show: Callable[[str], str]) -> str:
    raw = cells.text(value)
    if not raw:
        return ""
    try:
        return show(normalize(raw))
    except ValidationError:
        return _("（已隐藏）")


def _value(cells: list[Any], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _describe(errors: list[RowError]) -> str:
    return "；".join(f"{e.column}：{e.message}" if e.column else e.message for e in errors)
