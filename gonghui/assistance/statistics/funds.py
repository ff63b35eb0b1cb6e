"""Figures of funds (``/reports/assistance_funds/``; definitions in docs/assistance.md):
the warmth fund's donations received, grants, balance and the people helped by cause in a
period, the same since the fund was set up, and every fund's money in and out.

Read through ``Fund.objects.for_actor(actor, ASSISTANCE_VIEW)``, for the actor's scope or
the subtree of ``node`` (a fund belongs to the node that manages it: the federation or a
station, which no service moves). Every figure is a sum or a count of ledger entries by
their ``booked_on`` day; entries are never changed and a correction is a new entry on the
day it is made, so a past period's figures do not move. Two queries whatever the number
of entries.

Definitions:

- **Received (收到捐赠)**: donations booked in [start, end] into the warmth funds in scope,
  less the reversals of donations booked in the period.
- **Granted (救助支出)**: grants booked in the period, less the reversals of grants booked
  in the period (a positive figure).
- **Balance (期末余额)**: the sum of every entry of those funds booked up to ``end``.
- **People helped (救助人数)**: the distinct persons of the applications of the grants
  booked in the period, except grants reversed by a reversal booked up to ``end``; by the
  grant's cause (a person helped for two causes counts in each, once in the total).
- **Since inception (自设立以来)**: from the earliest ``started_on`` of those funds up to
  ``end``: the families helped (distinct persons of the grants not reversed by ``end``:
  one application's worker is one family) and the amount granted (net of reversals).
- **Funds (各项资金)**: for every fund in scope set up by ``end``, the money in
  (donations and allocations, net of their reversals), the money out (grants and other
  spending, net of their reversals) in the period, what is held at ``end`` (预留中: holds
  booked by ``end`` less the releases booked by then; neither counts as money in or out)
  and its balance at ``end`` (the money available: holds lower it).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import ASSISTANCE_VIEW
from gonghui.assistance.choices import HOLD_KINDS, Cause, EntryKind, FundKind
from gonghui.assistance.models import Fund, FundEntry
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

ZERO = Decimal("0.00")
IN_KINDS = (EntryKind.DONATION, EntryKind.ALLOCATION)
OUT_KINDS = (EntryKind.GRANT, EntryKind.SPENDING)


@dataclass(frozen=True)
class CauseRow:
    key: str
    label: str
    people: int
    amount: Decimal


@dataclass(frozen=True)
class FundRow:
    name: str
    kind: str  # FundKind
    started_on: date
    money_in: Decimal
    money_out: Decimal
    held: Decimal  # held (预留) at ``end`` and not released by then
    balance: Decimal


@dataclass(frozen=True)
class FundFigures:
    start: date
    end: date
    received: Decimal
    donations: int
    granted: Decimal
    grants: int
    people: int
    balance: Decimal
    by_cause: list[CauseRow]
    since: date | None  # the earliest start of the warmth funds in scope
    families_since: int
    granted_since: Decimal
    funds: list[FundRow]


def scoped_funds(actor: Actor, node: Organization | None) -> QuerySet[Fund]:
    """The funds the actor may see, managed within the subtree of ``node`` if given."""
    funds = Fund.objects.for_actor(actor, ASSISTANCE_VIEW)
    if node is not None:
        funds = funds.filter(organization__path__startswith=node.path)
    return funds


def _sum(condition: Q, field: str = "amount") -> Coalesce:
    return Coalesce(Sum(field, filter=condition), ZERO)


def _of(kinds: tuple[str, ...], prefix: str = "") -> Q:
    """Entries of ``kinds`` and the reversals of such entries."""
    return Q(**{f"{prefix}kind__in": kinds}) | Q(
        **{f"{prefix}kind": EntryKind.REVERSAL, f"{prefix}reverses__kind__in": kinds}
    )


def _warmth(start: date, end: date) -> dict[str, Any]:
    """The aggregates of the warmth funds' entries."""
    within = Q(booked_on__gte=start, booked_on__lte=end)
    upto = Q(booked_on__lte=end)
    grants = _of((EntryKind.GRANT,))
    # a grant whose reversal was booked by ``end`` helped nobody
    standing = Q(kind=EntryKind.GRANT) & (
        Q(reversed_by__isnull=True) | Q(reversed_by__booked_on__gt=end)
    )
    person = "application__person"
    sums: dict[str, Any] = {
        "received": _sum(within & _of((EntryKind.DONATION,))),
        "donations": Count("pk", filter=within & Q(kind=EntryKind.DONATION)),
        "granted": _sum(within & grants),
        "grants": Count("pk", filter=within & Q(kind=EntryKind.GRANT)),
        "people": Count(person, filter=within & standing, distinct=True),
        "balance": _sum(upto),
        "families_since": Count(person, filter=upto & standing, distinct=True),
        "granted_since": _sum(upto & grants),
    }
    for cause in Cause.values:
        sums[f"people_{cause}"] = Count(
            person, filter=within & standing & Q(cause=cause), distinct=True
        )
        sums[f"amount_{cause}"] = _sum(within & grants & Q(cause=cause))
    return sums


def _fund_rows(funds: QuerySet[Fund], start: date, end: date) -> list[FundRow]:
    within = Q(entries__booked_on__gte=start, entries__booked_on__lte=end)
    rows = (
        funds.filter(started_on__lte=end)
        .annotate(
            money_in=_sum(within & _of(IN_KINDS, "entries__"), "entries__amount"),
            money_out=_sum(within & _of(OUT_KINDS, "entries__"), "entries__amount"),
            held_then=_sum(
                Q(entries__booked_on__lte=end, entries__kind__in=HOLD_KINDS), "entries__amount"
            ),
            balance_then=_sum(Q(entries__booked_on__lte=end), "entries__amount"),
        )
        .order_by("kind", "code")
    )
    return [
        FundRow(
            f.name, f.kind, f.started_on, f.money_in, -f.money_out, -f.held_then, f.balance_then
        )
        for f in rows
    ]


def funds_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None = None
) -> FundFigures:
    """The warmth fund in [start, end] and since it was set up, and every fund's money
    in and out. Two queries."""
    funds = scoped_funds(actor, node)
    warmth = funds.filter(kind=FundKind.WARMTH)
    totals = FundEntry.objects.filter(fund__in=warmth).aggregate(**_warmth(start, end))
    rows = _fund_rows(funds, start, end)
    starts = [row.started_on for row in rows if row.kind == FundKind.WARMTH]
    by_cause = [
        CauseRow(c.value, str(c.label), totals[f"people_{c.value}"], -totals[f"amount_{c.value}"])
        for c in Cause
    ]
    return FundFigures(
        start=start,
        end=end,
        received=totals["received"],
        donations=totals["donations"],
        granted=-totals["granted"],
        grants=totals["grants"],
        people=totals["people"],
        balance=totals["balance"],
        by_cause=[row for row in by_cause if row.people or row.amount],
        since=min(starts) if starts else None,
        families_since=totals["families_since"],
        granted_since=-totals["granted_since"],
        funds=rows,
    )


# --- the report ------------------------------------------------------------------------


def summary(f: FundFigures) -> list[Figure]:
    return [
        Figure("received", _("温暖基金收到捐赠（元）"), f.received, Kind.MONEY),
        Figure("donations", _("捐赠笔数"), f.donations),
        Figure("granted", _("温暖基金救助支出（元）"), f.granted, Kind.MONEY),
        Figure("people", _("救助人数"), f.people),
        Figure("balance", _("期末余额（元）"), f.balance, Kind.MONEY),
        Figure("since", _("基金设立日期"), f.since, Kind.DATE),
        Figure("families_since", _("设立以来救助户数"), f.families_since),
        Figure("granted_since", _("设立以来救助金额（元）"), f.granted_since, Kind.MONEY),
    ]


def tables(f: FundFigures) -> list[Table]:
    return [
        Table(
            "by_cause",
            _("温暖基金救助（按原因）"),
            [
                Column("label", _("救助原因"), Kind.TEXT),
                Column("people", _("人数")),
                Column("amount", _("金额（元）"), Kind.MONEY),
            ],
            [[r.label, r.people, r.amount] for r in f.by_cause],
            chart=Chart("bar", ["people"]),
        ),
        Table(
            "funds",
            _("各项资金收支"),
            [
                Column("name", _("资金"), Kind.TEXT),
                Column("kind", _("类别"), Kind.TEXT),
                Column("money_in", _("本期收入（元）"), Kind.MONEY),
                Column("money_out", _("本期支出（元）"), Kind.MONEY),
                Column("held", _("期末预留中（元）"), Kind.MONEY),
                Column("balance", _("期末可用余额（元）"), Kind.MONEY),
            ],
            [
                [r.name, str(FundKind(r.kind).label), r.money_in, r.money_out, r.held, r.balance]
                for r in f.funds
            ],
        ),
    ]


DEFINITIONS = [
    Definition(
        gettext_lazy("统计口径"),
        gettext_lazy(
            "各项数字均按资金分录的记账日期统计；分录不能修改，更正以冲正分录记在更正当天，"
            "因此已过去期间的数字不会改变。范围为所选单位（或本人管理范围）管理的资金。"
        ),
    ),
    Definition(
        gettext_lazy("收到捐赠"),
        gettext_lazy("统计期内记入温暖专项基金的捐赠金额，减去统计期内对捐赠的冲正。"),
    ),
    Definition(
        gettext_lazy("救助支出"),
        gettext_lazy("统计期内温暖专项基金的救助支出，减去统计期内对救助支出的冲正。"),
    ),
    Definition(
        gettext_lazy("期末余额"),
        gettext_lazy("截至统计截止日的全部分录合计，即当日的基金余额。"),
    ),
    Definition(
        gettext_lazy("救助人数（按原因）"),
        gettext_lazy(
            "统计期内救助支出所对应申请的职工人数，同一职工只计一次；截止日前已冲正的救助"
            "不计。按救助原因分列时，因不同原因获助的职工在各原因下各计一次。"
        ),
    ),
    Definition(
        gettext_lazy("设立以来"),
        gettext_lazy(
            "自基金设立日期至统计截止日：救助户数为获得救助（截止日前未冲正）的职工人数，"
            "每名职工计为一户；救助金额为救助支出减去对其的冲正。"
        ),
    ),
    Definition(
        gettext_lazy("各项资金收支"),
        gettext_lazy(
            "截止日前设立的各项资金：本期收入为捐赠和拨入，本期支出为救助和慰问等支出"
            "（普惠活动按核销面值在活动结束时记支出），均扣除相应冲正；期末预留中为截至"
            "截止日已预留（如已发布的普惠活动）而尚未释放的金额，不计入收入或支出；"
            "期末可用余额为截至截止日的分录合计，已扣除预留中的金额。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="assistance_funds",
        title=gettext_lazy("资金统计"),
        action=ASSISTANCE_VIEW,
        figures=funds_figures,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=ASSISTANCE_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION])
        | Q(pk__in=Fund.objects.values("organization")),
        definitions=DEFINITIONS,
        description=gettext_lazy(
            "温暖专项基金的捐赠、救助支出、余额和按原因的救助人数，设立以来的救助户数和金额，"
            "以及各项资金的收支。"
        ),
    )
)
