"""The input forms of the case workflow's steps. They only parse; the step's apply
(``legalaid.services.cases``) says what is wrong, on the field it names."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateField
from gonghui.legalaid.choices import Outcome, StageKind


def text(label: Any, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class RequestDocumentsForm(forms.Form):
    waiting_for = text(_("需补充的材料"), help_text=_("职工补充材料期间，审查期限暂停计算"))
    on = DateField(label=_("通知日期"), required=False, initial=timezone.localdate)


class DocumentsInForm(forms.Form):
    on = DateField(label=_("收到材料日期"), required=False, initial=timezone.localdate)


class AcceptForm(forms.Form):
    decided_on = DateField(label=_("决定日期"), required=False, initial=timezone.localdate)
    late_reason = text(_("逾期决定的理由"), rows=2, help_text=_("超过审查期限作出决定时必填"))
    note = text(_("审查意见"), rows=2)


class RefuseForm(forms.Form):
    reason = text(_("不予援助的理由"), help_text=_("职工将看到此理由"))
    decided_on = DateField(label=_("决定日期"), required=False, initial=timezone.localdate)
    late_reason = text(_("逾期决定的理由"), rows=2, help_text=_("超过审查期限作出决定时必填"))


class LawyerChoiceField(forms.ModelChoiceField):
    """A lawyer with their firm, their current load and their specialities."""

    def label_from_instance(self, obj: Any) -> str:
        load = _("承办中 %(n)d 件") % {"n": getattr(obj, "load", 0)}
        fields = "、".join(obj.speciality_labels())
        return f"{obj.name}（{obj.firm}）· {load}" + (f" · {fields}" if fields else "")


class AssignForm(forms.Form):
    lawyer = LawyerChoiceField(
        label=_("承办律师"), queryset=None, required=False, empty_label=_("请选择律师")
    )
    conflict_waiver = text(
        _("利益冲突豁免说明"), rows=2, help_text=_("利益冲突检查提示可能冲突时必填")
    )
    on = DateField(label=_("指派日期"), required=False, initial=timezone.localdate)

    def __init__(self, *args: Any, lawyers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = lawyers  # type: ignore[attr-defined]


class ReassignForm(forms.Form):
    lawyer = LawyerChoiceField(
        label=_("新的承办律师"), queryset=None, required=False, empty_label=_("请选择律师")
    )
    reason = text(_("更换律师的理由"), rows=2)
    conflict_waiver = text(
        _("利益冲突豁免说明"), rows=2, help_text=_("利益冲突检查提示可能冲突时必填")
    )

    def __init__(self, *args: Any, lawyers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = lawyers  # type: ignore[attr-defined]


class StageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("办案阶段"), choices=[("", _("请选择")), *StageKind.choices], required=False
    )
    started_on = DateField(label=_("开始日期"), required=False, initial=timezone.localdate)
    note = text(_("进展情况"))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("结果"), choices=[("", _("请选择")), *Outcome.choices], required=False
    )
    recovered = forms.DecimalField(
        label=_("为职工挽回金额（元）"), required=False, max_digits=14, decimal_places=4
    )
    closed_on = DateField(label=_("结案日期"), required=False, initial=timezone.localdate)
    summary = text(_("结案说明"))


class LinkMediationForm(forms.Form):
    number = forms.CharField(label=_("调解案件编号"), required=False, max_length=24)


class ReasonForm(forms.Form):
    reason = text(_("原因"))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评价"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("请选择")), *((n, "★" * n) for n in range(5, 0, -1))],
    )
    comment = text(_("评价意见"), rows=2)
