"""Keep every figure of the days before this migration as it was: until now the members
of a day were counted by the kind of employment their membership began with, from now on
by the person's employment on the day (``EmploymentPeriod``, else the person's record).
For each person whose memberships began with another kind than their record's, the
kinds of their memberships become closed periods: each from the start of the membership
that began with it (the first since the record began) until the start of the next
membership with another kind, the last one until today. The employer stays the
record's, as the figures read it until now."""

from itertools import groupby
from typing import Any

from django.db import migrations
from django.db.models import F, Q
from django.utils import timezone

BATCH = 1_000


def _segments(memberships: list[Any]) -> list[tuple[Any, Any, str, str]]:
    """(valid_from, next start, kind, platform) for each run of memberships begun with the
    same kind and platform, in order of start."""
    runs = [
        (list(group), key)
        for key, group in groupby(memberships, key=lambda m: (m.employment_kind, m.platform))
    ]
    segments = []
    for index, (group, (kind, platform)) in enumerate(runs):
        following = runs[index + 1][0][0].started_on if index + 1 < len(runs) else None
        start = None if index == 0 else group[0].started_on
        segments.append((start, following, kind, platform))
    return segments


def backfill(apps: Any, schema_editor: Any) -> None:
    Membership = apps.get_model("members", "Membership")
    Person = apps.get_model("members", "Person")
    EmploymentPeriod = apps.get_model("members", "EmploymentPeriod")
    today = timezone.localdate()
    differing = ~Q(employment_kind=F("person__employment_kind")) | ~Q(
        platform=F("person__platform")
    )
    ids = sorted(set(Membership.objects.filter(differing).values_list("person_id", flat=True)))
    for start in range(0, len(ids), BATCH):
        people = Person.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk")
        rows = []
        for person in people:
            memberships = list(
                Membership.objects.filter(person=person).order_by("started_on", "pk")
            )
            for valid_from, until, kind, platform in _segments(memberships):
                current = (kind, platform) == (person.employment_kind, person.platform)
                valid_to = until or (None if current else today)
                if valid_to is None or (valid_from is not None and valid_to <= valid_from):
                    continue
                rows.append(
                    EmploymentPeriod(
                        person=person,
                        employment_kind=kind,
                        platform=platform,
                        employer_id=person.employer_id,
                        employer_name=person.employer_name,
                        valid_from=valid_from,
                        valid_to=valid_to,
                    )
                )
        EmploymentPeriod.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("members", "0007_employment_periods_and_staff_source")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
