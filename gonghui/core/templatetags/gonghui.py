"""Template helpers for staff tables: sortable headers and page links."""

from typing import Any

from django import template
from django.utils.html import format_html

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
def num(value: Any) -> Any:
    """Thousands separators for numbers; any other value (a date, a period, a percentage
    already formatted) is shown as it is."""
    from decimal import Decimal

    from django.contrib.humanize.templatetags.humanize import intcomma

    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return intcomma(value)
