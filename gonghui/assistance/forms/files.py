"""Forms of the hardship-file pages: they parse; ``services.files`` decides."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import Cause, FileStatus, Relation, Situation, Tier
from gonghui.core.forms import DateField

ALL = [("", _("全部"))]


class FileForm(forms.Form):
    id_number = forms.CharField(
        label=_("职工身份证号"), max_length=20, help_text=_("须为本工会在会会员")
    )
    surveyed_on = DateField(label=_("调查日期"), required=False, initial=timezone.localdate)
    causes = forms.MultipleChoiceField(
        label=_("致困原因"),
        choices=Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    situation = forms.CharField(
        label=_("家庭困难情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    worker_income = forms.DecimalField(
        label=_("本人月收入（元）"), required=False, max_digits=14, decimal_places=4
    )
    tier = forms.ChoiceField(
        label=_("困难类别"),
        choices=[("", _("按收入标准自动建议")), *Tier.choices],
        required=False,
    )
    tier_reason = forms.CharField(
        label=_("调整类别的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("所选类别与系统建议不同时必填"),
    )
    filing_opinion = forms.CharField(
        label=_("基层工会意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["id_number"]
            del self.fields["filing_opinion"]


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    relation = forms.ChoiceField(label=_("关系"), choices=[("", _("请选择")), *Relation.choices])
    birth_year = forms.IntegerField(label=_("出生年份"), required=False, min_value=1900)
    situation = forms.ChoiceField(label=_("状况"), choices=[("", _("请选择")), *Situation.choices])
    monthly_income = forms.DecimalField(
        label=_("月收入（元）"), required=False, max_digits=14, decimal_places=4
    )


def household_formset(data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    extra = 2 if initial else 4
    formset = forms.formset_factory(HouseholdForm, extra=extra, max_num=20)
    return formset(data, prefix="household", initial=initial or None)


class FileFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或档案编号"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ALL + FileStatus.choices, required=False)
    tier = forms.ChoiceField(label=_("困难类别"), choices=ALL + Tier.choices, required=False)
    cause = forms.ChoiceField(label=_("致困原因"), choices=ALL + Cause.choices, required=False)
    review_due = forms.BooleanField(label=_("30 天内需复核"), required=False)

    def __init__(self, data: QueryDict, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}
