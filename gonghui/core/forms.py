from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import AuditAction


class AuditFilterForm(forms.Form):
    content_type = forms.ModelChoiceField(
        label=_("对象类型"),
        queryset=ContentType.objects.filter(app_label__in=["organizations", "accounts", "core"]),
        required=False,
    )
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    actor_name = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("动作"), choices=[("", _("全部"))] + AuditAction.choices, required=False
    )
    since = forms.DateField(
        label=_("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
