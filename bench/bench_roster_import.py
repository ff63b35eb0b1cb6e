"""Roster import at scale.

A roster of 100,000 rows is generated (realistic Chinese names, valid ID numbers and
mobile numbers, 1% of the rows spoiled the ways real rosters are) and written as .xlsx
with openpyxl. Measured, each on empty member tables:

1. our import of the whole file: read, every row checked, checked against the database,
   the error report written; nothing is committed (all or nothing: the file has bad rows);
2. (a) our import of the valid rows (the bad ones dropped from the file), committed:
   people and memberships, member numbers, one audit entry. This is the number compared;
   then the same file again with --update (every row an existing member: an upsert);
3. (b) the baseline: django-import-export 4 importing the same valid rows, given as
   in-memory rows (no file to parse), into the same model, Person, through a Resource that
   validates ID numbers and phones with the same functions (``core.pii``) and finds people
   by the blind index. It writes people only, no memberships: less than (a) does;
4. (c) the floor: PostgreSQL COPY of the same rows already validated and in their stored
   form (encrypted, indexed, numbered; preparing them is not timed) into the same tables.

Environment: BENCH_ROSTER_ROWS (default 100000), BENCH_BASELINE_ROWS (rows given to
django-import-export, default all), BENCH_PROFILE=1 (cProfile of the committed import).
"""

import cProfile
import io
import os
import pstats
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from import_export import fields, resources, widgets
from tablib import Dataset

from gonghui.core import pii
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world
from gonghui.members.choices import EmploymentKind
from gonghui.members.models import Membership, Person, RosterImport
from gonghui.members.roster import samples
from gonghui.members.roster.columns import EMPLOYER, HEADERS, ID_NUMBER, NAME, PHONE
from gonghui.members.roster.writing import (
    MEMBERSHIP_COLUMNS,
    PERSON_COLUMNS,
    copy_sql,
    copy_types,
    reserve_ids,
)
from gonghui.members.services.memberships import member_numbers
from gonghui.members.services.people import derived_fields
from gonghui.members.services.roster import roster_import_create, roster_import_run

ROWS = int(os.environ.get("BENCH_ROSTER_ROWS", "100000"))
BASELINE_ROWS = int(os.environ.get("BENCH_BASELINE_ROWS", "0"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
INVALID_SHARE = 0.01
TARGET_SECONDS = 30
TARGET_BASELINE_RATIO = 20
TARGET_COPY_RATIO = 4


def _empty_member_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_membership, members_person RESTART IDENTITY CASCADE")
        cursor.execute("ANALYZE members_person, members_membership")


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _our_import(world: Any, path: Path, *, update: bool = False) -> tuple[float, RosterImport]:
    record = roster_import_create(
        actor=world.user("union_a_staff"),
        union=world.union_a,
        file_name=path.name,
        content=path.read_bytes(),
        update=update,
    )
    return _timed(lambda: roster_import_run(pk=record.pk))


# --- the baseline: django-import-export --------------------------------------------------


class PersonResource(resources.ModelResource):
    """Person rows from the template's columns, validated by ``core.pii`` and found by the
    blind index, as the django-import-export documentation does it: one row at a time."""

    name = fields.Field(attribute="name", column_name=NAME)
    id_number = fields.Field(attribute="id_number", column_name=ID_NUMBER)
    id_number_index = fields.Field(attribute="id_number_index", column_name="index")
    phone = fields.Field(attribute="phone", column_name=PHONE)
    employer_name = fields.Field(attribute="employer_name", column_name=EMPLOYER)
    birth_date = fields.Field(
        attribute="birth_date", column_name="birth_date", widget=widgets.DateWidget()
    )
    sex = fields.Field(attribute="sex", column_name="sex")

    class Meta:
        model = Person
        fields = (
            "name",
            "id_number",
            "id_number_index",
            "phone",
            "employer_name",
            "birth_date",
            "sex",
        )
        import_id_fields = ("id_number_index",)
        skip_diff = True  # the fastest per-row mode it offers short of bulk (which skips hooks)

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        number = pii.normalize_id_number(row[ID_NUMBER])
        row[ID_NUMBER] = number
        row["index"] = pii.blind_index(number)
        row[PHONE] = pii.normalize_phone(str(row[PHONE]))
        derived = derived_fields(number)
        row["birth_date"], row["sex"] = derived["birth_date"], derived["sex"]


def _baseline(world: Any, rows: list[list[Any]]) -> float:
    # the columns the resource fills in before_import_row must exist in the dataset
    dataset = Dataset(headers=[*HEADERS, "index", "birth_date", "sex"])
    for row in rows:
        dataset.append([*row, "", "", ""])
    resource = PersonResource()
    seconds, result = _timed(
        lambda: resource.import_data(dataset, raise_errors=True, use_transactions=True)
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert Person.objects.count() == len(rows)
    return float(seconds)


# --- the floor: COPY of prepared rows ----------------------------------------------------


def _copy_floor(world: Any, rows: list[list[Any]]) -> float:
    now = timezone.now()
    people = []
    for name, number, phone, _started, employer, *_rest in rows:
        derived = derived_fields(number)
        people.append(
            [
                now,
                now,
                name,
                pii.encrypt(number),
                pii.blind_index(number),
                derived["birth_date"],
                derived["sex"],
                pii.encrypt(f"+86{phone}"),
                pii.blind_index(f"+86{phone}"),
                EmploymentKind.EMPLOYEE,
                "",
                None,
                employer,
            ]
        )
    numbers = member_numbers(len(rows))
    union_id = world.union_a.pk

    def copy() -> None:
        # the same COPY as the import's (binary, ids reserved from the sequence)
        with transaction.atomic(), connection.cursor() as cursor:
            ids = reserve_ids(Person, len(people))
            with cursor.cursor.copy(copy_sql(Person, PERSON_COLUMNS)) as target:
                target.set_types(copy_types(Person, PERSON_COLUMNS))
                for pk, values in zip(ids, people, strict=True):
                    target.write_row((pk, *values))
            with cursor.cursor.copy(copy_sql(Membership, MEMBERSHIP_COLUMNS)) as target:
                target.set_types(copy_types(Membership, MEMBERSHIP_COLUMNS))
                for pk, number, row in zip(ids, numbers, rows, strict=True):
                    target.write_row(
                        (now, now, pk, union_id, number, "active", "import", row[3], "")
                    )

    seconds, _ = _timed(copy)
    assert Membership.objects.count() == len(rows) == Person.objects.count()
    return float(seconds)


# --- the run -----------------------------------------------------------------------------


def _roster(directory: Path) -> tuple[Path, Path, list[list[Any]], int]:
    rng = random.Random(2026)
    employers = ["甲科技有限公司", "", "", "某某餐饮管理有限公司", "91110302MA01A0B01F"]
    rows = samples.roster_rows(rng, ROWS, employers=employers)
    spoiled = set(samples.spoil(rng, rows, INVALID_SHARE))
    valid = [row for index, row in enumerate(rows) if index not in spoiled]
    full, clean = directory / "roster-100k.xlsx", directory / "roster-valid.xlsx"
    samples.write_xlsx(full, rows)
    samples.write_xlsx(clean, valid)
    return full, clean, valid, len(spoiled)


def _profile(world: Any, path: Path) -> None:
    _empty_member_tables()
    profile = cProfile.Profile()
    profile.enable()
    _our_import(world, path)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())


def run() -> None:
    assert connection.vendor == "postgresql", "the roster benchmark needs PostgreSQL"
    try:
        _run()
    finally:  # the uploaded rosters and error reports were stored under MEDIA_ROOT
        for record in RosterImport.objects.all():
            record.file.delete(save=False)
            record.error_report.delete(save=False)


def _run() -> None:
    world = build_world()
    with tempfile.TemporaryDirectory() as directory:
        generation, (full, clean, valid, spoiled) = _timed(lambda: _roster(Path(directory)))
        print(
            f"roster: {ROWS:,} rows, {spoiled:,} spoiled; {len(valid):,} valid rows "
            f"(.xlsx written with openpyxl in {generation:.1f} s, "
            f"{full.stat().st_size / 1e6:.1f} MB)"
        )

        _empty_member_tables()
        t_checked, checked = _our_import(world, full)
        assert checked.status == RosterImport.Status.FAILED and Person.objects.count() == 0
        print(
            f"1. whole file, checked, error report of {checked.error_count:,} rows, "
            "nothing written: "
            f"{t_checked:.2f} s = {ROWS / t_checked:,.0f} rows/s"
        )

        best = float("inf")
        for _ in range(2):
            _empty_member_tables()
            seconds, done = _our_import(world, clean)
            assert done.status == RosterImport.Status.DONE, done.message
            assert done.created_count == len(valid) == Membership.objects.count()
            best = min(best, seconds)
        audits = AuditEntry.objects.filter(action=AuditAction.BULK).count()
        print(
            f"(a) our import of the valid rows, committed (best of 2): {best:.2f} s = "
            f"{len(valid) / best:,.0f} rows/s ({audits} audit entries for {2} imports)"
        )
        t_update, updated = _our_import(world, clean, update=True)
        assert updated.status == RosterImport.Status.DONE, updated.message
        print(
            f"    again with --update (all {len(valid):,} already members): {t_update:.2f} s = "
            f"{len(valid) / t_update:,.0f} rows/s"
        )
        if PROFILE:
            _profile(world, clean)

        _empty_member_tables()
        sample = valid[:BASELINE_ROWS] if BASELINE_ROWS else valid
        t_base = _baseline(world, sample)
        print(
            f"(b) django-import-export, {len(sample):,} rows (people only): {t_base:.2f} s = "
            f"{len(sample) / t_base:,.0f} rows/s"
        )

        floor = float("inf")
        for _ in range(2):
            _empty_member_tables()
            floor = min(floor, _copy_floor(world, valid))
        print(
            f"(c) COPY of the prepared rows (floor, best of 2): {floor:.2f} s = "
            f"{len(valid) / floor:,.0f} rows/s"
        )

    ours, base, copy = len(valid) / best, len(sample) / t_base, len(valid) / floor
    print(
        f"ours vs django-import-export: {ours / base:.1f}x faster "
        f"(target >= {TARGET_BASELINE_RATIO}x): "
        f"{'met' if ours / base >= TARGET_BASELINE_RATIO else 'NOT MET'}"
    )
    print(
        f"ours vs COPY: {copy / ours:.2f}x slower than the floor (target <= {TARGET_COPY_RATIO}x): "
        f"{'met' if copy / ours <= TARGET_COPY_RATIO else 'NOT MET'}"
    )
    print(
        f"{ROWS:,}-row file checked with its error report in {t_checked:.1f} s, "
        "valid rows committed in "
        f"{best:.1f} s (target < {TARGET_SECONDS} s): "
        f"{'met' if max(t_checked, best) < TARGET_SECONDS else 'NOT MET'}"
    )
