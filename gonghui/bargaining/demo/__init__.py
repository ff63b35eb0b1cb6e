"""Demo workers' congresses and collective contracts.

- both scales: the anchor union's congress (its representatives under the managers' cap,
  the ``member`` account among them), a session held with its attendance and votes (one
  passing, one failing), a session now open to proposals with proposals at every step;
  contracts at every step of the eight (one in force with its renewal under way, one
  offered and past its answer deadline, one reported and under review, one sent back to
  the table by a failed vote), and the joint union's area contract;
- full scale: the unionised firms of the report day planned in ``bargaining.demo.plan``
  (which alone knows the reports' figures) get a congress system and a contract in force,
  each through the services and the workflow — the terms, the representatives or the
  workers' assembly, the vote on the draft and the eight steps — so that the report gives
  those figures; the seed's firm whose contract expired in August 2020 renews it with the
  federation's guidance; a few processes of the rest stop along the way.

Every random choice comes from ``ctx.rng``; everything is written as ``ctx.actor``."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError

from gonghui.bargaining.choices import (
    CongressKind,
    CongressScope,
    ContractKind,
    Group,
    Side,
    Status,
)
from gonghui.bargaining.demo.plan import LARGE, REPORT_DAY, covered_counts
from gonghui.bargaining.models import Contract, Representative, Term
from gonghui.bargaining.selectors.policy import policy_on
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.services import contracts, proposals
from gonghui.bargaining.statistics import bargaining_figures
from gonghui.core import calendar
from gonghui.core.demo import DemoContext, person_name, random_date
from gonghui.core.workflow import take
from gonghui.members.models import Person
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import EntityCoverage, LegalEntity, Organization
from gonghui.organizations.selectors import coverages_on

USERNAMES: tuple[str, ...] = ()
ORDER = (
    Status.NAMED,
    Status.OFFERED,
    Status.ANSWERED,
    Status.PREPARED,
    Status.NEGOTIATED,
    Status.ADOPTED,
    Status.SIGNED,
    Status.REPORTED,
    Status.EFFECTIVE,
    Status.FILED,
)
# days after the opening of each step's day (the vote on the draft a week after the meeting)
OFFSETS = {
    "named": 2,
    "offered": 4,
    "answered": 16,
    "prepared": 28,
    "met": 38,
    "vote": 45,
    "signed": 48,
    "reported": 53,
    "received": 54,
    "approved": 62,
    "published": 66,
}
POSITIONS = ("工会主席", "工会副主席", "职工代表", "职工代表", "女职工委员会主任")
EMPLOYER_POSITIONS = ("总经理", "人力资源总监", "财务总监", "行政经理", "生产经理")


@dataclass
class Body:
    """A union's congress term, with its serving representatives (none for an assembly)."""

    term: Term
    reps: list[Representative]
    workers: int
    sessions: int = 0


def _groups(rng: Any, n: int) -> list[str]:
    """Representatives' groups with the managers at most 18%."""
    managers = n * 18 // 100
    senior = max(managers // 4, 1 if managers else 0)
    technicians = n * 12 // 100
    front = n - managers - technicians
    counts = (
        (Group.FRONT_LINE, front),
        (Group.TECHNICIAN, technicians),
        (Group.MIDDLE_MANAGER, managers - senior),
        (Group.SENIOR_MANAGER, senior),
    )
    groups = [str(group) for group, count in counts for _ in range(count)]
    rng.shuffle(groups)
    return groups


def congress_for(
    ctx: DemoContext,
    union: Organization,
    entities: list[LegalEntity],
    starts_on: date,
    workers: int,
    extra_rows: list[dict[str, Any]] | None = None,
) -> Body:
    """A congress (or, under 100 workers, a workers' assembly) of ``union`` covering
    ``entities``, its first term from ``starts_on`` with its representatives elected."""
    assembly = workers < policy_on(starts_on).assembly_below and not extra_rows
    joint = union.union_kind == UnionKind.JOINT
    kind = CongressKind.ASSEMBLY if assembly else CongressKind.CONGRESS
    label = "职工大会" if assembly else "职工代表大会"
    body = congresses.congress_create(
        ctx.actor,
        organization=union,
        name=f"{_short(union, entities)}{label}",
        kind=kind,
        scope=CongressScope.JOINT if joint else CongressScope.UNIT,
    )
    term = congresses.term_create(
        ctx.actor,
        congress=body,
        number=1,
        starts_on=starts_on,
        ends_on=calendar.years_after(starts_on, 5) - timedelta(days=1),
        entities=entities,
    )
    reps: list[Representative] = []
    if not assembly:
        n = min(max(workers // 12, 20), 80)
        rows = [{"name": person_name(ctx.rng), "group": g} for g in _groups(ctx.rng, n)]
        rows[: len(extra_rows or [])] = extra_rows or []
        reps = congresses.representatives_elect(
            ctx.actor, term=term, elected_on=starts_on, rows=rows
        )
    return Body(term, reps, max(workers, 8))


def session_with_vote(
    ctx: DemoContext,
    body: Body,
    held_on: date,
    item: str,
    contract: Contract | None,
    passing: bool = True,
) -> Any:
    """A session of the body held on ``held_on``, its attendance and a vote on ``item``."""
    body.sessions += 1
    session = congresses.session_create(
        ctx.actor, term=body.term, number=body.sessions, held_on=held_on
    )
    if body.reps:
        n = len(body.reps)
        came = n - ctx.rng.randint(0, max(n // 10, 1))
        congresses.attendance_record(
            ctx.actor, session, present_ids=[r.pk for r in body.reps[:came]]
        )
    else:
        n = body.workers
        came = n - ctx.rng.randint(0, max(n // 10, 1))
        congresses.attendance_record(ctx.actor, session, electorate=n, present=came)
    if passing:
        yes = came - ctx.rng.randint(0, max(came // 20, 0))
    else:
        yes = n // 2 - ctx.rng.randint(0, 3)
    no = min(ctx.rng.randint(0, 2), came - yes)
    return congresses.vote_record(
        ctx.actor, session, item=item, yes=yes, no=no, abstain=came - yes - no, contract=contract
    )


def _negotiators(ctx: DemoContext, union: Organization) -> list[dict[str, Any]]:
    rows = [
        {
            "side": Side.WORKERS,
            "name": union.chair_name or person_name(ctx.rng),
            "position": "工会主席",
            "chief": True,
        }
    ]
    rows += [
        {"side": Side.WORKERS, "name": person_name(ctx.rng), "position": p} for p in POSITIONS[2:4]
    ]
    rows += [
        {
            "side": Side.EMPLOYER,
            "name": person_name(ctx.rng),
            "position": EMPLOYER_POSITIONS[0],
            "chief": True,
        }
    ]
    rows += [
        {"side": Side.EMPLOYER, "name": person_name(ctx.rng), "position": p}
        for p in EMPLOYER_POSITIONS[1:3]
    ]
    return rows


def through(
    ctx: DemoContext,
    contract: Contract,
    body: Body | None,
    upto: str,
    *,
    years: int = 3,
    lapse: bool = False,
) -> Contract:
    """Take ``contract`` from its opening up to the state ``upto``, each step on its day
    (``OFFSETS`` after the opening); the draft is adopted by a vote of ``body``."""
    start = contract.opened_on

    def on(key: str) -> date:
        return start + timedelta(days=OFFSETS[key])

    def adopt(c: Contract) -> dict[str, Any]:
        assert body is not None
        return {"vote": session_with_vote(ctx, body, on("vote"), f"审议《{c.title}》草案", c)}

    def sign(c: Contract) -> dict[str, Any]:
        term_start = on("signed") + timedelta(days=ctx.rng.randint(1, 12))
        term_end = calendar.years_after(term_start, years) - timedelta(days=1)
        return {
            "signed_on": on("signed"),
            "term_start": term_start,
            "term_end": term_end,
            "sealed": True,
        }

    def publish(c: Contract) -> dict[str, Any]:
        assert c.effective_on is not None
        day = max(on("published"), c.effective_on + timedelta(days=2))
        return {"published_on": day, "filed_on": day + timedelta(days=3)}

    steps: list[tuple[str, Any]] = [
        (
            "name_representatives",
            lambda c: {"negotiators": _negotiators(ctx, c.organization), "named_on": on("named")},
        ),
        (
            "offer",
            lambda c: {"offered_by": Side.WORKERS, "offer": OFFER, "offered_on": on("offered")},
        ),
        ("answer", lambda c: {"answered_on": on("answered"), "note": "企业方书面同意协商"}),
        ("prepare", lambda c: {"preparation": PREPARATION, "prepared_on": on("prepared")}),
        ("meet", lambda c: {"minutes": MINUTES, "met_on": on("met")}),
        ("adopt", adopt),
        ("sign", sign),
        (
            "report",
            lambda c: {
                "department": DEPARTMENT,
                "reported_on": on("reported"),
                "received_on": on("received"),
            },
        ),
        ("take_effect", lambda c: {} if lapse else {"approved_on": on("approved")}),
        ("publish", publish),
    ]
    for name, data in steps[: ORDER.index(Status(upto)) + 1]:
        contract = take(ctx.actor, contract, name, **data(contract))
    return contract


OFFER = "就劳动报酬、工作时间、休息休假、劳动安全卫生、保险福利等事项开展集体协商"
PREPARATION = "收集职工意见，了解企业经营状况和同行业工资水平，双方初步沟通。"
MINUTES = "双方就工资增长幅度、加班费计算基数、带薪休假达成一致，形成合同草案。"
DEPARTMENT = "北京经济技术开发区社会事业局"


def _short(union: Organization, entities: list[LegalEntity]) -> str:
    """What a body or a contract is named after: the firm, or the joint union's area."""
    if union.union_kind == UnionKind.JOINT or not entities:
        return union.name.removesuffix("工会联合会").removesuffix("联合会").removesuffix("工会")
    return entities[0].name


def open_contract(
    ctx: DemoContext, union: Organization, entities: list[LegalEntity], opened_on: date, **kw: Any
) -> Contract:
    joint = union.union_kind == UnionKind.JOINT
    name = _short(union, entities)
    return contracts.contract_open(
        ctx.actor,
        organization=union,
        kind=kw.pop("kind", ContractKind.AREA if joint else ContractKind.COMPREHENSIVE),
        title=kw.pop("title", f"{name}{'区域性' if joint else ''}集体合同"),
        employer=kw.pop("employer", "区域企业代表组织" if joint else entities[0].name),
        entities=entities,
        opened_on=opened_on,
        **kw,
    )


# --- the full scale: the report day ---------------------------------------------------------


def _report_day(ctx: DemoContext) -> None:
    day = REPORT_DAY
    rows = list(
        coverages_on(actor=ctx.actor, action="bargaining.view", root=None, on=day)
        .select_related("entity", "entity__union")
        .order_by("entity_id")
    )
    large = [r for r in rows if r.headcount >= LARGE]
    small = [r for r in rows if r.headcount < LARGE]
    n_large, n_small = covered_counts(len(rows), len(large))
    chosen = ctx.rng.sample(large, n_large) + ctx.rng.sample(small, n_small)
    ctx.log(f"职代会与集体协商：{len(chosen)}/{len(rows)} 家建会企业…")
    by_union: dict[int, list[EntityCoverage]] = defaultdict(list)
    for row in chosen:
        by_union[row.entity.union_id].append(row)
    unions = {u.pk: u for u in Organization.objects.filter(pk__in=by_union)}
    earliest_start = calendar.years_after(day, -3) + timedelta(days=1)
    renewing = next(u for u in sorted(by_union) if any(r.headcount >= LARGE for r in by_union[u]))
    for union_id in sorted(by_union):
        union, covered = unions[union_id], by_union[union_id]
        entities = [r.entity for r in covered]
        workers = sum(r.headcount for r in covered)
        if union_id == renewing:
            _renewed_in_august_2020(ctx, union, entities, workers)
            continue
        # opened so that the contract is in force on the day: its term (3 years from a
        # few days after signing) has begun and not ended, and it took effect by then
        opened = random_date(ctx.rng, earliest_start - timedelta(days=40), day - timedelta(days=80))
        body = congress_for(
            ctx, union, entities, opened - timedelta(days=ctx.rng.randint(20, 300)), workers
        )
        contract = open_contract(ctx, union, entities, opened)
        contract = through(ctx, contract, body, Status.FILED, lapse=ctx.rng.random() < 0.5)
        _renewals(ctx, contract, body)
    picked = set(chosen)
    _unfinished(ctx, [r for r in rows if r not in picked])


# the state a process reaches when its opening was so many days ago (the last day of the
# last step done), and the step's key in OFFSETS
REACHED = (
    (Status.FILED, OFFSETS["published"] + 3),
    (Status.EFFECTIVE, OFFSETS["approved"]),
    (Status.REPORTED, OFFSETS["received"]),
    (Status.SIGNED, OFFSETS["signed"]),
    (Status.ADOPTED, OFFSETS["vote"]),
    (Status.NEGOTIATED, OFFSETS["met"]),
    (Status.PREPARED, OFFSETS["prepared"]),
    (Status.ANSWERED, OFFSETS["answered"]),
    (Status.OFFERED, OFFSETS["offered"]),
    (Status.NAMED, OFFSETS["named"]),
)
RENEWAL_LEAD = 75  # days before the end of the term a renewal opens


def _renewals(ctx: DemoContext, contract: Contract, body: Body) -> None:
    """The contract renewed as each term nears its end, up to the demo's today: each
    renewal opens 75 days before the end and goes as far as its days allow."""
    while contract.status == Status.FILED and contract.term_end is not None:
        opened = contract.term_end - timedelta(days=RENEWAL_LEAD)
        days = (ctx.today - opened).days
        upto = next((status for status, needed in REACHED if days >= needed), None)
        if upto is None:
            return
        if not _roll(ctx, body, opened + timedelta(days=OFFSETS["vote"])):
            return
        renewal = take(ctx.actor, contract, "renew", opened_on=opened)
        contract = through(ctx, renewal, body, upto)


def _roll(ctx: DemoContext, body: Body, day: date) -> bool:
    """The body's next term, elected when the present one has ended by ``day``; False
    when it cannot be (a workers' assembly whose firms have grown past the size)."""
    while day > body.term.ends_on:
        old = body.term
        try:
            term = congresses.term_create(
                ctx.actor,
                congress=old.congress,
                number=old.number + 1,
                starts_on=old.ends_on + timedelta(days=1),
                ends_on=calendar.years_after(old.ends_on, 5),
                entities=list(old.entities.all()),
            )
        except ValidationError:
            return False
        reps: list[Representative] = []
        if body.reps:
            rows = [
                {"name": person_name(ctx.rng), "group": g} for g in _groups(ctx.rng, len(body.reps))
            ]
            reps = congresses.representatives_elect(
                ctx.actor, term=term, elected_on=term.starts_on, rows=rows
            )
        body.term, body.reps, body.sessions = term, reps, 0
    return True


def _renewed_in_august_2020(
    ctx: DemoContext, union: Organization, entities: list[LegalEntity], workers: int
) -> None:
    """The seed's firm: its contract expired in August 2020 and the federation guided the
    renewal through the eight steps, in force again before the report day."""
    body = congress_for(ctx, union, entities, date(2017, 5, 2), workers)
    first = through(ctx, open_contract(ctx, union, entities, date(2017, 6, 20)), body, Status.FILED)
    renewal = take(ctx.actor, first, "renew", opened_on=date(2020, 6, 22))
    take(
        ctx.actor,
        renewal,
        "guide",
        content="合同即将到期，总工会深入了解企业经营状况，提供集体协商“八步法”，全程指导续签。",
        guided_on=date(2020, 6, 28),
    )
    _renewals(ctx, through(ctx, renewal, body, Status.FILED), body)


def _unfinished(ctx: DemoContext, rows: list[EntityCoverage]) -> None:
    """Some of the firms without a contract on the day have a process under way: named,
    offered and past its answer deadline, refused."""
    picked = ctx.rng.sample(rows, min(len(rows) // 4, 30))
    for n, row in enumerate(picked):
        upto = (Status.NAMED, Status.OFFERED, Status.PREPARED)[n % 3]
        opened = random_date(
            ctx.rng, REPORT_DAY - timedelta(days=200), REPORT_DAY - timedelta(days=40)
        )
        contract = open_contract(ctx, row.entity.union, [row.entity], opened)
        through(ctx, contract, None, upto)


# --- both scales: the anchor's congress and contracts at every step -------------------------


def _showcase(ctx: DemoContext) -> None:
    tree = ctx.shared["organizations"]
    anchor, joint, member_union = (
        tree.featured["anchor"],
        tree.featured["joint"],
        tree.featured["member"],
    )
    today = ctx.today
    entities = list(LegalEntity.objects.filter(union=anchor).order_by("name"))
    workers = sum(e.headcount for e in entities)
    member = Person.objects.filter(user__username="member").first()
    extra = [{"name": member.name, "group": Group.FRONT_LINE, "person": member}] if member else []
    start = calendar.years_after(today, -3) + timedelta(days=40)
    body = congress_for(
        ctx,
        anchor,
        entities,
        start,
        max(workers, 300),
        extra_rows=extra or [{"name": person_name(ctx.rng), "group": Group.FRONT_LINE}],
    )
    # the group's contract, guided by the federation, in force until 2028
    first = open_contract(
        ctx, anchor, entities, calendar.years_after(today, -2) + timedelta(days=100)
    )
    take(
        ctx.actor,
        first,
        "guide",
        content="总工会讲解集体协商“八步法”，指导企业规范协商程序。",
        guided_on=first.opened_on + timedelta(days=5),
    )
    through(ctx, first, body, Status.FILED)
    # a wage agreement offered, past its 20 days; a women's contract under review
    wage = open_contract(
        ctx,
        anchor,
        entities,
        today - timedelta(days=40),
        kind=ContractKind.WAGE,
        title=f"{_short(anchor, entities)}工资专项集体合同",
    )
    through(ctx, wage, body, Status.OFFERED)
    women = open_contract(
        ctx,
        anchor,
        entities,
        today - timedelta(days=66),
        kind=ContractKind.WOMEN,
        title=f"{_short(anchor, entities)}女职工权益保护专项集体合同",
    )
    through(ctx, women, body, Status.REPORTED)
    # the member union: its draft failed the vote and went back to the table
    small = list(LegalEntity.objects.filter(union=member_union).order_by("name")[:1])
    if small:
        own = congress_for(
            ctx, member_union, small, today - timedelta(days=400), small[0].headcount
        )
        draft = through(
            ctx,
            open_contract(ctx, member_union, small, today - timedelta(days=70)),
            own,
            Status.NEGOTIATED,
        )
        # the failing vote sends the draft back to the table by itself
        session_with_vote(
            ctx, own, today - timedelta(days=25), f"审议《{draft.title}》草案", draft, passing=False
        )
    # the joint union's area contract ends within the lead time: its renewal is signed
    # and its report is past the 10 days
    members = list(
        LegalEntity.objects.filter(union__path__startswith=joint.path).order_by("name")[:12]
    )
    if members:
        area = congress_for(
            ctx,
            joint,
            members,
            calendar.years_after(today, -3) - timedelta(days=30),
            sum(e.headcount for e in members) + 100,
        )
        opened = calendar.years_after(today, -3) + timedelta(days=10)
        filed = through(ctx, open_contract(ctx, joint, members, opened), area, Status.FILED)
        renewal = take(ctx.actor, filed, "renew", opened_on=today - timedelta(days=62))
        through(ctx, renewal, area, Status.SIGNED)
    _proposals(ctx, body, today)


def _proposals(ctx: DemoContext, body: Body, today: date) -> None:
    """A session of the anchor's congress open to proposals now, with proposals at every
    step (the ``member`` account's own among them)."""
    body.sessions += 1
    session = congresses.session_create(
        ctx.actor,
        term=body.term,
        number=body.sessions,
        held_on=today + timedelta(days=90),
        proposals_open_on=today - timedelta(days=20),
        proposals_close_on=today + timedelta(days=80),
    )
    items = (
        (
            "延长职工食堂晚餐供应时间",
            "夜班职工下班时食堂已关闭，建议晚餐供应延长至 20:30。",
            "后勤保障部",
            "已与供餐单位协商，自下月起晚餐供应延长至 20:30。",
            "satisfied",
        ),
        (
            "增设电动自行车充电桩",
            "厂区电动自行车多，充电不便且存在安全隐患。",
            "安全环保部",
            "已在东门停车棚增设 40 个充电桩，并配备灭火器。",
            "",
        ),
        (
            "开展职工健康体检",
            "建议每年组织一次职工健康体检，增加女职工专项检查。",
            "人力资源部",
            "",
            "",
        ),
        ("改善车间通风条件", "夏季车间温度较高，建议增加通风设备。", "", "", ""),
    )
    for n, (title, content, department, answer, rating) in enumerate(items):
        proposal = proposals.proposal_submit(
            ctx.actor,
            session=session,
            title=title,
            content=content,
            representative=body.reps[n],
            submitted_on=today - timedelta(days=15 - n),
        )
        if department:
            proposal = take(
                ctx.actor,
                proposal,
                "assign",
                department=department,
                assigned_on=today - timedelta(days=10 - n),
            )
        if answer:
            proposal = take(
                ctx.actor, proposal, "answer", answer=answer, answered_on=today - timedelta(days=3)
            )
        if rating:
            take(ctx.actor, proposal, "record_rating", satisfaction=rating)


def _summary(ctx: DemoContext) -> list[str]:
    lines = []
    days = [ctx.today] + ([REPORT_DAY] if ctx.full else [])
    for day in days:
        f = bargaining_figures(actor=ctx.actor, start=day, end=day, node=None)
        lines.append(
            f"职代会与集体协商 {day}：建会企业 {f.all.firms}，职代会建制率 "
            f"{_pct(f.all.congress_rate)}，集体合同签订率 {_pct(f.all.contract_rate)}；百人以上 "
            f"{f.large.firms}：{_pct(f.large.congress_rate)}、{_pct(f.large.contract_rate)}；"
            f"逾期未办 {len(f.overdue)}"
        )
    return lines


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def build(ctx: DemoContext) -> None:
    if ctx.full:
        _report_day(ctx)
    _showcase(ctx)
    ctx.summary.extend(_summary(ctx))
