"""Demo hardship assistance: the income lines, the policy, the kinds of aid with their
rounds and checklists, the warmth fund, the 2020 epidemic fund and the budget line of the
campaigns; hardship files and aid applications in every state; donations; condolence
campaigns.

Everything is written through the assistance services and the workflow steps, each level
taken by a different user: the union's staff file (the union's own staff user where it
has one, else the system user for it), the station's staff check, the federation's staff
approve, publish and pay. Every random choice comes from ``ctx.rng``.

- small scale: the reference data and, in the last weeks before the demo's today, a few
  files in every state (a tier overridden with its reason, one left, one returned), aid
  in every state (one sent back with its reason, one objected to, one revoked on an
  objection, one paid and signed for with a drawn signature), the ``member`` account's
  own application to follow on the portal, a donation and a campaign distributing;
- full scale: the same, plus the district's records since 2012, planned in
  ``assistance.demo.plan`` (which alone knows the reports' figures) and written in date
  order, so that the statistics of 2020 and 2021 give the reports' figures.
"""

from decimal import Decimal
from typing import Any

from gonghui.accounts.models import User
from gonghui.assistance.choices import (
    FundKind,
    IncomeLineKind,
    Occasion,
)
from gonghui.assistance.demo import plan as plan_
from gonghui.assistance.demo.history import History
from gonghui.assistance.demo.plan import D
from gonghui.assistance.demo.recent import Recent
from gonghui.assistance.demo.writer import (
    AssistanceDemo,
    Staff,
    Workers,
    Writer,
)
from gonghui.assistance.models import (
    AidApplication,
    AidRound,
    Campaign,
    HardshipFile,
)
from gonghui.assistance.services.funds import fund_create
from gonghui.assistance.services.reference import (
    aid_kind_create,
    aid_round_create,
    income_line_set,
    policy_set,
    required_document_add,
)
from gonghui.core.demo import DemoContext
from gonghui.organizations.models import Organization

# --- reference data ------------------------------------------------------------------


def write_reference(ctx: DemoContext, federation: Organization, fed: User) -> AssistanceDemo:
    actor = ctx.actor
    for since, subsistence, low in plan_.INCOME_LINES:
        for kind, amount in (
            (IncomeLineKind.SUBSISTENCE, subsistence),
            (IncomeLineKind.LOW_INCOME, low),
        ):
            income_line_set(
                actor=actor,
                kind=kind,
                monthly_amount=amount,
                effective_from=since,
                note=plan_.LINES_NOTE,
            )
    policy_set(
        actor=actor,
        effective_from=plan_.POLICY_FROM,
        publication_days=plan_.PUBLICATION_DAYS,
        allow_covered_non_members=False,
    )
    funds = {
        "warmth": fund_create(
            actor=fed,
            organization=federation,
            code="warmth",
            name="经开区温暖专项基金",
            kind=FundKind.WARMTH,
            started_on=plan_.WARMTH_STARTED,
            description="2012年设立，救助患重大疾病、遭遇突发事件或意外灾害的职工，资金来自捐赠。",
        ),
        "epidemic": fund_create(
            actor=fed,
            organization=federation,
            code="epidemic-2020",
            name="2020年疫情防控专项资金",
            kind=FundKind.SPECIAL,
            started_on=plan_.EPIDEMIC_STARTED,
            description="在市总工会指导下设立，慰问受疫情影响的低收入职工和感染新冠肺炎职工。",
            opening=plan_.EPIDEMIC_ALLOCATED,
        ),
        "budget": fund_create(
            actor=fed,
            organization=federation,
            code="condolence",
            name="职工慰问经费",
            kind=FundKind.BUDGET,
            started_on=plan_.BUDGET_STARTED,
            description="节日慰问、夏送清凉、疫情防控慰问等慰问活动的支出科目。",
            opening=plan_.BUDGET_YEARLY,
        ),
    }
    kinds = {}
    for spec in plan_.KINDS:
        amounts: dict[str, Any] = (
            {"fixed_amount": spec.low}
            if spec.mode == "fixed"
            else {"min_amount": spec.low, "max_amount": spec.high}
        )
        kinds[spec.code] = aid_kind_create(
            actor=actor,
            code=spec.code,
            name=spec.name,
            category=spec.category,
            standard=spec.standard,
            amount_mode=spec.mode,
            annual_cap=spec.cap,
            in_rounds=spec.in_rounds,
            needs_file=spec.needs_file,
            fund=funds[spec.fund] if spec.fund else None,
            **amounts,
        )
    for year in range(plan_.ROUNDS_FROM, ctx.today.year + 1):
        for name, opens, closes in plan_.ROUNDS:
            if D(year, *opens) > ctx.today:
                continue
            aid_round_create(
                actor=actor,
                kind=kinds["temporary"],
                name=f"{year}年{name}临时致困帮扶申报",
                opens_on=D(year, *opens),
                closes_on=D(year, *closes),
                standard=plan_.KINDS[0].standard,
            )
    for subject, cause, code, document in plan_.REQUIRED:
        required_document_add(
            actor=actor,
            subject=subject,
            document=document,
            cause=cause,
            aid_kind=kinds[code] if code else None,
        )
    return AssistanceDemo(kinds=kinds, funds=funds)


# --- the step --------------------------------------------------------------------------


def build(ctx: DemoContext) -> None:
    tree = ctx.shared["organizations"]
    staff = Staff(ctx, tree.federation)
    ref = write_reference(ctx, tree.federation, staff.federation)
    writer = Writer(ctx, staff, ref)
    workers = Workers(ctx, staff)
    if ctx.full:
        history = History(ctx, writer, workers)
        history.plan()
        ctx.log(f"帮扶：{len(history.events)} 项记录…")
        history.write()
        writer.rounds = list(AidRound.objects.order_by("opens_on"))
    recent = Recent(ctx, writer, workers)
    recent.donation()
    files = recent.files()
    recent.aid(files)
    recent.member()
    recent.campaign()
    ctx.shared["assistance"] = ref
    ctx.summary.extend(summary(ctx))


def summary(ctx: DemoContext) -> list[str]:
    from gonghui.assistance.statistics.aid import aid
    from gonghui.assistance.statistics.campaigns import campaigns
    from gonghui.assistance.statistics.files import files
    from gonghui.assistance.statistics.funds import funds_figures

    actor = ctx.actor
    lines = [
        f"帮扶：档案 {HardshipFile.objects.count()} 份，申请 {AidApplication.objects.count()} 份，"
        f"慰问活动 {Campaign.objects.count()} 个"
    ]
    if not ctx.full:
        return lines
    start, end = plan_.REPORT_2021
    f21 = files(actor=actor, start=D(2021, 1, 1), end=D(2021, 12, 31))
    c21 = campaigns(actor=actor, start=D(2021, 1, 1), end=D(2021, 12, 31), node=None)
    spring = campaigns(actor=actor, start=D(2021, 1, 1), end=D(2021, 1, 31), node=None)
    summer = next((r for r in c21.by_occasion if r.key == Occasion.SUMMER), None)
    since = funds_figures(actor=actor, start=plan_.WARMTH_STARTED, end=end)
    lines.append(
        f"2021 年：新建档困难职工 {f21.new} 人；1 月春节慰问 {spring.people} 人；"
        f"夏送清凉 {c21.sites} 个工地、{summer.sets if summer else 0} 套、"
        f"{summer.person_times if summer else 0:,} 人次"
    )
    lines.append(
        f"温暖基金 {since.since}..{end}：救助 {since.families_since} 户，"
        f"{since.granted_since:,.2f} 元，余额 {since.balance:,.2f} 元"
    )
    y0, y1 = plan_.YEAR_2020
    w20 = funds_figures(actor=actor, start=y0, end=y1)
    causes = "，".join(f"{r.label} {r.people} 人" for r in w20.by_cause)
    a20 = aid(actor=actor, start=y0, end=y1)
    hardship = sum((r.paid_amount for r in a20.by_kind if r.key in HARDSHIP_KINDS), Decimal("0"))
    epidemic = next((r for r in a20.by_kind if r.key == "epidemic-2020"), None)
    lines.append(
        f"2020 年：温暖基金救助 {w20.people} 人（{causes}）{w20.granted:,.2f} 元；"
        f"困难帮扶发放 {hardship:,.2f} 元；疫情专项 {epidemic.people_paid if epidemic else 0} 人 "
        f"{epidemic.paid_amount if epidemic else 0:,.2f} 元"
    )
    c20 = campaigns(actor=actor, start=y0, end=y1, node=None)
    by = {r.key: r for r in c20.by_occasion}
    sf, ep, su = (
        by.get(Occasion.SPRING_FESTIVAL),
        by.get(Occasion.EPIDEMIC),
        by.get(Occasion.SUMMER),
    )
    lines.append(
        f"2020 年慰问：春节 {sf.units if sf else 0} 个单位 {sf.people if sf else 0} 人；"
        f"疫情 {ep.units if ep else 0} 个单位 {ep.spent if ep else 0:,.2f} 元；"
        f"夏送清凉 {su.sets if su else 0:,} 份"
    )
    return lines


HARDSHIP_KINDS = ("temporary", "living", "medical", "schooling")
