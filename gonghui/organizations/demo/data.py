"""The demo district's data: stations, name parts, scale specifications and the targets."""

from dataclasses import dataclass
from datetime import date

from gonghui.organizations.choices import UnionStatus

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
    headcount: int  # the latest reported
    industry: str
    covered_since: date
    earlier: int | None = None  # reported from covered_since until reported_on
    reported_on: date | None = None

    def headcount_on(self, day: date) -> int:
        if self.earlier is not None and self.reported_on is not None and day < self.reported_on:
            return self.earlier
        return self.headcount


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
# count the headcounts the covered entities had reported by the day, so the plan gives
# some firms a larger headcount in 2020, corrected by a report in the first half of 2021.
TARGETS = {
    "entities_2020": (D(2020, 10, 31), 1797),  # legal entities covered, Oct 2020
    "workers_2020": (D(2020, 10, 31), 300_000),  # workers covered, Oct 2020
    "workers_2021": (D(2021, 11, 30), 257_200),  # workers covered, end of Nov 2021
    "new_workers_2021": (D(2021, 11, 30), 47_307),  # workers of the unions founded 2021
}
REPORTS_2021 = (D(2021, 1, 4), D(2021, 6, 30))  # when the 2020 headcounts were corrected
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
