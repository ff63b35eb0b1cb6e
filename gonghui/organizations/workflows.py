"""The status of a union: active until merged into another union or dissolved; a merged
or dissolved union keeps its history and does not come back."""

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import ORG_RESTRUCTURE
from gonghui.core.workflow import Step, Workflow, register
from gonghui.organizations import services
from gonghui.organizations.choices import UnionStatus as S
from gonghui.organizations.models import Organization

ENDED = _("该工会已合并或撤销")

UNIONS = register(
    Workflow(
        name="union",
        model=Organization,
        noun=_("工会"),
        organization=lambda union: union,
        steps=(
            Step(
                "merge",
                frozenset({S.ACTIVE}),
                S.MERGED,
                ORG_RESTRUCTURE,
                _("合并"),
                guard=lambda node: None if node.is_union else _("只能在工会之间合并"),
                apply=services.merge,
                url="organizations:union_merge",
                wrong_state=ENDED,
            ),
            Step(
                "dissolve",
                frozenset({S.ACTIVE}),
                S.DISSOLVED,
                ORG_RESTRUCTURE,
                _("撤销"),
                guard=lambda node: None if node.is_union else _("只能撤销工会"),
                apply=services.dissolve,
                url="organizations:union_dissolve",
                wrong_state=ENDED,
            ),
        ),
    )
)
