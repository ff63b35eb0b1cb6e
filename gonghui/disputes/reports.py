"""The consultation and mediation report (``/reports/mediation/``): person-times of
consultations by channel and topic with the satisfaction rate; applicants and cases
accepted and closed by tier and outcome, amounts agreed and paid, days to close and the
cases overdue today. The figures are ``disputes.statistics``; the definitions are in
``docs/disputes.md``."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import DISPUTES_VIEW
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
from gonghui.disputes import statistics
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization
from gonghui.organizations.selectors import visible_nodes


@dataclass(frozen=True)
class DisputesFigures:
    consultations: statistics.Consultations
    mediation: statistics.Mediation


def disputes_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> DisputesFigures:
    """Consultations and mediation in [start, end]; overdue cases today."""
    return DisputesFigures(
        consultations=statistics.consultations(actor=actor, start=start, end=end, node=node),
        mediation=statistics.mediation(actor=actor, start=start, end=end, node=node),
    )


def summary(f: DisputesFigures) -> list[Figure]:
    c, m = f.consultations, f.mediation
    return [
        Figure("consultations", _("咨询人次"), c.total),
        Figure("satisfaction_rate", _("咨询满意率"), c.satisfaction_rate, Kind.RATE),
        Figure("applicants_accepted", _("受理调解申请人数"), m.applicants_accepted),
        Figure("applicants_closed", _("结案人数"), m.applicants_closed),
        Figure("closure_rate", _("结案率"), m.closure_rate, Kind.RATE),
        Figure("cases_accepted", _("受理案件数"), m.cases_accepted),
        Figure("cases_closed", _("结案件数"), m.cases_closed),
        Figure("case_closure_rate", _("案件结案率"), m.case_closure_rate, Kind.RATE),
        Figure("amount_agreed", _("协议金额（元）"), m.amount_agreed, Kind.MONEY),
        Figure("amount_fulfilled", _("履行金额（元）"), m.amount_fulfilled, Kind.MONEY),
        Figure("closed_in_period", _("统计期内结案件数"), m.closed_in_period),
        Figure("average_days", _("平均结案天数"), m.average_days, Kind.NUMBER),
        Figure(
            "overdue",
            _("当前超期案件（%(day)s）") % {"day": f"{m.at:%Y-%m-%d}"},
            m.overdue,
        ),
    ]


def _rows_table(
    key: str, title: str, label: str, unit: str, rows: list[statistics.Row], chart: str
) -> Table:
    return Table(
        key,
        title,
        [Column("label", label, Kind.TEXT), Column("count", unit)],
        [[r.label, r.count] for r in rows],
        chart=Chart(chart, ["count"]),
    )


def tables(f: DisputesFigures) -> list[Table]:
    c, m = f.consultations, f.mediation
    return [
        _rows_table(
            "by_channel", _("咨询（按方式）"), _("咨询方式"), _("人次"), c.by_channel, "pie"
        ),
        _rows_table("by_topic", _("咨询（按事项）"), _("咨询事项"), _("人次"), c.by_topic, "bar"),
        Table(
            "by_tier",
            _("调解（按层级）"),
            [
                Column("label", _("调解委员会"), Kind.TEXT),
                Column("applicants_accepted", _("受理人数")),
                Column("applicants_closed", _("结案人数")),
                Column("cases_accepted", _("受理件数")),
                Column("cases_closed", _("结案件数")),
            ],
            [
                [
                    r.label,
                    r.applicants_accepted,
                    r.applicants_closed,
                    r.cases_accepted,
                    r.cases_closed,
                ]
                for r in m.by_tier
            ],
            chart=Chart("bar", ["applicants_accepted", "applicants_closed"]),
        ),
        _rows_table("by_outcome", _("结案（按结果）"), _("结果"), _("件数"), m.by_outcome, "pie"),
    ]


DEFINITIONS = [
    Definition(
        gettext_lazy("统计范围"),
        gettext_lazy(
            "咨询按咨询日期、调解案件按申请日期，以受理单位或调解委员会所在组织当时的隶属关系统计；"
            "工会之后的迁移、合并不改变已过去的数字。"
        ),
    ),
    Definition(
        gettext_lazy("咨询人次、满意率"),
        gettext_lazy(
            "统计期内咨询的人次（集体咨询按人数计）；满意率为评价满意或基本满意的人次占有评价"
            "人次的比例，未评价的不计。"
        ),
    ),
    Definition(
        gettext_lazy("受理、结案、结案率"),
        gettext_lazy(
            "受理：统计期内受理的案件（移交上级的案件只在最终受理处计一次），按申请人计人数；"
            "结案：其中在统计截止日前以协议、调解不成或撤回结案的；结案率 = 结案人数 / 受理人数。"
        ),
    ),
    Definition(
        gettext_lazy("协议金额、履行金额"),
        gettext_lazy(
            "协议金额：统计期内以协议结案的案件的协议金额；履行金额：统计期内实际支付的金额，"
            "不论协议何时达成。"
        ),
    ),
    Definition(
        gettext_lazy("平均结案天数、当前超期"),
        gettext_lazy(
            "平均结案天数：统计期内结案的案件从受理到结案的自然日平均数；当前超期：今天仍在调解"
            "且已过调解期限（经同意延长的按延长后的期限）的案件。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="mediation",
        title=gettext_lazy("调解统计"),
        action=DISPUTES_VIEW,
        figures=disputes_figures,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=DISPUTES_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION])
        | Q(mediation_committees__active=True),
        definitions=DEFINITIONS,
        description=gettext_lazy(
            "咨询与调解：统计期内的咨询人次和满意率，调解的受理、结案和金额。"
        ),
    )
)
