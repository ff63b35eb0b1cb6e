"""Valid test data for members: ID numbers with a correct check digit, phones."""

from datetime import date
from itertools import count
from typing import Any

from stdnum.cn import ric

_serial = count(1)


def id_number(born: date = date(1990, 3, 7), region: str = "110105", sex: str = "M") -> str:
    """A valid resident ID number, different at each call."""
    seq = next(_serial) % 500
    digit = (2 * seq + (1 if sex == "M" else 0)) % 1000
    body = f"{region}{born:%Y%m%d}{digit:03d}"
    return body + ric.calc_check_digit(body + "0")


def phone() -> str:
    return f"1380000{next(_serial) % 10000:04d}"


def application_fields(world: Any, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "channel": "portal",
        "name": "王小明",
        "id_number": id_number(),
        "phone": phone(),
        "employment_kind": "employee",
        "employer": world.entity_a,
        "consent": True,
    }
    fields.update(changes)
    return fields
