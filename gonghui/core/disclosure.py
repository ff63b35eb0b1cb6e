"""Showing personal data: masked unless the actor holds ``core.view_personal_data`` on the
record's organisation; every unmasked view is written to the audit log, and every export,
masked or not, writes one entry saying what was exported, how many rows, and whether it
was masked.

Pages, exports and API responses all call ``policy_for`` and format values through it::

    policy = policy_for(actor, union)
    policy.phone(union.chair_phone)          # "138****5678" or "13812345678"
    policy.birth(person.birth_date)          # date(1990, 2, 1) or "35-44岁"
    record(actor=actor, objects=[union], fields=["chair_phone"], purpose="union page")

What a user without the permission sees of a person's birth date: **the age band**
(25岁以下, 25-34岁, 35-44岁, 45-54岁, 55岁及以上, the bands of the statistics), never the
date, the month or the year. The masked ID number keeps the region (6 digits: the county),
the sequence with the sex digit and the check digit (4), and hides exactly the 8 birth
digits; the sex and the region add nothing to what the mask already shows. So the birth
date is the one thing standing between a masked number and the whole number:

- with the date beside it, the number is rebuilt in one step (the member export did that
  for 110 of 110 members);
- with the birth year, 365 dates remain and the check digit keeps one in eleven: about 33
  candidates, few enough to try by hand against a name and a region;
- with a 10-year age band, about 3,650 dates remain, about 330 candidates (more in the
  open bands), and the band still answers what staff need it for (young workers, near
  retirement). ``gonghui/core/tests/test_disclosure.py`` counts the candidates.

A user with the permission sees the date; that view is audited like the ID number's.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.roles import PII_VIEW
from gonghui.core import audit, pii
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, Visitor, allows

# (lowest age, first age above the band) in years; None is open
AGE_BANDS: tuple[tuple[int | None, int | None], ...] = (
    (None, 25),
    (25, 35),
    (35, 45),
    (45, 55),
    (55, None),
)


def can_see(actor: Visitor, organization: Any) -> bool:
    return organization is not None and allows(actor, PII_VIEW, organization)


def age_on(birth_date: date, day: date) -> int:
    """Whole years on ``day``: N years old from the N-th birthday (29 February: 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band_label(low: int | None, high: int | None) -> str:
    if low is None:
        return _("%(age)s岁以下") % {"age": high}
    if high is None:
        return _("%(age)s岁及以上") % {"age": low}
    return _("%(low)s-%(high)s岁") % {"low": low, "high": high - 1}


def age_band(birth_date: date | None, day: date | None = None) -> str:
    """The label of the band the age on ``day`` (default today) falls in; "" without a date."""
    if birth_date is None:
        return ""
    age = age_on(birth_date, day or timezone.localdate())
    for low, high in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age < high):
            return age_band_label(low, high)
    return ""  # pragma: no cover - the bands are open at both ends


@dataclass(frozen=True)
class Policy:
    visible: bool

    def id_number(self, value: str | None) -> str:
        return (value or "") if self.visible else pii.mask_id_number(value)

    def phone(self, value: str | None) -> str:
        return pii.display_phone(value) if self.visible else pii.mask_phone(value)

    def account(self, value: str | None) -> str:
        """A bank account number: whole when visible, else its last four digits."""
        return (value or "") if self.visible else pii.mask_account(value)

    def birth_date(self, value: date | None) -> date | None:
        """The date when visible, else None (an API's ``birth_date``)."""
        return value if self.visible else None

    def birth(self, value: date | None) -> date | str:
        """What a page or an export shows: the date when visible, else the age band."""
        if self.visible and value is not None:
            return value
        return age_band(value)


def policy_for(actor: Visitor, organization: Any) -> Policy:
    return Policy(visible=can_see(actor, organization))


def record(*, actor: Actor, objects: Iterable[Model], fields: Iterable[str], purpose: str) -> None:
    """Audit that ``fields`` of ``objects`` were shown unmasked to ``actor``: one entry per
    page view and organisation (each union's auditors see what of theirs was shown), the
    entry's object when one record was shown, else the records listed in ``changes``; the
    fields named as the user reads them. Written in one statement."""
    shown = list(objects)
    if not shown:
        return
    labels = "、".join(_field_label(shown[0], name) for name in sorted(fields))
    groups: dict[tuple[str, Any], list[Model]] = {}
    for obj in shown:
        key = (obj._meta.label, audit.organization_id_of(obj))
        groups.setdefault(key, []).append(obj)
    audit.record_many(_entry(actor, rows, labels, purpose) for rows in groups.values())


def _entry(actor: Actor, rows: list[Model], labels: str, purpose: str) -> Any:
    message = _("查看个人信息（%(fields)s）：%(purpose)s") % {"fields": labels, "purpose": purpose}
    if len(rows) == 1:
        return audit.entry(
            actor=actor,
            action=AuditAction.VIEW_PERSONAL_DATA,
            obj=rows[0],
            changes={},
            message=message,
        )
    first = rows[0]
    entry = audit.entry(
        actor=actor,
        action=AuditAction.VIEW_PERSONAL_DATA,
        changes={"records": [str(obj.pk) for obj in rows], "model": first._meta.label},
        message=_("%(message)s，%(count)d 条记录") % {"message": message, "count": len(rows)},
    )
    entry.organization_id = audit.organization_id_of(first)
    entry.content_type = ContentType.objects.get_for_model(first)
    return entry


def _field_label(obj: Model, name: str) -> str:
    """A field's name as the user reads it (its verbose name, in the active language)."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    # fields of the person a record shows (a membership shows its person's birth date)
    return {"birth_date": _("出生日期"), "id_number": _("身份证号"), "phone": _("手机号")}.get(
        name, name
    )


def record_export(
    *,
    actor: Actor,
    what: str,
    rows: int,
    unmasked: int,
    organization: Any = None,
    filters: dict[str, Any] | None = None,
) -> None:
    """Audit one export, masked or not: what (a label such as "会员名册"), for which node
    and filters, how many rows, and how many of them showed personal data unmasked (those
    rows are also recorded one by one with ``record``)."""
    audit.record(
        actor=actor,
        action=AuditAction.BULK,
        organization=organization,
        changes={
            "export": str(what),
            "rows": rows,
            "unmasked_rows": unmasked,
            "masked": unmasked == 0,
            "filters": {key: str(value) for key, value in sorted((filters or {}).items())},
        },
        message=_("导出%(what)s：%(rows)d行，其中%(unmasked)d行显示完整个人信息")
        % {"what": what, "rows": rows, "unmasked": unmasked},
    )
