"""The hotline report (``/reports/hotline/``): tickets received, returned and completed
per source, with the completion, on-time, response, solution and satisfaction rates. The
figures are ``hotline.statistics``; the definitions are also in ``docs/hotline.md``."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import HOTLINE_VIEW
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
from gonghui.hotline import statistics
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization
from gonghui.organizations.selectors import visible_nodes

RATES = ("completion_rate", "on_time_rate", "response_rate", "solution_rate", "satisfaction_rate")


def hotline_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> statistics.Tickets:
    return statistics.tickets(actor=actor, start=start, end=end, node=node)


def _rate_labels() -> dict[str, str]:
    return {
        "completion_rate": _("办结率"),
        "on_time_rate": _("按时办结率"),
        "response_rate": _("响应率"),
        "solution_rate": _("解决率"),
        "satisfaction_rate": _("满意率"),
    }


def summary(f: statistics.Tickets) -> list[Figure]:
    t = f.total
    figures = [
        Figure("received", _("受理工单"), t.received),
        Figure("returned", _("退回次数"), t.returned),
        Figure("completed", _("办结工单"), t.completed),
    ]
    labels = _rate_labels()
    figures += [Figure(key, labels[key], getattr(t, key), Kind.RATE) for key in RATES]
    return figures


def tables(f: statistics.Tickets) -> list[Table]:
    labels = _rate_labels()
    counts = Table(
        "by_source",
        _("工单（按来源）"),
        [
            Column("label", _("来源"), Kind.TEXT),
            Column("received", _("受理")),
            Column("returned", _("退回")),
            Column("completed", _("办结")),
        ],
        [[r.label, r.received, r.returned, r.completed] for r in f.by_source],
        chart=Chart("bar", ["received", "returned", "completed"]),
    )
    rates = Table(
        "rates_by_source",
        _("办理质量（按来源）"),
        [Column("label", _("来源"), Kind.TEXT)]
        + [Column(key, labels[key], Kind.RATE) for key in RATES],
        [[r.label, *(getattr(r, key) for key in RATES)] for r in f.by_source],
        chart=Chart("bar", list(RATES)),
    )
    return [counts, rates]


DEFINITIONS = [
    Definition(
        gettext_lazy("统计范围"),
        gettext_lazy(
            "受理按首接单位、退回按退回单位、办结和回访按办结单位，以统计期末日的组织隶属关系"
            "统计；时间均按记录当时登记的时间，之后的改派、迁移不改变已过去的数字。"
        ),
    ),
    Definition(
        gettext_lazy("受理、退回、办结"),
        gettext_lazy(
            "受理：受理时间在统计期内的工单数；退回：统计期内承办单位退回工单的次数（一件工单"
            "可退回多次）；办结：办结时间在统计期内的工单数。"
        ),
    ),
    Definition(
        gettext_lazy("办结率"),
        gettext_lazy("统计期内办结的工单数 / 统计期内受理的工单数。"),
    ),
    Definition(
        gettext_lazy("按时办结率"),
        gettext_lazy(
            "统计期内办结的工单中，在办结时限内（按该来源的服务时限，扣除挂起时间）办结的比例；"
            "办结时未设置办结时限的工单不计入分母。"
        ),
    ),
    Definition(
        gettext_lazy("响应率、解决率、满意率"),
        gettext_lazy(
            "以统计期内回访的工单为分母：回访时来电人表示承办单位联系过本人的比例为响应率，"
            "表示问题已解决的比例为解决率，表示满意的比例为满意率。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="hotline",
        title=gettext_lazy("热线统计"),
        action=HOTLINE_VIEW,
        figures=hotline_figures,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=HOTLINE_VIEW),
        # the drop-down offers the federation and the stations (a union by ?node=)
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]),
        definitions=DEFINITIONS,
        description=gettext_lazy(
            "12345 市民热线和 12351 职工热线派单：受理、退回、办结和办理质量。"
        ),
    )
)
