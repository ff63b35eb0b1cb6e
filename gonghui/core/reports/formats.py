"""How a value of each ``Kind`` is written: on the page (text), in the workbook (a number
with a number format) and in JSON (a number; money as a decimal string)."""

from datetime import date
from decimal import Decimal
from typing import Any

from gonghui.core.reports.declarations import Kind

NOTHING = "—"  # a rate with nothing to rate, an average over nothing

# number formats of the workbook's cells
XLSX_FORMATS: dict[Kind, str | None] = {
    Kind.TEXT: None,
    Kind.COUNT: "#,##0",
    Kind.MONEY: "#,##0.00",
    Kind.RATE: "0.0%",
    Kind.NUMBER: "#,##0.0",
    Kind.DATE: "yyyy-mm-dd",
}


def display(value: Any, kind: Kind) -> str:
    """The value as the page shows it: 12,345; 1,234,567.80; 87.5%; 9.5; 2021-10-31."""
    if value is None:
        return NOTHING
    if kind == Kind.COUNT:
        return f"{int(value):,}"
    if kind == Kind.MONEY:
        return f"{Decimal(value):,.2f}"
    if kind == Kind.RATE:
        return f"{float(value) * 100:.1f}%"
    if kind == Kind.NUMBER:
        return f"{float(value):,.1f}"
    if kind == Kind.DATE and isinstance(value, date):
        return value.isoformat()
    return str(value)


def cell(value: Any, kind: Kind) -> Any:
    """The value for the workbook: numbers stay numbers (the format shows them)."""
    if value is None or kind in (Kind.TEXT, Kind.DATE):
        return value
    if kind == Kind.MONEY:
        return Decimal(value).quantize(Decimal("0.01"))
    if kind in (Kind.RATE, Kind.NUMBER):
        return float(value)
    return value


def json_value(value: Any, kind: Kind) -> Any:
    """The value for the API: counts and rates as numbers, money as a decimal string with
    two places (the API's rule for money), dates as ISO dates, text as text."""
    if value is None:
        return None
    if kind == Kind.COUNT:
        return int(value)
    if kind == Kind.MONEY:
        return f"{Decimal(value):.2f}"
    if kind in (Kind.RATE, Kind.NUMBER):
        return float(value)
    if kind == Kind.DATE and isinstance(value, date):
        return value.isoformat()
    return str(value)
