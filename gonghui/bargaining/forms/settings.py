"""The form of the bargaining rules page: it parses; ``services.policy`` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField


class PolicyForm(forms.Form):
    effective_from = DateField(label=_("执行日期"), required=False)
    manager_cap = forms.DecimalField(
        label=_("管理人员代表比例上限（%）"),
        required=False,
        max_digits=6,
        decimal_places=2,
        help_text=_("中层以上管理人员和企业领导人员占职工代表总数的最高比例"),
    )
    assembly_below = forms.IntegerField(
        label=_("可召开职工大会的职工人数上限（不含）"), required=False, initial=100
    )
    renewal_lead_days = forms.IntegerField(
        label=_("合同到期前提醒续签天数"), required=False, initial=90
    )
    basis = forms.CharField(label=_("依据"), required=False, max_length=200)
