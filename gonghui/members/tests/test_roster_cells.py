"""One cell to one value: the fast paths give exactly the answers of ``core.pii``."""

import random
from datetime import date, datetime, timedelta

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric

from gonghui.core import pii
from gonghui.members.choices import EmploymentKind, Platform
from gonghui.members.roster import cells, samples


def _answer(function: object, value: object) -> tuple[str, str]:
    try:
        return "ok", function(value)  # type: ignore[operator]
    except ValidationError as exc:
        return "error", exc.messages[0]


def _candidates(rng: random.Random, count: int) -> list[str]:
    """ID-number-like strings: valid ones, and each way of being wrong."""
    values = []
    for n in range(count):
        good = samples.id_number(rng)
        kind = n % 6
        if kind == 0:
            values.append(good)
        elif kind == 1:
            values.append(good[:-1] + rng.choice("0123456789X"))  # a check digit at random
        elif kind == 2:
            body = f"{rng.randrange(10**6):06d}{good[6:17]}"  # any area code
            values.append(body + ric.calc_check_digit(body + "0"))
        elif kind == 3:
            body = f"{good[:10]}{rng.randrange(100):02d}{rng.randrange(40):02d}{good[14:17]}"
            values.append(body + ric.calc_check_digit(body + "0"))  # any month and day
        elif kind == 4:
            values.append(good[:-1] + "x" if good.endswith("X") else good.lower())
        else:
            values.append(good[: rng.randrange(15, 20)] + rng.choice(["", "A", " "]))
    return values


def test_id_number_answers_as_pii_does_for_valid_and_invalid_numbers() -> None:
    # given: valid numbers and wrong ones (check digit, area, date, length, letters)
    candidates = _candidates(random.Random(3), 3000)

    # when: the fast path and core.pii check each
    ours = [_answer(cells.id_number, value) for value in candidates]
    theirs = [_answer(pii.normalize_id_number, value) for value in candidates]

    # then: the same acceptance, value and message every time, and both kinds were seen
    assert ours == theirs
    assert {"ok", "error"} == {kind for kind, _value in ours}


def test_id_number_fixes_full_width_digits_and_lower_case_x() -> None:
    # given: a valid number ending in X, written with full-width digits and a lower-case x
    rng = random.Random(5)
    number = next(n for n in (samples.id_number(rng) for _ in range(500)) if n.endswith("X"))
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number[:-1])

    # when / then: both are fixed to the canonical number
    assert cells.id_number(full_width + "x") == number
    assert cells.id_number(f" {number[:-1]}x ") == number


def test_id_number_stored_as_a_number_is_refused_with_the_reason() -> None:
    # given: what Excel keeps of an ID number typed into a number cell
    as_number = 1.10101199003071e17

    # when / then: the message says the digits are lost and how to fix it
    with pytest.raises(ValidationError, match="存成了数字"):
        cells.id_number(as_number)
    with pytest.raises(ValidationError, match="科学计数法"):
        cells.id_number("1.10101E+17")


def test_mobile_validity_depends_only_on_the_first_five_digits() -> None:
    # given: every five-digit prefix the fast path serves
    rng = random.Random(7)
    prefixes = [str(p) for p in range(13000, 20000) if cells.is_plain_mobile(f"{p}000000")]

    # when: phonenumbers judges two numbers of each prefix
    disagreements = []
    for prefix in prefixes:
        numbers = [f"{prefix}{rng.randrange(10**6):06d}" for _ in range(2)]
        answers = {phonenumbers.is_valid_number(phonenumbers.parse(n, "CN")) for n in numbers}
        if len(answers) > 1:
            disagreements.append(prefix)

    # then: the installed metadata agrees with the memo's assumption
    assert prefixes and not disagreements
    assert len(prefixes[0]) == cells.MOBILE_PREFIX_LENGTH


def test_phone_answers_as_pii_does() -> None:
    # given: mobile numbers, valid and not, plain and written with spaces or as numbers
    rng = random.Random(11)
    values: list[object] = [samples.phone(rng) for _ in range(300)]
    values += [f"1{rng.randrange(10**10):010d}" for _ in range(300)]
    values += ["138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "010 6512 3456", "12345"]
    values.append(13812345678.0)

    # when / then: the same answers as core.pii
    for value in values:
        expected = _answer(pii.normalize_phone, cells.text(value))
        assert _answer(cells.phone, value) == expected, value


def test_a_phone_is_required() -> None:
    with pytest.raises(ValidationError, match="请填写手机号"):
        cells.phone("  ")


@pytest.mark.parametrize(
    "value",
    [
        date(2024, 3, 1),
        datetime(2024, 3, 1, 0, 0),  # noqa: DTZ001 - a naive cell value, as Excel gives it
        "2024-03-01",
        "2024/3/1",
        "2024.3.1",
        "2024年3月1日",
        "２０２４年３月１日",
        "20240301",
        "2024-03-01 00:00:00",
        45352,
        45352.0,
        "45352",
    ],
)
def test_dates_are_read_from_cells_text_and_excel_serials(value: object) -> None:
    assert cells.a_date(value) == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", "不存在"),
        ("三月一日", "无法识别"),
        ("", "请填写日期"),
        (0, "超出范围"),
    ],
)
def test_bad_dates_say_why(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        cells.a_date(value)


def test_choices_accept_labels_and_stored_values() -> None:
    # given
    kinds = cells.choice_lookup(EmploymentKind)
    platforms = cells.choice_lookup(Platform)

    # when / then
    assert cells.choice("新就业形态劳动者", kinds, "x") == EmploymentKind.PLATFORM
    assert cells.choice("flexible", kinds, "x") == EmploymentKind.FLEXIBLE
    assert cells.choice(" 外卖骑手 ", platforms, "x") == Platform.RIDER
    assert cells.choice("", platforms, "x") == ""
    with pytest.raises(ValidationError, match="无法识别"):
        cells.choice("飞行员", platforms, "无法识别")


def test_names_are_tidied_and_checked() -> None:
    assert cells.name("  张\u3000 三 ") == "张 三"
    with pytest.raises(ValidationError, match="请填写姓名"):
        cells.name(None)
    with pytest.raises(ValidationError, match="开头"):
        cells.name("=HYPERLINK(1)")
    with pytest.raises(ValidationError, match="过长"):
        cells.name("张" * 51)


def test_sample_rosters_hold_only_valid_values() -> None:
    rows = samples.roster_rows(random.Random(2), 200)
    today = timezone.localdate()
    for name, number, phone, started, *_rest in rows:
        assert cells.name(name) == name
        assert cells.id_number(number) == number
        assert cells.phone(phone) == f"+86{phone}"
        assert started <= today - timedelta(days=1)
