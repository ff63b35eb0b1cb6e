"""Template helpers for staff tables: sortable headers, page links and numbers."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

from gonghui.core.reports.declarations import Kind
from gonghui.core.reports.formats import display

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context: dict[str, Any], field: str, label: str) -> str:
    """A column header that sorts by ``field``; clicking again reverses the order."""
    request = context["request"]
    current = context.get("current_sort", "")
    query = request.GET.copy()
    query.pop("page", None)
    descending = current == field
    query["sort"] = f"-{field}" if descending else field
    arrow = "▲" if current == field else "▼" if current == f"-{field}" else ""
    return format_html('<a href="?{}">{} {}</a>', query.urlencode(), label, arrow)


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    base = context.get("query_without_page", "")
    return f"?{base}&page={number}" if base else f"?page={number}"


@register.filter
def num(value: Any, kind: str = "") -> Any:
    """Thousands separators for numbers, the same in every language (``1,234,567``; the
    Chinese locale of Django groups by nothing); ``num:"money"`` also shows two places
    (``31,758.00``), as the statistics do. Any other value (a date, a period, a percentage
    already formatted, None) is shown as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if kind == "money":
        return display(value, Kind.MONEY)
    return f"{value:,}"
