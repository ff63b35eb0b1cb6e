"""Template helpers for staff tables: sortable headers, page links, numbers, and the
filters a printed page was made with."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms, template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gonghui.core.reports.declarations import Kind
from gonghui.core.reports.formats import display
from gonghui.core.search import is_personal

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


@register.simple_tag
def filter_summary(form: Any) -> list[tuple[str, str]]:
    """The filters a list or report was made with, as (label, value) in the reader's
    words: what the printed page says it shows (the filter form itself is not printed).
    Only valid, non-empty values; a choice shows its label, a record its name."""
    if form is None or not getattr(form, "is_bound", False) or not form.is_valid():
        return []
    shown = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], False) or isinstance(field.widget, forms.HiddenInput):
            continue
        if isinstance(value, str) and is_personal(value):
            value = str(_("（身份证号或手机号，不打印）"))
        if value is True:
            text = str(_("是"))
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            text = str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value)
        shown.append((str(field.label or name), text))
    return shown
