"""The PostgreSQL path of the roster import: COPY of people and memberships, and updates
through a temporary table. Skipped on SQLite (see the conftest)."""

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gonghui.core import pii
from gonghui.core.testing import build_world
from gonghui.members.choices import MembershipSource, MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.members.roster import samples
from gonghui.members.services.memberships import membership_start
from gonghui.members.services.people import derived_fields
from gonghui.members.services.roster import roster_import_create, roster_import_run

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded rosters and error reports go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def _run(world: object, path: Path, **options: object) -> object:
    record = roster_import_create(
        actor=world.user("union_a_staff"),  # type: ignore[attr-defined]
        union=world.union_a,  # type: ignore[attr-defined]
        file_name=path.name,
        content=path.read_bytes(),
        **options,  # type: ignore[arg-type]
    )
    return roster_import_run(pk=record.pk)


def test_copy_writes_people_and_memberships_the_orm_reads_back(tmp_path: Path) -> None:
    # given: 300 rows, one naming union A's legal entity
    world = build_world()
    rows = samples.roster_rows(random.Random(21), 300)
    rows[0][4] = world.entity_a.name
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, rows)
    person_ids_before = Person.objects.count()

    # when
    record = _run(world, path)

    # then: ID numbers decrypt, blind indexes find them, memberships refer to them
    assert (record.status, record.created_count) == ("done", 300), record.message  # type: ignore[attr-defined]
    assert Person.objects.count() == person_ids_before + 300
    for name, number, phone, started, *_rest in rows[:20]:
        person = Person.objects.get(id_number_index=pii.blind_index(number))
        assert (person.name, person.id_number, person.phone) == (name, number, f"+86{phone}")
        assert person.birth_date == derived_fields(number)["birth_date"]
        membership = person.memberships.get()
        assert (membership.union, membership.started_on) == (world.union_a, started)
        assert (membership.status, membership.source) == (
            MembershipStatus.ACTIVE,
            MembershipSource.IMPORT,
        )
    assert (
        Person.objects.get(id_number_index=pii.blind_index(rows[0][1])).employer == world.entity_a
    )
    numbers = list(Membership.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 300
    # and the id sequence moved past the reserved ids: the ORM can still insert
    extra = samples.id_number(random.Random(99), born_from=1970, born_to=1970)
    Person.objects.create(name="后来者", id_number=extra, **derived_fields(extra))


def test_update_goes_through_a_temporary_table_twice_in_one_transaction(tmp_path: Path) -> None:
    # given: two members of union A
    world = build_world()
    rows = samples.roster_rows(random.Random(22), 2)
    for _name, number, *_rest in rows:
        person = Person.objects.create(name="旧", id_number=number, **derived_fields(number))
        membership_start(
            actor=world.system,
            person=person,
            union=world.union_a,
            started_on=date(2022, 1, 1),
            source=MembershipSource.APPLICATION,
            notify=False,
        )
    rows[0][4] = world.entity_a.credit_code
    path = tmp_path / "roster.xlsx"
    samples.write_xlsx(path, rows)

    # when: updated twice (the test's transaction stays open between them)
    first = _run(world, path, update=True)
    rows[1][0] = "再改"
    samples.write_xlsx(path, rows)
    second = _run(world, path, update=True)

    # then
    assert (first.status, first.updated_count) == ("done", 2)  # type: ignore[attr-defined]
    assert (second.status, second.updated_count) == ("done", 1)  # type: ignore[attr-defined]
    people = {p.id_number: p for p in Person.objects.all()}
    assert people[rows[0][1]].name == rows[0][0]
    assert people[rows[0][1]].employer == world.entity_a
    assert people[rows[1][1]].name == "再改"
    assert people[rows[1][1]].id_number_index == pii.blind_index(rows[1][1])
    assert Membership.objects.count() == 2
