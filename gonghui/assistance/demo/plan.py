"""The plan of the assistance demo: its reference data (income lines, kinds of aid,
rounds, the document checklist) and, at full scale, the district's records of
2012-2021 and the years after, planned in memory (every choice from ``ctx.rng``) before
``assistance.demo`` writes them through the services in date order.

The figures of the two newspaper reports (/work/shared/domain.md) are written here and
nowhere else: the plan makes records whose statistics give them, the statistics count
whatever the records say.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gonghui.assistance.choices import (
    AidCategory,
    Cause,
    Document,
    DocumentSubject,
    Relation,
    Situation,
    Tier,
)
from gonghui.core.demo import person_name, random_date

D = date

# --- the reports' figures (domain.md): the only place that knows them ------------------

REPORT_2021 = (D(2021, 1, 1), D(2021, 11, 30))  # "2021年" up to the report's date
YEAR_2020 = (D(2020, 1, 1), D(2020, 12, 31))
FILED_2021 = 153  # hardship workers filed (approved onto the record) in 2021
SPRING_GOODS_2021 = 143  # received the Spring Festival goods at the end of January 2021
SUMMER_SITES_2021 = 6  # construction projects
SUMMER_SETS_2021 = 320
SUMMER_PERSON_TIMES_2021 = 27_000
WARMTH_FAMILIES_SINCE = 208  # "200余名职工家庭" since 2012
WARMTH_GRANTED_SINCE = Decimal("3968000")  # "近400万元"
WARMTH_ILLNESS_2020 = 23
WARMTH_EMERGENCY_2020 = 3
WARMTH_2020 = Decimal("478000")
HARDSHIP_AID_2020 = Decimal("695000")  # temporary, living, medical and schooling aid paid
EPIDEMIC_WORKERS_2020 = 213
EPIDEMIC_2020 = Decimal("426000")
SPRING_UNITS_2020 = 7
SPRING_WORKERS_2020 = 350
EPIDEMIC_UNITS_2020 = 16
EPIDEMIC_CONDOLENCE_2020 = Decimal("2220000")
SUMMER_SERVINGS_2020 = 3_000

# --- reference data --------------------------------------------------------------------

# (from, subsistence line, low-income line): monthly per-capita yuan
INCOME_LINES = (
    (D(2012, 7, 1), 520, 740),
    (D(2013, 7, 1), 580, 1_060),
    (D(2014, 7, 1), 650, 1_160),
    (D(2015, 7, 1), 710, 1_410),
    (D(2016, 7, 1), 800, 1_600),
    (D(2018, 1, 1), 1_000, 2_000),
    (D(2019, 7, 1), 1_100, 2_200),
    (D(2020, 7, 1), 1_170, 2_340),
    (D(2021, 9, 1), 1_245, 2_490),
    (D(2022, 9, 1), 1_320, 2_640),
    (D(2023, 9, 1), 1_395, 2_790),
    (D(2024, 9, 1), 1_450, 2_900),
)
LINES_NOTE = "北京市城乡居民最低生活保障标准及低收入家庭认定标准（演示数据）"
POLICY_FROM = D(2012, 1, 1)
PUBLICATION_DAYS = 5

WARMTH_STARTED = D(2012, 3, 1)
EPIDEMIC_STARTED = D(2020, 2, 3)
EPIDEMIC_ALLOCATED = Decimal("500000")
BUDGET_STARTED = D(2020, 1, 2)
BUDGET_YEARLY = Decimal("3000000")


@dataclass(frozen=True)
class KindSpec:
    code: str
    name: str
    category: str
    standard: str
    mode: str  # fixed / band
    low: int
    high: int
    cap: int
    in_rounds: bool = False
    needs_file: bool = False
    fund: str = ""  # "warmth", "epidemic"


KINDS = (
    KindSpec(
        "temporary",
        "临时致困帮扶",
        AidCategory.TEMPORARY,
        "因突发事件、意外伤害、重大疾病等临时致困的职工，每年两批申报，每人每次500至5000元。",
        "band",
        500,
        5_000,
        8_000,
        in_rounds=True,
    ),
    KindSpec(
        "living",
        "生活救助",
        AidCategory.LIVING,
        "在档困难职工家庭生活救助，每人每年不超过6000元。",
        "band",
        1_000,
        6_000,
        6_000,
        needs_file=True,
    ),
    KindSpec(
        "medical",
        "医疗救助",
        AidCategory.MEDICAL,
        "职工本人或家庭成员患病，自付医疗费用负担较重的，每人每年不超过10000元。",
        "band",
        1_000,
        10_000,
        10_000,
    ),
    KindSpec(
        "schooling",
        "助学帮扶",
        AidCategory.SCHOOLING,
        "在档困难职工子女就读高中、中职或高等院校的，每人每年1000至5000元。",
        "band",
        1_000,
        5_000,
        5_000,
        needs_file=True,
    ),
    KindSpec(
        "epidemic-2020",
        "疫情防控专项帮扶",
        AidCategory.SPECIAL,
        "受新冠肺炎疫情影响的低收入职工、感染新冠肺炎职工及染病病亡职工家庭，每人2000元。",
        "fixed",
        2_000,
        2_000,
        2_000,
        fund="epidemic",
    ),
    KindSpec(
        "warmth",
        "温暖专项基金救助",
        AidCategory.WARMTH,
        "患重大疾病就医治疗、因突发事件或意外灾害造成生活困难的职工，一次性救助，最高30000元。",
        "band",
        5_000,
        30_000,
        30_000,
        fund="warmth",
    ),
)
# the temporary aid's two rounds a year: (name, opens, closes) as (month, day)
ROUNDS = (("上半年", (4, 1), (4, 30)), ("下半年", (10, 15), (11, 30)))
ROUNDS_FROM = 2019

# (subject, cause, kind code, document): what a level checks before it passes
REQUIRED = (
    (DocumentSubject.FILE, "", "", Document.REGISTRATION_FORM),
    (DocumentSubject.FILE, "", "", Document.INCOME_PROOF),
    (DocumentSubject.FILE, Cause.ILLNESS, "", Document.DIAGNOSIS),
    (DocumentSubject.FILE, Cause.DISABILITY, "", Document.DISABILITY_CERTIFICATE),
    (DocumentSubject.AID, "", "", Document.APPLICATION_FORM),
    (DocumentSubject.AID, Cause.ILLNESS, "", Document.DIAGNOSIS),
    (DocumentSubject.AID, "", "schooling", Document.SCHOOL_PROOF),
)


def required_documents(subject: str, causes: list[str], kind: str = "") -> list[str]:
    """The documents of ``REQUIRED`` a record of ``subject`` must carry."""
    return [
        doc
        for subj, cause, code, doc in REQUIRED
        if subj == subject and cause in ("", *causes) and code in ("", kind)
    ]


def lines_on(day: date) -> tuple[int, int]:
    """The (subsistence, low-income) lines in force on ``day``."""
    found = [(sub, low) for since, sub, low in INCOME_LINES if since <= day]
    return found[-1] if found else INCOME_LINES[0][1:]


# --- planned records -----------------------------------------------------------------


@dataclass(eq=False)
class FilePlan:
    surveyed_on: date
    approved_on: date
    tier: str
    causes: list[str]
    worker_income: int
    household: list[dict[str, Any]]
    situation: str
    left_on: date | None = None
    returned_on: date | None = None  # approved again after leaving (返困)
    reviewed_on: date | None = None
    record: Any = None  # the HardshipFile once written
    worker: Any = None  # (person, union) once drawn


@dataclass(eq=False)
class AidPlan:
    kind: str
    cause: str
    amount: Decimal
    applied_on: date
    approved_on: date
    file: FilePlan | None = None  # the worker of this file applies
    family: bool = False  # a warmth family: a worker helped once
    paid_on: date | None = None
    record: Any = None
    worker: Any = None


@dataclass(frozen=True)
class DonationPlan:
    received_on: date
    amount: Decimal
    donor: str
    unit: str


@dataclass
class History:
    files: list[FilePlan] = field(default_factory=list)
    aid: list[AidPlan] = field(default_factory=list)
    donations: list[DonationPlan] = field(default_factory=list)


# --- helpers -------------------------------------------------------------------------


def split(rng: random.Random, total: int, count: int, low: int, high: int) -> list[int]:
    """``count`` whole numbers in [low, high] summing to ``total``, drawn at random."""
    assert low * count <= total <= high * count, (total, count, low, high)  # noqa: S101
    parts = [low] * count
    rest = total - low * count
    step = max(1, (high - low) // 4)
    while rest > 0:
        i = rng.randrange(count)
        room = high - parts[i]
        if room <= 0:
            continue
        add = min(rest, room, rng.randint(1, step))
        parts[i] += add
        rest -= add
    return parts


def money_split(
    rng: random.Random, total: Decimal, count: int, low: int, high: int, unit: int = 100
) -> list[Decimal]:
    """``count`` amounts in [low, high], multiples of ``unit`` yuan, summing to ``total``."""
    whole = int(total)
    assert whole % unit == 0  # noqa: S101
    parts = split(rng, whole // unit, count, -(-low // unit), high // unit)
    return [Decimal(p * unit) for p in parts]


HOUSEHOLD_NOTES: dict[str, str] = {
    Cause.ILLNESS: "本人患重病长期治疗，医疗费用负担重。",
    Cause.DISABILITY: "家庭成员残疾，需长期照料。",
    Cause.ACCIDENT: "本人遭遇意外事故受伤，收入锐减。",
    Cause.SPOUSE_UNEMPLOYED: "配偶失业在家，家庭仅靠本人工资维持。",
    Cause.SCHOOLING: "子女就学费用支出较大。",
    Cause.DISASTER: "家中遭受自然灾害，财产损失严重。",
    Cause.LOW_INCOME: "家庭收入低，人口多，生活困难。",
    Cause.EMERGENCY: "家庭遭遇突发事件，生活陷入困境。",
}


def household(
    rng: random.Random, causes: list[str], per_capita: int
) -> tuple[int, list[dict[str, Any]]]:
    """The worker's monthly income and the household, so that the per-capita income is
    ``per_capita`` exactly (the others earn nothing but a working spouse)."""
    members: list[dict[str, Any]] = []
    spouse = rng.random() < 0.8
    if spouse:
        if Cause.ILLNESS in causes and rng.random() < 0.4:
            situation = Situation.ILL
        elif Cause.SPOUSE_UNEMPLOYED in causes:
            situation = Situation.UNEMPLOYED
        elif Cause.DISABILITY in causes:
            situation = Situation.DISABLED
        else:
            situation = rng.choice([Situation.WORKING, Situation.UNEMPLOYED])
        members.append({"relation": Relation.SPOUSE, "situation": situation, "born": (1968, 1992)})
    for _ in range(rng.choice([0, 1, 1, 2]) + (Cause.SCHOOLING in causes)):
        situation = rng.choice([Situation.STUDENT, Situation.STUDENT, Situation.PRESCHOOL])
        members.append({"relation": Relation.CHILD, "situation": situation, "born": (2003, 2019)})
    if rng.random() < 0.3:
        situation = rng.choice([Situation.RETIRED, Situation.ILL])
        members.append({"relation": Relation.PARENT, "situation": situation, "born": (1940, 1958)})
    total = per_capita * (1 + len(members))
    rows = []
    others = 0
    for m in members:
        income = 0
        if m["situation"] == Situation.WORKING:
            income = int(total * rng.uniform(0.2, 0.45))
        others += income
        rows.append(
            {
                "name": person_name(rng),
                "relation": m["relation"],
                "situation": m["situation"],
                "birth_year": rng.randint(*m["born"]),
                "monthly_income": str(income),
            }
        )
    return total - others, rows


FILE_CAUSES: dict[str, tuple[list[str], ...]] = {
    Tier.DEEP: ([Cause.ILLNESS], [Cause.DISABILITY], [Cause.LOW_INCOME, Cause.SPOUSE_UNEMPLOYED]),
    Tier.RELATIVE: (
        [Cause.LOW_INCOME],
        [Cause.SPOUSE_UNEMPLOYED],
        [Cause.SCHOOLING, Cause.LOW_INCOME],
        [Cause.ILLNESS],
    ),
    Tier.ACCIDENT: ([Cause.ILLNESS], [Cause.ACCIDENT], [Cause.DISASTER], [Cause.EMERGENCY]),
}


def file_plan(rng: random.Random, tier: str, approved_on: date) -> FilePlan:
    """A surveyed household whose per-capita income puts it in ``tier`` by the lines in
    force on its survey day."""
    surveyed = approved_on - timedelta(days=rng.randint(10, 40))
    causes = list(rng.choice(FILE_CAUSES[tier]))
    sub, low = lines_on(surveyed)
    if tier == Tier.DEEP:
        per_capita = rng.randint(int(sub * 0.5), sub - 1)
    elif tier == Tier.RELATIVE:
        per_capita = rng.randint(sub + 1, low - 1)
    else:
        per_capita = rng.randint(low + 1, int(low * 1.8))
    income, rows = household(rng, causes, per_capita)
    notes = [HOUSEHOLD_NOTES.get(c, "") for c in causes]
    return FilePlan(
        surveyed_on=surveyed,
        approved_on=approved_on,
        tier=tier,
        causes=causes,
        worker_income=income,
        household=rows,
        situation="".join(notes),
    )


# --- the history ---------------------------------------------------------------------

WARMTH_FAMILIES_BY_YEAR = {  # the families of the years before and after 2020
    2012: 8,
    2013: 12,
    2014: 15,
    2015: 18,
    2016: 20,
    2017: 22,
    2018: 25,
    2019: 27,
    2021: 35,
}
HARDSHIP_2020 = (  # kind, applications, amount paid in 2020
    ("temporary", 50, Decimal("180000")),  # 上半年
    ("temporary", 50, Decimal("180000")),  # 下半年
    ("medical", 25, Decimal("180000")),
    ("living", 25, Decimal("100000")),
    ("schooling", 20, Decimal("55000")),
)
PRE_2021_FILES = {Tier.DEEP: SPRING_GOODS_2021, Tier.RELATIVE: 45, Tier.ACCIDENT: 20}
LEFT_IN_2020 = 12  # relative and accident files that left in 2020; a few return in 2021
RETURNED_2021 = 3
SPRING_LIST_DAY = D(2021, 1, 15)  # the 2021 Spring Festival list is built on this day


class Planner:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.history = History()

    def kind(self, code: str) -> KindSpec:
        return next(k for k in KINDS if k.code == code)

    def aid(
        self, kind: str, cause: str, amount: Decimal, start: date, end: date, **kw: Any
    ) -> AidPlan:
        """An application made in [start, end], approved 7-20 days later (by ``end`` + 20)."""
        applied = random_date(self.rng, start, end)
        plan = AidPlan(
            kind=kind,
            cause=cause,
            amount=amount,
            applied_on=applied,
            approved_on=applied + timedelta(days=self.rng.randint(7, 20)),
            **kw,
        )
        self.history.aid.append(plan)
        return plan

    # -- hardship files --

    def files(self) -> None:
        rng, files = self.rng, self.history.files
        early: list[FilePlan] = []
        for tier, count in PRE_2021_FILES.items():
            for _ in range(count):
                day = random_date(rng, D(2018, 3, 1), D(2020, 12, 20))
                early.append(file_plan(rng, tier, day))
        leavers = [f for f in early if f.tier != Tier.DEEP and f.approved_on < D(2020, 1, 1)]
        for n, plan in enumerate(rng.sample(leavers, LEFT_IN_2020)):
            plan.left_on = random_date(rng, D(2020, 3, 1), D(2020, 12, 15))
            if n < RETURNED_2021:
                plan.returned_on = random_date(rng, D(2021, 3, 1), D(2021, 10, 31))
        tiers = [Tier.DEEP] * 50 + [Tier.RELATIVE] * 75 + [Tier.ACCIDENT] * 28
        assert len(tiers) == FILED_2021  # noqa: S101
        late = [
            file_plan(rng, tier, random_date(rng, D(2021, 2, 1), REPORT_2021[1])) for tier in tiers
        ]
        files.extend(early + late)
        # the years after: most leave (解困), the rest are reviewed every year
        for plan in files:
            if plan.left_on is not None and plan.returned_on is None:
                continue  # left in 2020
            if plan.returned_on is None and rng.random() < 0.6:
                plan.left_on = random_date(rng, D(2022, 3, 1), min(D(2025, 12, 31), self.today))
            else:
                plan.reviewed_on = self.today - timedelta(days=rng.randint(30, 330))

    # -- aid --

    def warmth(self) -> None:
        rng = self.rng
        # 2020: 23 serious illness, 3 emergencies
        causes = [Cause.ILLNESS] * WARMTH_ILLNESS_2020 + [Cause.EMERGENCY] * WARMTH_EMERGENCY_2020
        rng.shuffle(causes)
        for cause, amount in zip(
            causes, money_split(rng, WARMTH_2020, len(causes), 5_000, 30_000, 1_000), strict=True
        ):
            self.aid("warmth", cause, amount, D(2020, 3, 1), D(2020, 11, 5), family=True)
        # the other years to the 2021 report: the rest of the families and the amount
        families = sum(WARMTH_FAMILIES_BY_YEAR.values())
        assert families + len(causes) == WARMTH_FAMILIES_SINCE  # noqa: S101
        amounts = money_split(
            rng, WARMTH_GRANTED_SINCE - WARMTH_2020, families, 5_000, 30_000, 1_000
        )
        amounts.sort()
        amounts[-1], amounts[-2] = Decimal("30000"), amounts[-2] + amounts[-1] - Decimal("30000")
        rng.shuffle(amounts)
        i = 0
        for year, count in WARMTH_FAMILIES_BY_YEAR.items():
            end = D(year, 11, 5)
            for _ in range(count):
                cause = rng.choices(
                    [Cause.ILLNESS, Cause.ACCIDENT, Cause.EMERGENCY], weights=[80, 10, 10]
                )[0]
                self.aid("warmth", cause, amounts[i], D(year, 4, 1), end, family=True)
                i += 1

    def epidemic(self) -> None:
        amount = Decimal(self.kind("epidemic-2020").low)
        assert amount * EPIDEMIC_WORKERS_2020 == EPIDEMIC_2020  # noqa: S101
        for _ in range(EPIDEMIC_WORKERS_2020):
            cause = self.rng.choices([Cause.LOW_INCOME, Cause.ILLNESS], weights=[85, 15])[0]
            self.aid("epidemic-2020", cause, amount, D(2020, 2, 17), D(2020, 6, 30))

    def hardship_2020(self) -> None:
        rng = self.rng
        assert sum(total for _k, _n, total in HARDSHIP_2020) == HARDSHIP_AID_2020  # noqa: S101
        on_file = [
            f
            for f in self.history.files
            if f.approved_on < D(2020, 1, 1) and (f.left_on is None or f.left_on.year > 2021)
        ]
        rng.shuffle(on_file)
        windows = iter(((D(2020, 4, 1), D(2020, 4, 30)), (D(2020, 10, 15), D(2020, 11, 10))))
        for code, count, total in HARDSHIP_2020:
            spec = self.kind(code)
            if code == "temporary":
                start, end = next(windows)
            else:
                start, end = D(2020, 3, 1), D(2020, 11, 5)
            for amount in money_split(rng, total, count, spec.low, spec.high):
                file = on_file.pop() if spec.needs_file else None
                cause = {
                    "medical": Cause.ILLNESS,
                    "schooling": Cause.SCHOOLING,
                    "living": Cause.LOW_INCOME,
                }.get(code) or rng.choice([Cause.ACCIDENT, Cause.EMERGENCY, Cause.DISASTER])
                self.aid(code, cause, amount, start, end, file=file)

    def later(self) -> None:
        """A lighter load of aid from 2021 to the last round before today: the temporary
        rounds, medical aid and the warmth fund (from 2022, after the report)."""
        rng = self.rng
        for year in range(2021, self.today.year + 1):
            for _name, opens, closes in ROUNDS:
                start, end = D(year, *opens), min(D(year, *closes), self.today - timedelta(days=60))
                if end < start:
                    continue
                for _ in range(8):
                    amount = Decimal(rng.randint(5, 50) * 100)
                    cause = rng.choice([Cause.ACCIDENT, Cause.EMERGENCY, Cause.ILLNESS])
                    self.aid("temporary", cause, amount, start, end)
            last = min(D(year, 11, 5), self.today - timedelta(days=60))
            if year >= 2022 and last > D(year, 4, 1):
                for _ in range(12):
                    amount = Decimal(rng.randint(5, 30) * 1000)
                    cause = rng.choices([Cause.ILLNESS, Cause.ACCIDENT], weights=[85, 15])[0]
                    self.aid("warmth", cause, amount, D(year, 4, 1), last, family=True)

    def donations(self, companies: list[str]) -> None:
        """Each year's donations come in from January to March and cover the year's
        warmth grants with something to spare."""
        rng = self.rng
        by_year: dict[int, Decimal] = {}
        for plan in self.history.aid:
            if plan.kind == "warmth":
                by_year[plan.approved_on.year] = by_year.get(plan.approved_on.year, 0) + plan.amount
        for year in sorted(by_year):
            total = int(by_year[year] * Decimal(str(round(rng.uniform(1.04, 1.15), 2))))
            total = (total // 1000 + 1) * 1000
            count = rng.randint(3, 6)
            start = max(D(year, 1, 5), WARMTH_STARTED)
            for amount in money_split(rng, Decimal(total), count, 1_000, total, 1_000):
                if rng.random() < 0.3 or not companies:
                    donor, unit = "经开区职工爱心捐款", "经开区总工会"
                else:
                    unit = rng.choice(companies)
                    donor = f"{unit}工会"
                day = random_date(rng, start, D(year, 3, 25))
                self.history.donations.append(DonationPlan(day, amount, donor, unit))

    def paydays(self) -> list[tuple[date, list[AidPlan]]]:
        """Approved aid is published by month of approval, the day after the month's last
        approval, and paid in the week after the publication ends."""
        batches: dict[tuple[int, int], list[AidPlan]] = {}
        for plan in self.history.aid:
            batches.setdefault((plan.approved_on.year, plan.approved_on.month), []).append(plan)
        out = []
        for key in sorted(batches):
            plans = batches[key]
            starts = max(p.approved_on for p in plans) + timedelta(days=1)
            for plan in plans:
                plan.paid_on = starts + timedelta(days=PUBLICATION_DAYS + rng_days(self.rng))
            out.append((starts, plans))
        return out


def rng_days(rng: random.Random) -> int:
    return rng.randint(1, 7)


def plan_history(rng: random.Random, today: date, companies: list[str]) -> tuple[History, Any]:
    planner = Planner(rng, today)
    planner.files()
    planner.warmth()
    planner.epidemic()
    planner.hardship_2020()
    planner.later()
    planner.donations(companies)
    publications = planner.paydays()
    return planner.history, publications
