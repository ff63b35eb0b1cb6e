"""Demo disputes: mediation committees at the federation, every service station and a few
enterprise unions, with their mediators; consultations; mediation cases in every status,
with sessions, agreements, payments, an extension, an overdue case and transfers up a
tier.

Everything is planned in memory first (every choice from ``ctx.rng``), then written
through the disputes services in date order, so that every write is audited like a real
one.

- small scale: the committees, a few dozen consultations of the last months, about twenty
  recent cases in every status;
- full scale: the same recent cases, plus the 2021 records of the district's committees
  and a lighter load for the years after. For 2021-01-01..2021-11-30 (the 2021 report's
  "2021年1月至今") the records give the report's figures (``*_2021``;
  /work/shared/domain.md): only this module knows them, the statistics count whatever the
  records say. Group consultations (``people`` > 1) keep the number of service calls down.

The seed's group case is here too: 李某 and 23 other workers against one company over
unpaid wages, August 2021, at the federation's committee, settled by an agreement and
paid in full.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import STAFF_ROLES
from gonghui.core.demo import DemoContext, mobile, person_name, random_date
from gonghui.disputes import statistics
from gonghui.disputes.choices import (
    Channel,
    ClaimKind,
    ConsultationOutcome,
    Outcome,
    Satisfaction,
    SessionStatus,
    Topic,
)
from gonghui.disputes.models import Consultation, MediationCase, MediationCommittee, Session
from gonghui.disputes.services.agreements import agreement_record, agreement_sign, payment_record
from gonghui.disputes.services.cases import (
    case_accept,
    case_apply,
    case_close,
    case_decline,
    case_extend,
    case_hand_to_arbitration,
    case_transfer_up,
    session_log,
    session_schedule,
)
from gonghui.disputes.services.committees import committee_create, committee_seat
from gonghui.disputes.services.consultations import consultation_log
from gonghui.organizations.choices import NodeKind, UnionKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

D = date
PERIOD_2021 = (D(2021, 1, 1), D(2021, 11, 30))
# the 2021 report, for 2021-01-01..2021-11-30 (domain.md): the only place that knows them
ON_SITE_2021 = 4_858  # person-times
PHONE_2021 = 1_084
APPLICANTS_ACCEPTED_2021 = 365
APPLICANTS_CLOSED_2021 = 361
FULFILLED_2021 = Decimal("3461000.00")
GROUP_APPLICANTS = 24
GROUP_AMOUNT = Decimal("475200.00")  # 24 workers' unpaid wages, paid in full
GROUP_ACCEPTED = D(2021, 8, 9)

TOPICS = (
    (Topic.WAGES, 35),
    (Topic.CONTRACT, 14),
    (Topic.SOCIAL_INSURANCE, 12),
    (Topic.INJURY, 8),
    (Topic.DISMISSAL, 16),
    (Topic.OVERTIME, 8),
    (Topic.LEAVE, 4),
    (Topic.OTHER, 3),
)
CLAIMS = (
    (ClaimKind.WAGES, 40),
    (ClaimKind.OVERTIME, 12),
    (ClaimKind.COMPENSATION, 25),
    (ClaimKind.DAMAGES, 8),
    (ClaimKind.SOCIAL_INSURANCE, 8),
    (ClaimKind.INJURY, 5),
    (ClaimKind.OTHER, 2),
)
FACTS: dict[str, str] = {
    ClaimKind.WAGES: "单位拖欠申请人{months}个月工资未支付，经多次催要未果。",
    ClaimKind.OVERTIME: "申请人长期在休息日加班，被申请单位未按规定支付加班费。",
    ClaimKind.COMPENSATION: "被申请单位以经营调整为由解除劳动合同，未支付经济补偿金。",
    ClaimKind.DAMAGES: "被申请单位未提前通知即解除劳动合同，申请人要求支付赔偿金。",
    ClaimKind.SOCIAL_INSURANCE: "被申请单位未为申请人足额缴纳社会保险费。",
    ClaimKind.INJURY: "申请人在工作中受伤并已认定工伤，双方就工伤待遇未能达成一致。",
    ClaimKind.OTHER: "双方就离职交接及押金退还发生争议。",
}
ANSWERS: dict[str, str] = {
    Topic.WAGES: "告知工资支付的法律规定，建议保留考勤和工资条等证据，可申请调解或仲裁。",
    Topic.CONTRACT: "解释劳动合同的订立、变更和续签规定，提示书面合同的重要性。",
    Topic.SOCIAL_INSURANCE: "说明用人单位缴纳社会保险的义务及补缴途径。",
    Topic.INJURY: "介绍工伤认定的申请时限和所需材料。",
    Topic.DISMISSAL: "说明解除劳动合同的情形及经济补偿的计算方法。",
    Topic.OVERTIME: "解释加班时长限制和加班费的计算标准。",
    Topic.LEAVE: "说明年休假、病假等休息休假的规定。",
    Topic.OTHER: "就所咨询问题给予法律政策解答。",
}
DECLINE_REASONS = (
    "申请事项不属于劳动争议调解范围",
    "该争议已向劳动人事争议仲裁委员会申请仲裁",
    "申请人与被申请单位之间不存在劳动关系",
)
TRANSFER_REASONS = (
    "涉及人数较多，企业调解委员会难以调处，移交上级调解委员会",
    "被申请单位为本企业，申请人要求由上级调解委员会调解",
)
SESSION_NOTES = (
    "召集双方到场，听取陈述，核对工资发放记录。",
    "分别与双方沟通，释明法律规定，双方同意继续协商。",
    "背靠背调解，单位同意分期支付，申请人表示考虑。",
)


@dataclass(frozen=True)
class Scale:
    enterprise_committees: int
    recent_consultations: int  # in the last 120 days
    history: bool  # the 2021 records and the years after
    later_cases: int  # cases a year after 2021
    later_consultations: int  # consultation records a year after 2021


SMALL = Scale(2, 40, False, 0, 0)
FULL = Scale(5, 120, True, 30, 150)


@dataclass(eq=False)
class CasePlan:
    committee: MediationCommittee
    applicants: int
    applied_on: date
    claim: str
    entity: LegalEntity | None
    accepted_on: date | None = None  # by the (final) committee
    transfer_on: date | None = None  # transferred up before the final acceptance
    first_accepted_on: date | None = None  # accepted by the first committee, if at all
    declined: str = ""
    extended_to: date | None = None
    outcome: str = ""
    closed_on: date | None = None
    amount: Decimal = Decimal("0")  # agreed
    payments: list[tuple[date, Decimal]] = field(default_factory=list)
    arbitration: bool = False
    first_applicant: str = ""
    group: bool = False

    @property
    def last_day(self) -> date:
        days = [self.applied_on, self.accepted_on, self.closed_on, self.extended_to]
        days += [d for d, _a in self.payments]
        return max(d for d in days if d is not None)


@dataclass
class DisputesDemo:
    """What later demo modules may use."""

    federation_committee: MediationCommittee | None = None
    committees: list[MediationCommittee] = field(default_factory=list)


# --- committees ------------------------------------------------------------------------


def _staff_by_node() -> dict[int, list[User]]:
    seats: dict[int, list[User]] = {}
    grants = (
        Assignment.objects.filter(role__in=STAFF_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    for grant in grants:
        seats.setdefault(grant.organization_id, []).append(grant.user)
    return seats


def _mediators_for(node: Organization, staff: dict[int, list[User]]) -> list[User]:
    """The staff assigned at ``node``, else at the nearest node above it."""
    for pk in [node.pk, *reversed(node.ancestor_ids())]:
        if staff.get(pk):
            return staff[pk][:2]
    return []


def enterprise_unions(ctx: DemoContext, count: int) -> list[Organization]:
    """The featured firm's union and a few large standalone unions founded before 2021."""
    tree = ctx.shared["organizations"]
    anchor = tree.featured.get("anchor")
    candidates = list(
        Organization.objects.filter(
            kind=NodeKind.UNION,
            union_kind=UnionKind.STANDALONE,
            status=UnionStatus.ACTIVE,
            path__startswith=tree.federation.path,
            founded_on__lt=PERIOD_2021[0],
        )
        .exclude(pk__in=[anchor.pk] if anchor is not None else [])
        .order_by("-headcount", "code")[: count * 4]
    )
    chosen = ctx.rng.sample(candidates, min(count - (anchor is not None), len(candidates)))
    chosen.sort(key=lambda u: u.path)
    return ([anchor] if anchor is not None else []) + chosen


def write_committees(ctx: DemoContext, scale: Scale) -> list[MediationCommittee]:
    tree = ctx.shared["organizations"]
    staff = _staff_by_node()
    mediator = User.objects.filter(username="mediator").first()
    nodes = [tree.federation, *tree.stations.values()]
    nodes += enterprise_unions(ctx, scale.enterprise_committees)
    committees = []
    for node in nodes:
        committee = committee_create(
            actor=ctx.actor, organization=node, name=f"{node.name}劳动争议调解委员会"
        )
        seated = _mediators_for(node, staff)
        if node.pk == tree.federation.pk and mediator is not None:
            seated = [mediator, *seated]
        for n, user in enumerate(seated):
            committee_seat(actor=ctx.actor, committee=committee, user=user, is_chair=n == 0)
        committees.append(committee)
    return committees


# --- planning --------------------------------------------------------------------------


def _weighted(rng: Any, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` in proportion to ``weights`` (largest remainders), each at least 1."""
    whole = sum(weights)
    exact = [max(total * w / whole, 1.0) for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    left = total - sum(counts)
    for i in order[: max(left, 0)]:
        counts[i] += 1
    assert sum(counts) == total, (total, sum(counts))
    return counts


class Planner:
    def __init__(self, ctx: DemoContext, committees: list[MediationCommittee]) -> None:
        self.rng = ctx.rng
        self.today = ctx.today
        self.committees = committees
        self.federation = committees[0]
        self.stations = [c for c in committees if c.tier == "station"]
        self.enterprises = [c for c in committees if c.tier == "enterprise"]
        self.entities: dict[int, list[LegalEntity]] = {}
        self.cases: list[CasePlan] = []

    def entity(self, committee: MediationCommittee) -> LegalEntity | None:
        """An employer: the firm of an enterprise committee, else one in its subtree."""
        node = committee.organization
        if node.pk not in self.entities:
            self.entities[node.pk] = list(
                LegalEntity.objects.filter(union__path__startswith=node.path).order_by("pk")[:200]
            )
        found = self.entities[node.pk]
        return self.rng.choice(found) if found else None

    def committee(self) -> MediationCommittee:
        """Most cases at the stations, many at the federation, some in the firms."""
        roll = self.rng.random()
        if roll < 0.35 or not self.stations:
            return self.federation
        if roll < 0.85 or not self.enterprises:
            return self.rng.choice(self.stations)
        return self.rng.choice(self.enterprises)

    def case(self, applicants: int, accepted_on: date | None, **kwargs: Any) -> CasePlan:
        committee = kwargs.pop("committee", None) or self.committee()
        applied = kwargs.pop("applied_on", None)
        if applied is None:
            base = accepted_on or self.today
            applied = base - timedelta(days=self.rng.randint(0, 3))
        plan = CasePlan(
            committee=committee,
            applicants=applicants,
            applied_on=applied,
            claim=_weighted(self.rng, CLAIMS),
            entity=self.entity(committee),
            accepted_on=accepted_on,
            **kwargs,
        )
        self.cases.append(plan)
        return plan

    def close(self, plan: CasePlan, outcome: str, on: date, amount: Decimal = Decimal(0)) -> None:
        plan.outcome, plan.closed_on, plan.amount = outcome, on, amount

    def pay(self, plan: CasePlan, last: date) -> None:
        """Pay the agreed amount in one or two payments after closing, by ``last``."""
        assert plan.closed_on is not None
        first = min(plan.closed_on + timedelta(days=self.rng.randint(0, 6)), last)
        if self.rng.random() < 0.2 and plan.amount >= 2000:
            half = (plan.amount / 2).quantize(Decimal("1"))
            second = min(first + timedelta(days=self.rng.randint(5, 20)), last)
            plan.payments = [(first, half), (second, plan.amount - half)]
        else:
            plan.payments = [(first, plan.amount)]

    def outcome(self) -> str:
        return self.rng.choices(
            [Outcome.AGREEMENT, Outcome.FAILURE, Outcome.WITHDRAWAL], weights=[78, 13, 9]
        )[0]

    # -- 2021 --

    def sizes(self, total: int) -> list[int]:
        sizes = []
        while total > 0:
            size = 1 if self.rng.random() < 0.85 else self.rng.randint(2, 5)
            sizes.append(min(size, total))
            total -= sizes[-1]
        return sizes

    def year_2021(self) -> None:  # noqa: C901 - demo data plan
        start, end = PERIOD_2021
        accepted, closed = APPLICANTS_ACCEPTED_2021, APPLICANTS_CLOSED_2021
        # the group case
        group = self.case(
            GROUP_APPLICANTS,
            GROUP_ACCEPTED,
            committee=self.federation,
            applied_on=GROUP_ACCEPTED - timedelta(days=1),
            first_applicant="李某",
            group=True,
        )
        group.claim = ClaimKind.WAGES
        self.close(group, Outcome.AGREEMENT, GROUP_ACCEPTED + timedelta(days=9), GROUP_AMOUNT)
        group.payments = [(GROUP_ACCEPTED + timedelta(days=16), GROUP_AMOUNT)]
        # accepted and closed by the end of the period
        agreed: list[CasePlan] = []
        for size in self.sizes(closed - GROUP_APPLICANTS):
            day = random_date(self.rng, start, end - timedelta(days=12))
            plan = self.case(size, day)
            outcome = self.outcome()
            on = min(day + timedelta(days=self.rng.randint(2, 14)), end)
            self.close(plan, outcome, on)
            if outcome == Outcome.AGREEMENT:
                agreed.append(plan)
            elif outcome == Outcome.FAILURE and self.rng.random() < 0.5:
                plan.arbitration = True
        # the agreements of the period are paid within it: the report's fulfilled amount
        rest = FULFILLED_2021 - GROUP_AMOUNT
        weights = [p.applicants * self.rng.uniform(0.4, 2.0) for p in agreed]
        for plan, hundreds in zip(agreed, _split(int(rest / 100), weights), strict=True):
            plan.amount = Decimal(hundreds * 100)
            self.pay(plan, end)
        # accepted at the end of the period, closed in December
        for size in self.sizes(accepted - closed):
            day = random_date(self.rng, end - timedelta(days=8), end)
            plan = self.case(size, day)
            outcome = self.outcome()
            amount = Decimal(self.rng.randint(30, 300) * 100) * size
            self.close(plan, outcome, end + timedelta(days=self.rng.randint(3, 14)), amount)
            if outcome == Outcome.AGREEMENT:
                self.pay(plan, D(2021, 12, 31))
        # transferred up from a firm's committee: counted once, where finally accepted
        for plan in self.cases[1:4]:
            if not self.enterprises or plan.committee.tier == "federation":
                continue
            assert plan.accepted_on is not None
            first = self.rng.choice(self.enterprises)
            plan.first_accepted_on = plan.accepted_on - timedelta(days=4)
            plan.applied_on = plan.first_accepted_on - timedelta(days=1)
            plan.transfer_on = plan.accepted_on - timedelta(days=1)
            plan.committee = first  # the case starts there; the transfer finds the tier above
            if plan.applied_on < start:
                plan.applied_on = plan.first_accepted_on = plan.transfer_on = start
        # declined
        for _ in range(6):
            day = random_date(self.rng, start, end)
            self.case(1, None, applied_on=day, declined=self.rng.choice(DECLINE_REASONS))

    # -- the years after --

    def later_years(self, per_year: int) -> None:
        first = D(2022, 1, 1)
        last = self.today - timedelta(days=60)
        years = max((last - first).days / 365, 0)
        for _ in range(round(per_year * years)):
            day = random_date(self.rng, first, last)
            plan = self.case(self.sizes(self.rng.randint(1, 3))[0], day)
            outcome = self.outcome()
            amount = Decimal(self.rng.randint(20, 400) * 100) * plan.applicants
            self.close(plan, outcome, day + timedelta(days=self.rng.randint(2, 15)), amount)
            if outcome == Outcome.AGREEMENT:
                self.pay(plan, self.today)

    # -- recent cases in every status --

    def recent(self) -> None:  # noqa: C901 - demo data plan
        today, rng = self.today, self.rng

        def ago(days: int) -> date:
            return today - timedelta(days=days)

        for days in (1, 2, 4):  # applied, not accepted yet
            self.case(1, None, applied_on=ago(days))
        for days in (9, 30):
            self.case(1, None, applied_on=ago(days), declined=rng.choice(DECLINE_REASONS))
        for days in (2, 5, 8):  # in mediation, within the period
            self.case(rng.randint(1, 2), ago(days))
        self.case(1, ago(25))  # overdue: the 15 days are over
        self.case(2, ago(20), extended_to=ago(20) + timedelta(days=30))  # extended
        if self.enterprises:
            for days in (6, 12):  # transferred up, mediating above
                plan = self.case(1, ago(days), committee=rng.choice(self.enterprises))
                plan.first_accepted_on = None if days == 6 else ago(days + 3)
                plan.applied_on = ago(days + 4)
                plan.transfer_on = ago(days + 1)
        for n, days in enumerate((14, 20, 28, 40, 55)):  # agreements, paid or being paid
            plan = self.case(rng.randint(1, 3), ago(days))
            amount = Decimal(rng.randint(30, 250) * 100) * plan.applicants
            self.close(plan, Outcome.AGREEMENT, ago(days - rng.randint(3, 10)), amount)
            self.pay(plan, today)
            if n == 0:  # half paid so far
                plan.payments = [(plan.payments[0][0], (amount / 2).quantize(Decimal(1)))]
        for days, arbitration in ((18, True), (33, False)):
            plan = self.case(1, ago(days))
            self.close(plan, Outcome.FAILURE, ago(days - 12))
            plan.arbitration = arbitration
        for days in (16, 45):
            plan = self.case(1, ago(days))
            self.close(plan, Outcome.WITHDRAWAL, ago(days - 4))


# --- consultations ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationPlan:
    organization: Organization
    channel: str
    held_on: date
    people: int
    topic: str
    satisfaction: str
    outcome: str
    worker: str
    employer: str


class Consultations:
    def __init__(self, ctx: DemoContext, committees: list[MediationCommittee]) -> None:
        self.rng = ctx.rng
        self.nodes = [c.organization for c in committees]
        self.employers = list(
            LegalEntity.objects.order_by("pk").values_list("name", flat=True)[:500]
        )
        self.rows: list[ConsultationPlan] = []

    def node(self) -> Organization:
        roll = self.rng.random()
        if roll < 0.4 or len(self.nodes) == 1:
            return self.nodes[0]  # the federation's reception
        return self.rng.choice(self.nodes[1:])

    def add(self, channel: str, day: date, people: int, *, rated_only: bool = False) -> None:
        rng = self.rng
        if rated_only:
            satisfaction = rng.choices(
                [Satisfaction.SATISFIED, Satisfaction.NEUTRAL, Satisfaction.NOT_ASKED],
                weights=[82, 12, 6],
            )[0]
        else:
            satisfaction = rng.choices(list(Satisfaction), weights=[70, 15, 4, 11])[0]
        worker = person_name(rng)
        self.rows.append(
            ConsultationPlan(
                organization=self.node(),
                channel=channel,
                held_on=day,
                people=people,
                topic=_weighted(rng, TOPICS),
                satisfaction=satisfaction,
                outcome=rng.choices(list(ConsultationOutcome), weights=[90, 7, 3])[0],
                worker=worker if people == 1 else f"{worker}等{people}人",
                employer=rng.choice(self.employers) if self.employers else "",
            )
        )

    def person_times(self, channel: str, total: int, start: date, end: date, group: float) -> None:
        """``total`` person-times in [start, end]: one worker each, or a group of 2-8 with
        probability ``group``; every one rated 满意 or 基本满意 when asked."""
        while total > 0:
            people = self.rng.randint(2, 8) if self.rng.random() < group else 1
            people = min(people, total)
            self.add(channel, random_date(self.rng, start, end), people, rated_only=True)
            total -= people

    def spread(self, count: int, start: date, end: date) -> None:
        channels = [Channel.ON_SITE, Channel.PHONE, Channel.HOTLINE, Channel.ONLINE]
        for _ in range(count):
            channel = self.rng.choices(channels, weights=[50, 25, 15, 10])[0]
            people = 1 if self.rng.random() < 0.9 else self.rng.randint(2, 5)
            self.add(channel, random_date(self.rng, start, end), people)


def write_consultations(ctx: DemoContext, rows: list[ConsultationPlan]) -> None:
    rows = sorted(rows, key=lambda r: r.held_on)
    for done, row in enumerate(rows, start=1):
        consultation_log(
            actor=ctx.actor,
            organization=row.organization,
            channel=row.channel,
            topic=row.topic,
            held_on=row.held_on,
            people=row.people,
            worker_name=row.worker,
            employer_name=row.employer,
            answer=ANSWERS[row.topic],
            outcome=row.outcome,
            satisfaction=row.satisfaction,
        )
        if ctx.full and done % 2000 == 0:
            ctx.log(f"  咨询 {done}/{len(rows)}")


# --- writing cases ---------------------------------------------------------------------


def _applicants(ctx: DemoContext, plan: CasePlan) -> list[dict[str, Any]]:
    rows = []
    for n in range(plan.applicants):
        name = plan.first_applicant if n == 0 and plan.first_applicant else person_name(ctx.rng)
        rows.append({"name": name, "phone": mobile(ctx.rng)})
    return rows


def _claims(ctx: DemoContext, plan: CasePlan) -> list[dict[str, Any]]:
    """What the applicants claim: at least what they will agree on."""
    floor = plan.amount or Decimal(ctx.rng.randint(20, 300) * 100) * plan.applicants
    claimed = (floor * Decimal(str(round(ctx.rng.uniform(1.0, 1.5), 2)))).quantize(Decimal(1))
    return [{"kind": plan.claim, "amount": claimed}]


def _mediators(committee: MediationCommittee) -> list[User]:
    return [seat.user for seat in committee.members.filter(active=True).select_related("user")]


SESSION_PLACES = ("调解室", "第一调解室", "第二调解室", "职工服务中心会议室")


def _schedule_next(ctx: DemoContext, case: MediationCase, mediators: list[User]) -> None:
    """An open case has its next session on the mediators' week: a free slot in the coming
    days from the real today (the demo's own today may lie earlier; a session is never
    scheduled in the past)."""
    if not mediators:
        return
    for _attempt in range(6):
        day = timezone.localdate() + timedelta(days=ctx.rng.randint(0, 6))
        starts_at = time(ctx.rng.choice((9, 10, 14, 15, 16)), ctx.rng.choice((0, 30)))
        try:
            session_schedule(
                actor=ctx.actor,
                case=case,
                on=day,
                starts_at=starts_at,
                place=ctx.rng.choice(SESSION_PLACES),
                mediator=mediators[0],
            )
        except ValidationError:
            continue  # the mediator is busy then: another slot
        return


def write_case(ctx: DemoContext, plan: CasePlan) -> MediationCase:  # noqa: C901 - demo data plan
    actor = ctx.actor
    facts = FACTS[plan.claim].format(months=ctx.rng.randint(2, 5))
    if plan.group:
        facts = f"李某等{plan.applicants}名职工以拖欠工资为由申请调解。" + facts
    case = case_apply(
        actor=actor,
        committee=plan.committee,
        applicants=_applicants(ctx, plan),
        facts=facts,
        claims=_claims(ctx, plan),
        employer=plan.entity,
        employer_name="" if plan.entity else "某科技有限公司",
        employer_agent=person_name(ctx.rng) if ctx.rng.random() < 0.4 else "",
        applied_on=plan.applied_on,
        oral=ctx.rng.random() < 0.2,
    )
    if plan.declined:
        return case_decline(
            actor=actor, case=case, reason=plan.declined, on=plan.applied_on + timedelta(days=1)
        )
    if plan.transfer_on is not None:
        if plan.first_accepted_on is not None:
            case = case_accept(actor=actor, case=case, on=plan.first_accepted_on)
        reason = ctx.rng.choice(TRANSFER_REASONS)
        case = case_transfer_up(actor=actor, case=case, reason=reason, on=plan.transfer_on)
    if plan.accepted_on is None:
        return case
    mediators = _mediators(case.committee)
    case = case_accept(actor=actor, case=case, on=plan.accepted_on, mediators=mediators[:2])
    last = min(plan.closed_on or ctx.today, ctx.today)
    session_day = min(plan.accepted_on + timedelta(days=ctx.rng.randint(0, 3)), last)
    session_log(actor=actor, case=case, held_on=session_day, summary=ctx.rng.choice(SESSION_NOTES))
    if plan.extended_to is not None:
        note = "经双方当事人同意，调解期限延长，已记录双方签字确认。"
        case = case_extend(actor=actor, case=case, until=plan.extended_to, note=note)
    if not plan.outcome:
        _schedule_next(ctx, case, mediators)
        return case
    assert plan.closed_on is not None
    if plan.outcome == Outcome.AGREEMENT:
        agreement = agreement_record(
            actor=actor,
            case=case,
            terms=f"被申请单位于{plan.payments[0][0]:%Y年%m月%d日}前向申请人支付"
            f"{plan.amount}元，双方劳动争议就此了结。"
            if plan.payments
            else f"被申请单位向申请人支付{plan.amount}元。",
            amount=plan.amount,
        )
        agreement = agreement_sign(
            actor=actor,
            case=agreement.case,
            parties_signed_on=plan.closed_on,
            mediator_signed_on=plan.closed_on,
            sealed_on=plan.closed_on,
        )
    case = case_close(actor=actor, case=case, outcome=plan.outcome, on=plan.closed_on)
    if plan.outcome == Outcome.AGREEMENT:
        for paid_on, amount in plan.payments:
            if amount > 0:
                payment_record(actor=actor, case=agreement.case, paid_on=paid_on, amount=amount)
    if plan.arbitration:
        case = case_hand_to_arbitration(
            actor=actor, case=case, on=plan.closed_on + timedelta(days=2)
        )
    return case


# --- the step --------------------------------------------------------------------------


def _summary(ctx: DemoContext) -> list[str]:
    lines = []
    if ctx.full:
        start, end = PERIOD_2021
        c = statistics.consultations(actor=ctx.actor, start=start, end=end)
        m = statistics.mediation(actor=ctx.actor, start=start, end=end)
        lines.append(
            f"{start}..{end} 咨询：现场 {c.channel(Channel.ON_SITE):,} 人次，电话 "
            f"{c.channel(Channel.PHONE):,} 人次，满意率 {statistics.rate_text(c.satisfaction_rate)}"
        )
        lines.append(
            f"{start}..{end} 调解：受理 {m.applicants_accepted} 人，结案 {m.applicants_closed} 人，"
            f"结案率 {statistics.rate_text(m.closure_rate)}，履行金额 {m.amount_fulfilled:,.2f} 元"
        )
    cases = MediationCase.objects.count()
    moved = MediationCase.objects.filter(transferred_to__isnull=False).count()
    lines.append(
        f"调解：委员会 {MediationCommittee.objects.count()} 个，案件 {cases} 件"
        f"（申请 {cases - moved} 件，移交上级后新立 {moved} 件），"
        f"咨询 {Consultation.objects.count()} 条，"
        f"已安排的调解 {Session.objects.filter(status=SessionStatus.SCHEDULED).count()} 场"
    )
    return lines


def build(ctx: DemoContext) -> None:
    scale = FULL if ctx.full else SMALL
    committees = write_committees(ctx, scale)
    planner = Planner(ctx, committees)
    consultations = Consultations(ctx, committees)
    if scale.history:
        start, end = PERIOD_2021
        planner.year_2021()
        consultations.person_times(Channel.ON_SITE, ON_SITE_2021, start, end, 0.25)
        consultations.person_times(Channel.PHONE, PHONE_2021, start, end, 0.0)
        consultations.spread(40, D(2021, 12, 1), D(2021, 12, 31))
        planner.later_years(scale.later_cases)
        years = max((ctx.today - timedelta(days=120) - D(2022, 1, 1)).days / 365, 0)
        consultations.spread(
            round(scale.later_consultations * years),
            D(2022, 1, 1),
            ctx.today - timedelta(days=121),
        )
    planner.recent()
    consultations.spread(scale.recent_consultations, ctx.today - timedelta(days=120), ctx.today)
    ctx.log(f"调解：{len(planner.cases)} 件申请，{len(consultations.rows)} 条咨询…")
    write_consultations(ctx, consultations.rows)
    for plan in sorted(planner.cases, key=lambda p: (p.applied_on, p.last_day)):
        write_case(ctx, plan)
    ctx.shared["disputes"] = DisputesDemo(federation_committee=committees[0], committees=committees)
    ctx.summary.extend(_summary(ctx))
