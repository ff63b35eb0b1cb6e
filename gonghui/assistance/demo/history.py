"""The district's assistance records since 2012 (full scale): the plan of
``assistance.demo.plan`` written in date order, and the condolence campaigns of 2020 and
2021."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from gonghui.assistance.choices import (
    CampaignScope,
    Occasion,
    Tier,
)
from gonghui.assistance.demo import plan as plan_
from gonghui.assistance.demo.plan import AidPlan, D, FilePlan
from gonghui.assistance.demo.writer import (
    Workers,
    Writer,
)
from gonghui.assistance.models import (
    Campaign,
    DistributionLine,
)
from gonghui.assistance.services import campaigns as campaign_services
from gonghui.assistance.services.funds import donation_record
from gonghui.core.demo import DemoContext, random_date
from gonghui.organizations.choices import NodeKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

# --- the history (full scale) ----------------------------------------------------------

Event = tuple[date, int, int, Callable[[], None]]


def big_unions(ctx: DemoContext, count: int, before: date) -> list[Organization]:
    """``count`` of the district's larger unions, founded before ``before`` if there are
    enough of them."""
    unions = Organization.objects.filter(kind=NodeKind.UNION, status=UnionStatus.ACTIVE)
    early = list(unions.filter(founded_on__lt=before).order_by("-headcount", "path")[: count * 3])
    if len(early) < count:
        early = list(unions.order_by("-headcount", "path")[: count * 3])
    chosen = ctx.rng.sample(early, min(count, len(early)))
    return sorted(chosen, key=lambda u: u.path)


class History:
    def __init__(self, ctx: DemoContext, writer: Writer, workers: Workers) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.w = writer
        self.workers = workers
        self.events: list[Event] = []

    def at(self, day: date, order: int, action: Callable[[], None]) -> None:
        self.events.append((day, order, len(self.events), action))

    def plan(self) -> None:
        companies = list(
            LegalEntity.objects.order_by("-headcount", "pk").values_list("name", flat=True)[:40]
        )
        history, publications = plan_.plan_history(self.rng, self.ctx.today, companies)
        self.history = history
        for donation in history.donations:
            self.at(donation.received_on, 0, partial(self.donate, donation))
        for file in history.files:
            self.at(file.approved_on, 1, partial(self.file, file))
            if file.left_on is not None:
                self.at(file.left_on, 2, partial(self.w.leave, file, file.left_on))
            if file.returned_on is not None:
                self.at(file.returned_on, 1, partial(self.w.come_back, file, file.returned_on))
            if file.reviewed_on is not None:
                self.at(file.reviewed_on, 2, partial(self.w.review, file, file.reviewed_on))
        for aid in history.aid:
            self.at(aid.approved_on, 3, partial(self.aid, aid))
        for day, plans in publications:
            self.at(day, 4, partial(self.w.publish, day, plans))
            for aid in plans:
                assert aid.paid_on is not None  # noqa: S101
                self.at(aid.paid_on, 5, partial(self.w.pay, aid, aid.paid_on))
        self.campaigns()

    def donate(self, donation: plan_.DonationPlan) -> None:
        donation_record(
            actor=self.w.fed,
            fund=self.w.ref.funds["warmth"],
            donor_name=donation.donor,
            donor_unit=donation.unit,
            amount=donation.amount,
            received_on=donation.received_on,
        )

    def file(self, plan: FilePlan) -> None:
        worker = self.workers.draw("file")
        self.w.file(plan, worker)

    def aid(self, plan: AidPlan) -> None:
        if plan.file is not None:
            worker = plan.file.worker
            self.workers.mark(worker, plan.approved_on.year)
        else:
            worker = self.workers.draw(plan.applied_on.year)
        if plan.family:
            while worker[0].pk in self.workers.used.get("warmth", set()):
                worker = self.workers.draw(plan.applied_on.year)
            self.workers.mark(worker, "warmth")
        self.w.apply(plan, worker)
        self.w.check(plan)
        self.w.approve(plan)

    def write(self) -> None:
        self.events.sort(key=lambda e: (e[0], e[1], e[2]))
        for done, (_day, _order, _n, action) in enumerate(self.events, start=1):
            action()
            if done % 500 == 0:
                self.ctx.log(f"  帮扶 {done}/{len(self.events)}")

    # -- campaigns --

    def campaigns(self) -> None:
        self.at(D(2020, 1, 10), 6, self.spring_2020)
        self.at(D(2020, 2, 10), 6, self.epidemic_2020)
        self.at(D(2020, 7, 10), 6, self.summer_2020)
        self.at(plan_.SPRING_LIST_DAY, 6, self.spring_2021)
        self.at(D(2021, 7, 1), 6, self.summer_2021)

    def spring_2020(self) -> None:
        rng = self.rng
        units = big_unions(self.ctx, plan_.SPRING_UNITS_2020, D(2020, 1, 1))
        heads = plan_.split(rng, plan_.SPRING_WORKERS_2020, len(units), 30, 70)
        campaign = self.w.campaign(
            name="2020年春节送温暖·慰问一线职工",
            occasion=Occasion.SPRING_FESTIVAL,
            year=2020,
            starts_on=D(2020, 1, 10),
            ends_on=D(2020, 1, 23),
            budget=Decimal(plan_.SPRING_WORKERS_2020 * 700),
            cash_per_head=Decimal("500"),
            goods="米、面、油节日礼包",
            goods_value_per_head=Decimal("200"),
            scope=CampaignScope.UNITS,
            units=units,
        )
        lines = [
            campaign_services.line_add(
                actor=self.w.fed,
                campaign=campaign,
                name=f"{unit.name}一线职工",
                people=n,
                unit=unit,
            )
            for unit, n in zip(units, heads, strict=True)
        ]
        self.run(campaign, lines, D(2020, 1, 13), D(2020, 1, 22))

    def epidemic_2020(self) -> None:
        rng = self.rng
        units = big_unions(self.ctx, plan_.EPIDEMIC_UNITS_2020, D(2020, 1, 1))
        total = plan_.EPIDEMIC_CONDOLENCE_2020
        amounts = plan_.money_split(rng, total, len(units), 60_000, 300_000, 1_000)
        campaign = self.w.campaign(
            name="2020年疫情防控一线职工慰问",
            occasion=Occasion.EPIDEMIC,
            year=2020,
            starts_on=D(2020, 2, 10),
            ends_on=D(2020, 4, 30),
            budget=total,
            cash_per_head=Decimal("300"),
            goods="口罩、消毒液、营养品等慰问品",
            goods_value_per_head=Decimal("200"),
            scope=CampaignScope.UNITS,
            units=units,
        )
        lines = []
        for unit, amount in zip(units, amounts, strict=True):
            people = int(amount // 500)
            cash = (amount * Decimal("0.6")).quantize(Decimal("1"))
            lines.append(
                campaign_services.line_add(
                    actor=self.w.fed,
                    campaign=campaign,
                    name=f"{unit.name}防疫一线职工",
                    people=people,
                    unit=unit,
                    cash=cash,
                    goods_value=amount - cash,
                )
            )
        self.run(campaign, lines, D(2020, 2, 12), D(2020, 4, 20))

    def summer(self, year: int, sites: list[tuple[str, int]], **data: Any) -> Campaign:
        campaign = self.w.campaign(
            occasion=Occasion.SUMMER,
            year=year,
            starts_on=D(year, 7, 1),
            ends_on=D(year, 8, 31),
            scope=CampaignScope.SITES,
            **data,
        )
        for name, workers in sites:
            campaign_services.campaign_site_add(
                actor=self.w.fed,
                campaign=campaign,
                name=name,
                workers=workers,
                address="北京经济技术开发区",
            )
        campaign_services.campaign_list_build(actor=self.w.fed, campaign=campaign)
        return campaign

    def summer_2020(self) -> None:
        rng = self.rng
        names = SITES_2020
        heads = plan_.split(rng, 900, len(names), 60, 200)
        campaign = self.summer(
            2020,
            list(zip(names, heads, strict=True)),
            name="2020年“夏送清凉·关爱职工”",
            budget=Decimal("120000"),
            goods="祛暑饮料、藿香正气水等防暑降温物资",
            goods_value_per_head=Decimal("100"),
        )
        lines = list(campaign.lines.order_by("pk"))
        servings = plan_.split(rng, plan_.SUMMER_SERVINGS_2020, len(lines), 1, 10_000)
        self.run(
            campaign,
            lines,
            D(2020, 7, 13),
            D(2020, 8, 20),
            extra=[{"sets": s} for s in servings],
        )

    def spring_2021(self) -> None:
        campaign = self.w.campaign(
            name="2021年春节送温暖·困难职工帮扶物资发放",
            occasion=Occasion.SPRING_FESTIVAL,
            year=2021,
            starts_on=plan_.SPRING_LIST_DAY,
            ends_on=D(2021, 1, 31),
            budget=Decimal("60000"),
            goods="米、面、油及生活用品",
            goods_value_per_head=Decimal("400"),
            scope=CampaignScope.TIER,
            tier=Tier.DEEP,
        )
        campaign_services.campaign_list_build(actor=self.w.fed, campaign=campaign)
        self.run(campaign, list(campaign.lines.order_by("pk")), D(2021, 1, 18), D(2021, 1, 29))

    def summer_2021(self) -> None:
        rng = self.rng
        names = rng.sample(SITES_2021, plan_.SUMMER_SITES_2021)
        heads = plan_.split(rng, plan_.SUMMER_SETS_2021, len(names), 30, 90)
        campaign = self.summer(
            2021,
            list(zip(names, heads, strict=True)),
            name="2021年“夏送清凉”工程项目职工慰问",
            budget=Decimal("80000"),
            goods="防暑降温物资套装",
            goods_value_per_head=Decimal("200"),
        )
        lines = list(campaign.lines.order_by("pk"))
        times = plan_.split(
            rng, plan_.SUMMER_PERSON_TIMES_2021, len(lines), 2_000, plan_.SUMMER_PERSON_TIMES_2021
        )
        self.run(
            campaign,
            lines,
            D(2021, 7, 5),
            D(2021, 8, 31),
            extra=[{"person_times": t} for t in times],
        )

    def run(
        self,
        campaign: Campaign,
        lines: list[DistributionLine],
        first: date,
        last: date,
        extra: list[dict[str, Any]] | None = None,
    ) -> None:
        campaign = campaign_services.campaign_start(actor=self.w.fed, campaign=campaign)
        for n, line in enumerate(lines):
            day = random_date(self.rng, first, last)
            self.w.hand_out(line, day, **(extra[n] if extra else {}))
        campaign_services.campaign_close(actor=self.w.fed, campaign=campaign)


SITES_2020 = (
    "亦庄新城轨道交通配套工程项目部",
    "经开区市政道路养护作业点",
    "北京亦庄线延长线施工项目部",
    "经开区环卫保洁作业站",
    "凉水河综合治理工程项目部",
    "经开区园林绿化养护作业点",
)
SITES_2021 = (
    "亦庄新城地块安置房建设项目",
    "经开区南部新区道路工程项目",
    "北京亦庄国际医疗中心建设工程",
    "经开区集成电路产业园厂房工程",
    "亦庄新城综合管廊工程",
    "经开区数字经济产业园建设项目",
    "凉水河沿线景观提升工程",
)
