"""Writing a checked plan: new people, new memberships, updated people, in a few
statements whatever the number of rows. Called inside the import's transaction.

On PostgreSQL the rows go in with COPY (psycopg's ``cursor.copy``): the people's ids are
reserved from their sequence first so the memberships can refer to them, the ID numbers
are encrypted and indexed here (what ``EncryptedTextField`` and ``BlindIndexField`` do on
save), and updates go through a temporary table and one ``UPDATE ... FROM``. Elsewhere
(SQLite) ``bulk_create`` and ``bulk_update`` do the same; ``bulk_create`` calls the fields'
``pre_save``, so the blind index is set, and ``bulk_update`` never touches the ID number.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from gonghui.core import pii
from gonghui.core.scoping import Actor
from gonghui.core.workflow import begin_many
from gonghui.members.choices import MembershipSource, MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.members.roster.checking import Entry
from gonghui.members.roster.planning import UPDATED_FIELDS, Plan
from gonghui.members.services.memberships import member_numbers
from gonghui.members.services.people import employment_periods_close
from gonghui.organizations.models import Organization

BATCH = 2_000
TEMP = "roster_person_update"

PERSON_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "name",
    "id_number",
    "id_number_index",
    "birth_date",
    "sex",
    "phone",
    "phone_index",
    "employment_kind",
    "platform",
    "employer_id",
    "employer_name",
)
MEMBERSHIP_COLUMNS = (
    "created_at",
    "updated_at",
    "person_id",
    "union_id",
    "number",
    "status",
    "source",
    "started_on",
    "end_reason",
    "employment_kind",
    "platform",
)


def write(plan: Plan, union: Organization, actor: Actor | None) -> None:
    now = timezone.now()
    numbers = member_numbers(len(plan.memberships)) if plan.memberships else []
    if connection.vendor == "postgresql":
        # COPY goes to psycopg's own cursor: have its errors raised as Django's
        with connection.wrap_database_errors:
            ids = _copy_people(plan.new_people, now)
            _copy_memberships(plan, ids, numbers, union, now)
            _update_people_pg(plan.updates, now)
    else:
        ids = _create_people(plan.new_people)
        _create_memberships(plan, ids, numbers, union)
        _update_people(plan.updates, now)
    # the figures of the days before the import keep the employment people had then
    employment_periods_close(plan.employment_before, timezone.localdate())
    _kinds_from_people(plan, numbers)
    _history(numbers, union, actor)


def _history(numbers: list[str], union: Organization, actor: Actor | None) -> None:
    """Each new membership's history starts with the import (a statement or two per batch)."""
    for start in range(0, len(numbers), BATCH):
        batch = numbers[start : start + BATCH]
        pks = list(Membership.objects.filter(number__in=batch).values_list("pk", flat=True))
        begin_many(
            actor,
            Membership,
            pks,
            "start",
            organization=union,
            note=str(MembershipSource.IMPORT.label),
        )


def _kinds_from_people(plan: Plan, numbers: list[str]) -> None:
    """A membership records the kind of employment its person had when it began: the
    row's, or, for a known person whose row gives none, the one on record (a statement
    per batch of such rows)."""
    kept = [
        number
        for (entry, person_id), number in zip(plan.memberships, numbers, strict=True)
        if person_id is not None and not entry.kind_given
    ]
    person = Person.objects.filter(pk=OuterRef("person_id"))
    for start in range(0, len(kept), BATCH):
        Membership.objects.filter(number__in=kept[start : start + BATCH]).update(
            employment_kind=Subquery(person.values("employment_kind")[:1]),
            platform=Subquery(person.values("platform")[:1]),
        )


def _membership_rows(
    plan: Plan, ids: dict[int, int], numbers: list[str]
) -> Iterable[tuple[Entry, int, str]]:
    for (entry, person_id), number in zip(plan.memberships, numbers, strict=True):
        yield entry, person_id if person_id is not None else ids[entry.row], number


# --- PostgreSQL ------------------------------------------------------------------------


def _fields(model: type, names: tuple[str, ...]) -> list[Any]:
    by_attname = {f.attname: f for f in model._meta.concrete_fields}  # type: ignore[attr-defined]
    return [by_attname[name] for name in names]


def _columns(model: type, names: tuple[str, ...]) -> str:
    return ", ".join(connection.ops.quote_name(f.column) for f in _fields(model, names))


# the binary COPY format needs each column's type; varchar and text share theirs
_BINARY_TYPES = {
    "AutoField": "int4",
    "BigAutoField": "int8",
    "BigIntegerField": "int8",
    "CharField": "text",
    "TextField": "text",
    "DateField": "date",
    "DateTimeField": "timestamptz",
    "IntegerField": "int4",
}


def copy_types(model: type, names: tuple[str, ...]) -> list[str]:
    types = []
    for field in _fields(model, names):
        target = field.target_field if field.is_relation else field
        types.append(_BINARY_TYPES[target.get_internal_type()])
    return types


def copy_sql(model: type, names: tuple[str, ...]) -> str:
    """COPY in the binary format: less for the server to parse than text."""
    table = connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]
    return f"COPY {table} ({_columns(model, names)}) FROM STDIN (FORMAT BINARY)"


def reserve_ids(model: type, count: int) -> list[int]:
    """``count`` ids from the table's sequence, for rows written by COPY."""
    with connection.cursor() as cursor:
        table = model._meta.db_table  # type: ignore[attr-defined]
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
        )
        return [row[0] for row in cursor.fetchall()]


def _copy_people(entries: list[Entry], now: datetime) -> dict[int, int]:
    """COPY the new people; returns {row number: person id}."""
    if not entries:
        return {}
    ids = reserve_ids(Person, len(entries))
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_sql(Person, PERSON_COLUMNS)) as copy,
    ):
        copy.set_types(copy_types(Person, PERSON_COLUMNS))
        for pk, e in zip(ids, entries, strict=True):
            copy.write_row(
                (
                    pk,
                    now,
                    now,
                    e.name,
                    pii.encrypt(e.id_number),
                    e.index,
                    e.birth_date,
                    e.sex,
                    pii.encrypt(e.phone) if e.phone else "",
                    pii.blind_index(e.phone) if e.phone else None,
                    e.employment_kind,
                    e.platform,
                    e.employer_id,
                    e.employer_name,
                )
            )
    return {e.row: pk for pk, e in zip(ids, entries, strict=True)}


def _copy_memberships(
    plan: Plan, ids: dict[int, int], numbers: list[str], union: Organization, now: datetime
) -> None:
    if not plan.memberships:
        return
    status, source = str(MembershipStatus.ACTIVE), str(MembershipSource.IMPORT)
    sql = copy_sql(Membership, MEMBERSHIP_COLUMNS)
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.set_types(copy_types(Membership, MEMBERSHIP_COLUMNS))
        for entry, person_id, number in _membership_rows(plan, ids, numbers):
            copy.write_row(
                (
                    *(now, now, person_id, union.pk, number, status, source, entry.started_on),
                    *("", entry.employment_kind, entry.platform),
                )
            )


def _update_people_pg(people: list[Person], now: datetime) -> None:
    if not people:
        return
    quote = connection.ops.quote_name
    table = quote(Person._meta.db_table)
    columns = _columns(Person, UPDATED_FIELDS)
    assignments = ", ".join(f"{quote(c)} = u.{quote(c)}" for c in UPDATED_FIELDS)
    # the statements are built from the model's own table and column names only
    create = f"CREATE TEMPORARY TABLE {TEMP} ON COMMIT DROP AS SELECT id, {columns} FROM {table}"  # noqa: S608
    update = f"UPDATE {table} AS p SET {assignments}, {quote('updated_at')} = %s FROM {TEMP} AS u"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"{create} WITH NO DATA")
        with cursor.cursor.copy(f"COPY {TEMP} (id, {columns}) FROM STDIN") as copy:
            for p in people:
                copy.write_row((p.pk, *(_db_value(p, name) for name in UPDATED_FIELDS)))
        cursor.execute(f"{update} WHERE p.id = u.id", [now])
        cursor.execute(f"DROP TABLE {TEMP}")


def _db_value(person: Person, name: str) -> Any:
    """The value as the column stores it (a phone encrypted, as the field would)."""
    field: Any = Person._meta.get_field(name)
    return field.get_db_prep_save(getattr(person, name), connection)


# --- other databases -------------------------------------------------------------------


def _create_people(entries: list[Entry]) -> dict[int, int]:
    people = [
        Person(
            name=e.name,
            id_number=e.id_number,
            birth_date=e.birth_date,
            sex=e.sex,
            phone=e.phone,
            employment_kind=e.employment_kind,
            platform=e.platform,
            employer_id=e.employer_id,
            employer_name=e.employer_name,
        )
        for e in entries
    ]
    Person.objects.bulk_create(people, batch_size=BATCH)
    return {e.row: p.pk for e, p in zip(entries, people, strict=True)}


def _create_memberships(
    plan: Plan, ids: dict[int, int], numbers: list[str], union: Organization
) -> None:
    Membership.objects.bulk_create(
        (
            Membership(
                person_id=person_id,
                union=union,
                number=number,
                status=MembershipStatus.ACTIVE,
                source=MembershipSource.IMPORT,
                started_on=entry.started_on,
                employment_kind=entry.employment_kind,
                platform=entry.platform,
            )
            for entry, person_id, number in _membership_rows(plan, ids, numbers)
        ),
        batch_size=BATCH,
    )


def _update_people(people: list[Person], now: datetime) -> None:
    for person in people:
        person.updated_at = now
    fields = [name.removesuffix("_id") for name in UPDATED_FIELDS]
    Person.objects.bulk_update(people, [*fields, "updated_at"], batch_size=500)
