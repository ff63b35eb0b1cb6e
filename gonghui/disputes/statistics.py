"""Consultation and mediation statistics: read-only selectors, scoped through
``Consultation.objects.for_actor(actor, DISPUTES_VIEW)`` and
``MediationCase.objects.for_actor(actor, DISPUTES_VIEW)``, for the actor's scope or the
subtree of ``node`` (a consultation belongs to the node that took it, a case to the node
of its committee). Each function costs a fixed, small number of queries whatever the
number of records (conditional aggregates). Both dates of a period are included.

Where a record counts: the tree as it stood on the record's own day, never today's tree
(a union moved or merged today leaves the figures of the days before it as they were).
A consultation is placed on the day it was held (``held_on``), a case on the day it was
applied for (``applied_on``; its payments, applicants and closing follow the case):

- a node that is a union (an enterprise committee's union, a union that took a
  consultation): by its ``organizations.UnionPlacement`` valid that day;
- the federation or a station: by its own path (no service moves them:
  ``organizations.services`` rewrites the paths of unions only).

The scope is the subtree of ``node`` (a union node by its segment in the placement's
path, so a union moved today still holds its past), or, without a node, the actor's: the
subtrees of its staff roles, read the same way, and the records assigned to it (a
mediator's committees, a consultation it handled) wherever they are, as
``ScopedQuerySet.scope_condition`` declares them. Either is applied on top of
``for_actor``: a record counts only if the actor may also see it now. A record of a union
dated on a day the union has no placement (before its founding, after its merger or
dissolution) counts only where it is assigned to the actor.

Definitions (docs/disputes.md):

- **Consultations (咨询人次)** in [start, end]: the sum of ``people`` of the consultations
  held in the period (a group consultation counts each person: person-times), by channel
  (现场, 电话, 热线, 网上) and by topic.
- **Satisfaction rate (满意率)**: person-times of the consultations rated 满意 or 基本满意,
  over the person-times of the consultations with a rating (未评价 left out); no rating at
  all: no rate.
- **Accepted (受理)** in [start, end]: cases accepted in the period (``accepted_on`` in it),
  except those later transferred up a tier (已移交上级): a transferred case is counted once,
  where it is finally accepted (the upper committee's case has its own acceptance date).
  **Applicants accepted (受理人数)**: the applicants of those cases (a group case of 24
  workers counts 24), as the reports do ("受理N人申请调解案件").
- **Closed (结案)**: of the cases accepted in the period, those closed with an outcome
  (达成协议, 调解不成 or 撤回) on or before ``end``; **applicants closed**: their applicants.
  **Closure rate (结案率)** = applicants closed / applicants accepted (the reports' "结案
  N件，结案率X%" counts applicants). The same figures are given in cases.
- **Amount agreed (协议金额)**: the agreement amounts of the cases closed with an agreement
  in the period (``closed_on`` in it, whenever accepted).
- **Amount fulfilled (履行金额)**: the payments made in the period (``paid_on`` in it) under
  agreements of the cases in scope, whenever the agreement was made.
- **Average days to close (平均结案天数)**: over the cases closed with an outcome in the
  period (``closed_on`` in it), the mean of calendar days from acceptance to closing.
- **Overdue now (当前超期)**: the one rule of ``core.deadlines`` (``overdue_q``): cases in
  mediation, not paused, whose due day (the extended one when extended by agreement) is
  before today; ``at`` overrides today.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.accounts.roles import DISPUTES_VIEW
from gonghui.core.deadlines import overdue_q
from gonghui.core.scoping import Actor
from gonghui.disputes.choices import CaseStatus, Channel, Outcome, Satisfaction, Tier, Topic
from gonghui.disputes.models import CaseApplicant, Consultation, MediationCase, Payment
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import placed, scope_then

SATISFIED = (Satisfaction.SATISFIED, Satisfaction.NEUTRAL)
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a choice value, its label and a count."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Consultations:
    start: date
    end: date
    total: int  # person-times
    records: int  # consultations (a group consultation is one record)
    by_channel: list[Row]
    by_topic: list[Row]
    rated: int  # person-times with a rating
    satisfied: int  # of which 满意 or 基本满意

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    def channel(self, key: str) -> int:
        return next((r.count for r in self.by_channel if r.key == key), 0)


@dataclass(frozen=True)
class TierRow:
    key: str
    label: str
    applicants_accepted: int
    applicants_closed: int
    cases_accepted: int
    cases_closed: int


@dataclass(frozen=True)
class Mediation:
    start: date
    end: date
    applicants_accepted: int
    applicants_closed: int
    cases_accepted: int
    cases_closed: int
    by_outcome: list[Row]  # cases accepted in the period and closed by its end
    by_tier: list[TierRow]
    amount_agreed: Decimal
    amount_fulfilled: Decimal
    closed_in_period: int  # cases closed in the period (whenever accepted)
    average_days: float | None  # over those
    overdue: int  # now (``at``)
    at: date

    @property
    def closure_rate(self) -> float | None:
        if not self.applicants_accepted:
            return None
        return self.applicants_closed / self.applicants_accepted

    @property
    def case_closure_rate(self) -> float | None:
        return self.cases_closed / self.cases_accepted if self.cases_accepted else None


def rate_text(rate: float | None) -> str:
    """A rate as the reports print it: one decimal, "—" when there is nothing to rate."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


# --- scope: ``organizations.placement`` (the tree as it stood on each record's day) ---


def scoped_consultations(actor: Actor, node: Organization | None) -> QuerySet[Consultation]:
    """The consultations the actor may see now, held in the scope as it stood that day."""
    rows = Consultation.objects.for_actor(actor, DISPUTES_VIEW)
    where = placed(rows, "organization", "held_on")
    return where.filter(scope_then(rows, actor, node, DISPUTES_VIEW))


def scoped_cases(actor: Actor, node: Organization | None) -> QuerySet[MediationCase]:
    """The cases the actor may see now, applied for in the scope as it stood that day."""
    rows = MediationCase.objects.for_actor(actor, DISPUTES_VIEW)
    where = placed(rows, "committee__organization", "applied_on")
    return where.filter(scope_then(rows, actor, node, DISPUTES_VIEW))


def _between(field: str, start: date, end: date) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def accepted_q(start: date, end: date, prefix: str = "") -> Q:
    """Cases accepted in [start, end] and not transferred up."""
    return _between(f"{prefix}accepted_on", start, end) & ~Q(
        **{f"{prefix}status": CaseStatus.TRANSFERRED}
    )


def closed_q(end: date, prefix: str = "") -> Q:
    """Cases closed with an outcome on or before ``end``."""
    return Q(**{f"{prefix}status": CaseStatus.CLOSED, f"{prefix}closed_on__lte": end}) & ~Q(
        **{f"{prefix}outcome": ""}
    )


# --- consultations ---------------------------------------------------------------------


def consultations(
    *, actor: Actor, start: date, end: date, node: Organization | None = None
) -> Consultations:
    """Person-times of the consultations held in [start, end], by channel and topic, and
    the satisfaction. One query."""
    held = scoped_consultations(actor, node).filter(_between("held_on", start, end))

    def people(condition: Q | None = None) -> Coalesce:
        return Coalesce(Sum("people", filter=condition), 0)

    sums: dict[str, Any] = {"total": people(), "records": Count("pk")}
    sums |= {f"channel_{c}": people(Q(channel=c)) for c in Channel.values}
    sums |= {f"topic_{t}": people(Q(topic=t)) for t in Topic.values}
    sums["rated"] = people(~Q(satisfaction=Satisfaction.NOT_ASKED))
    sums["satisfied"] = people(Q(satisfaction__in=SATISFIED))
    totals = held.aggregate(**sums)
    topics = [Row(t.value, str(t.label), totals[f"topic_{t.value}"]) for t in Topic]
    return Consultations(
        start=start,
        end=end,
        total=totals["total"],
        records=totals["records"],
        by_channel=[Row(c.value, str(c.label), totals[f"channel_{c.value}"]) for c in Channel],
        by_topic=sorted(topics, key=lambda r: -r.count),
        rated=totals["rated"],
        satisfied=totals["satisfied"],
    )


# --- mediation -------------------------------------------------------------------------


def mediation(
    *,
    actor: Actor,
    start: date,
    end: date,
    node: Organization | None = None,
    at: date | None = None,
) -> Mediation:
    """Applicants and cases accepted in [start, end] and closed by its end, by tier and
    outcome; amounts agreed and fulfilled; average days to close; overdue cases at ``at``
    (default today). Four queries."""
    today = at or timezone.localdate()
    cases = scoped_cases(actor, node)
    accepted = accepted_q(start, end)
    closed = accepted & closed_q(end)

    # 1. applicants (a join on the applicants, so only counts of applicants here)
    a_accepted, a_closed = accepted_q(start, end, "case__"), closed_q(end, "case__")
    tier = "case__committee__tier"
    counts: dict[str, Any] = {
        "accepted": Count("pk", filter=a_accepted),
        "closed": Count("pk", filter=a_accepted & a_closed),
    }
    for t in Tier.values:
        counts[f"accepted_{t}"] = Count("pk", filter=a_accepted & Q(**{tier: t}))
        counts[f"closed_{t}"] = Count("pk", filter=a_accepted & a_closed & Q(**{tier: t}))
    applicants = CaseApplicant.objects.filter(case__in=cases).aggregate(**counts)

    # 2. cases (the agreement is one to one: summing its amount does not repeat it)
    in_period = _between("closed_on", start, end) & Q(status=CaseStatus.CLOSED) & ~Q(outcome="")
    sums: dict[str, Any] = {
        "accepted": Count("pk", filter=accepted),
        "closed": Count("pk", filter=closed),
        "closed_in_period": Count("pk", filter=in_period),
        "agreed": Coalesce(
            Sum("agreement__amount", filter=in_period & Q(outcome=Outcome.AGREEMENT)), ZERO
        ),
    }
    sums |= {f"outcome_{o}": Count("pk", filter=closed & Q(outcome=o)) for o in Outcome.values}
    for t in Tier.values:
        sums[f"accepted_{t}"] = Count("pk", filter=accepted & Q(committee__tier=t))
        sums[f"closed_{t}"] = Count("pk", filter=closed & Q(committee__tier=t))
    sums["overdue"] = Count("pk", filter=overdue_q(MediationCase, today))
    totals = cases.aggregate(**sums)

    # 3. payments in the period
    fulfilled = Payment.objects.filter(
        agreement__case__in=cases, paid_on__gte=start, paid_on__lte=end
    ).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]

    # 4. days from acceptance to closing of the cases closed in the period
    spans = cases.filter(in_period, accepted_on__isnull=False).values_list(
        "accepted_on", "closed_on"
    )
    days = [
        (closed_on - accepted_on).days
        for accepted_on, closed_on in spans
        if closed_on is not None and accepted_on is not None
    ]

    return Mediation(
        start=start,
        end=end,
        applicants_accepted=applicants["accepted"],
        applicants_closed=applicants["closed"],
        cases_accepted=totals["accepted"],
        cases_closed=totals["closed"],
        by_outcome=[Row(o.value, str(o.label), totals[f"outcome_{o.value}"]) for o in Outcome],
        by_tier=[
            TierRow(
                t.value,
                str(t.label),
                applicants[f"accepted_{t.value}"],
                applicants[f"closed_{t.value}"],
                totals[f"accepted_{t.value}"],
                totals[f"closed_{t.value}"],
            )
            for t in Tier
        ],
        amount_agreed=Decimal(totals["agreed"]).quantize(ZERO),
        amount_fulfilled=Decimal(fulfilled).quantize(ZERO),
        closed_in_period=totals["closed_in_period"],
        average_days=sum(days) / len(days) if days else None,
        overdue=totals["overdue"],
        at=today,
    )
