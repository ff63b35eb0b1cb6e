"""The inputs of the campaign's steps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("已领取未核销的券将作废，未使用的预算退回列支科目"),
    )
