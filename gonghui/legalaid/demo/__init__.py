"""Demo legal aid: the eligibility rules, three firms and their lawyers (the ``lawyer``
account among them), an engagement or two in the conflict register, and cases.

- small scale: in the weeks before the demo's today, a case in every state: received
  (one waiting for documents, one past its review deadline), accepted, acting through
  its stages, closed and rated, refused with its reason, withdrawn; the ``member``
  account's own application to follow on the portal, and cases of the ``lawyer``;
- full scale: the same, plus the cases of 2020 and 2021 planned in
  ``legalaid.demo.plan`` (which alone knows the reports' figures), written through the
  services and the workflow in date order, so that the report gives those figures.

Everything is written through the legal-aid services and the engine, the station's staff
receiving and the federation's staff deciding and assigning; every random choice comes
from ``ctx.rng``."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from gonghui.accounts.models import User
from gonghui.core import calendar
from gonghui.core.demo import DemoContext, mobile, person_name, random_date
from gonghui.core.workflow import take
from gonghui.legalaid.choices import (
    ApplicantStatus,
    Holder,
    Language,
    Matter,
    Outcome,
    RuleKind,
    Side,
    StageKind,
)
from gonghui.legalaid.demo.plan import YEARS, Year, split
from gonghui.legalaid.models import Lawyer, LegalAidCase
from gonghui.legalaid.services import cases, eligibility, lawyers
from gonghui.organizations.models import LegalEntity, Organization

FIRMS = ("北京市京开律师事务所", "北京市亦庄律师事务所", "北京市德衡工会法律服务所")
LAWYERS = (
    ("钱立明", 0, ("wages", "dismissal"), ("mandarin",)),
    ("孙雅琴", 0, ("work_injury", "social_insurance"), ("mandarin", "english")),
    ("周建国", 1, ("wages", "overtime"), ("mandarin",)),
    ("吴晓燕", 1, ("contract", "dismissal"), ("mandarin", "cantonese")),
    ("郑海峰", 2, ("work_injury", "wages"), ("mandarin",)),
    ("王丽娟", 2, ("social_insurance", "other"), ("mandarin", "sign")),
)
MATTER_WEIGHTS = (
    (Matter.WAGES, 46),
    (Matter.WORK_INJURY, 18),
    (Matter.DISMISSAL, 14),
    (Matter.SOCIAL_INSURANCE, 8),
    (Matter.CONTRACT, 6),
    (Matter.OVERTIME, 6),
    (Matter.OTHER, 2),
)
FACTS: dict[str, str] = {
    Matter.WAGES: "用人单位拖欠 {n} 个月工资，多次催要未果。",
    Matter.WORK_INJURY: "工作中受伤，已认定工伤，单位拒不支付工伤待遇。",
    Matter.DISMISSAL: "单位未提前通知即解除劳动合同，未支付经济补偿。",
    Matter.SOCIAL_INSURANCE: "单位未依法缴纳社会保险费 {n} 个月。",
    Matter.CONTRACT: "入职后单位未签订书面劳动合同，请求支付二倍工资差额。",
    Matter.OVERTIME: "长期延时加班，单位未支付加班费。",
    Matter.OTHER: "单位克扣高温津贴等劳动权益。",
}
STAGES = (StageKind.ADVICE, StageKind.NEGOTIATION, StageKind.ARBITRATION, StageKind.FIRST_INSTANCE)
USERNAMES: tuple[str, ...] = ()


@dataclass
class Setting:
    fed: Any
    receivers: list[tuple[Organization, Any]]  # a node and the staff user receiving there
    lawyers: list[Lawyer]
    entities: list[LegalEntity]


def _user(username: str, fallback: Any) -> Any:
    return User.objects.filter(username=username).first() or fallback


def write_reference(ctx: DemoContext) -> Setting:
    tree = ctx.shared["organizations"]
    fed = _user("fed_staff", ctx.actor)
    start = date(2019, 1, 1)
    eligibility.rule_create(
        actor=ctx.actor,
        kind=RuleKind.STATUS,
        statuses=[
            ApplicantStatus.HARDSHIP,
            ApplicantStatus.MODEL_WORKER,
            ApplicantStatus.LOW_INCOME,
        ],
        basis="困难职工、劳动模范、低收入职工视为经济困难（区总工会职工法律援助办法）",
        effective_from=start,
    )
    eligibility.rule_create(
        actor=ctx.actor,
        kind=RuleKind.EXEMPT,
        statuses=[ApplicantStatus.MIGRANT],
        matters=[Matter.WAGES, Matter.WORK_INJURY],
        basis="法律援助法第四十二条：农民工请求支付劳动报酬或者工伤事故人身损害赔偿",
        effective_from=start,
    )
    for day, line in ((start, "2200"), (date(2021, 9, 1), "2320"), (date(2023, 9, 1), "2420")):
        eligibility.rule_create(
            actor=ctx.actor,
            kind=RuleKind.INCOME,
            monthly_line=line,
            basis="本市最低工资标准",
            effective_from=day,
        )
    firms = [lawyers.firm_create(actor=ctx.actor, name=name) for name in FIRMS]
    account = User.objects.filter(username="lawyer").first()
    retained = []
    for n, (name, firm, fields, tongues) in enumerate(LAWYERS):
        retained.append(
            lawyers.lawyer_create(
                actor=ctx.actor,
                organization=tree.federation,
                licence_number=f"111012{2008 + n}1{ctx.rng.randrange(10**6):06d}",
                # the ``lawyer`` account is the first lawyer, under the account's name
                name=(account.display_name or name) if n == 0 and account else name,
                firm=firms[firm],
                specialities=list(fields),
                languages=[code for code in tongues if code in Language.values],
                phone=mobile(ctx.rng),
                user=account if n == 0 else None,
            )
        )
    entities = list(
        LegalEntity.objects.filter(union__path__startswith=tree.federation.path).order_by(
            "credit_code"
        )[:400]
    )
    if entities:
        lawyers.engagement_create(
            actor=ctx.actor,
            organization=tree.federation,
            holder=Holder.FIRM,
            firm=firms[2],
            party=entities[0],
            side=Side.FOR,
            starts_on=date(2020, 1, 1),
            note="常年法律顾问",
        )
    receivers = [(tree.federation, fed)]
    for slug, station in sorted(tree.stations.items()):
        staff = _user(f"station_{slug}", fed)
        receivers.append((station, staff))
    return Setting(fed=fed, receivers=receivers, lawyers=retained, entities=entities)


# --- one case ---------------------------------------------------------------------------


def _matter(ctx: DemoContext) -> str:
    return str(ctx.rng.choices([m for m, _ in MATTER_WEIGHTS], [w for _, w in MATTER_WEIGHTS])[0])


def _eligible(ctx: DemoContext, matter: str) -> dict[str, Any]:
    """A worker who passes the means test: a migrant worker claiming wages or injury
    compensation (exempt), else a status, else an income below the line."""
    if matter in (Matter.WAGES, Matter.WORK_INJURY) and ctx.rng.random() < 0.7:
        return {"statuses": [ApplicantStatus.MIGRANT]}
    if ctx.rng.random() < 0.5:
        return {
            "statuses": [ctx.rng.choice([ApplicantStatus.LOW_INCOME, ApplicantStatus.MODEL_WORKER])]
        }
    size = ctx.rng.randint(2, 4)
    return {"household_size": size, "household_income": str(size * ctx.rng.randint(1200, 2100))}


def receive(ctx: DemoContext, s: Setting, day: date, **extra: Any) -> LegalAidCase:
    node, staff = ctx.rng.choice(s.receivers)
    matter = extra.pop("matter", None) or _matter(ctx)
    entity = ctx.rng.choice(s.entities) if s.entities else None
    values: dict[str, Any] = {
        "actor": staff,
        "organization": node,
        "channel": ctx.rng.choice(["window", "window", "portal", "consultation"]),
        "name": person_name(ctx.rng),
        "phone": mobile(ctx.rng),
        "matter": matter,
        "facts": FACTS[matter].format(n=ctx.rng.randint(2, 8)),
        "opposing_party": entity,
        "opposing_name": entity.name if entity else "某公司",
        "amount_claimed": str(ctx.rng.randint(8, 120) * 1000),
        "received_on": day,
        **_eligible(ctx, matter),
    }
    values.update(extra)
    if values["channel"] == "consultation":
        values["channel"] = "window"  # a consultation turned into an application is linked by staff
    return cases.case_receive(**values)


def decide(s: Setting, case: LegalAidCase, day: date) -> LegalAidCase:
    late = "" if case.due_on is None or day <= case.due_on else "材料核实耗时"
    return take(s.fed, case, "accept", decided_on=day, late_reason=late)  # type: ignore[no-any-return]


def assign(ctx: DemoContext, s: Setting, case: LegalAidCase, day: date) -> LegalAidCase:
    order = ctx.rng.sample(s.lawyers, len(s.lawyers))
    if case.matter == Matter.WAGES and ctx.rng.random() < 0.3:
        order.insert(0, s.lawyers[0])  # the demo ``lawyer`` account has a few of its own
    for counsel in order:
        try:
            return take(  # type: ignore[no-any-return]
                s.fed,
                case,
                "assign",
                lawyer=counsel,
                on=day,
                conflict_waiver="同一单位的群体性纠纷，已告知当事人并征得同意",
            )
        except ValidationError:
            continue  # this lawyer's firm acts for the opposing party
    raise RuntimeError("no lawyer without a conflict")


def work(ctx: DemoContext, case: LegalAidCase, start: date, end: date) -> LegalAidCase:
    """Stages from ``start``, the last one begun no later than ``end``."""
    actor = _advocate(ctx, case)
    day = start
    for kind in STAGES[: ctx.rng.randint(1, len(STAGES))]:
        if day > end:
            break
        case = take(actor, case, "stage", kind=kind, started_on=day, note="")
        day = day + timedelta(days=ctx.rng.randint(5, 40))
    return case


def _advocate(ctx: DemoContext, case: LegalAidCase) -> Any:
    """The lawyer's own account where they have one, else the system user for them."""
    return case.lawyer.user if case.lawyer and case.lawyer.user else ctx.actor


SUMMARIES: dict[str, str] = {
    Outcome.WON: "仲裁裁决支持全部请求，单位已履行。",
    Outcome.PARTLY_WON: "仲裁裁决支持部分请求。",
    Outcome.SETTLED: "经调解达成和解协议并履行。",
    Outcome.LOST: "请求未获支持。",
    Outcome.WITHDRAWN: "当事人撤回仲裁申请。",
}


def close(
    ctx: DemoContext, case: LegalAidCase, day: date, outcome: str, amount: Decimal
) -> LegalAidCase:
    return take(  # type: ignore[no-any-return]
        _advocate(ctx, case),
        case,
        "close",
        outcome=outcome,
        recovered=str(amount),
        closed_on=day,
        summary=SUMMARIES[outcome],
    )


# --- the years of the reports -----------------------------------------------------------


def _working_day(ctx: DemoContext, start: date, end: date) -> date:
    day = random_date(ctx.rng, start, end)
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def write_year(
    ctx: DemoContext, s: Setting, plan: Year, carried: list[LegalAidCase]
) -> list[LegalAidCase]:
    """The year's applications (accepted and refused) and closures; returns the cases
    left open at the year's end."""
    first, last = date(plan.year, 1, 2), date(plan.year, 11, 30)
    accepted = []
    for _ in range(plan.accepted):
        day = _working_day(ctx, first, date(plan.year, 10, 31))
        case = receive(ctx, s, day)
        decided = calendar.add_working_days(day, ctx.rng.randint(0, 5)).day
        case = decide(s, case, decided)
        case = assign(ctx, s, case, decided)
        accepted.append(case)
    for _ in range(plan.refused):
        day = _working_day(ctx, first, last)
        case = receive(ctx, s, day, statuses=[], household_size=2, household_income="9000")
        take(
            s.fed,
            case,
            "refuse",
            reason="家庭人均收入高于本市最低工资标准，不符合经济困难条件",
            decided_on=calendar.add_working_days(day, 3).day,
        )
    accepted.sort(key=lambda c: c.assigned_on or c.received_on)
    closing = [*carried, *accepted][: plan.closed]
    left = [*carried, *accepted][plan.closed :]
    outcomes = _outcomes(ctx, len(closing), plan.won)
    weights = [
        0 if o in (Outcome.LOST, Outcome.WITHDRAWN) else ctx.rng.randint(5, 60) for o in outcomes
    ]
    amounts = split(plan.recovered, weights)
    for case, outcome, amount in zip(closing, outcomes, amounts, strict=True):
        begun = case.assigned_on or case.received_on
        begin = max(begun, first)
        end = random_date(
            ctx.rng,
            min(begin + timedelta(days=20), date(plan.year, 12, 20)),
            date(plan.year, 12, 28),
        )
        case = work(ctx, case, begin, end - timedelta(days=1))
        close(ctx, case, end, outcome, amount)
    for case in left:
        work(ctx, case, case.assigned_on or case.received_on, date(plan.year, 12, 20))
    return left


def close_rest(ctx: DemoContext, left: list[LegalAidCase], year: int) -> None:
    """The cases still open after the reports' years end the next spring."""
    for case in left:
        day = _working_day(ctx, date(year, 2, 1), date(year, 5, 31))
        case = work(ctx, case, date(year, 1, 4), day - timedelta(days=1))
        outcome = ctx.rng.choice([Outcome.WON, Outcome.SETTLED, Outcome.PARTLY_WON])
        close(ctx, case, day, outcome, Decimal(ctx.rng.randint(5, 60) * 1000))


def _outcomes(ctx: DemoContext, count: int, won: int) -> list[str]:
    rest = count - won
    lost = [Outcome.SETTLED, Outcome.SETTLED, Outcome.LOST, Outcome.WITHDRAWN]
    chosen: list[str] = [
        Outcome.WON if ctx.rng.random() < 0.7 else Outcome.PARTLY_WON for _ in range(won)
    ]
    chosen += [ctx.rng.choice(lost) for _ in range(rest)]
    if rest and not any(o == Outcome.SETTLED for o in chosen[won:]):
        chosen[-1] = Outcome.SETTLED  # at least one settled case carries money
    ctx.rng.shuffle(chosen)
    return chosen


# --- the weeks before today ---------------------------------------------------------------


def _workday_before(day: date) -> date:
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    return day


def write_recent(ctx: DemoContext, s: Setting) -> None:
    today = ctx.today
    back = [_workday_before(today - timedelta(days=n)) for n in range(40)]
    member = User.objects.filter(username="member").first()
    # received, in review; one past its deadline; one waiting for documents
    receive(ctx, s, back[2])
    receive(ctx, s, back[16], name="逾期待审申请人")
    waiting = receive(ctx, s, back[5])
    take(s.fed, waiting, "request_documents", waiting_for="工资支付记录、考勤记录", on=back[3])
    # accepted, waiting for its lawyer
    decide(s, receive(ctx, s, back[9]), back[7])
    # acting, with stages; some of the ``lawyer`` account's own
    for n in (30, 24, 18):
        case = decide(s, receive(ctx, s, back[n], matter=Matter.WAGES), back[n - 2])
        case = take(
            s.fed,
            case,
            "assign",
            lawyer=s.lawyers[0],
            on=back[n - 2],
            conflict_waiver="同一单位的群体性纠纷",
        )
        work(ctx, case, back[n - 3], back[4])
    # closed and rated; refused; withdrawn
    done = assign(ctx, s, decide(s, receive(ctx, s, back[38]), back[36]), back[36])
    done = work(ctx, done, back[35], back[20])
    done = close(ctx, done, back[12], Outcome.WON, Decimal("23600.00"))
    take(s.receivers[0][1], done, "record_rating", rating=5, comment="律师很专业，追回了全部工资")
    refused = receive(ctx, s, back[14], statuses=[], household_size=3, household_income="15000")
    take(s.fed, refused, "refuse", reason="家庭人均收入高于本市最低工资标准", decided_on=back[11])
    gone = receive(ctx, s, back[20])
    take(s.fed, gone, "withdraw", reason="已与单位协商解决")
    # the member's own application, to follow on the portal
    if member is not None:
        node = s.receivers[1][0] if len(s.receivers) > 1 else s.receivers[0][0]
        cases.case_receive(
            actor=member,
            applicant_user=member,
            organization=node,
            channel="portal",
            name=str(getattr(getattr(member, "person", None), "name", "") or "会员"),
            phone=mobile(ctx.rng),
            matter=Matter.OVERTIME,
            facts="每周加班二十小时以上，单位未支付加班费。",
            opposing_name=s.entities[1].name if len(s.entities) > 1 else "某公司",
            statuses=[ApplicantStatus.LOW_INCOME],
            received_on=back[1],
        )


def build(ctx: DemoContext) -> None:
    setting = write_reference(ctx)
    if ctx.full:
        carried: list[LegalAidCase] = []
        for plan in YEARS:
            carried = write_year(ctx, setting, plan, carried)
        close_rest(ctx, carried, YEARS[-1].year + 1)
    write_recent(ctx, setting)
    count = LegalAidCase.objects.count()
    ctx.summary.append(f"法律援助：律师 {len(setting.lawyers)} 名，案件 {count} 件")
