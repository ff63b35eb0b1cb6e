"""Forms of claim campaigns, suppliers and redemption: they parse; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.benefits.choices import PER_MEMBER_LIMIT_MAX, CampaignStatus, Eligibility, ItemKind
from gonghui.core.forms import ScopedModelChoiceField, datetime_field
from gonghui.members.choices import EmploymentKind, Platform

ALL = [("", _("全部"))]


class CampaignFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=ALL + CampaignStatus.choices, required=False
    )
    q = forms.CharField(label=_("名称或编号"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "query": self.cleaned_data["q"].strip()}


class CampaignForm(forms.Form):
    """A new campaign or a draft's changes (``organization`` only when creating)."""

    organization = ScopedModelChoiceField(label=_("主办单位"), queryset=None)
    title = forms.CharField(label=_("活动名称"), max_length=100)
    description = forms.CharField(
        label=_("活动说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_at = datetime_field(_("开始领取时间"))
    closes_at = datetime_field(_("截止领取时间"))
    ends_at = datetime_field(_("券有效期至"), help_text=_("过期未核销的券作废，预算退回"))
    per_member_limit = forms.IntegerField(
        label=_("每人限领"), min_value=1, max_value=PER_MEMBER_LIMIT_MAX, initial=1
    )
    eligibility = forms.ChoiceField(label=_("领取对象"), choices=Eligibility.choices)
    employment_kinds = forms.MultipleChoiceField(
        label=_("用工形式"),
        choices=EmploymentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    platforms = forms.MultipleChoiceField(
        label=_("平台类别"),
        choices=Platform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("领取对象为“指定用工形式或平台”时填写；不选平台即不限平台"),
    )
    fund = ScopedModelChoiceField(label=_("列支预算"), queryset=None)

    def __init__(self, *args: Any, nodes: Any = None, funds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = nodes  # type: ignore[attr-defined]
        self.fields["fund"].queryset = funds  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    name = forms.CharField(label=_("物品名称"), max_length=60)
    kind = forms.ChoiceField(label=_("类别"), choices=ItemKind.choices)
    stock = forms.IntegerField(label=_("数量"), min_value=1, max_value=1_000_000)
    unit_value = forms.DecimalField(
        label=_("单价/面值（元）"), min_value=0, max_digits=10, decimal_places=2, initial=0
    )
    supplier = ScopedModelChoiceField(
        label=_("供应商（核销方）"),
        queryset=None,
        required=False,
        empty_label=_("不选：由会员所在工会核销"),
    )
    note = forms.CharField(label=_("领取说明"), max_length=200, required=False)

    def __init__(self, *args: Any, suppliers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]


class SupplierForm(forms.Form):
    organization = ScopedModelChoiceField(label=_("签约单位"), queryset=None)
    name = forms.CharField(label=_("名称"), max_length=120)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    active = forms.BooleanField(label=_("合作中"), required=False, initial=True)

    def __init__(self, *args: Any, nodes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if nodes is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = nodes  # type: ignore[attr-defined]


class AccountForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput,
        help_text=_("至少 10 位，告知本人后请其修改"),
    )


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=_("券码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
        help_text=_("扫描会员出示的二维码，或输入券码（如 ABCD-EFGH-JKMN）"),
    )
