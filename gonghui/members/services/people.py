"""A worker's record: one ``Person`` per resident ID number."""

from typing import Any

from django.utils.translation import gettext as _

from gonghui.core import pii, rules
from gonghui.core.updates import apply_changes
from gonghui.members.choices import EmploymentKind, Platform
from gonghui.members.models import Person

NAME_MAX = 50
# what a later application fills in on an existing record when it is blank there
FILLED_BLANKS = ("phone", "employer", "employer_name", "platform")


def clean_person_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise a worker's fields; ValidationError names every bad field."""
    cleaned = dict(data)
    errors = rules.Errors()
    if "name" in cleaned:
        cleaned["name"] = errors.check(
            rules.required_text,
            cleaned["name"],
            "name",
            label=_("姓名"),
            max_length=NAME_MAX,
            collapse=True,
        )
    if "id_number" in cleaned:
        cleaned["id_number"] = errors.check(
            rules.normalized, pii.normalize_id_number, cleaned["id_number"], "id_number"
        )
    if cleaned.get("phone"):
        cleaned["phone"] = errors.check(
            rules.normalized, pii.normalize_phone, cleaned["phone"], "phone"
        )
    _check_employment(cleaned, errors)
    errors.raise_any()
    return cleaned


def _check_employment(cleaned: dict[str, Any], errors: rules.Errors) -> None:
    kind = cleaned.get("employment_kind")
    if kind is not None and kind not in EmploymentKind.values:
        errors.add("employment_kind", _("请选择用工形式"))
    platform = cleaned.get("platform")
    if platform and platform not in Platform.values:
        errors.add("platform", _("请选择平台类别"))
    elif kind == EmploymentKind.PLATFORM and not platform:
        errors.add("platform", _("新就业形态劳动者请选择平台类别"))


def derived_fields(id_number: str) -> dict[str, Any]:
    return {
        "birth_date": pii.id_number_birth_date(id_number),
        "sex": pii.id_number_sex(id_number),
    }


def person_find(id_number: str) -> Person | None:
    """The person with this (normalised) ID number, locked for the transaction."""
    return (
        Person.objects.select_for_update()
        .filter(id_number_index=pii.blind_index(id_number))
        .first()
    )


def person_get_or_create(*, fields: dict[str, Any]) -> tuple[Person, bool]:
    """Find the person by ID number or create them; fills blanks on an existing record
    (a phone, an employer) but never overwrites what is there. Returns (person, created)."""
    person = person_find(fields["id_number"])
    if person is None:
        person = Person.objects.create(**fields, **derived_fields(fields["id_number"]))
        return person, True
    blanks = {
        key: fields[key] for key in FILLED_BLANKS if fields.get(key) and not getattr(person, key)
    }
    apply_changes(person, blanks, fields=FILLED_BLANKS)
    return person, False
