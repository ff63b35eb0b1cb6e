"""Viewing personal data writes one audit entry per page view and organisation, listing
the records shown, with the fields named as the user reads them."""

import pytest
from django.utils import translation

from gonghui.core import disclosure
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world
from gonghui.members.services import applications as apps
from gonghui.members.tests.factories import application_fields

pytestmark = pytest.mark.django_db


def test_one_entry_per_organisation_naming_the_records_and_the_fields() -> None:
    world = build_world()
    in_a = [apps.application_submit(actor=None, **application_fields(world)) for _ in range(3)]
    in_b = apps.application_submit(actor=None, **application_fields(world, employer=world.entity_b))
    AuditEntry.objects.all().delete()

    disclosure.record(
        actor=world.system, objects=[*in_a, in_b], fields=["phone", "id_number"], purpose="列表"
    )

    entries = {e.organization_id: e for e in AuditEntry.objects.all()}
    assert set(entries) == {world.union_a.pk, world.union_b.pk}
    many, one = entries[world.union_a.pk], entries[world.union_b.pk]
    assert many.action == AuditAction.VIEW_PERSONAL_DATA and many.object_id == ""
    assert sorted(many.changes["records"]) == sorted(str(a.pk) for a in in_a)
    assert "3 条记录" in many.message and "身份证号" in many.message
    assert one.object_id == str(in_b.pk)  # a single record is the entry's object


def test_the_fields_are_named_in_the_users_language() -> None:
    world = build_world()
    application = apps.application_submit(actor=None, **application_fields(world))
    AuditEntry.objects.all().delete()
    with translation.override("en"):
        disclosure.record(
            actor=world.system, objects=[application], fields=["id_number"], purpose="detail"
        )
    assert "ID number" in AuditEntry.objects.get().message
