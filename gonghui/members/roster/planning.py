"""The rows against the database: who is new, who is known, who is a member where.
A dry run (``own_members_only``) looks only at the union's own members.

Run inside the import's transaction: the known people are locked (``select_for_update``,
the row ``membership_start`` locks too), so nobody changes their memberships between the
check and the write. A person created meanwhile by someone else makes the write fail on
the unique blind index, and the whole import rolls back.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.utils.translation import gettext as _

from gonghui.core import pii
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.members.roster.checking import Entry, RowError
from gonghui.members.roster.columns import ID_NUMBER
from gonghui.members.services.people import employment_before
from gonghui.organizations.models import Organization

CHUNK = 5_000
UPDATED_FIELDS = (
    "name",
    "phone",
    "phone_index",
    "employer_id",
    "employer_name",
    "employment_kind",
    "platform",
)
PERSON_FIELDS = ("pk", "id_number_index", *UPDATED_FIELDS)

T = TypeVar("T")


@dataclass
class Plan:
    new_people: list[Entry] = field(default_factory=list)
    # memberships to start: (entry, person id) for known people, (entry, None) for new ones
    memberships: list[tuple[Entry, int | None]] = field(default_factory=list)
    updates: list[Person] = field(default_factory=list)  # known people with changed fields
    # of those, the ones whose employment changes: their employment until the import
    employment_before: dict[int, dict[str, Any]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.memberships)

    @property
    def updated(self) -> int:
        return len(self.updates)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def plan(
    *,
    entries: list[Entry],
    union: Organization,
    update: bool,
    lock: bool,
    own_members_only: bool = False,
) -> Plan:
    """``own_members_only`` (a dry run): the union's own members are the only people
    known; anyone else counts as new, so that checking a file tells nothing about
    people outside the union (a member elsewhere, or a former member)."""
    known = _known_people([e.index for e in entries], lock=lock)
    active = _active_unions([p.pk for p in known.values()])
    if own_members_only:
        known = {index: p for index, p in known.items() if active.get(p.pk) == union.pk}
    result = Plan()
    for entry in entries:
        person = known.get(entry.index)
        if person is None:
            result.new_people.append(entry)
            result.memberships.append((entry, None))
            continue
        union_id = active.get(person.pk)
        if union_id is not None and union_id != union.pk:
            result.errors.append(RowError(entry.row, ID_NUMBER, _("已是其他工会会员，请办理转会")))
            continue
        if union_id == union.pk and not update:
            result.errors.append(
                RowError(
                    entry.row,
                    ID_NUMBER,
                    _("已是本工会会员；如需更新其信息，请勾选“更新已登记人员”后重新导入"),
                )
            )
            continue
        if union_id is None:
            result.memberships.append((entry, person.pk))
        if update:
            _update(result, person, entry)
    return result


def _update(result: Plan, person: Person, entry: Entry) -> None:
    before = employment_before(person)
    if apply_entry(person, entry):
        result.updates.append(person)
        if employment_before(person) != before:
            result.employment_before[person.pk] = before


def apply_entry(person: Person, entry: Entry) -> bool:
    """Copy the row's name, phone, employer and kind of employment (those it gives) to the
    person; whether anything changed."""
    values: dict[str, Any] = {
        "name": entry.name,
        "phone": entry.phone,
        "phone_index": pii.blind_index(entry.phone) if entry.phone else None,
    }
    if entry.employer_given:
        values.update(employer_id=entry.employer_id, employer_name=entry.employer_name)
    if entry.kind_given:
        values.update(employment_kind=entry.employment_kind, platform=entry.platform)
    changed = False
    for name, value in values.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    return changed


def _known_people(indexes: list[str], *, lock: bool) -> dict[str, Person]:
    if connection.vendor == "postgresql":
        return _known_people_pg(indexes, lock=lock)
    people: dict[str, Person] = {}
    for chunk in chunks(indexes):
        query = Person.objects.filter(id_number_index__in=chunk).only(*PERSON_FIELDS)
        if lock:
            query = query.select_for_update()
        for person in query.order_by("pk"):
            people[person.id_number_index] = person
    return people


def _known_people_pg(indexes: list[str], *, lock: bool) -> dict[str, Person]:
    """One array parameter instead of thousands of placeholders (which psycopg would
    splice into the statement one by one)."""
    quote = connection.ops.quote_name
    attnames = {f.attname: str(f.column) for f in Person._meta.concrete_fields}
    names = ["id", *(name for name in PERSON_FIELDS if name != "pk")]
    columns = ", ".join(quote(attnames[name]) for name in names)
    sql = (
        f"SELECT {columns} FROM {quote(Person._meta.db_table)} "  # noqa: S608 - model names only
        f"WHERE {quote('id_number_index')} = ANY(%s) ORDER BY {quote('id')}"
        + (" FOR UPDATE" if lock else "")
    )
    return {p.id_number_index: p for p in Person.objects.raw(sql, [indexes])}


def _active_unions(person_ids: list[int]) -> dict[int, int]:
    unions: dict[int, int] = {}
    for chunk in chunks(person_ids):
        rows = Membership.objects.filter(person_id__in=chunk, status=MembershipStatus.ACTIVE)
        unions.update(rows.values_list("person_id", "union_id"))
    return unions
