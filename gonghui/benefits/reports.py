"""The benefits report (``/reports/benefits/``): claim campaigns (claims, members reached,
redemption, face value distributed, per campaign and per child node) and group purchases
per product. The figures are ``statistics.campaigns`` and ``statistics.purchasing``, whose
docstrings (and ``docs/benefits.md``) hold the definitions."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import BENEFITS_VIEW
from gonghui.benefits.statistics.campaigns import Claims, Tally, claim_figures
from gonghui.benefits.statistics.purchasing import Purchasing, purchase_figures, purchase_table
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
from gonghui.organizations.selectors import visible_nodes


@dataclass(frozen=True)
class Benefits:
    claims: Claims
    purchasing: Purchasing


def benefits_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> Benefits:
    return Benefits(
        claims=claim_figures(actor=actor, start=start, end=end, node=node),
        purchasing=purchase_figures(actor=actor, start=start, end=end, node=node),
    )


def summary(f: Benefits) -> list[Figure]:
    t = f.claims.total
    return [
        Figure("campaigns", _("普惠活动"), f.claims.campaigns),
        Figure("items", _("物品"), f.claims.items),
        Figure("members", _("惠及会员"), t.members),
        Figure("claims", _("领取"), t.claims),
        Figure("redemption_rate", _("核销率"), t.redemption_rate, Kind.RATE),
        Figure("value", _("发放面值（元）"), t.value, Kind.MONEY),
        Figure("purchase_firms", _("团购单位"), f.purchasing.firms),
        Figure("purchase_amount", _("团购金额（元）"), f.purchasing.amount, Kind.MONEY),
    ]


def _tally_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("claims", _("领取")),
        Column("members", _("惠及会员")),
        Column("redeemed", _("已核销")),
        Column("redemption_rate", _("核销率"), Kind.RATE),
        Column("value", _("发放面值（元）"), Kind.MONEY),
        Column("redeemed_value", _("核销面值（元）"), Kind.MONEY),
    ]


def _cells(label: str, t: Tally) -> list[object]:
    return [label, t.claims, t.members, t.redeemed, t.redemption_rate, t.value, t.redeemed_value]


def tables(f: Benefits) -> list[Table]:
    by_node = Table(
        "by_node",
        _("普惠领取（按单位）"),
        _tally_columns(Column("label", _("单位"), Kind.TEXT)),
        [_cells(r.label, r.tally) for r in f.claims.by_node],
        chart=Chart("bar", ["claims", "redeemed"]),
        links=[r.key for r in f.claims.by_node],
    )
    by_campaign = Table(
        "by_campaign",
        _("普惠领取（按活动）"),
        _tally_columns(Column("label", _("活动"), Kind.TEXT)),
        [_cells(f"{r.number} {r.title}", r.tally) for r in f.claims.by_campaign],
    )
    return [by_node, by_campaign, purchase_table(f.purchasing)]


DEFINITIONS = [
    Definition(
        gettext_lazy("统计范围"),
        gettext_lazy(
            "领取按会员领取时所在工会、团购按订购时单位所在工会，以记录当日的组织隶属关系统计；"
            "之后的转会、迁移不改变已过去的数字。"
        ),
    ),
    Definition(
        gettext_lazy("领取、惠及会员"),
        gettext_lazy(
            "领取：领取日期在统计期内的券数（之后活动取消、券作废，仍计为当时已领取）；"
            "惠及会员：其中的不同会员人数；普惠活动、物品：其中涉及的活动数和物品数。"
        ),
    ),
    Definition(
        gettext_lazy("核销率"),
        gettext_lazy("统计期内领取的券中，在统计期末日或之前核销的比例。"),
    ),
    Definition(
        gettext_lazy("发放面值"),
        gettext_lazy("统计期内领取的券的面值合计；核销面值为其中已核销的券的面值合计。"),
    ),
    Definition(
        gettext_lazy("团购"),
        gettext_lazy(
            "订购日期在统计期内、且在统计期末日或之前经总工会确认的订单：每种产品的订购单位数、"
            "数量和金额；期末后才确认的不计，期末后取消的仍计。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="benefits",
        title=gettext_lazy("普惠服务统计"),
        action=BENEFITS_VIEW,
        figures=benefits_figures,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=BENEFITS_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]),
        definitions=DEFINITIONS,
        description=gettext_lazy("普惠活动的领取与核销，团购的订购单位、数量和金额。"),
    )
)
