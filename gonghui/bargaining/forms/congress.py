"""Forms of the congress pages: they parse; ``services.congress`` and
``services.proposals`` decide."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import BARGAINING_CONGRESS
from gonghui.bargaining.choices import CongressKind, CongressScope, Group, ProposalStatus
from gonghui.core.forms import DateField
from gonghui.organizations.forms import NodeChoiceField
from gonghui.organizations.models import Organization

ALL = [("", _("全部"))]
CHOOSE = [("", _("请选择"))]


def codes_of(raw: str) -> list[str]:
    """Credit codes typed one a line (or separated by commas)."""
    text = raw.replace("，", "\n").replace(",", "\n")
    return [line.strip().upper() for line in text.splitlines() if line.strip()]


class CongressForm(forms.Form):
    organization = NodeChoiceField(
        label=_("召集单位"), action=BARGAINING_CONGRESS, queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("名称"), required=False, max_length=120)
    kind = forms.ChoiceField(
        label=_("形式"),
        choices=CHOOSE + CongressKind.choices,
        required=False,
        help_text=_("职工人数不足 100 人的单位可召开职工大会"),
    )
    scope = forms.ChoiceField(
        label=_("召开方式"), choices=CHOOSE + CongressScope.choices, required=False
    )
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, nodes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = nodes


class CongressFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("名称或召集单位")}),
    )
    kind = forms.ChoiceField(label=_("形式"), choices=ALL + CongressKind.choices, required=False)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class TermForm(forms.Form):
    number = forms.IntegerField(label=_("届次"), required=False, min_value=1)
    starts_on = DateField(label=_("本届起始日期"), required=False)
    ends_on = DateField(label=_("本届届满日期"), required=False, help_text=_("每届任期 3 至 5 年"))
    credit_codes = forms.CharField(
        label=_("覆盖单位（统一社会信用代码）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个；不填则为召集单位覆盖的全部单位"),
    )


GROUP_NAMES = {str(label): value for value, label in Group.choices}


class ElectForm(forms.Form):
    rows = forms.CharField(
        label=_("当选代表"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "每行一人：姓名，代表类别（一线职工、专业技术人员、中层管理人员、企业领导人员），"
            "身份证号（选填：关联会员档案后，代表可在会员服务中提交提案）"
        ),
    )
    elected_on = DateField(label=_("当选日期"), required=False, initial=timezone.localdate)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rows = []
        for number, line in enumerate((data.get("rows") or "").splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, rest = line.replace(",", "，").partition("，")
            group, _sep, id_number = rest.partition("，")
            value = GROUP_NAMES.get(group.strip())
            if value is None:
                raise ValidationError(
                    {
                        "rows": _(
                            "第 %(n)d 行的代表类别应为：一线职工、专业技术人员、"
                            "中层管理人员或企业领导人员"
                        )
                        % {"n": number}
                    }
                )
            rows.append({"name": name.strip(), "group": value, "id_number": id_number.strip()})
        return {"rows": rows, "elected_on": data.get("elected_on")}


class LeaveForm(forms.Form):
    left_on = DateField(label=_("终止日期"), required=False, initial=timezone.localdate)
    reason = forms.CharField(label=_("终止原因"), required=False, max_length=200)


class SessionForm(forms.Form):
    number = forms.IntegerField(label=_("会次"), required=False, min_value=1)
    held_on = DateField(label=_("会议日期"), required=False)
    proposals_open_on = DateField(label=_("提案征集开始日期"), required=False)
    proposals_close_on = DateField(
        label=_("提案征集截止日期"), required=False, help_text=_("不征集提案的会议可不填")
    )


class AttendanceForm(forms.Form):
    """A congress: the representatives present, ticked; an assembly: the numbers."""

    def __init__(
        self, *args: Any, serving: Any = None, assembly: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if assembly:
            self.fields["electorate"] = forms.IntegerField(
                label=_("应到职工人数"),
                required=False,
                min_value=0,
                help_text=_("不填则为各单位截至会议当日上报的职工人数"),
            )
            self.fields["present"] = forms.IntegerField(
                label=_("实到职工人数"), required=False, min_value=0
            )
        else:
            self.fields["present_ids"] = forms.ModelMultipleChoiceField(
                label=_("出席的代表"),
                queryset=serving,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("未勾选的代表记为缺席"),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "present_ids" in data:
            data["present_ids"] = [rep.pk for rep in data["present_ids"]]
        return data


class ContractChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} {obj.title}"


class VoteForm(forms.Form):
    item = forms.CharField(label=_("表决事项"), required=False, max_length=200)
    contract = ContractChoiceField(
        label=_("审议的集体合同草案"),
        queryset=None,
        required=False,
        empty_label=_("（不是集体合同草案）"),
    )
    yes = forms.IntegerField(label=_("赞成"), required=False, min_value=0)
    no = forms.IntegerField(label=_("反对"), required=False, min_value=0)
    abstain = forms.IntegerField(label=_("弃权"), required=False, min_value=0)

    def __init__(self, *args: Any, drafts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = drafts  # type: ignore[attr-defined]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("案由"), required=False, max_length=120)
    content = forms.CharField(
        label=_("提案内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("存在的问题、理由和建议办法"),
    )


class StaffProposalForm(ProposalForm):
    representative: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("提案代表"), queryset=None, required=False
    )

    field_order = ["representative", "title", "content"]

    def __init__(self, *args: Any, representatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = representatives  # type: ignore[attr-defined]


class ProposalFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("编号、案由或代表")}),
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=ALL + ProposalStatus.choices, required=False
    )

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}
