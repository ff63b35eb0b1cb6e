"""Figures of aid, and the hardship report (``/reports/assistance_hardship/``) that shows
them with the files' (``statistics.files``); definitions in docs/assistance.md.

Scoped through ``AidApplication.objects.for_actor(actor, ASSISTANCE_VIEW)`` and placed by
``organizations.placement`` on the day that dates each figure. Each figure is dated by a
day that is set once and never changes (an application's ``applied_on``, its
``approved_on``, its ``paid_on``), so a past period does not move: aid approved in the
period and revoked later still counts as approved in it (and as revoked when revoked is
asked), and paid aid cannot be revoked. Two queries whatever the number of applications.

- **Applications (申请)**: applications made in [start, end] (``applied_on``), of every
  outcome, by kind of aid.
- **Approved (批准)**: applications approved by the federation in the period
  (``approved_on``), and the amounts approved.
- **Paid (发放)**: aid paid in the period (``paid_on``): the number, the amount and the
  workers helped (a worker paid twice counts once), by kind of aid.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import ASSISTANCE_VIEW
from gonghui.assistance.choices import AidStatus
from gonghui.assistance.models import AidApplication, AidKind
from gonghui.assistance.statistics.files import Files, files
from gonghui.core.reports import registry
from gonghui.core.reports.declarations import Chart, Column, Definition, Figure, Kind, Report, Table
from gonghui.core.scoping import Actor
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import placed, scope_then
from gonghui.organizations.selectors import visible_nodes

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class KindRow:
    key: str
    label: str
    applied: int
    approved: int
    approved_amount: Decimal
    paid: int
    paid_amount: Decimal
    people_paid: int


@dataclass(frozen=True)
class Aid:
    start: date
    end: date
    applied: int
    approved: int
    approved_amount: Decimal
    paid: int
    paid_amount: Decimal
    people_paid: int
    by_kind: list[KindRow]


def _applications(actor: Actor, node: Organization | None, day: str) -> Any:
    rows = AidApplication.objects.for_actor(actor, ASSISTANCE_VIEW)
    return placed(rows, "organization", day).filter(scope_then(rows, actor, node, ASSISTANCE_VIEW))


def _between(field: str, start: date, end: date) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def aid(*, actor: Actor, start: date, end: date, node: Organization | None = None) -> Aid:
    applied = (
        _applications(actor, node, "applied_on")
        .filter(_between("applied_on", start, end))
        .values("kind")
        .annotate(n=Count("pk"))
    )
    approved = (
        _applications(actor, node, "approved_on")
        .filter(_between("approved_on", start, end))
        .values("kind")
        .annotate(n=Count("pk"), amount=Coalesce(Sum("amount"), ZERO))
    )
    paid_rows = _applications(actor, node, "paid_on").filter(
        _between("paid_on", start, end), status=AidStatus.PAID
    )
    paid = paid_rows.values("kind").annotate(
        n=Count("pk"), amount=Coalesce(Sum("amount"), ZERO), people=Count("person", distinct=True)
    )
    people_paid = paid_rows.aggregate(people=Count("person", distinct=True))["people"]
    by = {
        "applied": {r["kind"]: r for r in applied},
        "approved": {r["kind"]: r for r in approved},
        "paid": {r["kind"]: r for r in paid},
    }
    kinds = AidKind.objects.filter(
        pk__in=set(by["applied"]) | set(by["approved"]) | set(by["paid"])
    ).order_by("category", "code")
    rows = [_kind_row(kind, by) for kind in kinds]
    return Aid(
        start=start,
        end=end,
        applied=sum(r.applied for r in rows),
        approved=sum(r.approved for r in rows),
        approved_amount=sum((r.approved_amount for r in rows), ZERO),
        paid=sum(r.paid for r in rows),
        paid_amount=sum((r.paid_amount for r in rows), ZERO),
        people_paid=people_paid,
        by_kind=rows,
    )


def _kind_row(kind: AidKind, by: dict[str, dict[Any, dict[str, Any]]]) -> KindRow:
    applied = by["applied"].get(kind.pk, {})
    approved = by["approved"].get(kind.pk, {})
    paid = by["paid"].get(kind.pk, {})
    return KindRow(
        key=kind.code,
        label=kind.name,
        applied=applied.get("n", 0),
        approved=approved.get("n", 0),
        approved_amount=approved.get("amount", ZERO),
        paid=paid.get("n", 0),
        paid_amount=paid.get("amount", ZERO),
        people_paid=paid.get("people", 0),
    )


# --- the report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hardship:
    files: Files
    aid: Aid


def hardship_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> Hardship:
    return Hardship(
        files=files(actor=actor, start=start, end=end, node=node),
        aid=aid(actor=actor, start=start, end=end, node=node),
    )


def summary(f: Hardship) -> list[Figure]:
    a = f.aid
    return [
        Figure(
            "on_file",
            _("在档困难职工（%(day)s）") % {"day": f"{f.files.end:%Y-%m-%d}"},
            f.files.on_file,
        ),
        Figure("new", _("新建档"), f.files.new),
        Figure("left", _("解困"), f.files.left),
        Figure("returned", _("返困"), f.files.returned),
        Figure("applied", _("帮扶申请"), a.applied),
        Figure("approved", _("批准帮扶"), a.approved),
        Figure("paid_amount", _("发放帮扶资金（元）"), a.paid_amount, Kind.MONEY),
        Figure("people_paid", _("获得帮扶职工"), a.people_paid),
    ]


def _rows(key: str, title: str, label: str, rows: list[Any]) -> Table:
    return Table(
        key,
        title,
        [Column("label", label, Kind.TEXT), Column("count", _("人数"))],
        [[r.label, r.count] for r in rows],
        chart=Chart("bar", ["count"]),
    )


def tables(f: Hardship) -> list[Table]:
    return [
        _rows("by_tier", _("在档困难职工（按类别）"), _("困难类别"), f.files.by_tier),
        _rows("by_cause", _("在档困难职工（按致困原因）"), _("致困原因"), f.files.by_cause),
        Table(
            "by_kind",
            _("帮扶（按项目）"),
            [
                Column("label", _("帮扶项目"), Kind.TEXT),
                Column("applied", _("申请")),
                Column("approved", _("批准")),
                Column("approved_amount", _("批准金额（元）"), Kind.MONEY),
                Column("paid", _("发放笔数")),
                Column("people_paid", _("发放人数")),
                Column("paid_amount", _("发放金额（元）"), Kind.MONEY),
            ],
            [
                [
                    r.label,
                    r.applied,
                    r.approved,
                    r.approved_amount,
                    r.paid,
                    r.people_paid,
                    r.paid_amount,
                ]
                for r in f.aid.by_kind
            ],
            chart=Chart("bar", ["paid_amount"]),
        ),
    ]


DEFINITIONS = [
    Definition(
        gettext_lazy("统计口径"),
        gettext_lazy(
            "档案按在档记录统计：在档记录自总工会审批通过之日起，至解困或类别、原因调整之日止，"
            "记录不再改写；帮扶按申请日期、批准日期和发放日期统计，这些日期一经记录不再改变。"
            "因此已过去期间的数字不会改变。单位按记录当日的组织隶属关系归属。"
        ),
    ),
    Definition(
        gettext_lazy("在档困难职工"),
        gettext_lazy(
            "统计截止日处于在档状态的档案数；按致困原因分列时，有多项原因的档案在各项下各计一次。"
        ),
    ),
    Definition(gettext_lazy("新建档"), gettext_lazy("统计期内首次经总工会审批入档的档案数。")),
    Definition(gettext_lazy("返困"), gettext_lazy("统计期内解困后再次经审批入档的档案数。")),
    Definition(gettext_lazy("解困"), gettext_lazy("统计期内办理解困的档案数（按解困日期）。")),
    Definition(
        gettext_lazy("帮扶申请、批准"),
        gettext_lazy(
            "申请按申请日期统计，不论结果；批准按总工会批准日期统计，批准后因公示异议撤销的仍计入批准当期。"
        ),
    ),
    Definition(
        gettext_lazy("发放帮扶资金、获得帮扶职工"),
        gettext_lazy(
            "统计期内登记发放的帮扶笔数和金额；获得帮扶职工为发放对象人数，同一职工只计一次。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="assistance_hardship",
        title=gettext_lazy("困难帮扶统计"),
        action=ASSISTANCE_VIEW,
        figures=hardship_figures,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=ASSISTANCE_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]),
        definitions=DEFINITIONS,
        description=gettext_lazy(
            "困难职工建档、在档、解困和返困人数（按类别和致困原因），各项帮扶的申请、批准和发放。"
        ),
    )
)
