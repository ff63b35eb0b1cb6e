"""Forms of core pages, and the one date rule every filter, period and query uses.

A date outside ``MIN_DATE``..``MAX_DATE`` is refused with a field error: dates such as
0001-01-01 or 9999-12-31 parse, but the database, ``date + timedelta`` and the working-day
calendar fail on them (ValueError, OverflowError: a 500)."""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AuditAction
from gonghui.core.scoping import NOT_FOUND

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)


def validate_date_in_range(value: date) -> None:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValidationError(
            _("日期超出范围（%(min)s 至 %(max)s）"),
            code="date_out_of_range",
            params={"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
        )


class DateField(forms.DateField):
    """A date between ``MIN_DATE`` and ``MAX_DATE``, with the browser's date picker."""

    default_validators = [validate_date_in_range]

    def __init__(self, **kwargs: Any) -> None:
        # the browser's date picker needs ISO dates, whatever the locale's display format
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class DateFilter(django_filters.DateFilter):
    """A date in a query string (``?since=2026-01-01``), by the same rule."""

    field_class = DateField


class AuditFilterForm(forms.Form):
    content_type = forms.ModelChoiceField(
        label=_("对象类型"),
        queryset=ContentType.objects.filter(app_label__in=["organizations", "accounts", "core"]),
        required=False,
    )
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    actor_name = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("动作"), choices=[("", _("全部"))] + AuditAction.choices, required=False
    )
    since = DateField(label=_("起始日期"), required=False)
    until = DateField(label=_("截止日期"), required=False)


# --- choices among the records a user may reach -----------------------------------------


PROMPT = _("请选择")  # the blank choice of a select


class ScopedModelChoiceField(forms.ModelChoiceField):
    """A record chosen among those the user may reach: the view passes a queryset limited
    by ``for_actor`` (or by the seats of a committee). An id outside it, whether unknown or
    out of scope, gets the one answer ``scoping.NOT_FOUND``, naming nothing."""

    default_error_messages = {"invalid_choice": NOT_FOUND}

    def __init__(self, *args: Any, empty_label: Any = PROMPT, **kwargs: Any) -> None:
        # never Django's "---------": a prompt the user reads
        super().__init__(*args, empty_label=empty_label, **kwargs)


class ScopedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen as ``ScopedModelChoiceField`` chooses one (Django's own
    answer repeats the id sent; this one is the same for every id)."""

    default_error_messages = {"invalid_choice": NOT_FOUND, "invalid_pk_value": NOT_FOUND}


# --- type-ahead choices ------------------------------------------------------------------


class TypeaheadSelect(forms.TextInput):
    """The widget of a choice among many records (a union, a legal entity, a person): the
    field's value is the record's id; ``static/js/typeahead.js`` turns it into a search box
    that asks ``core.lookups`` (``kind``, and the ``action`` the field's queryset is scoped
    for) and fills the id in. Without JavaScript it stays a plain id input, with the chosen
    record's name beside it; the field validates the id against its own scoped queryset
    either way (an id outside it gets ``NOT_FOUND``)."""

    template_name = "core/widgets/typeahead.html"

    def __init__(self, *, kind: str, action: str = "", attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})
        self.kind = kind
        self.action = action

    def lookup_url(self) -> str:
        url = reverse("core:lookup", args=[self.kind])
        return f"{url}?action={self.action}" if self.action else url

    def current_label(self, value: Any) -> str:
        """The name of the record whose id is ``value``, if it is among the choices."""
        choices = getattr(self, "choices", None)
        queryset = getattr(choices, "queryset", None)
        if queryset is None or value in (None, ""):
            return ""
        try:
            row = queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return ""
        return "" if row is None else str(choices.field.label_from_instance(row))  # type: ignore[union-attr]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = self.lookup_url()
        context["widget"]["current"] = self.current_label(value)
        return context


def row_errors(formset: Any, title: Any) -> list[tuple[str, str, Any]]:
    """The errors of a formset's rows, for the summary at the top of the form: (the
    field's id, "申请人 第 2 行 · 姓名", the message), and the formset's own errors."""
    found: list[tuple[str, str, Any]] = [("", str(title), e) for e in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, start=1):
        for field in form.visible_fields():
            for error in field.errors:
                where = _("%(title)s 第 %(n)d 行 · %(field)s") % {
                    "title": title,
                    "n": number,
                    "field": field.label,
                }
                found.append((field.id_for_label, str(where), error))
    return found


def filled_rows(formset: Any) -> list[dict[str, Any]]:
    """The cleaned rows that were filled in (blank extra rows are left out)."""
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]


DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    """A local date and time picked in the browser's own picker (``datetime-local``)."""
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        **kwargs,
    )
