"""The input forms of the files' and applications' workflow steps. They only parse; the
step's apply (``assistance.services``) says what is wrong, on the field it names."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
