"""Forms of the aid pages: they parse; ``services.aid`` decides."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import AidStatus, Cause
from gonghui.assistance.models import AidApplication, AidKind, AidRound
from gonghui.core.forms import DateField

ALL = [("", _("全部"))]


class AidForm(forms.Form):
    id_number = forms.CharField(
        label=_("职工身份证号"), max_length=20, help_text=_("须为本工会在会会员")
    )
    kind = forms.ModelChoiceField(
        label=_("帮扶项目"), queryset=AidKind.objects.none(), empty_label=_("请选择")
    )
    round = forms.ModelChoiceField(
        label=_("申请批次"),
        queryset=AidRound.objects.none(),
        required=False,
        empty_label=_("不按批次"),
        help_text=_("临时致困帮扶等按批次受理的项目必选"),
    )
    cause = forms.ChoiceField(label=_("致困原因"), choices=[("", _("请选择")), *Cause.choices])
    reason = forms.CharField(label=_("申请理由"), widget=forms.Textarea(attrs={"rows": 4}))
    amount_requested = forms.DecimalField(
        label=_("申请金额（元）"), max_digits=14, decimal_places=4
    )
    applied_on = DateField(label=_("申请日期"), required=False, initial=timezone.localdate)
    bank_name = forms.CharField(label=_("开户银行"), required=False, max_length=60)
    bank_account = forms.CharField(label=_("银行账号"), required=False, max_length=40)

    def __init__(
        self, *args: Any, kinds: QuerySet[AidKind], rounds: QuerySet[AidRound], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds  # type: ignore[attr-defined]
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]
        self.fields["round"].label_from_instance = lambda r: (  # type: ignore[attr-defined]
            f"{r.kind.name} · {r.name}（{r.opens_on:%Y-%m-%d}—{r.closes_on:%Y-%m-%d}）"
        )


class AidFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或申请编号"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ALL + AidStatus.choices, required=False)
    kind = forms.ModelChoiceField(
        label=_("帮扶项目"), queryset=AidKind.objects.all(), required=False
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    cause = forms.ChoiceField(label=_("致困原因"), choices=ALL + Cause.choices, required=False)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class PublicationForm(forms.Form):
    title = forms.CharField(label=_("公示标题"), max_length=120)
    starts_on = DateField(label=_("公示开始日期"), required=False, initial=timezone.localdate)
    applications = forms.ModelMultipleChoiceField(
        label=_("公示的帮扶"),
        queryset=AidApplication.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, choices: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["applications"]
        field.queryset = choices  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: (  # type: ignore[attr-defined]
            f"{a.number} {a.person.name} · {a.kind.name} · {a.granted} 元 · {a.organization.name}"
        )
        if not self.is_bound:
            field.initial = list(choices.values_list("pk", flat=True))
            year = timezone.localdate().year
            self.fields["title"].initial = _("%(year)d年困难职工帮扶公示") % {"year": year}
