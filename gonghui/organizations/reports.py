"""The organisation coverage report (``/reports/coverage/``): unions, legal entities and
workers covered on the period's last day, and the unions founded in the period by kind
and size class with the workers they cover and the growth on a year earlier. The
definitions are in ``docs/organizations.md``."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import ORG_VIEW
from gonghui.core.reports import registry
from gonghui.core.reports.declarations import (
    Chart,
    Column,
    Definition,
    Figure,
    Kind,
    Report,
    Table,
)
from gonghui.core.scoping import Actor
from gonghui.organizations import selectors
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import Organization


@dataclass(frozen=True)
class CoverageFigures:
    coverage: selectors.Coverage
    new: selectors.NewUnions


def coverage_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> CoverageFigures:
    """Coverage on ``end`` and the unions founded in [start, end], as they stood then.
    Four queries."""
    return CoverageFigures(
        coverage=selectors.coverage(actor=actor, root=node, on=end),
        new=selectors.new_unions(actor=actor, start=start, end=end, root=node),
    )


def summary(f: CoverageFigures) -> list[Figure]:
    c, n = f.coverage, f.new
    return [
        Figure("unions", _("基层工会"), c.unions),
        Figure("standalone", _("单独建会"), c.standalone),
        Figure("joint", _("联合会"), c.joint),
        Figure("legal_entities", _("覆盖法人单位"), c.legal_entities),
        Figure("workers", _("覆盖职工"), c.workers),
        Figure("new_total", _("新建工会合计"), n.total),
        Figure("new_standalone", _("新建单独建会"), n.standalone),
        Figure("new_workers", _("新建工会覆盖职工"), n.workers),
        Figure("previous_total", _("上年同期新建工会"), n.previous_total),
        Figure("growth", _("同比增长"), n.growth, Kind.RATE),
    ]


def tables(f: CoverageFigures) -> list[Table]:
    n = f.new
    return [
        Table(
            "new_unions",
            _("新建工会（按建会方式和规模）"),
            [Column("kind", _("类别"), Kind.TEXT), Column("unions", _("工会数"))],
            [
                [_("单独建会：百人以上"), n.standalone_large],
                [_("单独建会：百人以下"), n.standalone_small],
                [_("单独建会：加入联合会"), n.joined_joint],
                [_("新建联合会"), n.joint],
            ],
            chart=Chart("pie", ["unions"]),
        ),
    ]


DEFINITIONS = [
    Definition(
        gettext_lazy("基层工会、覆盖法人单位"),
        gettext_lazy(
            "统计截止日已成立且未合并、撤销的工会，及其截止日已纳入覆盖的法人单位；"
            "统计范围按截止日当时的隶属关系，之后的迁移、合并不改变已过去的数字。"
        ),
    ),
    Definition(
        gettext_lazy("覆盖职工"),
        gettext_lazy(
            "各工会所覆盖法人单位截至统计截止日上报的职工数，与当日联合会直接吸纳的劳动者之和。"
        ),
    ),
    Definition(
        gettext_lazy("新建工会"),
        gettext_lazy(
            "统计期内成立的工会，按其在统计期内最后一天的情况（隶属、规模、职工数）统计；"
            "加入联合会的工会不计入规模分类；已合并或撤销的工会仍计入其成立当期。"
            "新建工会覆盖职工只计这些工会当时的职工。同比：与上年同期新建工会数相比。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="coverage",
        title=gettext_lazy("覆盖统计"),
        action=ORG_VIEW,
        figures=coverage_figures,
        summary=summary,
        tables=tables,
        nodes=lambda actor: selectors.visible_nodes(actor=actor, action=ORG_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]) | Q(union_kind=UnionKind.JOINT),
        definitions=DEFINITIONS,
        description=gettext_lazy("组织覆盖：截止日的工会、法人单位和职工，统计期内新建的工会。"),
        end_label=gettext_lazy("统计截止日（覆盖截至）"),
    )
)
