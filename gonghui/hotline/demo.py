"""Demo hotline tickets: registered at the federation (their first unit), dispatched to
unions and stations, worked through the engine at the times they happened.

- the year 2021 (``YEARS``, the only place that knows the report's figures): per source,
  how many tickets were received, how many of them the unit returned (then closed back to
  the hotline platform) — the others completed and called back;
- every scale: in the days before the demo's today, tickets in every state (one waiting
  to be dispatched, one past its first-contact time, in progress, on hold, completed,
  called back, closed, returned).

Everything is written through the hotline services and the workflow engine; every random
choice comes from ``ctx.rng``."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import calendar
from gonghui.core.demo import DemoContext, mobile, person_name, random_date
from gonghui.core.workflow import take
from gonghui.hotline.choices import Category, Source
from gonghui.hotline.models import ReturnReason, Ticket
from gonghui.hotline.services.tickets import ticket_register
from gonghui.organizations.models import Organization

USERNAMES: tuple[str, ...] = ()


@dataclass(frozen=True)
class Year:
    """One source's tickets of a year: received, and of them returned (never completed);
    the rest are completed and called back within the year."""

    year: int
    source: str
    received: int
    returned: int


# 2021 report: 12345 — 16 received, 3 returned, 13 completed; 12351 — 488 received, all
# completed (100%)
YEARS = {
    "full": (Year(2021, Source.CITY, 16, 3), Year(2021, Source.UNION, 488, 0)),
    "small": (Year(2021, Source.CITY, 4, 1), Year(2021, Source.UNION, 12, 0)),
}
CATEGORY_WEIGHTS = (
    (Category.WAGES, 30),
    (Category.SOCIAL_INSURANCE, 14),
    (Category.CONTRACT, 10),
    (Category.DISMISSAL, 9),
    (Category.INJURY, 7),
    (Category.HOURS, 6),
    (Category.MEMBERSHIP, 10),
    (Category.ASSISTANCE, 5),
    (Category.LEGAL_AID, 4),
    (Category.POLICY, 4),
    (Category.OTHER, 1),
)
REQUESTS: dict[str, str] = {
    Category.WAGES: "来电人反映所在公司拖欠{n}个月工资，请求工会协调。",
    Category.SOCIAL_INSURANCE: "来电人反映公司未足额缴纳社会保险，请求核实。",
    Category.CONTRACT: "来电人入职{n}个月，公司仍未签订书面劳动合同。",
    Category.DISMISSAL: "来电人被公司口头辞退，未支付经济补偿。",
    Category.INJURY: "来电人工作中受伤，咨询工伤认定和待遇。",
    Category.HOURS: "来电人反映长期加班且无调休，咨询加班费计算。",
    Category.MEMBERSHIP: "来电人咨询如何加入工会及会员服务。",
    Category.ASSISTANCE: "来电人家庭困难，咨询困难职工帮扶政策。",
    Category.LEGAL_AID: "来电人咨询申请职工法律援助的条件。",
    Category.POLICY: "来电人咨询女职工特殊劳动保护政策。",
    Category.OTHER: "来电人反映单位食堂卫生问题。",
}
ANSWERS = (
    "已联系用人单位核实，单位同意补发，来电人已收到。",
    "已向来电人解释相关政策并告知办理渠道。",
    "已协调企业工会与单位沟通，问题已解决。",
    "已引导来电人申请劳动争议调解。",
)
NOTES = ("已电话联系来电人，了解具体情况。", "来电人表示同意工会介入协调。")
HOLD_REASONS = ("等待来电人提供工资流水。", "等待用人单位负责人回复。")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _category(ctx: DemoContext) -> str:
    values, weights = zip(*CATEGORY_WEIGHTS, strict=True)
    return str(ctx.rng.choices(values, weights=weights)[0])


def _units(ctx: DemoContext) -> list[Organization]:
    tree = ctx.shared["organizations"]
    unions = [u for u in tree.unions if u.founded_on is None or u.founded_on.year < 2021]
    stations = [tree.stations[key] for key in sorted(tree.stations)]
    return unions[:200] or stations


def _register(ctx: DemoContext, source: str, number: str, received: datetime) -> Ticket:
    category = _category(ctx)
    return ticket_register(  # type: ignore[no-any-return]
        actor=ctx.actor,
        organization=ctx.shared["organizations"].federation,
        source=source,
        number=number,
        received_at=received,
        caller_name=person_name(ctx.rng),
        caller_phone=mobile(ctx.rng),
        request=REQUESTS[category].format(n=ctx.rng.randint(1, 6)),
        category=category,
    )


def _workday(ctx: DemoContext, start: date, end: date) -> date:
    day = random_date(ctx.rng, start, end)
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def _dispatched(ctx: DemoContext, ticket: Ticket, unit: Organization, day: date) -> Ticket:
    return take(ctx.actor, ticket, "dispatch", unit=unit, at=_at(day, 10))  # type: ignore[no-any-return]


def _completed(ctx: DemoContext, ticket: Ticket, day: date, *, happy: bool) -> Ticket:
    take(ctx.actor, ticket, "contact", note=ctx.rng.choice(NOTES), at=_at(day, 11))
    done_on = calendar.add_working_days(day, ctx.rng.randint(0, 3)).day
    take(ctx.actor, ticket, "complete", answer=ctx.rng.choice(ANSWERS), at=_at(done_on, 15))
    called_on = calendar.add_working_days(done_on, 1).day
    solved = happy or ctx.rng.random() < 0.7
    return take(  # type: ignore[no-any-return]
        ctx.actor,
        ticket,
        "callback",
        contacted=True,
        solved=solved,
        satisfied=happy or (solved and ctx.rng.random() < 0.8),
        at=_at(called_on, 10),
    )


def _returned(ctx: DemoContext, ticket: Ticket, day: date, reason: ReturnReason) -> Ticket:
    take(ctx.actor, ticket, "return", reason=reason, note="", at=_at(day, 14))
    return take(ctx.actor, ticket, "close", note="退回热线平台", at=_at(day, 16))  # type: ignore[no-any-return]


def _write_year(ctx: DemoContext, plan: Year, units: list[Organization]) -> None:
    reasons = list(ReturnReason.objects.filter(active=True).order_by("position", "pk"))
    # received by early December, so that every completion and callback falls in the year
    first, last = date(plan.year, 1, 4), date(plan.year, 12, 10)
    days = sorted(_workday(ctx, first, last) for _ in range(plan.received))
    returned = set(ctx.rng.sample(range(plan.received), plan.returned))
    for n, day in enumerate(days):
        number = f"{plan.year}{n + 1:05d}"
        ticket = _register(ctx, plan.source, number, _at(day, ctx.rng.randint(8, 15)))
        ticket = _dispatched(ctx, ticket, ctx.rng.choice(units), day)
        if n in returned:
            _returned(ctx, ticket, day, ctx.rng.choice(reasons))
        else:
            happy = plan.source == Source.UNION or ctx.rng.random() < 0.85
            _completed(ctx, ticket, day, happy=happy)


STATES = (
    "received",
    "dispatched",
    "in_progress",
    "on_hold",
    "completed",
    "called_back",
    "closed",
    "returned",
)


def _steps(ctx: DemoContext, state: str, day: date) -> list[tuple[str, dict[str, Any]]]:
    """The steps after the contact that bring a dispatched ticket to ``state``."""
    steps: list[tuple[str, dict[str, Any]]] = [
        ("contact", {"note": ctx.rng.choice(NOTES), "at": _at(day, 11)})
    ]
    if state == "in_progress":
        return steps
    if state == "on_hold":
        return [*steps, ("hold", {"reason": ctx.rng.choice(HOLD_REASONS), "at": _at(day, 14)})]
    steps.append(("complete", {"answer": ctx.rng.choice(ANSWERS), "at": _at(day, 16)}))
    if state == "completed":
        return steps
    steps.append(("callback", {"contacted": True, "solved": True, "satisfied": True}))
    if state == "closed":
        steps.append(("close", {"note": ""}))
    return steps


def _recent_day(today: date, n: int) -> date:
    day = today - timedelta(days=2 + n % 5)
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    return day


def _write_recent(ctx: DemoContext, units: list[Organization]) -> None:
    """Tickets of the last working days in every state (a dispatched one past its
    first-contact time: overdue on the list)."""
    reason = ReturnReason.objects.filter(active=True).order_by("position", "pk").first()
    handler = User.objects.filter(username="union_staff").first()
    for n, state in enumerate(STATES * (2 if ctx.full else 1)):
        day = _recent_day(ctx.today, n)
        source = Source.UNION if n % 3 else Source.CITY
        ticket = _register(ctx, source, f"{ctx.today:%Y%m}{n + 1:04d}", _at(day, 9, 30))
        if state == "received":
            continue
        unit = ctx.rng.choice(units)
        ticket = _dispatched(ctx, ticket, unit, day)
        if handler is not None and handler.assignments.filter(organization=unit).exists():
            take(ctx.actor, ticket, "assign", handler=handler)
        if state == "returned":
            take(ctx.actor, ticket, "return", reason=reason, at=_at(day, 14))
        elif state != "dispatched":
            for name, kwargs in _steps(ctx, state, day):
                take(ctx.actor, ticket, name, **kwargs)


def build(ctx: DemoContext) -> None:
    units = _units(ctx)
    if not units:
        return
    for plan in YEARS[ctx.scale]:
        _write_year(ctx, plan, units)
    _write_recent(ctx, units)
    ctx.summary.append(f"hotline: {Ticket.objects.count()} tickets")
