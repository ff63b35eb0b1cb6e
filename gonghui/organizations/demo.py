"""Demo organisation tree: the federation, its service stations, and the unions with their
legal entities, chairs and contacts.

The tree is planned in memory first (every choice drawn from ``ctx.rng``), then written
through the organisation services in founding order, so codes follow founding dates and
every write is audited like a real one.

At full scale the plan aims at the reference figures of the 2020 and 2021 reports
(``TARGETS``; /work/shared/domain.md): the generator is the only code that knows them; the
statistics compute whatever the records say. Worker figures are the unions' current
headcounts, so the plan aims at the final state of the records, merges included.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stdnum.cn import uscc

from gonghui.core.demo import DemoContext, mobile, person_name, random_date
from gonghui.organizations import selectors, services
from gonghui.organizations.choices import LARGE_UNION_HEADCOUNT, UnionKind, UnionStatus
from gonghui.organizations.models import Organization

FEDERATION_NAME = "北京经济技术开发区总工会"
FEDERATION_ADDRESS = "北京经济技术开发区荣华中路22号"


@dataclass(frozen=True)
class StationSpec:
    slug: str
    name: str
    region: str  # administrative division code in the firms' credit codes
    area: str  # address prefix
    streets: tuple[str, ...]
    weight: int  # share of the district's unions
    expansion: bool = False  # came with the 2019 expansion of the district (扩区)


STATIONS = (
    StationSpec("yizhuang", "亦庄服务站", "110302", "北京经济技术开发区", ("科创十三街",
                "科创六街", "经海三路", "荣华中路", "宏达北路", "景园北街", "地盛北街"), 18),
    StationSpec("majuqiao", "马驹桥服务站", "110112", "北京市通州区马驹桥镇", ("兴贸二街",
                "景盛南二街", "景盛北三街", "金桥科技产业基地景盛南四街"), 10, True),
    StationSpec("jiugong", "旧宫服务站", "110115", "北京市大兴区旧宫镇",
                ("久敬庄路", "德茂西路", "旧忠路", "宣颐路"), 8, True),
    StationSpec("ludong", "路东服务站", "110302", "北京经济技术开发区",
                ("经海五路", "经海六路", "泰河三街", "运成街", "兴海四街"), 14),
    StationSpec("hexi", "河西服务站", "110302", "北京经济技术开发区",
                ("西环南路", "凉水河一街", "永昌北路", "兴业街", "康定街"), 13),
    StationSpec("boxing", "博兴服务站", "110302", "北京经济技术开发区",
                ("博兴二路", "博兴六路", "博兴九路", "兴盛街"), 11),
    StationSpec("tongminghu", "通明湖服务站", "110302", "北京经济技术开发区",
                ("科创十四街", "经海四路", "通明湖南路"), 9),
    StationSpec("yinghai", "瀛海服务站", "110115", "北京市大兴区瀛海镇",
                ("瀛海路", "南海子路", "兴海路"), 6, True),
    StationSpec("taihu", "台湖服务站", "110112", "北京市通州区台湖镇",
                ("光机电一体化产业基地兴光三街", "次渠南路", "台湖演艺小镇北街"), 6, True),
    StationSpec("ciqu", "次渠服务站", "110112", "北京市通州区次渠镇",
                ("次渠北路", "通马路", "嘉创路"), 5, True),
)  # fmt: skip


# --- company names and credit codes ---------------------------------------------------

BRAND_FIRST = (
    "亦博华中睿恒联泰天宏嘉金康瑞盛同万新英卓安百晨德东丰冠海和惠吉凯蓝力美诺鹏启荣尚拓维益远智"
)
BRAND_SECOND = "创兴科信通鑫诚远禾诺元普邦源杰越川光润方峰汇捷锐腾宇航晟恒达泽"
# Combinations that are well-known real companies' names.
FAMOUS_BRANDS = frozenset(
    ("万科", "万达", "同方", "联通", "中航", "中信", "中兴", "中通", "中远", "中泰", "中科",
     "华润", "华远", "华泰", "华信", "海信", "海航", "海通", "东航", "东方", "德邦", "安邦",
     "康泰", "美诺", "百川")
)  # fmt: skip

# GB/T 4754 sections, the words firms of each use in their names, and their share of the
# district's firms (manufacturing and technology first).
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "C": (
        "精密机械", "汽车零部件", "电子", "生物医药", "智能装备", "光电", "新材料", "半导体",
        "医疗器械", "食品", "包装印刷", "机器人", "通信设备", "液压",
    ),
    "I": ("科技", "信息技术", "软件", "网络科技", "数据科技", "云计算"),
    "M": ("检测技术", "生物技术", "工程设计", "技术服务"),
    "G": ("物流", "供应链管理", "货运", "快递服务", "仓储"),
    "F": ("商贸", "贸易", "医药销售", "电子商务"),
    "L": ("企业管理", "人力资源", "商务服务"),
    "E": ("建设工程", "建筑安装", "市政工程"),
    "K": ("物业管理", "置业"),
    "H": ("餐饮管理", "酒店管理"),
    "N": ("环境工程", "园林绿化"),
    "O": ("家政服务", "汽车维修"),
    "D": ("热力", "能源"),
    "J": ("融资租赁",),
    "R": ("文化传媒", "体育发展"),
    "Q": ("健康管理",),
}  # fmt: skip
INDUSTRIES = tuple(INDUSTRY_WORDS)
INDUSTRY_WEIGHTS = (38, 14, 10, 9, 8, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the code's alphabet (no I, O, Z, S, V)


def _org_code_check(body: str) -> str:
    """Check character of an 8-character organisation code (GB 11714)."""
    total = sum(int(ch, 36) * w for ch, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


# --- the plan -------------------------------------------------------------------------


@dataclass(eq=False)
class EntityPlan:
    name: str
    credit_code: str
    headcount: int
    industry: str
    covered_since: date


@dataclass(eq=False)
class UnionPlan:
    index: int
    name: str
    kind: str
    station: StationSpec
    founded_on: date
    entities: list[EntityPlan]
    parent: "UnionPlan | None" = None  # the joint union a member union belongs to
    direct_workers: int = 0
    chair: tuple[str, str] = ("", "")
    contact: tuple[str, str] = ("", "")
    address: str = ""
    status: str = UnionStatus.ACTIVE
    ended_on: date | None = None
    merged_into: "UnionPlan | None" = None
    end_reason: str = ""
    member: bool = False  # a member union of a joint union
    brand: str = ""  # shared by the firm's sister companies
    tag: str = ""  # featured unions that later builders look up
    keep: bool = False  # absorbed another union: lives on


@dataclass(frozen=True)
class Segment:
    """``count`` standalone unions founded directly under stations in [start, end]."""

    start: date
    end: date
    count: int
    large: int | None = None  # exactly this many of 100+ workers (else at random)
    anchor: bool = False  # the segment holds the featured large firm


@dataclass(frozen=True)
class JointSpec:
    name: str
    station: str
    founded_on: date
    industry: str
    direct_workers: int  # new-employment-form workers who joined directly
    entities: int  # small firms covered directly
    members: tuple[tuple[date, date, int], ...]  # member unions founded in each window


@dataclass(frozen=True)
class ScaleSpec:
    stations: int
    segments: tuple[Segment, ...]
    joints: tuple[JointSpec, ...]
    early_ends: tuple[int, int]  # (merged, dissolved) before EARLY_END_BY
    late_ends: tuple[int, int]  # (merged, dissolved) after LATE_END_FROM
    aim: bool  # aim at the reports' figures


D = date
END = D(2026, 11, 21)  # clipped to ctx.today
EARLY_END_BY = D(2020, 6, 30)
LATE_END_FROM = D(2022, 1, 1)
ANCHOR = ("京达", D(2021, 6, 18))  # the district's newest big employer, unionised in 2021
ANCHOR_ENTITIES = (
    ("北京京达世纪商贸有限公司", "F", 0.42),
    ("北京京达智慧物流有限公司", "G", 0.22),
    ("北京京达尚科信息技术有限公司", "I", 0.14),
    ("京达云计算（北京）有限公司", "I", 0.1),
    ("北京京达健康科技有限公司", "M", 0.07),
    ("北京京达振世电子商务有限公司", "F", 0.05),
)
# Share of unions founded in each year of the older period (the district grew year on year).
YEAR_WEIGHTS = {
    2008: 55, 2009: 60, 2010: 66, 2011: 72, 2012: 80, 2013: 86,
    2014: 92, 2015: 98, 2016: 104, 2017: 112, 2018: 122, 2019: 133,
}  # fmt: skip

# What the full-scale plan aims at (the 2020 and 2021 reports, domain.md). Worker figures
# count the unions' headcounts.
TARGETS = {
    "entities_2020": (D(2020, 10, 31), 1797),  # legal entities covered, Oct 2020
    "workers_2021": (D(2021, 11, 30), 257_200),  # workers covered, end of Nov 2021
    "new_workers_2021": (D(2021, 11, 30), 47_307),  # workers of the unions founded 2021
}
# The counts follow from the segments below: 1,169 standalone unions on 31 Oct 2020;
# 90 unions founded Jan-Nov 2020 and 105 (101 standalone: 17 of 100+, 81 under 100, 3 in
# joint unions; 4 joint unions) Jan-Nov 2021, +16.7%; 1,313 unions on 30 Nov 2021.

FULL = ScaleSpec(
    stations=10,
    segments=(
        Segment(D(2008, 1, 1), D(2019, 12, 31), 1080),
        Segment(D(2020, 1, 1), D(2020, 10, 31), 82),
        Segment(D(2020, 11, 1), D(2020, 11, 30), 8),
        Segment(D(2020, 12, 1), D(2020, 12, 31), 25),
        Segment(D(2021, 1, 1), D(2021, 11, 30), 98, large=17, anchor=True),
        Segment(D(2021, 12, 1), D(2021, 12, 31), 9),
        Segment(D(2022, 1, 1), D(2022, 12, 31), 78),
        Segment(D(2023, 1, 1), D(2023, 12, 31), 72),
        Segment(D(2024, 1, 1), D(2024, 12, 31), 66),
        Segment(D(2025, 1, 1), D(2025, 12, 31), 61),
        Segment(D(2026, 1, 1), END, 52),
    ),
    joints=(
        JointSpec("亦庄小微企业工会联合会", "yizhuang", D(2010, 5, 12), "L", 180, 14,
                  ((D(2011, 1, 1), D(2019, 12, 31), 8), (D(2022, 1, 1), END, 2))),
        JointSpec("路东楼宇工会联合会", "ludong", D(2012, 4, 20), "L", 95, 10,
                  ((D(2013, 1, 1), D(2019, 12, 31), 6),)),
        JointSpec("河西工业园区工会联合会", "hexi", D(2014, 9, 3), "C", 60, 9,
                  ((D(2015, 1, 1), D(2019, 12, 31), 6),)),
        JointSpec("马驹桥物流园区工会联合会", "majuqiao", D(2016, 3, 18), "G", 260, 8,
                  ((D(2016, 6, 1), D(2019, 12, 31), 5), (D(2021, 1, 1), D(2021, 11, 30), 1))),
        JointSpec("旧宫商贸企业工会联合会", "jiugong", D(2018, 6, 8), "F", 120, 7,
                  ((D(2018, 9, 1), D(2019, 12, 31), 4), (D(2023, 1, 1), D(2025, 12, 31), 2))),
        JointSpec("通明湖信息城工会联合会", "tongminghu", D(2019, 4, 26), "I", 45, 6,
                  ((D(2019, 6, 1), D(2019, 12, 31), 3), (D(2024, 1, 1), END, 2))),
        JointSpec("经开区快递行业工会联合会", "majuqiao", D(2021, 3, 16), "G", 2306, 6,
                  ((D(2021, 4, 1), D(2021, 11, 30), 1), (D(2022, 1, 1), END, 3))),
        JointSpec("经开区网约配送员工会联合会", "yizhuang", D(2021, 5, 27), "G", 1587, 5,
                  ((D(2021, 6, 1), D(2021, 11, 30), 1), (D(2022, 1, 1), END, 2))),
        JointSpec("经开区货车司机工会联合会", "ciqu", D(2021, 7, 22), "G", 1021, 4,
                  ((D(2023, 1, 1), END, 2),)),
        JointSpec("经开区网约车司机工会联合会", "boxing", D(2021, 9, 9), "G", 700, 3,
                  ((D(2022, 1, 1), END, 1),)),
        JointSpec("台湖演艺小镇工会联合会", "taihu", D(2023, 5, 16), "R", 80, 6,
                  ((D(2023, 8, 1), END, 4),)),
        JointSpec("瀛海镇小微企业工会联合会", "yinghai", D(2025, 4, 10), "L", 40, 5,
                  ((D(2025, 6, 1), END, 3),)),
    ),
    early_ends=(10, 15),
    late_ends=(5, 10),
    aim=True,
)  # fmt: skip

SMALL = ScaleSpec(
    stations=3,
    segments=(
        Segment(D(2008, 1, 1), D(2019, 12, 31), 15),
        Segment(D(2020, 1, 1), D(2020, 10, 31), 2),
        Segment(D(2020, 12, 1), D(2020, 12, 31), 1),
        Segment(D(2021, 1, 1), D(2021, 11, 30), 5, large=2, anchor=True),
        Segment(D(2021, 12, 1), END, 6),
    ),
    joints=(
        JointSpec("亦庄小微企业工会联合会", "yizhuang", D(2010, 5, 12), "L", 180, 5,
                  ((D(2011, 1, 1), D(2019, 12, 31), 2), (D(2021, 1, 1), D(2021, 11, 30), 1))),
        JointSpec("经开区快递行业工会联合会", "majuqiao", D(2021, 3, 16), "G", 420, 3,
                  ((D(2021, 4, 1), D(2021, 11, 30), 1), (D(2022, 1, 1), END, 1))),
    ),
    early_ends=(0, 1),
    late_ends=(1, 1),
    aim=False,
)  # fmt: skip

DISSOLVE_REASONS = ("企业注销", "企业迁出经开区", "企业破产清算", "企业停业")
MERGE_REASONS = ("企业吸收合并", "母子公司工会整合", "企业被收购，工会并入收购方工会")


class Planner:
    """Plans the unions and entities of one scale; all choices from one generator."""

    def __init__(self, rng: random.Random, spec: ScaleSpec, today: date) -> None:
        self.rng = rng
        self.spec = spec
        self.today = today
        self.stations = STATIONS[: spec.stations]
        self.unions: list[UnionPlan] = []
        self.names: set[str] = set()
        self.codes: set[str] = set()
        self.names.update(name for name, _industry, _share in ANCHOR_ENTITIES)

    # -- small generators --

    def _brand(self) -> str:
        while True:
            brand = self.rng.choice(BRAND_FIRST) + self.rng.choice(BRAND_SECOND)
            if brand != ANCHOR[0] and brand[0] != brand[1] and brand not in FAMOUS_BRANDS:
                return brand

    def company_name(self, industry: str, brand: str = "") -> str:
        for attempt in range(1000):
            word = self.rng.choice(INDUSTRY_WORDS[industry])
            stem = (brand if brand and attempt < 20 else self._brand()) + word
            form = self.rng.random()
            if form < 0.72:
                name = f"北京{stem}有限公司"
            elif form < 0.82:
                name = f"北京{stem}股份有限公司"
            elif form < 0.94:
                name = f"{stem}（北京）有限公司"
            else:
                name = f"北京亦庄{stem}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("ran out of company names")

    def credit_code(self, station: StationSpec, registered: date) -> str:
        while True:
            roll = self.rng.random()
            region = station.region if roll < 0.75 else "110302" if roll < 0.92 else "110000"
            if registered.year >= 2016 or self.rng.random() < 0.08:
                body = (
                    "MA0"
                    + self.rng.choice("01234")
                    + "".join(self.rng.choice(USCC_CHARS) for _ in range(4))
                )
            else:
                body = self.rng.choice("5678") + f"{self.rng.randrange(10**7):07d}"
            first17 = f"91{region}{body}{_org_code_check(body)}"
            code = first17 + uscc.calc_check_digit(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def industry(self) -> str:
        return self.rng.choices(INDUSTRIES, weights=INDUSTRY_WEIGHTS)[0]

    def station(self, day: date) -> StationSpec:
        weights = [
            s.weight * (0.4 if s.expansion and day.year < 2019 else 1) for s in self.stations
        ]
        return self.rng.choices(self.stations, weights=weights)[0]

    def address(self, station: StationSpec) -> str:
        address = f"{station.area}{self.rng.choice(station.streets)}{self.rng.randint(1, 48)}号"
        if self.rng.random() < 0.4:
            address += f"院{self.rng.randint(1, 12)}号楼"
        return address

    def small_total(self) -> int:
        return min(99, max(3, int(self.rng.triangular(3, 99, 18))))

    def large_total(self) -> int:
        return LARGE_UNION_HEADCOUNT + min(7900, int(self.rng.lognormvariate(5.5, 1.05)))

    def split(self, total: int, parts: int) -> list[int]:
        """``total`` workers over ``parts`` entities, the first the largest, each >= 1."""
        parts = max(1, min(parts, total))
        weights = sorted((self.rng.random() + 0.2 for _ in range(parts)), reverse=True)
        shares = [max(1, int(total * w / sum(weights))) for w in weights]
        shares[0] += total - sum(shares)
        return shares

    def date_in(self, start: date, end: date) -> date:
        end = min(end, self.today)
        if start.year == end.year:
            return random_date(self.rng, start, end)
        years = list(range(start.year, end.year + 1))
        year = self.rng.choices(years, weights=[YEAR_WEIGHTS.get(y, 100) for y in years])[0]
        return random_date(self.rng, max(start, D(year, 1, 1)), min(end, D(year, 12, 31)))

    def later_date(self, start: date) -> date:
        """When a further firm came under a union: mostly within a few years."""
        days = int(self.rng.expovariate(1 / 700))
        return min(self.today, date.fromordinal(start.toordinal() + days))

    # -- unions --

    def _union(self, station: StationSpec, founded: date, kind: str, **extra: Any) -> UnionPlan:
        union = UnionPlan(
            index=len(self.unions),
            name="",
            kind=kind,
            station=station,
            founded_on=founded,
            entities=[],
            chair=(person_name(self.rng), mobile(self.rng)),
            contact=(person_name(self.rng), mobile(self.rng)),
            address=self.address(station),
            **extra,
        )
        self.unions.append(union)
        return union

    def entity(self, union: UnionPlan, name: str, industry: str, headcount: int, on: date) -> None:
        union.entities.append(
            EntityPlan(name, self.credit_code(union.station, on), headcount, industry, on)
        )

    def firm_union(
        self, station: StationSpec, founded: date, size: str, parent: UnionPlan | None = None
    ) -> UnionPlan:
        """A firm's own union covering the firm and, for some, its sister companies."""
        union = self._union(
            station, founded, UnionKind.STANDALONE, parent=parent, member=parent is not None
        )
        industry = self.industry()
        large = size == "large"
        total = self.large_total() if large else self.small_total()
        roll = self.rng.random()
        count = 1 if roll < 0.62 else 2 if roll < 0.84 else 3 if roll < 0.95 else 4
        if not large:
            count = min(count, 2)
        union.brand = self._brand()
        for i, headcount in enumerate(self.split(total, count)):
            name = self.company_name(industry if i == 0 else self.industry(), union.brand)
            on = founded if i == 0 else self.later_date(founded)
            self.entity(union, name, industry, headcount, on)
        union.name = union.entities[0].name + ("工会委员会" if large else "工会")
        return union

    def anchor_union(self, station: StationSpec) -> UnionPlan:
        """The featured firm; its workers are set once the rest is known."""
        union = self._union(station, ANCHOR[1], UnionKind.STANDALONE, tag="anchor")
        union.brand = ANCHOR[0]
        entered = [ANCHOR[1]] * 3 + [D(2022, 3, 1), D(2023, 7, 1), D(2024, 9, 1)]
        for (name, industry, _share), on in zip(ANCHOR_ENTITIES, entered, strict=True):
            self.entity(union, name, industry, 1, min(on, self.today))
        union.name = ANCHOR_ENTITIES[0][0] + "工会委员会"
        return union

    def set_anchor_workers(self, total: int) -> None:
        anchor = next(u for u in self.unions if u.tag == "anchor")
        shares = sum(share for _name, _industry, share in ANCHOR_ENTITIES)
        for entity, (_name, _industry, share) in zip(anchor.entities, ANCHOR_ENTITIES, strict=True):
            entity.headcount = max(1, int(total * share / shares))
        anchor.entities[0].headcount += total - sum(e.headcount for e in anchor.entities)

    def joint_union(self, spec: JointSpec) -> UnionPlan:
        station = next(s for s in self.stations if s.slug == spec.station)
        union = self._union(
            station, spec.founded_on, UnionKind.JOINT, direct_workers=spec.direct_workers
        )
        union.name = spec.name
        for _ in range(spec.entities):
            on = random_date(self.rng, spec.founded_on, min(self.today, D(2026, 6, 30)))
            name = self.company_name(spec.industry)
            self.entity(union, name, spec.industry, self.rng.randint(3, 40), on)
        for start, end, count in spec.members:
            if start > self.today:
                continue
            for _ in range(count):
                self.firm_union(station, self.date_in(start, end), "small", parent=union)
        return union

    def segment(self, segment: Segment) -> None:
        if segment.start > self.today:
            return
        count = segment.count - (1 if segment.anchor else 0)
        if segment.large is None:
            sizes = ["large" if self.rng.random() < 0.38 else "small" for _ in range(count)]
        else:
            large = segment.large - (1 if segment.anchor else 0)
            sizes = ["large"] * large + ["small"] * (count - large)
            self.rng.shuffle(sizes)
        for size in sizes:
            founded = self.date_in(segment.start, segment.end)
            self.firm_union(self.station(founded), founded, size)
        if segment.anchor:
            self.anchor_union(self.stations[0])

    # -- merges and dissolutions --

    def _end(self, union: UnionPlan, on: date, merged_into: UnionPlan | None) -> None:
        union.ended_on = on
        if merged_into is None:
            union.status = UnionStatus.DISSOLVED
            union.end_reason = self.rng.choice(DISSOLVE_REASONS)
        else:
            union.status = UnionStatus.MERGED
            union.merged_into = merged_into
            union.end_reason = self.rng.choice(MERGE_REASONS)

    def _end_candidates(self, latest_founding: date) -> list[UnionPlan]:
        return [
            u
            for u in self.unions
            if u.kind == UnionKind.STANDALONE
            and not u.member
            and not u.tag
            and not u.keep
            and u.status == UnionStatus.ACTIVE
            and u.founded_on <= latest_founding
        ]

    def _merge_target(
        self, union: UnionPlan, on: date, ending: list[UnionPlan]
    ) -> UnionPlan | None:
        """A union that lives on: an older one of the same station if there is one, else an
        older one, else one founded before the merger."""
        alive = [u for u in self._end_candidates(on) if u not in ending]
        older = [u for u in alive if u.founded_on < union.founded_on]
        same = [u for u in older if u.station is union.station]
        pool = same or older or alive
        return self.rng.choice(pool) if pool else None

    def ends(self, counts: tuple[int, int], founded_by: date, start: date, end: date) -> None:
        """Merge and dissolve some of the unions founded by ``founded_by`` in [start, end]."""
        merged, dissolved = counts
        end = min(end, self.today)
        if start > end:
            return
        pool = self._end_candidates(founded_by)
        ending = self.rng.sample(pool, min(len(pool), merged + dissolved))
        for i, union in enumerate(ending):
            on = random_date(self.rng, max(start, D(union.founded_on.year + 2, 1, 1)), end)
            target = self._merge_target(union, on, ending) if i < merged else None
            self._end(union, on, target)
            if target is not None:
                target.keep = True

    # -- aiming at the reports --

    def final_state(self) -> dict[int, tuple[list[EntityPlan], int]]:
        """Entities and direct workers each union holds once merges are done."""
        held: dict[int, tuple[list[EntityPlan], int]] = {u.index: ([], 0) for u in self.unions}
        for union in self.unions:
            owner = union
            while owner.merged_into is not None:
                owner = owner.merged_into
            entities, direct = held[owner.index]
            held[owner.index] = (entities + union.entities, direct + union.direct_workers)
        return held

    def existing_on(self, day: date) -> list[UnionPlan]:
        return [
            u
            for u in self.unions
            if u.founded_on <= day and (u.ended_on is None or u.ended_on > day)
        ]

    def figures(self, day: date) -> dict[str, int]:
        held = self.final_state()
        existing = self.existing_on(day)
        return {
            "unions": len(existing),
            "standalone": sum(u.kind == UnionKind.STANDALONE for u in existing),
            "entities": sum(e.covered_since <= day for u in existing for e in held[u.index][0]),
            "workers": sum(
                sum(e.headcount for e in held[u.index][0]) + held[u.index][1] for u in existing
            ),
        }

    def aim_entities(self, day: date, target: int) -> None:
        """Hit the number of legal entities covered on ``day``: later entries for some
        sister companies, or more sister companies."""
        surplus = self.figures(day)["entities"] - target
        alive = [u for u in self.existing_on(day) if u.ended_on is None and not u.tag]
        if surplus > 0:
            later = [e for u in alive for e in u.entities[1:] if e.covered_since <= day]
            for entity in self.rng.sample(later, min(surplus, len(later))):
                entity.covered_since = random_date(
                    self.rng, date.fromordinal(day.toordinal() + 1), self.today
                )
        firms = [u for u in alive if u.kind == UnionKind.STANDALONE]
        for _ in range(-surplus):
            union = self.rng.choice(firms)
            on = random_date(self.rng, union.founded_on, day)
            name = self.company_name(self.industry(), union.brand)
            self.entity(union, name, union.entities[0].industry, self.rng.randint(5, 60), on)

    def aim_workers(self, day: date, cohort_start: date, total: int, new: int) -> None:
        """Hit the workers covered on ``day`` and those of the unions founded in
        [cohort_start, day]: the older firms are scaled, the featured firm takes the rest of
        its cohort's figure."""
        cohort = [u for u in self.unions if cohort_start <= u.founded_on <= day]
        held = self.final_state()
        others = sum(_union_total(held, u) for u in cohort if u.tag != "anchor")
        self.set_anchor_workers(new - others)

        older = [u for u in self.existing_on(day) if u.founded_on < cohort_start]
        large = [e for u in older for e in held[u.index][0] if _union_total(held, u) >= 100]
        current = self.figures(day)["workers"]
        scalable = sum(e.headcount for e in large)
        factor = (scalable + total - current) / scalable
        for entity in large:
            entity.headcount = max(1, round(entity.headcount * factor))
        biggest = max(large, key=lambda e: e.headcount)
        biggest.headcount += total - self.figures(day)["workers"]

    def plan(self) -> list[UnionPlan]:
        for joint in self.spec.joints:
            if joint.founded_on <= self.today:
                self.joint_union(joint)
        for segment in self.spec.segments:
            self.segment(segment)
        merged, dissolved = self.spec.early_ends
        self.ends((merged, dissolved), D(2014, 12, 31), D(2011, 1, 1), EARLY_END_BY)
        self.ends(self.spec.late_ends, D(2019, 12, 31), LATE_END_FROM, self.today)
        if self.spec.aim:
            day, entities = TARGETS["entities_2020"]
            self.aim_entities(day, entities)
            day, workers = TARGETS["workers_2021"]
            self.aim_workers(day, D(day.year, 1, 1), workers, TARGETS["new_workers_2021"][1])
        else:
            self.set_anchor_workers(self.rng.randint(1800, 2600))
        return self.unions


def _union_total(held: dict[int, tuple[list[EntityPlan], int]], union: UnionPlan) -> int:
    entities, direct = held[union.index]
    return sum(e.headcount for e in entities) + direct


# --- writing --------------------------------------------------------------------------


@dataclass
class DemoTree:
    """What later demo modules need: the nodes, by station slug and by tag."""

    federation: Organization
    stations: dict[str, Organization]
    unions: list[Organization] = field(default_factory=list)
    featured: dict[str, Organization] = field(default_factory=dict)


def _write_stations(ctx: DemoContext, specs: Iterable[StationSpec]) -> DemoTree:
    federation = services.federation_create(actor=ctx.actor, name=FEDERATION_NAME)
    federation = services.union_update(
        actor=ctx.actor,
        union=federation,
        contact_name=person_name(ctx.rng),
        contact_phone=mobile(ctx.rng),
        address=FEDERATION_ADDRESS,
    )
    stations = {}
    for spec in specs:
        stations[spec.slug] = services.station_create(
            actor=ctx.actor,
            federation=federation,
            name=spec.name,
            chair_name=person_name(ctx.rng),
            chair_phone=mobile(ctx.rng),
            contact_name=person_name(ctx.rng),
            contact_phone=mobile(ctx.rng),
            address=f"{spec.area}{ctx.rng.choice(spec.streets)}{ctx.rng.randint(1, 30)}号",
        )
    return DemoTree(federation=federation, stations=stations)


def _found(ctx: DemoContext, plan: UnionPlan, parent: Organization) -> Organization:
    node = services.union_found(
        actor=ctx.actor,
        parent=parent,
        name=plan.name,
        union_kind=plan.kind,
        founded_on=plan.founded_on,
        chair_name=plan.chair[0],
        chair_phone=plan.chair[1],
        contact_name=plan.contact[0],
        contact_phone=plan.contact[1],
        address=plan.address,
        direct_workers=plan.direct_workers,
    )
    for entity in plan.entities:
        services.legal_entity_attach(
            actor=ctx.actor,
            union=node,
            name=entity.name,
            credit_code=entity.credit_code,
            headcount=entity.headcount,
            industry=entity.industry,
            covered_since=entity.covered_since,
        )
    return node


def _write_unions(ctx: DemoContext, tree: DemoTree, plans: list[UnionPlan]) -> None:
    nodes: dict[int, Organization] = {}
    joint_first = sorted(plans, key=lambda u: (u.founded_on, u.kind != UnionKind.JOINT, u.index))
    for done, plan in enumerate(joint_first, start=1):
        parent = nodes[plan.parent.index] if plan.parent else tree.stations[plan.station.slug]
        nodes[plan.index] = _found(ctx, plan, parent)
        if ctx.full and done % 500 == 0:
            ctx.log(f"  工会 {done}/{len(plans)}")
    ended = sorted((u for u in plans if u.ended_on), key=lambda u: (u.ended_on, u.index))
    for plan in ended:
        assert plan.ended_on is not None
        if plan.merged_into is not None:
            services.union_merge(
                actor=ctx.actor,
                union=nodes[plan.index],
                into=nodes[plan.merged_into.index],
                on=plan.ended_on,
                reason=plan.end_reason,
            )
        else:
            services.union_dissolve(
                actor=ctx.actor, union=nodes[plan.index], on=plan.ended_on, reason=plan.end_reason
            )
    tree.unions = [nodes[plan.index] for plan in plans]
    anchor = next(p for p in plans if p.tag == "anchor")
    joint = next(p for p in plans if p.kind == UnionKind.JOINT)
    member = min((p for p in plans if p.parent is joint), key=lambda p: (p.founded_on, p.index))
    for key, plan in (("anchor", anchor), ("joint", joint), ("member", member)):
        tree.featured[key] = Organization.objects.get(pk=nodes[plan.index].pk)


def _summary(ctx: DemoContext, tree: DemoTree, plans: list[UnionPlan]) -> list[str]:
    entities = sum(len(p.entities) for p in plans)
    joint = sum(p.kind == UnionKind.JOINT for p in plans)
    ended = sum(p.ended_on is not None for p in plans)
    day = D(2021, 11, 30)
    now = selectors.coverage(actor=ctx.actor, on=ctx.today)
    then = selectors.coverage(actor=ctx.actor, on=day)
    new = selectors.new_unions(actor=ctx.actor, start=D(2021, 1, 1), end=day)
    return [
        f"组织：总工会 1，服务站 {len(tree.stations)}，工会 {len(plans)}（联合会 {joint}，"
        f"已合并或撤销 {ended}），法人单位 {entities}",
        f"覆盖 {now.on}：工会 {now.unions}，法人单位 {now.legal_entities}，职工 {now.workers:,}",
        f"覆盖 {then.on}：工会 {then.unions}，法人单位 {then.legal_entities}，"
        f"职工 {then.workers:,}",
        f"2021-01-01..{day} 新建：{new.total}（单独建会 {new.standalone}：百人以上 "
        f"{new.standalone_large}、百人以下 {new.standalone_small}、加入联合会 "
        f"{new.joined_joint}；联合会 {new.joint}），职工 {new.workers:,}，同比 "
        f"{new.growth_percent}%",
    ]


def build(ctx: DemoContext) -> None:
    spec = FULL if ctx.full else SMALL
    plans = Planner(ctx.rng, spec, ctx.today).plan()
    ctx.log(f"组织：{len(plans)} 个工会…")
    tree = _write_stations(ctx, STATIONS[: spec.stations])
    _write_unions(ctx, tree, plans)
    ctx.shared["organizations"] = tree
    ctx.summary.extend(_summary(ctx, tree, plans))
