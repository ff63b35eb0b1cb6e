"""Forms of the contract pages: they parse; ``services.contracts`` decides."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BARGAINING_NEGOTIATE
from gonghui.bargaining.choices import ContractKind, Status
from gonghui.bargaining.forms.congress import codes_of
from gonghui.core.forms import DateField
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import Organization

ALL = [("", _("全部"))]


class ContractForm(forms.Form):
    organization = NodeChoiceField(
        label=_("职工方工会"), action=BARGAINING_NEGOTIATE, queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("合同类别"), choices=[("", _("请选择")), *ContractKind.choices], required=False
    )
    title = forms.CharField(label=_("合同名称"), required=False, max_length=120)
    employer_name = forms.CharField(
        label=_("企业方"),
        required=False,
        max_length=120,
        help_text=_("用人单位名称；区域性、行业性合同填写企业代表组织"),
    )
    credit_codes = forms.CharField(
        label=_("适用单位（统一社会信用代码）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个；不填则适用该工会覆盖的全部单位"),
    )
    opened_on = DateField(label=_("启动日期"), required=False, initial=timezone.localdate)

    def __init__(self, *args: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = nodes

    def codes(self) -> list[str]:
        return codes_of(self.cleaned_data.get("credit_codes") or "")


class ContractFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("编号、合同名称或企业")}),
    )
    status = forms.ChoiceField(label=_("进度"), choices=ALL + Status.choices, required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=ALL + ContractKind.choices, required=False)
    overdue = forms.BooleanField(label=_("仅看逾期未办"), required=False)
    expiring = forms.BooleanField(label=_("仅看待续签"), required=False)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}
