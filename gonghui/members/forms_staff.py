"""Forms of the staff membership pages. They only parse input; every rule (transitions,
dates, scope) is checked by the services they feed, whose errors the views put back on
the form."""

from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import MEMBERS_REVIEW, MEMBERS_VIEW
from gonghui.core import search
from gonghui.core.forms import DateField, ScopedModelChoiceField, TypeaheadSelect
from gonghui.members.choices import (
    ApplicationStatus,
    EmploymentKind,
    MembershipStatus,
    Platform,
)
from gonghui.members.selectors import OPEN
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import LegalEntity, Organization

ALL = [("", _("全部"))]
BATCH_LIMIT = 500  # applications approved by one request


# --- list filters ----------------------------------------------------------------------


class ListFilterForm(forms.Form):
    """A list's filters, always bound: ``status`` absent from the query string means the
    list's default (``default_status``); an empty ``status`` means every status."""

    default_status = ""

    def __init__(self, data: QueryDict, *, unions: Any) -> None:
        data = data.copy()
        if "status" not in data:
            data["status"] = self.default_status
        super().__init__(data)
        union_field = self.fields["union"]
        assert isinstance(union_field, forms.ModelChoiceField)
        union_field.queryset = unions
        self.only_union = unions[0] if len(unions) == 1 else None
        if len(unions) <= 1:
            # one union (a union's own staff): nothing to choose
            del self.fields["union"]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for the list's selector; invalid filters are ignored."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}

    def chosen_union(self) -> Organization | None:
        """The union filtered on, or the user's only union."""
        return self.filters().get("union") or self.only_union


def union_field() -> NodeChoiceField:
    return NodeChoiceField(
        label=_("工会"),
        kind="union",
        action=MEMBERS_VIEW,
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("全部工会"),
    )


class ApplicationFilterForm(ListFilterForm):
    default_status = OPEN

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("姓名（开头）、申请编号或身份证号")}
        ),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[(OPEN, _("待办理")), *ALL, *ApplicationStatus.choices],
        required=False,
    )
    union = union_field()
    submitted_from = DateField(label=_("提交日期自"), required=False)
    submitted_to = DateField(label=_("至"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("截止日不能早于起始日"))
        return cleaned


MISTYPED_NUMBER = _(
    "手机号或身份证号有误，未查询：手机号应为 11 位，身份证号应为 18 位；"
    "按会员编号查询请输入完整编号（如 HY00000001）"
)


def not_mistyped(q: str) -> str:
    """The member search ``q``, unless it is a phone or an ID number with a wrong digit,
    which would find nobody: that is said, not searched."""
    terms = search.read(q)
    if terms is not None and terms.mistyped:
        raise forms.ValidationError(MISTYPED_NUMBER, code="mistyped")
    return q or ""


class MemberFilterForm(ListFilterForm):
    default_status = MembershipStatus.ACTIVE

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("姓名、编号、身份证号或手机号"),
            }
        ),
    )

    @property
    def refusal(self) -> str:
        """Why the search is not run (a mistyped phone or ID number), or "": the list
        then shows nobody rather than everybody."""
        self.is_valid()
        try:
            not_mistyped(self.cleaned_data.get("q", ""))
        except forms.ValidationError as exc:
            return str(exc.messages[0])
        return ""

    union = union_field()
    status = forms.ChoiceField(
        label=_("会籍状态"), choices=[*ALL, *MembershipStatus.choices], required=False
    )
    employment_kind = forms.ChoiceField(
        label=_("用工形式"), choices=[*ALL, *EmploymentKind.choices], required=False
    )


# --- review ----------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


class ApproveForm(forms.Form):
    started_on = DateField(
        label=_("入会日期"),
        initial=_today,
        help_text=_("会籍从这一天开始；已在其他工会的会员，原会籍在同一天转出"),
    )


class IdListField(forms.Field):
    """Ids sent as repeated parameters (``?applications=1&applications=2``)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("请至少选择一份申请"),
        "invalid": _("选择的申请无效"),
        "too_many": _("一次最多批准 %(limit)s 份申请"),
    }

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            ids = sorted({int(item) for item in value})
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if any(pk < 1 or pk > 2**63 - 1 for pk in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(ids) > BATCH_LIMIT:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": BATCH_LIMIT}
            )
        return ids


class BatchApproveForm(forms.Form):
    """The ticked applications, or (``all_matching``) every application the list's
    filters (``query``, the list's query string) match that the user may approve."""

    applications = IdListField(label=_("申请"), required=False)
    all_matching = forms.BooleanField(required=False)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    started_on = DateField(label=_("入会日期"), required=False, help_text=_("默认今天"))
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("all_matching") and not data.get("applications") and not self.errors:
            raise forms.ValidationError(IdListField.default_error_messages["required"])
        return data


def reason_field(label: Any, help_text: Any, required: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": required},
    )


class RejectForm(forms.Form):
    reason = reason_field(
        _("不予批准的原因"),
        _("申请人将看到此说明"),
        _("请填写不予批准的原因，申请人将看到此说明"),
    )


class RequestInfoForm(forms.Form):
    reason = reason_field(
        _("需要补充的内容"),
        _("申请人将收到通知，补充后重新提交"),
        _("请说明需要补充的内容"),
    )


# --- memberships -----------------------------------------------------------------------


class MembershipEndForm(forms.Form):
    """``choices``: the ending steps the user may take now, as (state, label)."""

    status = forms.ChoiceField(label=_("离会类型"))
    ended_on = DateField(label=_("离会日期"), initial=_today)
    reason = forms.CharField(
        label=_("说明"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如退会申请、去世日期来源等；不填则记为离会类型"),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


# --- member records --------------------------------------------------------------------


class EmploymentFields(forms.Form):
    """A member's employment, as the registration and the correction take it."""

    employment_kind = forms.ChoiceField(label=_("用工形式"), choices=EmploymentKind.choices)
    platform = forms.ChoiceField(
        label=_("平台类别"),
        choices=[("", _("（非新就业形态劳动者不填）")), *Platform.choices],
        required=False,
        help_text=_("新就业形态劳动者必填"),
    )
    employer = ScopedModelChoiceField(
        label=_("工作单位"),
        queryset=LegalEntity.objects.none(),
        required=False,
        widget=TypeaheadSelect(kind="entity", action=MEMBERS_REVIEW),
        help_text=_("输入单位名称或统一社会信用代码搜索本工会覆盖的法人单位"),
    )
    employer_name = forms.CharField(
        label=_("工作单位名称"),
        max_length=120,
        required=False,
        help_text=_("单位不在系统中时填写全称；选择了工作单位则不必填写"),
    )

    def __init__(self, *args: Any, employers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]


class MemberRegisterForm(EmploymentFields):
    """A member added by hand: who, which union, from when."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=30,
        help_text=_("18 位居民身份证号；出生日期和性别由身份证号得出"),
    )
    phone = forms.CharField(label=_("手机号"), max_length=30)
    union = NodeChoiceField(
        label=_("所在工会"),
        kind="union",
        action=MEMBERS_REVIEW,
        queryset=Organization.objects.none(),
        empty_label=_("请选择工会"),
    )
    started_on = DateField(
        label=_("入会日期"),
        initial=_today,
        help_text=_("不能早于工会成立日期，也不能晚于今天"),
    )

    field_order = [
        "name",
        "id_number",
        "phone",
        "union",
        "started_on",
        "employment_kind",
        "platform",
        "employer",
        "employer_name",
    ]

    def __init__(self, *args: Any, unions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions  # type: ignore[attr-defined]
        only = list(unions[:2])
        if len(only) == 1:  # staff of one union: no choice to make
            self.fields["union"].initial = only[0].pk


class MemberDetailsForm(EmploymentFields):
    """A member's phone (corrected at once) and employment (from an effective date)."""

    phone = forms.CharField(
        label=_("新手机号"),
        max_length=30,
        required=False,
        help_text=_("更正后立即生效；不修改请留空"),
    )
    on = DateField(
        label=_("就业情况生效日期"),
        initial=_today,
        help_text=_(
            "工作单位、用工形式的变更从这一天起计入统计，此前的统计数字不变；"
            "不能早于入会日期或上一次变更的日期"
        ),
        required=False,
    )

    field_order = ["phone", "employment_kind", "platform", "employer", "employer_name", "on"]
