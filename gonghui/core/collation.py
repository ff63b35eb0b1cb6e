"""The sort key of a Chinese name: its pinyin, as a Chinese reader orders names.

A name is sorted by the pinyin of its characters (阿 a1 < 北 bei3 < 重庆 chong2qing4 <
张 zhang1), each character's syllable followed by its tone (1-4, 5 for the neutral tone),
so that the first characters are compared whole before the next ones (西安 xi1an1 < 先
xian1, 八 ba1 < 班 ban1). Polyphones are read with pypinyin's phrase dictionary (重庆 is
chong2, 重要 zhong4, 银行 hang2); ü is written ``v`` (lv3 after lu3, as dictionaries do).
Latin letters are kept (lower case, full-width ones folded), a number is compared as a
number (第2 < 第10), and so is an ordinal in Chinese numerals (第二 < 第十: 第一服务站
before 第二服务站, as a reader counts, not di4er4 < di4yi1); other characters (brackets,
punctuation) are dropped.

Why a stored key rather than the database's collation: the key is computed once, when a
service writes the name, into a column (e.g. ``Organization.name_sort``) that the database
sorts and paginates like any other, on SQLite (which has no Chinese collation) and on
PostgreSQL alike; ``Collate(name, "zh-x-icu")`` would sort on PostgreSQL only, and a key
computed in Python at read time could not be paginated by the database. The key holds only
``[0-9a-z]``, which every collation (binary, glibc, ICU) orders the same way, so the order
does not depend on the database's locale. Names that read the same (张/章) are then told
apart by the name itself, then the primary key.
"""

import re
import unicodedata
from functools import lru_cache

SORT_KEY_LENGTH = 255
NUMBER_WIDTH = 6
_SYLLABLE = re.compile(r"^[a-z]+[1-5]$")
_RUNS = re.compile(r"[a-z]+|[0-9]+")
# ends a run of Latin letters: lower than any letter, so AB长 < ABC公司 and 张 < 张a < 张三
_LETTERS_END = "0"


_ORDINAL = re.compile(r"第([零〇一二两三四五六七八九十百]+)")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_DIGITS.update({"七": 7, "八": 8, "九": 9})


def chinese_number(numerals: str) -> int:
    """一 1, 十 10, 十二 12, 二十 20, 一百零五 105 (up to 999)."""
    total, digit = 0, 0
    for char in numerals:
        if char == "百":
            total += (digit or 1) * 100
            digit = 0
        elif char == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = _DIGITS[char]
    return total + digit


def _ordinals_as_numbers(text: str) -> str:
    return _ORDINAL.sub(lambda match: f"第{chinese_number(match.group(1))}", text)


@lru_cache(maxsize=1)
def _reader():  # type: ignore[no-untyped-def]
    """pypinyin, imported on first use: its dictionaries take a second and ~50 MB, paid
    only by a process that writes a name."""
    from pypinyin import Style, lazy_pinyin

    def read(text: str) -> list[str]:
        return list(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))

    return read


def _run_key(run: str) -> str:
    """Letters end with a marker; a number is zero-padded, so that 2 < 10."""
    return run.zfill(NUMBER_WIDTH) if run.isdigit() else run + _LETTERS_END


def _token_key(token: str) -> str:
    """A syllable as it is; any other text by its runs of letters and digits."""
    if _SYLLABLE.match(token):
        return token
    return "".join(_run_key(run) for run in _RUNS.findall(token.lower()))


def pinyin_key(text: str) -> str:
    """The sort key of ``text`` (at most ``SORT_KEY_LENGTH`` characters of ``[0-9a-z]``)."""
    text = _ordinals_as_numbers(unicodedata.normalize("NFKC", text or "").strip())
    if not text:
        return ""
    key = "".join(_token_key(token) for token in _reader()(text))
    return key[:SORT_KEY_LENGTH]
