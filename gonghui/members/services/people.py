"""A worker's record: one ``Person`` per resident ID number, and their employment over
time (``employment_set``: a dated change keeps what held before as a closed
``EmploymentPeriod``)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import pii, rules
from gonghui.core.updates import Changes, apply_changes
from gonghui.members.choices import EmploymentKind, Platform
from gonghui.members.models import EmploymentPeriod, Person

NAME_MAX = 50
EMPLOYER_NAME_MAX = 120
# what a later application fills in on an existing record when it is blank there (the
# employment is brought up to date by ``employment_set``, dated)
FILLED_BLANKS = ("phone",)
# a person's employment: what the statistics read for a day, through the period then
EMPLOYMENT_FIELDS = ("employment_kind", "platform", "employer", "employer_name")
EFFECTIVE = gettext_lazy("生效日期")
CHUNK = 2_000


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
        try:
            with transaction.atomic():  # a savepoint: the failed insert leaves the rest
                person = Person.objects.create(**fields, **derived_fields(fields["id_number"]))
            return person, True
        except IntegrityError:
            # created meanwhile by another request (the unique blind index): that record,
            # now committed and visible, is the one, as if it had been found first
            person = person_find(fields["id_number"])
            if person is None:
                raise
    blanks = {
        key: fields[key] for key in FILLED_BLANKS if fields.get(key) and not getattr(person, key)
    }
    apply_changes(person, blanks, fields=FILLED_BLANKS)
    return person, False


# --- employment over time --------------------------------------------------------------


def last_employment_change(person: Person) -> date | None:
    """The day the person's current employment took effect, if it ever changed."""
    day = EmploymentPeriod.objects.filter(person=person).aggregate(day=Max("valid_to"))["day"]
    return day  # type: ignore[no-any-return]


def employment_day(
    on: Any, *, last: date | None, floor: date | None = None, field: str = "on"
) -> date:
    """The day an employment change counts from: not in the future, not before ``floor``
    (the start of the membership it is recorded in) nor before ``last``, the person's
    last change: a closed period is never rewritten."""
    day = rules.past_date(on, field, label=EFFECTIVE)
    if floor is not None and day < floor:
        raise ValidationError({field: _("生效日期不能早于入会日期（%(day)s）") % {"day": floor}})
    if last is not None and day < last:
        raise ValidationError(
            {field: _("生效日期不能早于上一次变更就业情况的日期（%(day)s）") % {"day": last}}
        )
    return day


def employment_before(person: Person) -> dict[str, Any]:
    """The person's employment as a closed period keeps it."""
    return {
        "employment_kind": person.employment_kind,
        "platform": person.platform,
        "employer_id": person.employer_id,
        "employer_name": person.employer_name,
    }


def employment_set(
    person: Person,
    values: Mapping[str, Any],
    *,
    on: Any,
    floor: date | None = None,
    field: str = "on",
) -> Changes:
    """From ``on``, the person works as ``values`` say (some of ``EMPLOYMENT_FIELDS``,
    cleaned). What held until then is kept as a closed period ending on ``on`` (from the
    previous change, or since the record began), so a figure for a day before ``on``
    keeps reading it. A change dated on the day of the previous one restates that one; a
    change dated before it (or before ``floor``) is refused. The caller locks the
    person's row and audits."""
    if not any(getattr(person, name) != value for name, value in values.items()):
        return apply_changes(person, {}, fields=EMPLOYMENT_FIELDS)
    before = employment_before(person)
    last = last_employment_change(person)
    day = employment_day(on, last=last, floor=floor, field=field)
    if day != last:
        EmploymentPeriod.objects.create(person=person, valid_from=last, valid_to=day, **before)
    return apply_changes(person, values, fields=EMPLOYMENT_FIELDS)


def employment_periods_close(before: Mapping[int, Mapping[str, Any]], on: date) -> int:
    """``employment_set`` for people whose rows a roster import changes in bulk:
    ``before`` maps a person's id to the employment they had until ``on``
    (``employment_before``). A few statements for any number; returns how many periods
    were closed (none for a person whose current employment began on ``on``)."""
    ids = sorted(before)
    last: dict[int, date] = {}
    for start in range(0, len(ids), CHUNK):
        rows = (
            EmploymentPeriod.objects.filter(person_id__in=ids[start : start + CHUNK])
            .values("person_id")
            .annotate(day=Max("valid_to"))
            .values_list("person_id", "day")
        )
        last.update(rows)
    periods = [
        EmploymentPeriod(person_id=pk, valid_from=last.get(pk), valid_to=on, **before[pk])
        for pk in ids
        if pk not in last or last[pk] < on
    ]
    EmploymentPeriod.objects.bulk_create(periods, batch_size=CHUNK)
    return len(periods)
