"""Figures of condolence campaigns (see docs/assistance.md), and the report
``assistance_campaigns`` that presents them (``/reports/assistance_campaigns/``).

Everything is counted from the lines handed out (``DistributionLine`` DISTRIBUTED) whose
``distributed_on`` falls in the period, both days included: a line planned but not yet
handed out counts nowhere, and a line handed out later does not move a past period. A
line is placed by its campaign's organisation as the tree stood on the day it was handed
out (``organizations.UnionPlacement``; the federation and stations by their own path),
within the subtree of ``node`` or, without one, the reader's subtrees for
``ASSISTANCE_VIEW``; on top of ``for_actor``, so a line counts only if the reader may also
see it now. Two queries whatever the number of lines.

- **Campaigns held (慰问活动)**: campaigns with at least one line handed out in the period.
- **Units reached (慰问单位)**: distinct units (unions or stations) of the lines handed out;
  **sites reached (慰问站点)**: distinct sites (construction projects and other places
  outside the tree).
- **People reached (慰问人数)**: the sum of the lines' heads (a worker's line is one, a
  group line at a unit or site its ``people``); **person-times (慰问人次)**: the sum of the
  person-times recorded when handed out (27,000 servings of summer drinks over a season).
- **Sets (慰问品份数)**: sets of goods handed out.
- **Cash spent, goods spent (慰问金、慰问品金额)**: the lines' cash and goods value, which
  the ledger took from the campaigns' budget lines on those days.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import ASSISTANCE_VIEW
from gonghui.assistance.choices import LineStatus, Occasion
from gonghui.assistance.models import DistributionLine
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
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import placed, scope_then
from gonghui.organizations.selectors import visible_nodes

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OccasionRow:
    key: str
    label: str
    campaigns: int
    units: int
    people: int
    person_times: int
    sets: int
    cash: Decimal
    goods: Decimal

    @property
    def spent(self) -> Decimal:
        return self.cash + self.goods


@dataclass(frozen=True)
class Campaigns:
    start: date
    end: date
    campaigns: int
    units: int
    sites: int
    people: int
    person_times: int
    sets: int
    cash: Decimal
    goods: Decimal
    by_occasion: list[OccasionRow]

    @property
    def spent(self) -> Decimal:
        return self.cash + self.goods


def handed_out(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> QuerySet[DistributionLine]:
    """The lines handed out in [start, end] in the scope as it stood on their day."""
    rows = DistributionLine.objects.for_actor(actor, ASSISTANCE_VIEW).filter(
        status=LineStatus.DISTRIBUTED, distributed_on__gte=start, distributed_on__lte=end
    )
    where = placed(rows, "campaign__organization", "distributed_on")
    return where.filter(scope_then(rows, actor, node, ASSISTANCE_VIEW))


# named apart from the fields they sum (an aggregate may not share a field's name)
AGGREGATES: dict[str, Any] = {
    "n_campaigns": Count("campaign", distinct=True),
    "n_units": Count("unit", distinct=True),
    "n_people": Sum("people"),
    "n_person_times": Sum("person_times"),
    "n_sets": Sum("sets"),
    "n_cash": Sum("cash"),
    "n_goods": Sum("goods_value"),
}
OCCASION_FIGURES = ("campaigns", "units", "people", "person_times", "sets", "cash", "goods")
COUNTS = ("campaigns", "units", "sites", "people", "person_times", "sets")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """An aggregate's row by the figures' names, nothing summed as 0 or 0.00."""
    named = {key.removeprefix("n_"): value for key, value in row.items()}
    return {
        key: value if value is not None else (0 if key in COUNTS else ZERO)
        for key, value in named.items()
    }


def campaigns(*, actor: Actor, start: date, end: date, node: Organization | None) -> Campaigns:
    """The campaign figures of [start, end] (module docstring)."""
    rows = handed_out(actor=actor, start=start, end=end, node=node)
    totals = _plain(rows.aggregate(n_sites=Count("site", distinct=True), **AGGREGATES))
    grouped = {
        row["campaign__occasion"]: _plain(dict(row))
        for row in rows.values("campaign__occasion").annotate(**AGGREGATES).order_by()
    }
    by_occasion = [
        OccasionRow(
            key=occasion.value,
            label=str(occasion.label),
            **{key: grouped[occasion.value][key] for key in OCCASION_FIGURES},
        )
        for occasion in Occasion
        if occasion.value in grouped
    ]
    return Campaigns(
        start=start,
        end=end,
        by_occasion=by_occasion,
        **{key: totals[key] for key in (*OCCASION_FIGURES, "sites")},
    )


# --- the report ----------------------------------------------------------------------------


def summary(f: Campaigns) -> list[Figure]:
    return [
        Figure("campaigns", _("慰问活动"), f.campaigns),
        Figure("units", _("慰问单位"), f.units),
        Figure("sites", _("慰问站点"), f.sites),
        Figure("people", _("慰问人数"), f.people),
        Figure("person_times", _("慰问人次"), f.person_times),
        Figure("sets", _("慰问品份数"), f.sets),
        Figure("cash", _("慰问金（元）"), f.cash, Kind.MONEY),
        Figure("goods", _("慰问品金额（元）"), f.goods, Kind.MONEY),
        Figure("spent", _("支出合计（元）"), f.spent, Kind.MONEY),
    ]


def tables(f: Campaigns) -> list[Table]:
    return [
        Table(
            "by_occasion",
            _("慰问（按类别）"),
            [
                Column("label", _("慰问类别"), Kind.TEXT),
                Column("campaigns", _("活动数")),
                Column("units", _("单位数")),
                Column("people", _("人数")),
                Column("person_times", _("人次")),
                Column("sets", _("慰问品份数")),
            ],
            [
                [r.label, r.campaigns, r.units, r.people, r.person_times, r.sets]
                for r in f.by_occasion
            ],
            chart=Chart("bar", ["people"]),
        ),
        Table(
            "spent_by_occasion",
            _("支出（按类别）"),
            [
                Column("label", _("慰问类别"), Kind.TEXT),
                Column("cash", _("慰问金（元）"), Kind.MONEY),
                Column("goods", _("慰问品金额（元）"), Kind.MONEY),
                Column("spent", _("合计（元）"), Kind.MONEY),
            ],
            [[r.label, r.cash, r.goods, r.spent] for r in f.by_occasion],
            chart=Chart("pie", ["spent"]),
        ),
    ]


DEFINITIONS = [
    Definition(
        gettext_lazy("统计范围"),
        gettext_lazy(
            "按发放日期统计已发放（已签收）的慰问明细，以慰问活动组织单位在发放当日的隶属关系"
            "归入所选组织；尚未发放的明细不计，之后补发的明细不改变已过去的统计期。"
        ),
    ),
    Definition(
        gettext_lazy("慰问活动"),
        gettext_lazy("统计期内至少发放了一条明细的慰问活动。"),
    ),
    Definition(
        gettext_lazy("慰问单位、慰问站点"),
        gettext_lazy(
            "慰问单位：已发放明细所属的不同工会或服务站；慰问站点：工地等组织体系以外的不同站点。"
        ),
    ),
    Definition(
        gettext_lazy("慰问人数、人次"),
        gettext_lazy(
            "人数：已发放明细的人数之和（一名职工一行计 1 人，按单位或站点整体发放的按该行人数）；"
            "人次：发放时登记的人次之和（如整个夏季送清凉饮品的份次）。"
        ),
    ),
    Definition(
        gettext_lazy("慰问品份数"),
        gettext_lazy("已发放的慰问品份数之和。"),
    ),
    Definition(
        gettext_lazy("慰问金、慰问品金额"),
        gettext_lazy(
            "已发放明细的慰问金和慰问品价值之和，即发放当日从慰问活动支出科目记账支出的金额。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="assistance_campaigns",
        title=gettext_lazy("慰问统计"),
        action=ASSISTANCE_VIEW,
        figures=campaigns,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=ASSISTANCE_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]),
        definitions=DEFINITIONS,
        description=gettext_lazy(
            "慰问活动：统计期内慰问的单位、人数和人次，发放的慰问品和慰问金，按慰问类别。"
        ),
    )
)
