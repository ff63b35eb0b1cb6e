"""Agreed terms typed one per line, numbered once in one style.

Mediators type the terms of an agreement one per line, some already numbered ("1.",
"一、", "（一）", "1、", "第一条", "①"...). A document numbers them itself, so any
leading numbering is stripped first (repeatedly: "1. 一、" is one numbering too) and
the clauses are numbered "（一）", "（二）"..., the second level of a Chinese document
whose sections are "一、", "二、" (GB/T 9704)::

    numbered_clauses("1. 支付工资\\n二、撤回申请")  # ["（一）支付工资", "（二）撤回申请"]

A number that starts the text itself is kept: "2025年12月31日前支付", "1.5万元于...",
"1,000元" or "10:00前" are not numbered lines (a numbering is followed by its
punctuation, and that punctuation not by a digit).
"""

import re

_DIGITS = "0-9０-９"
_CHINESE = "〇零一二三四五六七八九十百两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NUMERAL = rf"(?:[{_DIGITS}]+|[{_CHINESE}]+)"

_LEADING_NUMBER = re.compile(
    "|".join(
        (
            rf"第\s*{_NUMERAL}\s*[条项款]\s*[、，,.．:：]?",  # 第一条 第2项
            rf"[（(]\s*{_NUMERAL}\s*[）)]\s*[、.．:：]?",  # （一） (1)
            rf"{_NUMERAL}\s*[）)]",  # 1) 一）
            rf"[{_DIGITS}]+\s*(?:、|[.．,，:：](?![{_DIGITS}]))",  # 1. 1、 (not 1.5, 1,000, 10:00)
            rf"[{_CHINESE}]+\s*[、.．:：]",  # 一、 一.
            rf"[{_CIRCLED}]",  # ①
            r"[-－—•·*]+(?=\s)",  # - bullet, followed by a space
        )
    )
)

_UNITS = "零一二三四五六七八九"


def strip_numbering(line: str) -> str:
    """The line without any leading numbering and surrounding blanks."""
    text = line.strip()
    while match := _LEADING_NUMBER.match(text):
        text = text[match.end() :].lstrip()
    return text


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 24 → 二十四, 105 → 一百零五 (as clauses are numbered)."""
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return "十" + (_UNITS[n % 10] if n % 10 else "")
    if n < 100:
        return _UNITS[n // 10] + "十" + (_UNITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if not rest:
        return _UNITS[hundreds] + "百"
    tail = chinese_number(rest) if rest >= 10 else "零" + _UNITS[rest]
    if 10 <= rest < 20:
        tail = "一" + tail  # 一百一十
    return _UNITS[hundreds] + "百" + tail


def clause_label(n: int) -> str:
    return f"（{chinese_number(n)}）"


def clauses(terms: str) -> list[str]:
    """The clauses of ``terms``: one per non-blank line, without their own numbering."""
    stripped = (strip_numbering(line) for line in terms.splitlines())
    return [text for text in stripped if text]


def numbered_clauses(terms: str) -> list[str]:
    return [clause_label(n) + text for n, text in enumerate(clauses(terms), start=1)]
