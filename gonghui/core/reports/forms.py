"""The one form of every report: a node of the organisation tree and a period.

The period follows the date rule of ``core.forms`` (1900..2100); by default it is the
year to date. A wrong period is shown on the form and the default is used."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField
from gonghui.core.reports.declarations import Report


def default_period(start: date | None, end: date | None) -> tuple[date, date]:
    """The period asked for, with the year to date where a bound is missing: the end is
    today, the start the 1st of January of the end's year."""
    end = end or timezone.localdate()
    return start or end.replace(month=1, day=1), end


def period_error(start: date | None, end: date | None) -> tuple[str, Any] | None:
    """The field and message of a period that cannot be counted, or None."""
    if start and end and start > end:
        return "end", _("截止日不能早于起始日")
    if start and not end and start > timezone.localdate():
        return "start", _("起始日不能晚于今天")
    return None


class ReportForm(forms.Form):
    node = forms.ChoiceField(label=_("统计范围"), required=False)
    start = DateField(label=_("统计起始日"), required=False)
    end = DateField(label=_("统计截止日"), required=False)

    def __init__(self, data: Any = None, *, report: Report, nodes: list[Any]) -> None:
        start, end = default_period(None, None)
        super().__init__(data, initial={"start": start, "end": end})
        if report.start_label:
            self.fields["start"].label = report.start_label  # type: ignore[assignment]
        if report.end_label:
            self.fields["end"].label = report.end_label  # type: ignore[assignment]
        node_field = self.fields["node"]
        assert isinstance(node_field, forms.ChoiceField)
        node_field.choices = [("", _("全部管辖范围"))] + [
            (str(n.pk), "\u3000" * max(n.depth - 1, 0) + n.name) for n in nodes
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        error = period_error(cleaned.get("start"), cleaned.get("end"))
        if error:
            self.add_error(*error)
        return cleaned

    def period(self) -> tuple[date, date]:
        """The chosen period, or the default where a bound is missing or the period is
        wrong."""
        if not self.is_bound:
            return default_period(None, None)
        if not self.is_valid() and {"start", "end"} & set(self.errors):
            return default_period(None, None)
        return default_period(self.cleaned_data.get("start"), self.cleaned_data.get("end"))
