"""The one module of input rules: money, dates not in the future, required text, counts."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import rules


def _refusal(check: Any, *args: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        check(*args, **kwargs)
    return refused.value.message_dict


# --- money ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12.5", Decimal("12.50")), (3, Decimal("3.00")), (Decimal("0.10"), Decimal("0.10"))],
)
def test_money_is_a_decimal_with_two_places(value: Any, expected: Decimal) -> None:
    amount = rules.money(value, "amount")
    assert amount == expected and amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1.005", "金额最多保留两位小数"),
        ("-1", "金额不能为负数"),
        ("abc", "金额无效"),
        ("NaN", "金额无效"),
        ("Infinity", "金额无效"),
        (True, "金额无效"),
        (None, "请填写金额"),
        ("", "请填写金额"),
        ("10000000000", "金额不能超过 9999999999.99 元"),
    ],
)
def test_bad_money_is_refused_naming_the_field(value: Any, message: str) -> None:
    assert _refusal(rules.money, value, "amount") == {"amount": [message]}


def test_money_takes_a_label_a_maximum_and_may_have_to_be_positive() -> None:
    assert _refusal(rules.money, "0", "paid", label="支付金额", positive=True) == {
        "paid": ["支付金额应大于零"]
    }
    assert _refusal(rules.money, "101", "x", maximum=Decimal("100")) == {
        "x": ["金额不能超过 100 元"]
    }
    assert rules.money("0", "x") == Decimal("0.00")


# --- dates ------------------------------------------------------------------------------


def test_a_date_today_or_before_is_kept() -> None:
    today = timezone.localdate()
    assert rules.past_date(today, "on") == today
    assert rules.past_date(date(2001, 1, 1), "on") == date(2001, 1, 1)


def test_a_future_missing_or_unreadable_date_is_refused() -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert _refusal(rules.past_date, tomorrow, "on", label="成立日期") == {
        "on": ["成立日期不能晚于今天"]
    }
    assert _refusal(rules.past_date, None, "on") == {"on": ["请填写日期"]}
    assert _refusal(rules.past_date, "2020-01-01", "on") == {"on": ["日期无效"]}


# --- text -------------------------------------------------------------------------------


def test_required_text_is_stripped_and_limited() -> None:
    assert rules.required_text("  甲公司 ", "name", label="单位名称", max_length=10) == "甲公司"
    assert rules.required_text(" 王  小明 ", "name", label="姓名", collapse=True) == "王 小明"
    assert _refusal(rules.required_text, "  ", "name", label="单位名称") == {
        "name": ["请填写单位名称"]
    }
    assert _refusal(rules.required_text, None, "name", label="姓名") == {"name": ["请填写姓名"]}
    assert _refusal(rules.required_text, "王" * 51, "name", label="姓名", max_length=50) == {
        "name": ["姓名不能超过 50 个字"]
    }


# --- counts -----------------------------------------------------------------------------


def test_counts_are_whole_numbers_not_below_the_minimum() -> None:
    assert rules.count("12", "n") == 12
    assert rules.count(0, "n") == 0
    assert _refusal(rules.count, -1, "n", label="职工人数") == {"n": ["职工人数不能为负数"]}
    assert _refusal(rules.count, 0, "n", label="人次", minimum=1) == {"n": ["人次至少为 1"]}
    assert _refusal(rules.count, "1.5", "n") == {"n": ["人数应为整数"]}
    assert _refusal(rules.count, True, "n") == {"n": ["人数应为整数"]}
    assert _refusal(rules.count, None, "n") == {"n": ["请填写人数"]}
    assert _refusal(rules.count, 2**31, "n") == {"n": ["人数过大"]}


# --- normalisers -------------------------------------------------------------------------


def test_a_normaliser_refusal_is_put_on_the_field() -> None:
    def upper(value: str) -> str:
        if not value:
            raise ValidationError("空")
        return value.upper()

    assert rules.normalized(upper, "ab", "code") == "AB"
    assert _refusal(rules.normalized, upper, "", "code") == {"code": ["空"]}


# --- several at once --------------------------------------------------------------------


def test_errors_name_every_bad_field_at_once() -> None:
    errors = rules.Errors()
    kept = errors.check(rules.count, "3", "people")
    errors.check(rules.money, "-1", "amount")
    errors.check(rules.required_text, "", "name", label="姓名")
    errors.add("kind", "请选择请求事项")

    assert kept == 3
    assert _refusal(errors.raise_any) == {
        "amount": ["金额不能为负数"],
        "name": ["请填写姓名"],
        "kind": ["请选择请求事项"],
    }
    rules.Errors().raise_any()  # nothing wrong: nothing raised
