"""Figures of legal aid, and the report that shows them (``/reports/legalaid/``;
definitions here and in docs/legalaid.md).

Scoped through ``LegalAidCase.objects.for_actor(actor, LEGALAID_VIEW)`` (a lawyer's
report: the cases assigned to them) and placed by ``organizations.placement``: a case
counts where the node that received it stood on the day that dates the figure. Each
figure is dated by a day that is set once and never changes afterwards — the day the
application was received, the day it was decided, the day the case was closed, the day
it was rated — so the figures of a past period do not move. Four queries whatever the
number of cases.

- **Applicants received (收到申请)**: applications received in [start, end].
- **Accepted (受理)**: applications decided in the period and given legal aid; one
  accepted then withdrawn later still counts as accepted in its period.
- **Refused (不予援助)**: applications refused in the period.
- **Days to decide (平均审查天数)**: over the decisions of the period, the calendar days
  from receipt to decision, on average; **decided in time (按期决定率)**: the share
  decided by the deadline (7 working days, without the days waiting for documents).
- **Closed (结案)**, **won (胜诉)**, **money recovered (挽回金额)**: cases closed in the
  period; won counts won and partly won; the money is what the worker recovered.
- **Rating (平均评价)**: the workers' ratings given in the period, on average.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import LEGALAID_VIEW
from gonghui.core.reports import registry
from gonghui.core.reports.declarations import Chart, Column, Definition, Figure, Kind, Report, Table
from gonghui.core.scoping import Actor
from gonghui.legalaid.choices import WON, Matter, Status
from gonghui.legalaid.models import LegalAidCase
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import placed, scope_then
from gonghui.organizations.selectors import visible_nodes

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MatterRow:
    key: str
    label: str
    received: int
    accepted: int
    closed: int
    won: int
    recovered: Decimal


@dataclass(frozen=True)
class LegalAid:
    start: date
    end: date
    received: int
    accepted: int
    refused: int
    decided: int
    in_time: int
    average_days: float | None
    closed: int
    won: int
    recovered: Decimal
    rated: int
    average_rating: float | None
    by_matter: list[MatterRow]

    @property
    def in_time_rate(self) -> float | None:
        return self.in_time / self.decided if self.decided else None

    @property
    def won_rate(self) -> float | None:
        return self.won / self.closed if self.closed else None


def _cases(actor: Actor, node: Organization | None, day: str | date) -> Any:
    rows = LegalAidCase.objects.for_actor(actor, LEGALAID_VIEW)
    return placed(rows, "organization", day).filter(scope_then(rows, actor, node, LEGALAID_VIEW))


def _n(condition: Q | None = None) -> Coalesce:
    return Coalesce(Count("pk", filter=condition), 0)


def legal_aid(
    *, actor: Actor, start: date, end: date, node: Organization | None = None
) -> LegalAid:
    period = {"__gte": start, "__lte": end}

    def within(field: str) -> Q:
        return Q(**{f"{field}{k}": v for k, v in period.items()})

    received = _cases(actor, node, "received_on").filter(within("received_on"))
    by_received = {
        row["matter"]: row["n"] for row in received.values("matter").annotate(n=Count("pk"))
    }
    decided = _cases(actor, node, "decided_on").filter(within("decided_on"))
    decisions = list(
        decided.values_list("matter", "received_on", "decided_on", "late_reason", "status")
    )
    closed = _cases(actor, node, "closed_on").filter(within("closed_on"), status=Status.CLOSED)
    closing = {
        row["matter"]: row
        for row in closed.values("matter").annotate(
            n=Count("pk"),
            won=_n(Q(outcome__in=WON)),
            money=Coalesce(Sum("recovered"), ZERO),
        )
    }
    rated = (
        _cases(actor, node, "rated_on")
        .filter(within("rated_on"))
        .aggregate(n=Count("pk"), average=Avg("rating"))
    )
    accepted_by: dict[str, int] = {}
    refused = in_time = 0
    days = []
    for matter, received_on, decided_on, late_reason, status in decisions:
        if status == Status.REFUSED:
            refused += 1
        else:
            accepted_by[matter] = accepted_by.get(matter, 0) + 1
        if not late_reason:
            in_time += 1
        days.append((decided_on - received_on).days)
    rows = [
        MatterRow(
            key=m.value,
            label=str(m.label),
            received=by_received.get(m.value, 0),
            accepted=accepted_by.get(m.value, 0),
            closed=closing.get(m.value, {}).get("n", 0),
            won=closing.get(m.value, {}).get("won", 0),
            recovered=closing.get(m.value, {}).get("money", ZERO),
        )
        for m in Matter
    ]
    return LegalAid(
        start=start,
        end=end,
        received=sum(by_received.values()),
        accepted=sum(accepted_by.values()),
        refused=refused,
        decided=len(decisions),
        in_time=in_time,
        average_days=sum(days) / len(days) if days else None,
        closed=sum(r.closed for r in rows),
        won=sum(r.won for r in rows),
        recovered=sum((r.recovered for r in rows), ZERO),
        rated=rated["n"],
        average_rating=float(rated["average"]) if rated["average"] is not None else None,
        by_matter=rows,
    )


def summary(f: LegalAid) -> list[Figure]:
    return [
        Figure("received", _("收到申请（人）"), f.received),
        Figure("accepted", _("受理（人）"), f.accepted),
        Figure("refused", _("不予援助（人）"), f.refused),
        Figure("average_days", _("平均审查天数"), f.average_days, Kind.NUMBER),
        Figure("in_time_rate", _("按期决定率"), f.in_time_rate, Kind.RATE),
        Figure("closed", _("结案（件）"), f.closed),
        Figure("won", _("胜诉（件）"), f.won),
        Figure("recovered", _("为职工挽回金额（元）"), f.recovered, Kind.MONEY),
        Figure("average_rating", _("职工平均评价（5 分制）"), f.average_rating, Kind.NUMBER),
    ]


def tables(f: LegalAid) -> list[Table]:
    return [
        Table(
            "by_matter",
            _("按援助事项"),
            [
                Column("label", _("援助事项"), Kind.TEXT),
                Column("received", _("收到申请")),
                Column("accepted", _("受理")),
                Column("closed", _("结案")),
                Column("won", _("胜诉")),
                Column("recovered", _("挽回金额（元）"), Kind.MONEY),
            ],
            [[r.label, r.received, r.accepted, r.closed, r.won, r.recovered] for r in f.by_matter],
            chart=Chart("bar", ["received", "accepted", "closed"]),
        ),
    ]


DEFINITIONS = [
    Definition(
        gettext_lazy("统计口径"),
        gettext_lazy(
            "申请按收到申请的日期统计，受理和不予援助按作出决定的日期统计，结案、胜诉和挽回金额按结案日期统计，"
            "评价按评价日期统计；这些日期一经记录不再改变，因此已过去期间的数字不会改变。"
            "案件归属于受理单位在当日的组织隶属关系。律师查看时只统计指派给本人的案件。"
        ),
    ),
    Definition(
        gettext_lazy("收到申请、受理、不予援助"),
        gettext_lazy(
            "每件申请对应一名申请人。受理为统计期内决定给予法律援助的申请数，受理后撤回的仍计入受理当期。"
        ),
    ),
    Definition(
        gettext_lazy("平均审查天数、按期决定率"),
        gettext_lazy(
            "统计期内作出决定的申请，自收到申请至作出决定的日历天数的平均值；按期决定率为在审查期限"
            "（7 个工作日，补充材料期间不计）内作出决定的申请占作出决定的申请的比例。"
        ),
    ),
    Definition(
        gettext_lazy("结案、胜诉、挽回金额"),
        gettext_lazy(
            "统计期内结案的案件数；胜诉含部分胜诉；挽回金额为结案时登记的为职工追回或获赔的金额。"
        ),
    ),
    Definition(
        gettext_lazy("职工平均评价"),
        gettext_lazy("统计期内职工对已结案件作出的评价（1 至 5 分）的平均值。"),
    ),
]

REPORT = registry.register(
    Report(
        name="legalaid",
        title=gettext_lazy("法律援助统计"),
        action=LEGALAID_VIEW,
        figures=legal_aid,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=LEGALAID_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]),
        definitions=DEFINITIONS,
        description=gettext_lazy(
            "法律援助申请的收到、受理、审查用时，结案、胜诉和为职工挽回的金额，按援助事项分列。"
        ),
    )
)
