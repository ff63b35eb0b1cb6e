"""Figures of workers' congresses and collective contracts on a day, and the report that
shows them (``/reports/bargaining/``; the definitions are here and in
``docs/bargaining.md``).

On a day D, for the subtree of a node as it stood on D (``organizations.placement``):

- **Unionised firms (建会企业)**: the legal entities covered by a union on D
  (``EntityCoverage`` rows holding on D, under the unions placed in the subtree on D);
  **of 100 people or more**: those whose headcount as reported by D was at least 100.
- **Has a congress system (职代会建制)**: a firm covered on D by a term of a workers'
  congress or workers' assembly that had begun (``starts_on`` <= D), had not ended
  (D <= ``ends_on``, its last day) and had held a session on or before D (a session
  whose attendance is recorded: a meeting planned but not held does not count). The
  firms of a term are fixed with it, whoever convened it (a joint or area congress counts
  for each firm it covers).
- **Has a contract (签订集体合同)**: a firm covered on D by a collective contract (any
  kind) in force on D: it had taken effect (``effective_on`` <= D: the labour
  department's approval, or the day after its 15-day review ended without objection)
  and its term had begun and not ended (``term_start`` <= D <= ``term_end``).
- **Rates**: firms with a congress (with a contract) over unionised firms, for all and
  for those of 100 people or more.
- **Expiring (即将到期)**: contracts in force on D whose term ends within the renewal
  lead time of the rule in force on D (after D, at most that many days later) and whose
  renewal had not been opened by D.
- **Past their deadline (逾期未办)**: processes whose clock — the other side's written
  answer to the offer (20 days), the report after signing (10 days) — was running on D
  and due before D (``StepClock`` rows, closed but never rewritten).

Every fact read is dated and set once, so the figures of a past day do not move. Five
queries whatever the number of firms."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import BARGAINING_VIEW
from gonghui.bargaining.models import Contract, StepClock, Term
from gonghui.bargaining.selectors.policy import policy_on
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
from gonghui.organizations.choices import NodeKind, UnionKind
from gonghui.organizations.models import Organization, UnionPlacement
from gonghui.organizations.placement import breakdown_index, placed, scope_then
from gonghui.organizations.selectors import coverages_on, visible_nodes

LARGE = 100  # "firms of 100 people or more"


def congress_on(day: date) -> Q:
    """Coverage rows (of ``EntityCoverage``) whose firm has a congress system on ``day``."""
    terms = Term.entities.through.objects.filter(
        legalentity_id=OuterRef("entity_id"),
        term__starts_on__lte=day,
        term__ends_on__gte=day,
        term__sessions__held_on__lte=day,
        term__sessions__attendance_recorded_at__isnull=False,
    )
    return Q(Exists(terms))


def contract_on(day: date) -> Q:
    """Coverage rows whose firm has a collective contract in force on ``day``."""
    contracts = Contract.entities.through.objects.filter(
        legalentity_id=OuterRef("entity_id"),
        contract__effective_on__lte=day,
        contract__term_start__lte=day,
        contract__term_end__gte=day,
    )
    return Q(Exists(contracts))


@dataclass(frozen=True)
class Share:
    firms: int
    congress: int
    contract: int

    @property
    def congress_rate(self) -> float | None:
        return self.congress / self.firms if self.firms else None

    @property
    def contract_rate(self) -> float | None:
        return self.contract / self.firms if self.firms else None


@dataclass(frozen=True)
class NodeRow:
    key: int
    label: str
    all: Share
    large: Share


@dataclass(frozen=True)
class Due:
    number: str
    title: str
    union: str
    day: date
    days: int


@dataclass(frozen=True)
class Bargaining:
    on: date
    all: Share
    large: Share
    by_node: list[NodeRow]
    lead_days: int
    expiring: list[Due]
    overdue: list[Due]


def _tally(rows: list[tuple[Any, int, bool, bool]]) -> tuple[Share, Share]:
    big = [row for row in rows if row[1] >= LARGE]
    return (
        Share(len(rows), sum(1 for r in rows if r[2]), sum(1 for r in rows if r[3])),
        Share(len(big), sum(1 for r in big if r[2]), sum(1 for r in big if r[3])),
    )


def firms(
    *, actor: Actor, node: Organization | None, on: date
) -> list[tuple[str, int, bool, bool]]:
    """Each unionised firm on ``on`` in the scope: the path of its union that day, its
    headcount then, whether it had a congress system and a contract in force. One query."""
    then = UnionPlacement.objects.valid_on(on).filter(union=OuterRef("union_id")).values("path")[:1]
    rows = (
        coverages_on(actor=actor, action=BARGAINING_VIEW, root=node, on=on)
        .annotate(path_then=Subquery(then), congress=congress_on(on), contract=contract_on(on))
        .values_list("path_then", "headcount", "congress", "contract")
    )
    return [(path or "", count, bool(c), bool(k)) for path, count, c, k in rows]


def _by_node(
    actor: Actor, node: Organization | None, rows: list[tuple[str, int, bool, bool]]
) -> list[NodeRow]:
    index = breakdown_index(actor, node, BARGAINING_VIEW)
    groups: dict[int, list[tuple[str, int, bool, bool]]] = {}
    for row in rows:
        segments = row[0].strip(".").split(".")
        key = segments[min(index, len(segments) - 1)]
        groups.setdefault(int(key), []).append(row)
    names = dict(Organization.objects.filter(pk__in=groups).values_list("pk", "name"))
    found = [NodeRow(key, names.get(key, "—"), *_tally(group)) for key, group in groups.items()]
    return sorted(found, key=lambda r: (-r.all.firms, r.label))


def _contracts(actor: Actor, node: Organization | None, on: date) -> Any:
    rows = Contract.objects.for_actor(actor, BARGAINING_VIEW)
    return placed(rows, "organization", on).filter(scope_then(rows, actor, node, BARGAINING_VIEW))


def expiring(*, actor: Actor, node: Organization | None, on: date, days: int) -> list[Due]:
    """Contracts in force on ``on`` whose term ends within ``days`` after it and whose
    renewal had not been opened by then (or had been given up by then)."""
    renewing = Contract.objects.filter(replaces=OuterRef("pk"), opened_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    rows = (
        _contracts(actor, node, on)
        .filter(effective_on__lte=on, term_start__lte=on, term_end__gte=on)
        .filter(term_end__lte=on + timedelta(days=days))
        .exclude(Exists(renewing))
        .select_related("organization")
        .order_by("term_end", "number")
    )
    return [
        Due(c.number, c.title, c.organization.name, c.term_end, (c.term_end - on).days)  # type: ignore[operator]
        for c in rows
    ]


def overdue(*, actor: Actor, node: Organization | None, on: date) -> list[Due]:
    """Processes whose statutory clock was running on ``on`` and due before it."""
    running = StepClock.objects.filter(started_on__lte=on, due_on__lt=on).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=on)
    )
    contracts = _contracts(actor, node, on).filter(pk__in=running.values("contract_id"))
    due = dict(running.filter(contract__in=contracts).values_list("contract_id", "due_on"))
    return sorted(
        (
            Due(c.number, c.title, c.organization.name, due[c.pk], (on - due[c.pk]).days)
            for c in contracts.select_related("organization")
        ),
        key=lambda d: (-d.days, d.number),
    )


def bargaining_figures(
    *, actor: Actor, start: date, end: date, node: Organization | None
) -> Bargaining:
    """The figures on ``end`` (the report's period start is not used: every figure is
    of one day)."""
    rows = firms(actor=actor, node=node, on=end)
    every, large = _tally(rows)
    lead = policy_on(end).renewal_lead_days
    return Bargaining(
        on=end,
        all=every,
        large=large,
        by_node=_by_node(actor, node, rows),
        lead_days=lead,
        expiring=expiring(actor=actor, node=node, on=end, days=lead),
        overdue=overdue(actor=actor, node=node, on=end),
    )


# --- the report -------------------------------------------------------------------------------


def summary(f: Bargaining) -> list[Figure]:
    return [
        Figure("firms", _("建会企业"), f.all.firms),
        Figure("congress", _("建立职代会制度"), f.all.congress),
        Figure("congress_rate", _("职代会建制率"), f.all.congress_rate, Kind.RATE),
        Figure("contract", _("签订集体合同"), f.all.contract),
        Figure("contract_rate", _("集体合同签订率"), f.all.contract_rate, Kind.RATE),
        Figure("large_firms", _("百人以上建会企业"), f.large.firms),
        Figure(
            "large_congress_rate", _("百人以上企业职代会建制率"), f.large.congress_rate, Kind.RATE
        ),
        Figure(
            "large_contract_rate", _("百人以上企业集体合同签订率"), f.large.contract_rate, Kind.RATE
        ),
        Figure("expiring", _("%(days)d 天内到期的合同") % {"days": f.lead_days}, len(f.expiring)),
        Figure("overdue", _("逾期未办的协商"), len(f.overdue)),
    ]


def _due_table(key: str, title: str, days_label: str, rows: list[Due]) -> Table:
    return Table(
        key,
        title,
        [
            Column("number", _("编号"), Kind.TEXT),
            Column("title", _("合同名称"), Kind.TEXT),
            Column("union", _("职工方工会"), Kind.TEXT),
            Column("day", _("日期"), Kind.DATE),
            Column("days", days_label),
        ],
        [[d.number, d.title, d.union, d.day, d.days] for d in rows],
        wide=True,
    )


def tables(f: Bargaining) -> list[Table]:
    return [
        Table(
            "rates",
            _("职代会建制率和集体合同签订率"),
            [
                Column("label", _("企业"), Kind.TEXT),
                Column("firms", _("建会企业")),
                Column("congress_rate", _("职代会建制率"), Kind.RATE),
                Column("contract_rate", _("集体合同签订率"), Kind.RATE),
            ],
            [
                [_("全部建会企业"), f.all.firms, f.all.congress_rate, f.all.contract_rate],
                [
                    _("百人以上建会企业"),
                    f.large.firms,
                    f.large.congress_rate,
                    f.large.contract_rate,
                ],
            ],
            chart=Chart("bar", ["congress_rate", "contract_rate"]),
        ),
        Table(
            "by_node",
            _("职代会建制率和集体合同签订率（按下级组织）"),
            [
                Column("label", _("组织"), Kind.TEXT),
                Column("firms", _("建会企业")),
                Column("congress_rate", _("职代会建制率"), Kind.RATE),
                Column("contract_rate", _("集体合同签订率"), Kind.RATE),
                Column("large_firms", _("百人以上企业")),
                Column("large_congress_rate", _("百人以上职代会建制率"), Kind.RATE),
                Column("large_contract_rate", _("百人以上集体合同签订率"), Kind.RATE),
            ],
            [
                [
                    r.label,
                    r.all.firms,
                    r.all.congress_rate,
                    r.all.contract_rate,
                    r.large.firms,
                    r.large.congress_rate,
                    r.large.contract_rate,
                ]
                for r in f.by_node
            ],
            links=[r.key for r in f.by_node],
            wide=True,
        ),
        _due_table(
            "expiring",
            _("即将到期的集体合同（到期日）"),
            _("剩余天数"),
            f.expiring,
        ),
        _due_table(
            "overdue",
            _("逾期未办的集体协商（期限）"),
            _("逾期天数"),
            f.overdue,
        ),
    ]


DEFINITIONS = [
    Definition(
        gettext_lazy("建会企业"),
        gettext_lazy(
            "统计截止日已纳入工会覆盖的法人单位，按截止日当时的隶属关系统计；"
            "百人以上：截至当日上报的职工人数不少于 100 人。"
        ),
    ),
    Definition(
        gettext_lazy("职代会建制"),
        gettext_lazy(
            "截止日该单位处于某届职工代表大会（或职工大会）任期内，且该届已在截止日或之前召开会议；"
            "联合、区域职代会计入其覆盖的每个单位。"
        ),
    ),
    Definition(
        gettext_lazy("签订集体合同"),
        gettext_lazy(
            "截止日该单位适用一份已生效（人社部门审查同意，或收到文本 15 日内未提出异议）"
            "且在合同期限内的集体合同（任一类别）。"
        ),
    ),
    Definition(
        gettext_lazy("即将到期、逾期未办"),
        gettext_lazy(
            "即将到期：截止日有效、合同期限在续签提醒天数内届满的合同。逾期未办：截止日对方书面回应要约"
            "（20 日）或签字后报送审查（10 日）的期限已过而尚未办理的协商。"
        ),
    ),
]

REPORT = registry.register(
    Report(
        name="bargaining",
        title=gettext_lazy("职代会与集体协商"),
        action=BARGAINING_VIEW,
        figures=bargaining_figures,
        summary=summary,
        tables=tables,
        nodes=lambda actor: visible_nodes(actor=actor, action=BARGAINING_VIEW),
        menu=Q(kind__in=[NodeKind.FEDERATION, NodeKind.STATION]) | Q(union_kind=UnionKind.JOINT),
        definitions=DEFINITIONS,
        description=gettext_lazy(
            "建会企业中建立职代会制度和签订集体合同的比例，即将到期和逾期未办的集体协商。"
        ),
        end_label=gettext_lazy("统计日期"),
    )
)
