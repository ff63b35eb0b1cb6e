"""Forms of the registry pages. They only parse input; every rule is checked by the service
they feed (``services.py``), whose errors the view puts back on the form.

Choices of target nodes (parent, new parent, merge target, entity move target) are limited
to the actor's scope for the action the page performs, so an out-of-scope pk is refused as
an invalid choice before any service runs."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ORG_CHANGE, ORG_FOUND, ORG_RESTRUCTURE
from gonghui.core import pii
from gonghui.core.disclosure import Policy
from gonghui.core.forms import DateField, ScopedModelChoiceField, TypeaheadSelect
from gonghui.core.scoping import Actor
from gonghui.organizations.choices import Industry, NodeKind, SizeClass, UnionKind, UnionStatus
from gonghui.organizations.lookups import node_label, union_parents
from gonghui.organizations.models import LegalEntity, Organization, OrganizationQuerySet
from gonghui.organizations.selectors import sort_columns

ALL = [("", _("全部"))]
# choices of unions: by station, then by name, each by its pinyin (``core.collation``)
BY_STATION_THEN_NAME = (*sort_columns("station__name"), *sort_columns("name"), "pk")
PHONE_FIELDS = ("chair_phone", "contact_phone")


class NodeChoiceField(ScopedModelChoiceField):
    """A node of the tree, chosen by a type-ahead search (``core.forms.TypeaheadSelect``
    over the lookup ``kind``, scoped for ``action``: the action of the field's queryset)
    and shown with its station so that equal names can be told apart; a node outside the
    choices is refused with the one answer ``scoping.NOT_FOUND``."""

    def __init__(self, *args: Any, kind: str = "node", action: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("widget", TypeaheadSelect(kind=kind, action=action))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return node_label(obj)


def _nodes(actor: Actor, action: str) -> OrganizationQuerySet:
    return Organization.objects.for_actor(actor, action).select_related("station")


# --- list filters ----------------------------------------------------------------------


class UnionFilterForm(forms.Form):
    """The filters of the union list, shared by the page and the Excel export."""

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("名称、代码、主席、法人单位或信用代码")}
        ),
    )
    status = forms.ChoiceField(label=_("状态"), choices=ALL + UnionStatus.choices, required=False)
    union_kind = forms.ChoiceField(
        label=_("建会方式"), choices=ALL + UnionKind.choices, required=False
    )
    size_class = forms.ChoiceField(label=_("规模"), choices=ALL + SizeClass.choices, required=False)
    station = forms.ChoiceField(label=_("服务站"), required=False)

    def __init__(self, data: Any = None, *, stations: list[Organization]) -> None:
        super().__init__(data)
        if stations:
            station_field = self.fields["station"]
            assert isinstance(station_field, forms.ChoiceField)
            station_field.choices = ALL + [(str(s.pk), s.name) for s in stations]
        else:
            del self.fields["station"]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``selectors.union_list``; invalid filters are ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


# --- unions ----------------------------------------------------------------------------


class UnionFieldsForm(forms.Form):
    name = forms.CharField(label=_("工会名称"), max_length=120)
    founded_on = DateField(label=_("成立日期"))
    chair_name = forms.CharField(label=_("工会主席"), max_length=50, required=False)
    chair_phone = forms.CharField(
        label=_("主席电话"), max_length=30, required=False, help_text=_("手机或带区号的座机")
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    direct_workers = forms.IntegerField(
        label=_("直接入会的新就业形态劳动者"),
        min_value=0,
        required=False,
        initial=0,
        help_text=_("仅联合会填写：直接吸纳的骑手、快递员、网约车司机等人数"),
    )

    def clean_direct_workers(self) -> int:
        return self.cleaned_data.get("direct_workers") or 0


class UnionFoundForm(UnionFieldsForm):
    parent = NodeChoiceField(
        label=_("上级组织"),
        kind="union_parent",
        action=ORG_FOUND,
        queryset=Organization.objects.none(),
        empty_label=_("请选择服务站或联合会"),
        help_text=_("单独建会选所在服务站；加入联合会则选该联合会"),
    )
    union_kind = forms.ChoiceField(label=_("建会方式"), choices=UnionKind.choices)

    field_order = ["parent", "name", "union_kind", "founded_on"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = union_parents(actor, ORG_FOUND)  # type: ignore[attr-defined]


class UnionEditForm(UnionFieldsForm):
    """Editing a union. A phone the actor may not see starts empty (its masked form is
    shown as help) and stays unchanged unless a new number is typed."""

    def __init__(
        self, *args: Any, actor: Actor, union: Organization, policy: Policy, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy
        if not union.is_joint and not union.direct_workers:
            del self.fields["direct_workers"]
        for name in PHONE_FIELDS:
            stored = getattr(union, name)
            if policy.visible:
                self.initial[name] = pii.display_phone(stored)
            elif stored:
                self.initial[name] = ""
                self.fields[name].help_text = _("已登记 %(masked)s；留空则保持不变") % {
                    "masked": policy.phone(stored)
                }

    def changes(self) -> dict[str, Any]:
        """Fields for ``services.union_update``: hidden phones left empty are not sent."""
        data = dict(self.cleaned_data)
        if not self.policy.visible:
            for name in PHONE_FIELDS:
                if not data.get(name):
                    data.pop(name, None)
        return data


class UnionMoveForm(forms.Form):
    new_parent = NodeChoiceField(
        label=_("迁入的上级组织"),
        kind="union_parent",
        action=ORG_RESTRUCTURE,
        queryset=Organization.objects.none(),
        empty_label=_("请选择服务站或联合会"),
        help_text=_("本工会连同其成员工会、法人单位一起迁移"),
    )

    def __init__(self, *args: Any, actor: Actor, union: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = union_parents(actor, ORG_RESTRUCTURE).exclude(path__startswith=union.path)
        if union.parent_id:
            targets = targets.exclude(pk=union.parent_id)
        if union.is_joint:
            targets = targets.filter(kind=NodeKind.STATION)
        self.fields["new_parent"].queryset = targets  # type: ignore[attr-defined]


class UnionMergeForm(forms.Form):
    into = NodeChoiceField(
        label=_("并入的工会"),
        kind="union",
        action=ORG_RESTRUCTURE,
        queryset=Organization.objects.none(),
        empty_label=_("请选择目标工会"),
        help_text=_("本工会的法人单位和成员工会将转入目标工会"),
    )
    on = DateField(label=_("合并日期"))
    reason = forms.CharField(
        label=_("合并原因"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, actor: Actor, union: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = (
            _nodes(actor, ORG_RESTRUCTURE)
            .unions()
            .active()
            .exclude(path__startswith=union.path)
            .order_by(*BY_STATION_THEN_NAME)
        )
        self.fields["into"].queryset = targets  # type: ignore[attr-defined]
        self.initial.setdefault("on", timezone.localdate())


class UnionDissolveForm(forms.Form):
    on = DateField(label=_("撤销日期"))
    reason = forms.CharField(
        label=_("撤销原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, actor: Actor, union: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())


# --- legal entities --------------------------------------------------------------------


class LegalEntityForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=120)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=30, help_text=_("18位，见营业执照")
    )
    headcount = forms.IntegerField(label=_("职工人数"), min_value=0)
    industry = forms.ChoiceField(label=_("行业"), choices=[("", "---------"), *Industry.choices])
    covered_since = DateField(label=_("纳入覆盖日期"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("covered_since", timezone.localdate())


class LegalEntityMoveForm(forms.Form):
    union = NodeChoiceField(
        label=_("转入的工会"),
        kind="union",
        action=ORG_CHANGE,
        queryset=Organization.objects.none(),
        empty_label=_("请选择目标工会"),
    )

    def __init__(self, *args: Any, actor: Actor, entity: LegalEntity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = (
            _nodes(actor, ORG_CHANGE)
            .unions()
            .active()
            .exclude(pk=entity.union_id)
            .order_by(*BY_STATION_THEN_NAME)
        )
        self.fields["union"].queryset = targets  # type: ignore[attr-defined]
