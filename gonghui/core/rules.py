"""The rules every service applies to what a user typed: money, dates not in the future,
required text, counts. Each rule returns the clean value or raises
``ValidationError({field: message})`` with a Chinese message built from the field's
``label``; ``Errors`` collects several so that one error names every bad field::

    errors = rules.Errors()
    name = errors.check(rules.required_text, data["name"], "name", label=_("单位名称"))
    headcount = errors.check(rules.count, data["headcount"], "headcount", label=_("职工人数"))
    errors.raise_any()
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

T = TypeVar("T")

CENT = Decimal("0.01")
# the largest sum a money column holds (DecimalField(max_digits=12, decimal_places=2))
MONEY_MAX = Decimal("9999999999.99")
# the largest count an integer column holds
COUNT_MAX = 2**31 - 1
TEXT_MAX = 200

MONEY = gettext_lazy("金额")
DATE = gettext_lazy("日期")
COUNT = gettext_lazy("人数")


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def money(
    value: Any,
    field: str,
    *,
    label: Any = MONEY,
    maximum: Decimal = MONEY_MAX,
    positive: bool = False,
) -> Decimal:
    """A sum in yuan with at most two decimal places, not negative (with ``positive``,
    more than zero), at most ``maximum``; returned with exactly two places."""
    params = {"label": label}
    if _blank(value):
        raise _refuse(field, _("请填写%(label)s") % params)
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise _refuse(field, _("%(label)s无效") % params)
    if positive and amount <= 0:
        raise _refuse(field, _("%(label)s应大于零") % params)
    if amount < 0:
        raise _refuse(field, _("%(label)s不能为负数") % params)
    if amount > maximum:
        raise _refuse(field, _("%(label)s不能超过 %(max)s 元") % {**params, "max": maximum})
    if amount != amount.quantize(CENT):
        raise _refuse(field, _("%(label)s最多保留两位小数") % params)
    return amount.quantize(CENT)


def past_date(value: Any, field: str, *, label: Any = DATE) -> date:
    """A day that has come: today or before."""
    params = {"label": label}
    if value is None:
        raise _refuse(field, _("请填写%(label)s") % params)
    if not isinstance(value, date):
        raise _refuse(field, _("%(label)s无效") % params)
    if value > timezone.localdate():
        raise _refuse(field, _("%(label)s不能晚于今天") % params)
    return value


def required_text(
    value: Any, field: str, *, label: Any, max_length: int = TEXT_MAX, collapse: bool = False
) -> str:
    """Text that must be given: stripped (with ``collapse``, inner runs of white space
    become one space), not empty, at most ``max_length`` characters."""
    text = " ".join(str(value or "").split()) if collapse else str(value or "").strip()
    if not text:
        raise _refuse(field, _("请填写%(label)s") % {"label": label})
    if len(text) > max_length:
        message = _("%(label)s不能超过 %(max)d 个字") % {"label": label, "max": max_length}
        raise _refuse(field, message)
    return text


def count(value: Any, field: str, *, label: Any = COUNT, minimum: int = 0) -> int:
    """A whole number of people or things, at least ``minimum`` (0: not negative)."""
    params = {"label": label}
    if _blank(value):
        raise _refuse(field, _("请填写%(label)s") % params)
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise _refuse(field, _("%(label)s应为整数") % params)
    if number < minimum:
        if minimum == 0:
            raise _refuse(field, _("%(label)s不能为负数") % params)
        raise _refuse(field, _("%(label)s至少为 %(min)d") % {**params, "min": minimum})
    if number > COUNT_MAX:
        raise _refuse(field, _("%(label)s过大") % params)
    return int(number)


def normalized(normalize: Callable[[Any], T], value: Any, field: str) -> T:
    """``normalize(value)`` (e.g. ``pii.normalize_phone``), its refusal put on ``field``."""
    try:
        return normalize(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


class Errors:
    """The refusals of several rules, raised together as one ``ValidationError``."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def check(self, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """The rule's clean value, or None after noting its refusal."""
        try:
            return rule(*args, **kwargs)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.by_field.setdefault(field, []).extend(messages)
            return None

    def add(self, field: str, message: Any) -> None:
        self.by_field.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def __contains__(self, field: object) -> bool:
        return field in self.by_field

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)
