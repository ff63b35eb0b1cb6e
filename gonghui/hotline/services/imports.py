"""Import of tickets from the hotline platform's export (an xlsx file) or an automated
feed (JSON rows): one service for the staff page and the API.

- Columns (``COLUMNS``): each field with the headers the platform's exports use for it;
  a JSON row may use the field names or the same headers. Other columns are ignored.
- Idempotent on (source, number): a ticket already registered is updated with the fields
  that differ (and reported with them), or reported unchanged; never a second ticket.
- Every bad row is reported (row number, field, message) and a file with any bad row
  writes nothing (all or nothing, one transaction).
- A new ticket is registered at the importing node (its first unit); with a 承办单位 it
  is dispatched there at once.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetTypeEnum

from gonghui.accounts.roles import HOTLINE_DISPATCH
from gonghui.core import audit, uploads
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, require
from gonghui.core.updates import apply_changes
from gonghui.core.workflow import begin, take
from gonghui.hotline.choices import Category, Measure, Source, TicketStatus
from gonghui.hotline.models import Ticket
from gonghui.hotline.services.tickets import clean, label, lock_numbers, start_clock
from gonghui.organizations.models import Organization

MAX_ROWS = 5000
HEADER_SCAN_ROWS = 5
LIMITS = uploads.Limits(rows=MAX_ROWS + HEADER_SCAN_ROWS, columns=40)

# field -> the headers that name it (the first is the one the documentation gives)
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("工单编号", "工单号", "编号"),
    "source": ("来源", "热线", "工单来源"),
    "received_at": ("受理时间", "来电时间", "登记时间"),
    "caller_name": ("来电人", "来电人姓名", "诉求人"),
    "caller_phone": ("来电号码", "联系电话", "来电人电话"),
    "request": ("诉求内容", "来电内容", "工单内容"),
    "category": ("诉求类别", "问题类别", "类别"),
    "unit": ("承办单位", "派单单位", "承办部门"),
}
REQUIRED = ("number", "source", "received_at", "request", "category")


def headers() -> tuple[list[str], list[str]]:
    """The headers a file must have and those it may have (the platform's Chinese column
    names, the first of each field's aliases): what the import page lists."""
    needed = [COLUMNS[field][0] for field in REQUIRED]
    optional = [names[0] for field, names in COLUMNS.items() if field not in REQUIRED]
    return needed, optional


# the fields an import may change on a ticket already registered
UPDATABLE = ("received_at", "caller_name", "caller_phone", "request", "category")
SOURCE_ALIASES = {
    "12345": Source.CITY,
    "12351": Source.UNION,
    "市民热线": Source.CITY,
    "12345市民热线": Source.CITY,
    "职工热线": Source.UNION,
    "12351职工热线": Source.UNION,
}


class ImportFileError(Exception):
    """The file cannot be read at all; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)  # number, fields changed
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.__dict__ for e in self.errors],
        }


def _header_field(header: Any) -> str | None:
    text = "".join(str(header or "").split())
    for name, headers in COLUMNS.items():
        if text == name or text in headers:
            return name
    return None


# --- reading ---------------------------------------------------------------------------


def read_workbook(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number as Excel shows it, {field: cell}) of every filled row of the first
    worksheet holding a 工单编号 header."""
    if not content:
        raise ImportFileError(_("文件是空的，请选择热线平台导出的工单文件"))
    try:
        uploads.check_spreadsheet(io.BytesIO(content), LIMITS)
    except uploads.UploadRefused as exc:
        raise ImportFileError(exc.message) from exc
    if uploads.kind(content) == "text":
        raise ImportFileError(_("请上传热线平台导出的 .xlsx 文件"))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # noqa: BLE001 - whatever calamine cannot read is no workbook
        raise ImportFileError(_("文件不是有效的 Excel 表格，请上传 .xlsx 文件")) from exc
    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        grid = workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
        found = _rows_below_header(grid)
        if found is not None:
            return found
    raise ImportFileError(
        _("未找到表头“%(header)s”，请使用热线平台导出的工单文件") % {"header": COLUMNS["number"][0]}
    )


def _rows_below_header(grid: list[list[Any]]) -> list[tuple[int, dict[str, Any]]] | None:
    for header_index, header in enumerate(grid[:HEADER_SCAN_ROWS]):
        fields = [_header_field(cell) for cell in header]
        if "number" not in fields:
            continue
        if len(grid) - header_index - 1 > MAX_ROWS:
            raise ImportFileError(_("一次最多导入 %(max)d 行，请拆分文件") % {"max": MAX_ROWS})
        rows = []
        for offset, cells in enumerate(grid[header_index + 1 :], start=header_index + 2):
            if all(cell in (None, "") or str(cell).strip() == "" for cell in cells):
                continue
            row = {name: cell for name, cell in zip(fields, cells, strict=False) if name}
            rows.append((offset, row))
        return rows
    return None


def json_rows(rows: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    """JSON rows keyed by field names or headers, numbered from 1."""
    numbered = []
    for number, raw in enumerate(rows, start=1):
        row = {}
        if isinstance(raw, dict):
            for key, value in raw.items():
                name = _header_field(key)
                if name:
                    row[name] = value
        numbered.append((number, row))
    return numbered


# --- cells -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _source(value: Any) -> str:
    text = "".join(_text(value).split())
    return str(SOURCE_ALIASES.get(text, text))


def _category(value: Any) -> str:
    """A category by its code, or by its name as the platform writes it (Chinese,
    whatever language the importing user reads)."""
    text = _text(value)
    with translation.override(settings.LANGUAGE_CODE):
        names = {str(choice.label): str(choice.value) for choice in Category}
    if text in Category.values:
        return text
    return names.get(text, text)  # an unknown one is refused by the check, naming the field


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time.min)
    else:
        text = _text(value).replace("/", "-").replace("T", " ")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _parse(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": _text(row.get("number")),
        "source": _source(row.get("source")),
        "received_at": _moment(row.get("received_at")),
        "caller_name": _text(row.get("caller_name")),
        "caller_phone": _text(row.get("caller_phone")),
        "request": _text(row.get("request")),
        "category": _category(row.get("category")),
    }


# --- checking and writing --------------------------------------------------------------


@dataclass
class _Planned:
    row: int
    data: dict[str, Any]
    unit: Organization | None
    ticket: Ticket | None


def _check_row(
    number: int, row: dict[str, Any], units: dict[str, Organization], result: ImportResult
) -> _Planned | None:
    parsed = _parse(row)
    errors = []
    if row.get("received_at") not in (None, "") and parsed["received_at"] is None:
        errors.append(RowError(number, "received_at", _("受理时间无法识别")))
        parsed["received_at"] = timezone.now()  # checked no further
    try:
        cleaned = clean(parsed)
    except ValidationError as exc:
        errors += [
            RowError(number, name, message)
            for name, messages in exc.message_dict.items()
            for message in messages
            if not (name == "received_at" and errors)
        ]
        cleaned = None
    unit = None
    unit_name = _text(row.get("unit"))
    if unit_name:
        unit = units.get(unit_name)
        if unit is None:
            errors.append(RowError(number, "unit", _("承办单位不在您的管理范围内或名称有误")))
    if errors or cleaned is None:
        result.errors += errors
        return None
    return _Planned(number, cleaned, unit, None)


def _label(name: str) -> str:
    return _("承办单位") if name == "unit" else label(name)


def _plan(
    actor: Actor, rows: list[tuple[int, dict[str, Any]]], result: ImportResult
) -> list[_Planned]:
    units = {
        node.name: node
        for node in Organization.objects.for_actor(actor, HOTLINE_DISPATCH).only(
            "pk", "name", "path"
        )
    }
    planned: list[_Planned] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        item = _check_row(number, row, units, result)
        if item is None:
            continue
        key = (item.data["source"], item.data["number"])
        if key in seen:
            message = _("与第 %(row)d 行的工单编号重复") % {"row": seen[key]}
            result.errors.append(RowError(number, "number", message))
            continue
        seen[key] = number
        planned.append(item)
    existing = _existing(planned)
    reachable = set(
        Ticket.objects.for_actor(actor, HOTLINE_DISPATCH)
        .filter(pk__in=[t.pk for t in existing.values()])
        .values_list("pk", flat=True)
    )
    for item in planned:
        ticket = existing.get((item.data["source"], item.data["number"]))
        if ticket is not None and ticket.pk not in reachable:
            message = _("该工单编号已由其他单位登记")
            result.errors.append(RowError(item.row, "number", message))
        item.ticket = ticket
    return planned


def _existing(planned: list[_Planned]) -> dict[tuple[str, str], Ticket]:
    numbers = [item.data["number"] for item in planned]
    rows = Ticket.objects.select_for_update().filter(number__in=numbers)
    return {(t.source, t.number): t for t in rows}


def _create(actor: Actor, organization: Organization, item: _Planned) -> Ticket:
    ticket = Ticket.objects.create(organization=organization, owner=organization, **item.data)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=ticket,
        after=audit.snapshot(ticket),
        message=_("导入工单"),
    )
    begin(actor, ticket, "register", note=_("导入"))
    start_clock(ticket, Measure.COMPLETION, ticket.received_at)
    if item.unit is not None:
        ticket = take(actor, ticket, "dispatch", unit=item.unit)
    return ticket


def _update(actor: Actor, item: _Planned) -> list[str]:
    ticket = item.ticket
    assert ticket is not None
    changes = apply_changes(ticket, {name: item.data[name] for name in UPDATABLE}, fields=UPDATABLE)
    if not changes:
        return []
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=ticket,
        changes=changes.diff,
        message=_("导入更新"),
    )
    if "received_at" in changes and ticket.status == TicketStatus.RECEIVED:
        start_clock(ticket, Measure.COMPLETION, ticket.received_at)
    return [name for name in UPDATABLE if name in changes]


def ticket_import(
    *,
    actor: Actor,
    organization: Organization,
    rows: list[tuple[int, dict[str, Any]]],
    dry_run: bool = False,
) -> ImportResult:
    """Check every row; when none is bad and not ``dry_run``, write them all in one
    transaction. The result says what was (or would be) created, updated (with the
    fields that changed) and left unchanged, and every bad row."""
    require(actor, HOTLINE_DISPATCH, organization)
    result = ImportResult()
    if not rows:
        result.errors.append(RowError(0, "rows", _("没有可导入的工单")))
        return result
    with transaction.atomic():
        lock_numbers()
        planned = _plan(actor, rows, result)
        if result.errors:
            result.errors.sort(key=lambda e: (e.row, e.field))
            return result
        for item in planned:
            number = item.data["number"]
            if item.ticket is None:
                _create(actor, organization, item)
                result.created.append(number)
                continue
            changed = _update(actor, item)
            if changed:
                result.updated.append({"number": number, "fields": changed})
            else:
                result.unchanged.append(number)
        if dry_run:
            transaction.set_rollback(True)
            return result
    result.committed = True
    return result


def field_label(name: str) -> str:
    """A field as the import's documentation names it (its first header)."""
    return COLUMNS.get(name, (_label(name),))[0]
