"""The text of the agreement PDF: the clauses numbered once whatever numbering the
mediator typed, Chinese clause numbers, and 人民币大写."""

from decimal import Decimal

import pytest

from gonghui.documents.agreement_pdf import amount_in_capitals
from gonghui.documents.clauses import chinese_number, clauses, numbered_clauses


@pytest.mark.parametrize(
    ("line", "clause"),
    [
        ("1. 支付工资", "支付工资"),
        ("1.支付工资", "支付工资"),
        ("2、办理离职手续", "办理离职手续"),
        ("３．全角数字", "全角数字"),
        ("4) 保密", "保密"),
        ("(5) 保密", "保密"),
        ("一、支付工资", "支付工资"),
        ("十二、支付工资", "支付工资"),
        ("（三）撤回申请", "撤回申请"),
        ("（ 三 ）撤回申请", "撤回申请"),
        ("第一条 双方再无争议", "双方再无争议"),
        ("第10条：双方再无争议", "双方再无争议"),
        ("① 其他", "其他"),
        ("- 其他", "其他"),
        ("1. 一、两种编号", "两种编号"),
        ("1、（一）两种编号", "两种编号"),
        ("  2. 前后有空格  ", "前后有空格"),
        # text that starts with a number is not a numbering
        ("2025年12月31日前付清", "2025年12月31日前付清"),
        ("1.5万元经济补偿", "1.5万元经济补偿"),
        ("1,000元于次月支付", "1,000元于次月支付"),
        ("10:00前到场", "10:00前到场"),
        ("一次性支付经济补偿", "一次性支付经济补偿"),
        ("两个月工资", "两个月工资"),
        ("第一期款项于次月支付", "第一期款项于次月支付"),
        ("（以下简称甲方）同意", "（以下简称甲方）同意"),
    ],
)
def test_a_clause_loses_the_numbering_typed_before_it(line: str, clause: str) -> None:
    assert clauses(line) == [clause]


def test_mixed_numberings_become_one() -> None:
    terms = "1. 支付工资\n二、办理手续\n\n  \n（三）撤回申请\n第四条 再无争议\n5、\n保密"

    assert numbered_clauses(terms) == [
        "（一）支付工资",
        "（二）办理手续",
        "（三）撤回申请",
        "（四）再无争议",
        "（五）保密",
    ]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (24, "二十四"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (123, "一百二十三"),
    ],
)
def test_clause_numbers_in_chinese(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("8000", "捌仟元整"),
        ("12345.60", "壹万贰仟叁佰肆拾伍元陆角整"),
        ("100.05", "壹佰元零伍分"),
        ("10010.01", "壹万零壹拾元零壹分"),
        ("3461000", "叁佰肆拾陆万壹仟元整"),
        ("0", "零元整"),
    ],
)
def test_amounts_in_capitals(amount: str, capitals: str) -> None:
    assert amount_in_capitals(Decimal(amount)) == capitals
