"""Forms of the legal-aid settings: eligibility rules, firms, lawyers and the engagements
register. They only parse; the services decide."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.forms import DateField
from gonghui.legalaid.choices import ApplicantStatus, Holder, Language, Matter, RuleKind, Side
from gonghui.legalaid.models import LawFirm, Lawyer

CHOOSE = [("", _("请选择"))]


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("规则类别"), choices=CHOOSE + RuleKind.choices, required=False)
    statuses = forms.MultipleChoiceField(
        label=_("适用身份"),
        choices=ApplicantStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("按身份视为经济困难、免予核查的规则必选"),
    )
    matters = forms.MultipleChoiceField(
        label=_("适用事项"),
        choices=Matter.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("免予核查的规则：只对所选事项免予核查；不选即全部事项"),
    )
    monthly_line = forms.DecimalField(
        label=_("月人均收入标准（元）"),
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text=_("按收入标准核查的规则必填；新标准自执行日期起取代旧标准"),
    )
    basis = forms.CharField(label=_("依据"), required=False, max_length=200)
    effective_from = DateField(label=_("执行日期"), required=False, initial=timezone.localdate)


class EndForm(forms.Form):
    on = DateField(label=_("终止日期"), required=False, initial=timezone.localdate)


class FirmForm(forms.Form):
    name = forms.CharField(label=_("律师事务所名称"), required=False, max_length=120)
    licence_number = forms.CharField(label=_("执业许可证号"), required=False, max_length=40)


class LawyerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    licence_number = forms.CharField(label=_("执业证号"), required=False, max_length=30)
    firm = forms.ModelChoiceField(
        label=_("律师事务所"),
        queryset=LawFirm.objects.none(),
        required=False,
        empty_label=_("请选择"),
    )
    specialities = forms.MultipleChoiceField(
        label=_("擅长领域"),
        choices=Matter.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("工作语言"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    user = forms.ModelChoiceField(
        label=_("登录账户"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("暂不关联"),
        help_text=_("具有律师角色的账户；关联后律师可登录查看指派给本人的案件"),
    )
    active = forms.BooleanField(label=_("在聘"), required=False, initial=True)

    def __init__(
        self, *args: Any, firms: Any, accounts: Any, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms  # type: ignore[attr-defined]
        self.fields["user"].queryset = accounts  # type: ignore[attr-defined]
        if editing:
            del self.fields["licence_number"]


class EngagementForm(forms.Form):
    holder = forms.ChoiceField(label=_("关系方"), choices=CHOOSE + Holder.choices, required=False)
    lawyer = forms.ModelChoiceField(
        label=_("律师"), queryset=Lawyer.objects.none(), required=False, empty_label=_("请选择")
    )
    firm = forms.ModelChoiceField(
        label=_("律师事务所"),
        queryset=LawFirm.objects.none(),
        required=False,
        empty_label=_("请选择"),
    )
    side = forms.ChoiceField(label=_("关系"), choices=CHOOSE + Side.choices, required=False)
    party_name = forms.CharField(label=_("对方名称"), required=False, max_length=120)
    party_code = forms.CharField(
        label=_("对方统一社会信用代码"),
        required=False,
        max_length=18,
        help_text=_("已登记的单位可填写"),
    )
    starts_on = DateField(label=_("起始日期"), required=False, initial=timezone.localdate)
    ends_on = DateField(label=_("终止日期"), required=False)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args: Any, lawyers: Any, firms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = lawyers  # type: ignore[attr-defined]
        self.fields["firm"].queryset = firms  # type: ignore[attr-defined]
