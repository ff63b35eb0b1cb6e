"""The one audited update helper: ``core.updates.apply_changes``."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.core import audit, pii
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.updates import apply_changes
from gonghui.members.models import Person
from gonghui.portal.tests.factories import e164, id_number, phone

pytestmark = pytest.mark.django_db

FIELDS = ("name", "phone", "employer_name")


@pytest.fixture
def person() -> Person:
    return Person.objects.create(
        name="王小明",
        id_number=id_number(1),
        birth_date=date(1990, 3, 7),
        sex="M",
        phone=e164(phone(1)),
        employer_name="甲公司",
    )


def test_only_the_changed_fields_are_written(person: Person) -> None:
    # another writer changed the employer after this copy of the row was read
    Person.objects.filter(pk=person.pk).update(employer_name="乙公司")

    changes = apply_changes(person, {"name": "王晓明", "employer_name": "甲公司"}, fields=FIELDS)

    assert changes.fields == ("name",)
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.employer_name) == ("王晓明", "乙公司")


def test_the_diff_is_what_the_audit_entry_records(person: Person) -> None:
    changes = apply_changes(person, {"name": "王晓明", "phone": e164(phone(2))}, fields=FIELDS)

    audit.record(actor=None, action=AuditAction.UPDATE, obj=person, changes=changes.diff)

    recorded = AuditEntry.objects.get().changes
    assert recorded["name"] == ["王小明", "王晓明"]
    old, new = recorded["phone"]
    assert old.startswith(audit.HIDDEN) and new.startswith(audit.HIDDEN) and old != new
    assert phone(2) not in str(recorded)
    assert changes.before["name"] == "王小明" and changes.after["name"] == "王晓明"


def test_the_blind_index_follows_its_source(person: Person) -> None:
    apply_changes(person, {"phone": e164(phone(3))}, fields=FIELDS)

    found = Person.objects.filter(phone_index=pii.blind_index(e164(phone(3))))
    assert list(found) == [person]


def test_a_field_not_named_is_refused_and_nothing_written(person: Person) -> None:
    with pytest.raises(ValidationError) as refused:
        apply_changes(person, {"name": "王晓明", "sex": "F"}, fields=FIELDS)

    assert list(refused.value.message_dict) == ["sex"]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.sex) == ("王小明", "M")


def test_changing_nothing_writes_nothing(person: Person, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        changes = apply_changes(person, {"name": "王小明", "phone": person.phone}, fields=FIELDS)

    assert not changes
    assert changes.diff == {} and changes.fields == ()


def test_without_saving_the_row_is_changed_for_the_caller_to_save(
    person: Person, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        changes = apply_changes(person, {"name": "王晓明"}, fields=FIELDS, save=False)

    assert changes and person.name == "王晓明"
    assert Person.objects.get(pk=person.pk).name == "王小明"
