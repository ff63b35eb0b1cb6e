"""One cell to one value. Each function returns the clean value or raises
ValidationError with the message for the error report.

ID numbers and phones are checked by ``core.pii``, the authority; two fast paths spare
it the common case without changing any answer:

- an ID number that is plain ASCII is checked here step for step as ``stdnum.cn.ric``
  does (length, digits, check digit, birth date, birth place), with the birth-place
  lookup (the slow step) remembered per area code and year; anything that fails is
  handed to ``pii.normalize_id_number``, which gives the message (or accepts it);
- a plain 11-digit mobile number starting 13-19 (not 179, a carrier prefix) is valid,
  for phonenumbers' CN metadata, according to its first five digits alone (see
  ``MOBILE_PREFIX_LENGTH`` and the test that checks this against the installed
  metadata), so phonenumbers is asked once per prefix.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from gonghui.core import pii

EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_LAST_SERIAL = 2958465  # 9999-12-31
MOBILE_PREFIX_LENGTH = 5
NAME_MAX = 50
EMPLOYER_MAX = 120


def text(value: Any) -> str:
    if value.__class__ is str:
        return value.strip()  # type: ignore[no-any-return]
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return str(value).strip()


def name(value: Any) -> str:
    cleaned = " ".join(text(value).split())
    if not cleaned:
        raise ValidationError(_("请填写姓名"))
    if len(cleaned) > NAME_MAX:
        raise ValidationError(_("姓名过长（最多 %(max)s 个字）") % {"max": NAME_MAX})
    if cleaned[0] in "=+@":
        raise ValidationError(_("姓名不能以“%(char)s”开头") % {"char": cleaned[0]})
    return cleaned


# --- ID numbers ------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.IGNORECASE)


def id_number(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValidationError(
            _("身份证号被存成了数字，末几位已丢失：请把该列设为文本格式后重新填写")
        )
    raw = text(value)
    if _SCIENTIFIC.fullmatch(raw):
        raise ValidationError(
            _("身份证号被存成了科学计数法，末几位已丢失：请设为文本格式后重新填写")
        )
    if raw.isascii():
        candidate = raw.replace(" ", "").upper()
        if _plain_id_is_valid(candidate):
            return candidate
    return pii.normalize_id_number(raw)


def _plain_id_is_valid(value: str) -> bool:
    if len(value) != 18 or not value[:17].isdigit() or value[17] != ric.calc_check_digit(value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return _birth_place_is_valid(value[:6], int(value[6:10]))


def birth_date(number: str) -> date:
    """The birth date of a valid ID number (as ``pii.id_number_birth_date``, faster)."""
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


@lru_cache(maxsize=65536)
def _birth_place_is_valid(area: str, year: int) -> bool:
    try:
        ric.get_birth_place(f"{area}{year:04d}0101")
    except (stdnum_errors.ValidationError, KeyError):  # KeyError: a region, not a county
        return False
    return True


# --- phones ----------------------------------------------------------------------------

_mobile_prefixes: dict[str, bool] = {}


def phone(value: Any) -> str:
    raw = text(value)
    if not raw:
        raise ValidationError(_("请填写手机号"))
    plain = raw.replace(" ", "").replace("-", "")
    if is_plain_mobile(plain) and _prefix_is_valid(plain):
        return f"+86{plain}"
    return pii.normalize_phone(raw)


def is_plain_mobile(value: str) -> bool:
    return (
        len(value) == 11
        and value.isascii()
        and value.isdigit()
        and value[0] == "1"
        and value[1] in "3456789"
        and not value.startswith("179")
    )


def _prefix_is_valid(number: str) -> bool:
    prefix = number[:MOBILE_PREFIX_LENGTH]
    known = _mobile_prefixes.get(prefix)
    if known is None:
        try:
            known = pii.normalize_phone(number) == f"+86{number}"
        except ValidationError:
            known = False
        _mobile_prefixes[prefix] = known
    return known


# --- dates -----------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT].*)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")


def a_date(value: Any) -> date:
    """A date as a date cell, text (2024-03-01, 2024/3/1, 2024年3月1日, 20240301) or an
    Excel serial number (45352)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value))
    raw = unicodedata.normalize("NFKC", text(value))
    if not raw:
        raise ValidationError(_("请填写日期"))
    match = _DATE.fullmatch(raw) or _COMPACT_DATE.fullmatch(raw)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            raise ValidationError(_("日期“%(value)s”不存在") % {"value": raw}) from exc
    if _SERIAL.fullmatch(raw):
        return _serial(float(raw))
    raise ValidationError(_("无法识别的日期“%(value)s”，请填写如 2024-03-01") % {"value": raw})


def _serial(number: float) -> date:
    if not 1 <= number <= EXCEL_LAST_SERIAL:
        raise ValidationError(_("日期数值 %(value)s 超出范围") % {"value": text(number)})
    return EXCEL_EPOCH + timedelta(days=int(number))


# --- choices ---------------------------------------------------------------------------


def choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Label (Chinese, and the current language's) or stored value -> stored value."""
    lookup = {value: value for value in choices.values}
    for value, label in choices.choices:
        lookup[str(label)] = value
        with translation.override("zh-hans"):
            lookup[str(label)] = value
    return {key.casefold(): value for key, value in lookup.items()}


def choice(value: Any, lookup: dict[str, str], message: str) -> str:
    """The stored value for a label, "" when blank; ValidationError(message) otherwise."""
    raw = unicodedata.normalize("NFKC", text(value)).casefold()
    if not raw:
        return ""
    if raw not in lookup:
        raise ValidationError(message)
    return lookup[raw]
