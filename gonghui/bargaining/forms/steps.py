"""The input forms of the contract's and the proposal's workflow steps. They only parse;
the step's apply (``bargaining.services``) says what is wrong, on the field it names."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.bargaining.choices import Satisfaction, Side
from gonghui.core.forms import DateField


def text(label: Any, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def day(label: Any) -> DateField:
    return DateField(label=label, required=False, initial=timezone.localdate)


def _people(value: str, side: str) -> list[dict[str, Any]]:
    """One person a line, ``姓名，职务`` (the first line is the chief representative)."""
    rows = []
    for index, line in enumerate(line for line in value.splitlines() if line.strip()):
        name, _sep, position = line.replace(",", "，").partition("，")
        rows.append(
            {"side": side, "name": name.strip(), "position": position.strip(), "chief": index == 0}
        )
    return rows


class NameRepresentativesForm(forms.Form):
    workers = text(
        _("职工方协商代表"),
        rows=5,
        help_text=_("每行一人：姓名，职务。第一行为首席代表。每方至少 3 人，双方人数对等。"),
    )
    employer = text(_("企业方协商代表"), rows=5, help_text=_("格式同上，第一行为首席代表。"))
    named_on = day(_("产生代表日期"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rows = _people(data.get("workers") or "", Side.WORKERS)
        rows += _people(data.get("employer") or "", Side.EMPLOYER)
        for row in rows:
            if len(row["name"]) > 50:
                raise ValidationError({"workers": _("姓名不能超过 50 个字：%(name)s") % row})
        return {"negotiators": rows, "named_on": data.get("named_on")}


class OfferForm(forms.Form):
    offered_by = forms.ChoiceField(label=_("要约方"), choices=Side.choices, initial=Side.WORKERS)
    offer = text(_("要约内容"), help_text=_("协商的事项、时间、地点等，书面要约文本请在下方上传"))
    offered_on = day(_("要约日期"))


class AnswerForm(forms.Form):
    answered_on = day(_("回应日期"))
    note = text(_("回应情况"), rows=2)


class RefusalForm(forms.Form):
    reason = text(_("拒绝理由"), help_text=_("对方未说明理由的，请留空：将记为无理由拒绝"))
    answered_on = day(_("回应日期"))


class PrepareForm(forms.Form):
    preparation = text(_("协商准备和初步沟通情况"), rows=5)
    prepared_on = day(_("完成日期"))


class MeetForm(forms.Form):
    minutes = text(_("协商会议纪要"), rows=6, help_text=_("会议纪要文本请在下方上传"))
    met_on = day(_("协商会议日期"))


class VoteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        outcome = _("通过") if obj.passed else _("未通过")
        return f"{obj.session}：{obj.item}（{outcome}，{obj.yes}/{obj.electorate}）"


class AdoptForm(forms.Form):
    vote = VoteChoiceField(
        label=_("职代会表决"), queryset=None, required=False, empty_label=_("请选择表决")
    )

    def __init__(self, *args: Any, votes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vote"].queryset = votes  # type: ignore[attr-defined]


class ReopenForm(AdoptForm):
    reason = text(_("退回理由"), help_text=_("因表决未通过退回的，可只选择该表决"))
    on = day(_("日期"))

    field_order = ["reason", "vote", "on"]

    def __init__(self, *args: Any, votes: Any, **kwargs: Any) -> None:
        super().__init__(*args, votes=votes.filter(passed=False), **kwargs)
        self.fields["vote"].required = False
        self.fields["vote"].label = _("未通过的表决")


class SignForm(forms.Form):
    signed_on = day(_("签字日期"))
    term_start = DateField(label=_("合同期限起"), required=False)
    term_end = DateField(label=_("合同期限止"), required=False, help_text=_("1 至 3 年"))
    sealed = forms.BooleanField(label=_("双方已盖章"), required=False)


class ReportForm(forms.Form):
    department = forms.CharField(
        label=_("审查部门"), required=False, max_length=100, initial=_("区人力资源和社会保障局")
    )
    reported_on = day(_("报送日期"))
    received_on = DateField(
        label=_("人社部门收到日期"), required=False, help_text=_("不填则为报送日期")
    )
    late_reason = text(_("逾期报送的理由"), rows=2, help_text=_("签字 10 日后报送时必填"))


class TakeEffectForm(forms.Form):
    approved_on = DateField(
        label=_("审查同意日期"),
        required=False,
        help_text=_("审查期满未提出异议的，请留空：合同自期满次日生效"),
    )


class PublishForm(forms.Form):
    published_on = day(_("向职工公布日期"))
    filed_on = DateField(
        label=_("报总工会备案日期"), required=False, help_text=_("不填则为公布日期")
    )


class GuideForm(forms.Form):
    content = text(_("指导内容"), rows=4)
    guided_on = day(_("指导日期"))


class ReasonForm(forms.Form):
    reason = text(_("终止原因"), rows=2)
    on = day(_("终止日期"))


class RenewForm(forms.Form):
    opened_on = day(_("启动续签日期"))


# --- proposals ---------------------------------------------------------------------------------


class AssignForm(forms.Form):
    department = forms.CharField(label=_("承办部门"), required=False, max_length=100)
    assigned_on = day(_("交办日期"))


class ProposalAnswerForm(forms.Form):
    answer = text(_("答复意见"), rows=5)
    answered_on = day(_("答复日期"))


class DeclineForm(forms.Form):
    answer = text(_("不予立案的理由"), rows=3, help_text=_("代表将看到此理由"))


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("对答复是否满意"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = text(_("意见"), rows=2)
