"""Forms of the fund pages. They only parse: amounts are read as text so that the
service's rule (``core.rules.money``) says what is wrong with them, on the field."""

from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ASSISTANCE_MANAGE
from gonghui.assistance.choices import EntryKind, FundKind
from gonghui.core.forms import DateField
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import Organization

ALL = [("", _("全部"))]


def amount_field(label: Any, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def text(label: Any, rows: int = 2, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class FundForm(forms.Form):
    organization = NodeChoiceField(
        label=_("管理单位"), queryset=Organization.objects.none(), action=ASSISTANCE_MANAGE
    )
    code = forms.CharField(
        label=_("资金代码"), max_length=30, help_text=_("小写字母、数字或连字符，如 warmth")
    )
    name = forms.CharField(label=_("资金名称"), max_length=60)
    kind = forms.ChoiceField(label=_("资金类别"), choices=FundKind.choices)
    started_on = DateField(label=_("设立日期"), initial=timezone.localdate)
    opening = amount_field(
        _("期初拨入金额（元）"),
        required=False,
        help_text=_("专项资金、预算科目可在设立时拨入；温暖专项基金的资金来自捐赠"),
    )
    description = text(_("说明"), rows=3, max_length=2000)

    def __init__(self, *args: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = nodes


class DonationForm(forms.Form):
    donor_name = forms.CharField(label=_("捐赠人"), max_length=60)
    donor_unit = forms.CharField(label=_("捐赠单位"), max_length=120, required=False)
    amount = amount_field(_("捐赠金额（元）"))
    received_on = DateField(label=_("到账日期"), initial=timezone.localdate)
    receipt_number = forms.CharField(
        label=_("收据编号"),
        max_length=30,
        required=False,
        help_text=_("不填写则自动编号"),
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class AllocationForm(forms.Form):
    amount = amount_field(_("拨入金额（元）"))
    booked_on = DateField(label=_("拨入日期"), initial=timezone.localdate)
    memo = forms.CharField(
        label=_("摘要"), max_length=180, help_text=_("如：总工会2026年度预算拨入")
    )


class ReverseForm(forms.Form):
    reason = text(_("冲正原因"), rows=3, required=True, max_length=200)


class FilterForm(forms.Form):
    """A list's filters, always bound; an invalid filter is ignored."""

    def __init__(self, data: QueryDict) -> None:
        super().__init__(data)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


class LedgerFilterForm(FilterForm):
    start = DateField(label=_("起始日期"), required=False)
    end = DateField(label=_("截止日期"), required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=ALL + EntryKind.choices, required=False)


class FundFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("资金类别"), choices=ALL + FundKind.choices, required=False)


class PeriodForm(forms.Form):
    """The period of a statement: by default the year to date."""

    start = DateField(label=_("起始日期"))
    end = DateField(label=_("截止日期"))

    def __init__(self, data: QueryDict) -> None:
        today = timezone.localdate()
        given = {key: data[key] for key in ("start", "end") if data.get(key)}
        super().__init__({"start": date(today.year, 1, 1), "end": today, **given})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("截止日期不能早于起始日期"))
        return cleaned

    def period(self) -> tuple[date, date]:
        """The period asked for, or the year to date when it is not valid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        today = timezone.localdate()
        return date(today.year, 1, 1), today
