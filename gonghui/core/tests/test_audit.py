from datetime import date

import pytest

from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.middleware import set_request_id
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world
from gonghui.organizations import services

pytestmark = pytest.mark.django_db


def test_an_update_records_only_the_changed_fields_with_actor_request_and_node() -> None:
    world = build_world()
    staff = world.user("union_a_staff")
    set_request_id("req-0123456789")
    services.union_update(actor=staff, union=world.union_a, contact_name="王五")
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert entry.actor == staff
    assert entry.actor_name == "union_a_staff"
    assert entry.request_id == "req-0123456789"
    assert entry.organization_id == world.union_a.pk
    assert entry.object_id == str(world.union_a.pk)
    assert entry.changes["contact_name"] == ["", "王五"]
    assert "updated_at" in entry.changes
    assert "name" not in entry.changes


def test_personal_data_never_enters_the_log() -> None:
    user = User.objects.create_user("worker", password="x", id_number="11010519491231002X")
    before = audit.snapshot(user)
    user.id_number = "110101199003070011"
    user.save()
    after = audit.snapshot(user)
    changes = audit.diff(before, after)
    assert changes["id_number"][0] != changes["id_number"][1]
    assert all(str(v).startswith("***") for v in changes["id_number"])
    assert "11010519491231002X" not in repr(changes)


def test_bulk_entries_are_written_in_one_statement(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    entries = [
        audit.entry(actor=world.system, action=AuditAction.BULK, obj=world.union_a, message=str(i))
        for i in range(20)
    ]
    with django_assert_num_queries(1):
        audit.record_many(entries)
    assert AuditEntry.objects.filter(action=AuditAction.BULK).count() == 20


def test_a_refused_write_leaves_no_entry() -> None:
    world = build_world()
    count = AuditEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        services.union_dissolve(
            actor=world.user("fed_staff"), union=world.union_a, on=date(2021, 1, 1), reason=""
        )
    assert AuditEntry.objects.count() == count


def test_the_response_carries_a_request_id(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32
    assert response.json() == {"status": "ok", "database": "ok"}
