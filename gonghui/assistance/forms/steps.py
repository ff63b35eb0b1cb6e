"""The input forms of the files' and applications' workflow steps. They only parse; the
step's apply (``assistance.services``) says what is wrong, on the field it names."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import PaymentMethod
from gonghui.core.forms import DateField


def text(label: Any, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class OpinionForm(forms.Form):
    opinion = text(_("意见"), rows=2, help_text=_("不填写即为“同意”"))


class ReasonForm(forms.Form):
    reason = text(_("理由"))


class ReviewForm(forms.Form):
    reviewed_on = DateField(label=_("复核日期"), required=False, initial=timezone.localdate)
    conclusion = text(_("复核结论"), help_text=_("家庭收入与困难情况是否变化，是否继续在档"))


class LeaveForm(forms.Form):
    left_on = DateField(label=_("解困日期"), required=False, initial=timezone.localdate)
    reason = text(_("解困原因"))


class ApproveForm(forms.Form):
    opinion = text(_("审批意见"), rows=2, help_text=_("不填写即为“同意”"))
    amount = forms.DecimalField(
        label=_("核定金额（元）"),
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text=_("不填写即按申请金额"),
    )
    duplicate_note = text(
        _("重复救助说明"), rows=2, help_text=_("本年度已因同一原因获得其他帮扶时必填")
    )


class ObjectionForm(forms.Form):
    raised_on = DateField(label=_("提出日期"), required=False, initial=timezone.localdate)
    raised_by = forms.CharField(label=_("提出人"), required=False, max_length=50)
    content = text(_("异议内容"))


class ResolutionForm(forms.Form):
    resolution = text(_("处理意见"))


class PayForm(forms.Form):
    paid_on = DateField(label=_("发放日期"), required=False, initial=timezone.localdate)
    method = forms.ChoiceField(
        label=_("发放方式"), choices=[("", _("请选择")), *PaymentMethod.choices], required=False
    )
    reference = forms.CharField(label=_("付款凭证号"), required=False, max_length=60)
