"""Forms of the ticket pages: the list's filters, registering a ticket, the settings."""

from datetime import datetime, time
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import HOTLINE_DISPATCH
from gonghui.core.forms import DateField
from gonghui.core.models import ClockUnit
from gonghui.hotline.choices import Category, Measure, Source, TicketStatus
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import Organization

ALL = [("", _("全部"))]


class TicketFilterForm(forms.Form):
    q = forms.CharField(label=_("工单编号、来电人、号码或诉求"), required=False, max_length=100)
    source = forms.ChoiceField(label=_("来源"), choices=ALL + Source.choices, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ALL + TicketStatus.choices, required=False)
    category = forms.ChoiceField(
        label=_("诉求类别"), choices=ALL + Category.choices, required=False
    )
    since = DateField(label=_("受理日期起"), required=False)
    until = DateField(label=_("受理日期止"), required=False)
    mine = forms.BooleanField(label=_("我承办的"), required=False)
    waiting = forms.BooleanField(label=_("待办理"), required=False)
    overdue = forms.BooleanField(label=_("已超时"), required=False)

    def __init__(self, data: QueryDict, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class TicketForm(forms.Form):
    """Registering a ticket taken by phone or copied from the hotline platform."""

    organization = NodeChoiceField(
        label=_("首接单位"),
        queryset=Organization.objects.none(),
        empty_label=None,
        action=HOTLINE_DISPATCH,
    )
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices)
    number = forms.CharField(label=_("工单编号"), required=False, max_length=40)
    received_on = DateField(label=_("受理日期"), initial=timezone.localdate)
    received_time = forms.TimeField(
        label=_("受理时刻"),
        initial=lambda: timezone.localtime().time().replace(second=0, microsecond=0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("请填写受理时刻"), "invalid": _("受理时刻无效")},
    )
    caller_name = forms.CharField(label=_("来电人"), required=False, max_length=50)
    caller_phone = forms.CharField(label=_("来电号码"), required=False, max_length=20)
    category = forms.ChoiceField(label=_("诉求类别"), choices=Category.choices)
    request = forms.CharField(
        label=_("诉求内容"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, nodes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is not None:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = nodes

    def ticket_fields(self) -> dict[str, Any]:
        """The cleaned data as the registering service takes it."""
        data = dict(self.cleaned_data)
        day, moment = data.pop("received_on"), data.pop("received_time")
        data["received_at"] = timezone.make_aware(datetime.combine(day, moment or time.min))
        return data


class ServiceLevelForm(forms.Form):
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices)
    measure = forms.ChoiceField(label=_("考核环节"), choices=Measure.choices)
    amount = forms.IntegerField(label=_("时限"), required=False)
    unit = forms.ChoiceField(label=_("计时单位"), choices=ClockUnit.choices)
    effective_from = DateField(label=_("生效日期"), required=False, initial=timezone.localdate)


class ReturnReasonForm(forms.Form):
    name = forms.CharField(label=_("退回理由"), required=False, max_length=60)
    position = forms.IntegerField(label=_("排序"), required=False, min_value=0, initial=0)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class ImportForm(forms.Form):
    organization = NodeChoiceField(
        label=_("首接单位"),
        queryset=Organization.objects.none(),
        empty_label=None,
        action=HOTLINE_DISPATCH,
    )
    file = forms.FileField(
        label=_("工单文件"),
        help_text=_("热线平台导出的 .xlsx 文件"),
        error_messages={"required": _("请选择工单文件")},
    )
    dry_run = forms.BooleanField(label=_("仅检查，不导入"), required=False)

    def __init__(self, *args: Any, nodes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is not None:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = nodes
