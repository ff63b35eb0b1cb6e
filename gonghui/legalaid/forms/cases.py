"""Forms of the legal-aid case pages: they parse; ``services.cases`` decides."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import LEGALAID_RECEIVE
from gonghui.core.forms import DateField
from gonghui.legalaid.choices import ApplicantStatus, Channel, Matter, Status
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import Organization

ALL = [("", _("全部"))]


class ApplicationFields(forms.Form):
    """What a worker tells: shared by the window's form and the member's own."""

    matter = forms.ChoiceField(
        label=_("援助事项"), choices=[("", _("请选择")), *Matter.choices], required=False
    )
    facts = forms.CharField(
        label=_("案情及请求"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("发生了什么，希望得到什么（如追回工资的数额）"),
    )
    opposing_name = forms.CharField(
        label=_("对方当事人"), required=False, max_length=120, help_text=_("通常为用人单位名称")
    )
    opposing_code = forms.CharField(
        label=_("对方统一社会信用代码"),
        required=False,
        max_length=18,
        help_text=_("已登记的单位可填写，以便利益冲突检查"),
    )
    amount_claimed = forms.DecimalField(
        label=_("涉案金额（元）"), required=False, max_digits=14, decimal_places=4
    )
    statuses = forms.MultipleChoiceField(
        label=_("申请人身份"),
        choices=ApplicantStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("困难职工按帮扶档案自动认定；其他身份请上传证明材料"),
    )
    household_size = forms.IntegerField(label=_("家庭人口"), required=False, min_value=1)
    household_income = forms.DecimalField(
        label=_("家庭月收入（元）"),
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text=_("按身份视为经济困难或免予核查的，可不填"),
    )


class CaseForm(ApplicationFields):
    """An application taken at a window (or from a consultation or a mediation case)."""

    organization = NodeChoiceField(
        label=_("受理单位"), action=LEGALAID_RECEIVE, queryset=Organization.objects.none()
    )
    received_on = DateField(label=_("收到申请日期"), required=False, initial=timezone.localdate)
    name = forms.CharField(label=_("申请人姓名"), required=False, max_length=50)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=20)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)

    field_order = [
        "organization",
        "received_on",
        "name",
        "id_number",
        "phone",
        "matter",
        "facts",
        "opposing_name",
        "opposing_code",
        "amount_claimed",
        "statuses",
        "household_size",
        "household_income",
    ]

    def __init__(self, *args: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = nodes
        # the node the user serves (the top of their scope) receives by default
        top = nodes.order_by("path").first()
        if top is not None:
            field.initial = top.pk


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("编号、申请人或对方")}),
    )
    status = forms.ChoiceField(label=_("状态"), choices=ALL + Status.choices, required=False)
    matter = forms.ChoiceField(label=_("援助事项"), choices=ALL + Matter.choices, required=False)
    channel = forms.ChoiceField(label=_("申请渠道"), choices=ALL + Channel.choices, required=False)
    overdue = forms.BooleanField(label=_("仅看审查超期"), required=False)
    mine = forms.BooleanField(label=_("仅看我承办的"), required=False)

    def __init__(self, data: QueryDict, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}
