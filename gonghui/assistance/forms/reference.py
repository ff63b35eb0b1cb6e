"""Forms of the assistance settings pages: they parse; ``services.reference`` decides."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import (
    AidCategory,
    AmountMode,
    Cause,
    Document,
    DocumentSubject,
    IncomeLineKind,
)
from gonghui.assistance.models import AidKind, Fund
from gonghui.core.forms import DateField

CHOOSE = [("", _("请选择"))]


def _money(label: Any, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=4)


class AidKindForm(forms.Form):
    code = forms.CharField(label=_("代码"), max_length=30, help_text=_("字母、数字、下划线"))
    name = forms.CharField(label=_("名称"), max_length=60)
    category = forms.ChoiceField(label=_("类别"), choices=CHOOSE + AidCategory.choices)
    standard = forms.CharField(
        label=_("帮扶标准"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount_mode = forms.ChoiceField(label=_("金额方式"), choices=AmountMode.choices)
    fixed_amount = _money(_("定额（元）"))
    min_amount = _money(_("最低金额（元）"))
    max_amount = _money(_("最高金额（元）"))
    annual_cap = _money(_("每人每年上限（元）"), required=True)
    in_rounds = forms.BooleanField(label=_("按批次申请"), required=False)
    needs_file = forms.BooleanField(label=_("须为在档困难职工"), required=False)
    fund = forms.ModelChoiceField(
        label=_("资金来源"),
        queryset=Fund.objects.none(),
        required=False,
        empty_label=_("不从专项资金支出"),
    )
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, funds: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds  # type: ignore[attr-defined]
        if editing:
            del self.fields["code"]


class AidRoundForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("帮扶项目"), queryset=AidKind.objects.none(), required=False
    )
    name = forms.CharField(label=_("批次名称"), max_length=60, required=False)
    opens_on = DateField(label=_("开始受理"), required=False)
    closes_on = DateField(label=_("截止受理"), required=False)
    standard = forms.CharField(
        label=_("本批次标准"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds  # type: ignore[attr-defined]


class IncomeLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("标准类别"), choices=CHOOSE + IncomeLineKind.choices)
    monthly_amount = _money(_("月人均收入标准（元）"), required=True)
    effective_from = DateField(label=_("执行日期"), required=False)
    note = forms.CharField(label=_("依据"), required=False, max_length=200)


class RequiredDocumentForm(forms.Form):
    subject = forms.ChoiceField(label=_("适用于"), choices=DocumentSubject.choices)
    document = forms.ChoiceField(label=_("材料"), choices=CHOOSE + Document.choices)
    cause = forms.ChoiceField(
        label=_("致困原因"), choices=[("", _("所有原因")), *Cause.choices], required=False
    )
    aid_kind = forms.ModelChoiceField(
        label=_("帮扶项目"),
        queryset=AidKind.objects.none(),
        required=False,
        empty_label=_("所有项目"),
    )

    def __init__(self, *args: Any, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aid_kind"].queryset = kinds  # type: ignore[attr-defined]


class PolicyForm(forms.Form):
    effective_from = DateField(label=_("执行日期"), required=False)
    publication_days = forms.IntegerField(label=_("公示天数"), required=False)
    allow_covered_non_members = forms.BooleanField(
        label=_("覆盖单位的非会员职工可建档"), required=False
    )
