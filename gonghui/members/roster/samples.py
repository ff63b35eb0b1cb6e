"""Realistic rosters for tests, the benchmark and demonstrations: common Chinese names,
valid resident ID numbers (real area codes, a birth date, the right check digit) and
valid mobile numbers. Every function takes a ``random.Random`` so a roster is repeatable.
"""

import csv
import io
import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from gonghui.members.roster.columns import HEADERS

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文斌海燕玉梅鹏飞宇浩然子涵欣怡梓萱"
    "一诺俊思远晨曦雨桐佳琪嘉欣晓红春燕立新振华宏亮永红丹凤金龙德胜秀珍淑兰凤英翠花"
)
AREA_CODES = (
    "110101",
    "110105",
    "110108",
    "120101",
    "310104",
    "310115",
    "320102",
    "330106",
    "350102",
    "370102",
    "410105",
    "420102",
    "430102",
    "440106",
    "440305",
    "500103",
    "510104",
    "610113",
)
MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *("147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166"),
    *("173", "175", "176", "177", "178"),
    *(f"18{d}" for d in range(10)),
    *("191", "198", "199"),
)


def person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


@lru_cache(maxsize=4096)
def _area_valid(area: str, year: int) -> bool:
    try:
        ric.get_birth_place(f"{area}{year}0101")
    except (stdnum_errors.ValidationError, KeyError):
        return False
    return True


def id_number(rng: random.Random, born_from: int = 1966, born_to: int = 2004) -> str:
    while True:
        area, year = rng.choice(AREA_CODES), rng.randint(born_from, born_to)
        if _area_valid(area, year):
            break
    born = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    body = f"{area}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def id_numbers(rng: random.Random, count: int) -> list[str]:
    """``count`` different valid ID numbers, in an order that depends on the generator
    only (never on set order, which changes with the hash seed)."""
    numbers: set[str] = set()
    while len(numbers) < count:
        numbers.add(id_number(rng))
    ordered = sorted(numbers)
    rng.shuffle(ordered)
    return ordered


def phone(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}"


def roster_rows(
    rng: random.Random,
    count: int,
    *,
    employers: Sequence[str] = ("",),
    since: date = date(2021, 3, 1),
) -> list[list[Any]]:
    """``count`` valid rows in the template's column order, each joining on or after
    ``since`` (a membership cannot start before its union: the test unions' founding)."""
    rows = []
    for number in id_numbers(rng, count):
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        earliest = max(born + timedelta(days=18 * 366), since)
        started = earliest + timedelta(
            days=rng.randrange(max((date(2025, 12, 31) - earliest).days, 1))
        )
        rows.append(
            [person_name(rng), number, phone(rng), started, rng.choice(employers), "单位职工", ""]
        )
    return rows


def spoil(rng: random.Random, rows: list[list[Any]], share: float) -> list[int]:
    """Make ``share`` of the rows invalid in the ways real rosters are (a wrong check
    digit, a short phone, a date in the future, a missing name, an ID number repeated);
    returns their 0-based indexes."""
    spoiled = sorted(rng.sample(range(len(rows)), int(len(rows) * share)))
    for n, index in enumerate(spoiled):
        row = rows[index]
        kind = n % 5
        if kind == 0:
            last = row[1][-1]
            row[1] = row[1][:-1] + ("0" if last != "0" else "1")
        elif kind == 1:
            row[2] = row[2][:9]
        elif kind == 2:
            row[3] = date.today() + timedelta(days=30)  # noqa: DTZ011 - a date, any zone will do
        elif kind == 3:
            row[0] = ""
        else:
            row[1] = rows[index - 1][1]
    return spoiled


def write_xlsx(
    path: Path | io.BytesIO, rows: Iterable[Sequence[Any]], headers: Sequence[str] = HEADERS
) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("会员名册")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)


def write_csv(
    path: Path,
    rows: Iterable[Sequence[Any]],
    headers: Sequence[str] = HEADERS,
    encoding: str = "utf-8-sig",
) -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
