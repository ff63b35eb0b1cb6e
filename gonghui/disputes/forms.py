"""Forms of the staff disputes pages. They only parse input; every rule (transitions,
dates, amounts, scope) is checked by the services they feed, whose errors the views put
back on the form."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.accounts.roles import DISPUTES_CONSULT, DISPUTES_MANAGE, DISPUTES_VIEW
from gonghui.core.forms import (
    PROMPT,
    DateField,
    ScopedModelChoiceField,
    ScopedModelMultipleChoiceField,
)
from gonghui.disputes.choices import (
    CaseStatus,
    Channel,
    ClaimKind,
    ConsultationOutcome,
    Outcome,
    Satisfaction,
    Tier,
    Topic,
)
from gonghui.disputes.models import MediationCommittee, Session
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import Organization

ALL = [("", _("全部"))]


def _today_field(label: Any, required: bool = True) -> DateField:
    return DateField(label=label, required=required, initial=timezone.localdate)


def _text(label: Any, rows: int = 3, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class FilterForm(forms.Form):
    """A list's filters, always bound; invalid filters are ignored."""

    def __init__(self, data: QueryDict, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


# --- consultations ---------------------------------------------------------------------


class ConsultationFilterForm(FilterForm):
    organization = NodeChoiceField(
        label=_("受理单位"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("全部"),
        action=DISPUTES_VIEW,
    )
    channel = forms.ChoiceField(label=_("咨询方式"), choices=ALL + Channel.choices, required=False)
    topic = forms.ChoiceField(label=_("咨询事项"), choices=ALL + Topic.choices, required=False)
    since = DateField(label=_("起始日期"), required=False)
    until = DateField(label=_("截止日期"), required=False)

    def __init__(self, data: QueryDict, *, nodes: Any) -> None:
        super().__init__(data)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = nodes


class ConsultationForm(forms.Form):
    """The quick log: the usual answers are preselected, so a phone call takes seconds."""

    organization = NodeChoiceField(
        label=_("受理单位"),
        queryset=Organization.objects.none(),
        empty_label=None,
        action=DISPUTES_CONSULT,
    )
    channel = forms.ChoiceField(
        label=_("咨询方式"), choices=Channel.choices, initial=Channel.ON_SITE
    )
    held_on = _today_field(_("咨询日期"))
    topic = forms.ChoiceField(label=_("咨询事项"), choices=Topic.choices)
    people = forms.IntegerField(label=_("人次"), min_value=1, initial=1)
    worker_name = forms.CharField(label=_("职工姓名"), required=False, max_length=50)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    employer_name = forms.CharField(label=_("用人单位"), required=False, max_length=120)
    question = _text(_("问题"), required=False)
    answer = _text(_("解答"), required=False)
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=ConsultationOutcome.choices,
        initial=ConsultationOutcome.ANSWERED,
    )
    satisfaction = forms.ChoiceField(
        label=_("满意度"), choices=Satisfaction.choices, initial=Satisfaction.NOT_ASKED
    )

    def __init__(self, *args: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = nodes
        if len(nodes) == 1:
            field.initial = nodes[0].pk


# --- committees ------------------------------------------------------------------------


class CommitteeFilterForm(FilterForm):
    tier = forms.ChoiceField(label=_("层级"), choices=ALL + Tier.choices, required=False)


class CommitteeForm(forms.Form):
    organization = NodeChoiceField(
        label=_("所在组织"),
        action=DISPUTES_MANAGE,
        queryset=Organization.objects.none(),
        help_text=_("层级随组织而定：总工会、服务站或企业工会"),
    )
    name = forms.CharField(label=_("委员会名称"), max_length=120)

    def __init__(self, *args: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = nodes


class SeatForm(forms.Form):
    user = ScopedModelChoiceField(label=_("调解员"), queryset=User.objects.none())
    is_chair = forms.BooleanField(label=_("担任主任"), required=False)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = users


# --- cases -----------------------------------------------------------------------------


class CaseFilterForm(FilterForm):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("案件编号、单位、申请人姓名或身份证号")}
        ),
    )
    status = forms.ChoiceField(label=_("状态"), choices=ALL + CaseStatus.choices, required=False)
    committee = ScopedModelChoiceField(
        label=_("调解委员会"),
        queryset=MediationCommittee.objects.none(),
        required=False,
        empty_label=_("全部"),
    )
    overdue = forms.BooleanField(label=_("仅看已超期"), required=False)
    due_soon = forms.BooleanField(label=_("仅看3个工作日内到期"), required=False)

    def __init__(self, data: QueryDict, *, committees: Any) -> None:
        super().__init__(data)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = committees


class CaseApplyForm(forms.Form):
    committee = ScopedModelChoiceField(
        label=_("调解委员会"), queryset=MediationCommittee.objects.none(), empty_label=None
    )
    applied_on = _today_field(_("申请日期"))
    oral = forms.BooleanField(
        label=_("口头申请（当场记录）"),
        required=False,
        help_text=_("申请人口头申请的，当场记录申请事项"),
    )
    employer_name = forms.CharField(label=_("被申请单位"), max_length=120)
    employer_agent = forms.CharField(label=_("单位委托代理人"), max_length=50, required=False)
    facts = _text(_("事实与理由"), rows=5)
    # the consultation this application comes from (``?consultation=``), kept on POST
    consultation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, committees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = committees
        if len(committees) == 1:
            field.initial = committees[0].pk


class ApplicantForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=20, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)


class ClaimForm(forms.Form):
    # a blank first choice: a row left empty posts nothing and is ignored
    kind = forms.ChoiceField(label=_("请求事项"), choices=[("", _("请选择")), *ClaimKind.choices])
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=12, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


ApplicantFormSet = forms.formset_factory(ApplicantForm, extra=3, max_num=200)
MAX_APPLICANTS = 200


def applicant_formset(
    data: Any, rows: str | None = None, initial: list[dict[str, Any]] | None = None
) -> Any:
    """The applicants' rows: three blank ones, or as many as ``?rows=`` asks for a group
    case (up to 200); a posted form keeps the rows it was sent with. ``initial`` fills
    the first rows (the worker of a consultation turned into an application)."""
    try:
        extra = min(max(int(rows or 3), 1), MAX_APPLICANTS)
    except ValueError:
        extra = 3
    formset = forms.formset_factory(ApplicantForm, extra=extra, max_num=MAX_APPLICANTS)
    return formset(data, prefix="applicants", initial=initial or None)


ClaimFormSet = forms.formset_factory(ClaimForm, extra=3, max_num=50)


class AcceptForm(forms.Form):
    accepted_on = _today_field(_("受理日期"))
    mediators = ScopedModelMultipleChoiceField(
        label=_("承办调解员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, mediators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mediators"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = mediators


class DeclineForm(forms.Form):
    decline_reason = _text(_("不予受理理由"))


class ExtendForm(forms.Form):
    extended_to = DateField(label=_("延长至"))
    extension_note = _text(
        _("双方同意延长的记录"), help_text=_("记录双方当事人同意延长的时间、方式和人员")
    )


class ScheduleForm(forms.Form):
    on = DateField(label=_("调解日期"))
    starts_at = forms.TimeField(
        label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("调解地点"), max_length=100)
    mediator = ScopedModelChoiceField(label=_("主持调解员"), queryset=User.objects.none())

    def __init__(self, *args: Any, mediators: Any, assigned: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mediator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = mediators
        if assigned is not None:
            field.initial = assigned.pk


class _SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        start = obj.starts_at.strftime("%H:%M") if obj.starts_at else ""
        return " ".join(
            part
            for part in (obj.held_on.isoformat(), start, obj.place, str(obj.mediator or ""))
            if part
        )


class SessionForm(forms.Form):
    session = _SessionChoice(
        label=_("对应的调解安排"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("未事先安排"),
    )
    held_on = _today_field(_("调解日期"))
    summary = _text(_("调解情况"), rows=4)

    def __init__(self, *args: Any, planned: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = planned
        if not planned:
            field.widget = forms.HiddenInput()


class SessionCancelForm(forms.Form):
    session = _SessionChoice(
        label=_("调解安排"), queryset=Session.objects.none(), empty_label=PROMPT
    )
    cancel_reason = forms.CharField(label=_("取消原因"), max_length=200)

    def __init__(self, *args: Any, planned: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = planned


class AgreementForm(forms.Form):
    terms = _text(_("协议内容"), rows=6, help_text=_("每项条款一行"))
    amount = forms.DecimalField(
        label=_("协议金额（元）"), max_digits=12, decimal_places=2, min_value=0
    )
    excess_note = _text(
        _("金额超出请求的说明"), rows=2, required=False, help_text=_("协议金额超过请求金额时必填")
    )


class InstalmentForm(forms.Form):
    due_on = DateField(label=_("应付日期"))
    amount = forms.DecimalField(
        label=_("应付金额（元）"), max_digits=12, decimal_places=2, min_value=0
    )


InstalmentFormSet = forms.formset_factory(InstalmentForm, extra=3, max_num=60)


class SignForm(forms.Form):
    parties_signed_on = DateField(label=_("双方签字日期"), required=False)
    mediator_signed_on = DateField(label=_("调解员签字日期"), required=False)
    sealed_on = DateField(label=_("调解委员会盖章日期"), required=False)


class PaymentForm(forms.Form):
    paid_on = _today_field(_("支付日期"))
    amount = forms.DecimalField(label=_("支付金额（元）"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("结果"), choices=[("", _("请选择"))] + Outcome.choices, required=False
    )
    closed_on = _today_field(_("结案日期"))
    closing_note = _text(_("结案说明"), required=False)


class ArbitrationForm(forms.Form):
    handed_on = _today_field(_("移送日期"))


class TransferForm(forms.Form):
    reason = _text(_("移交理由"))
