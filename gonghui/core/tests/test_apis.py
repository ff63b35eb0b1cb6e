"""The audit log API: scoped like the page, filtered per object, user, action and day."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts import services as account_services
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import World, build_world
from gonghui.organizations import services as org_services

pytestmark = pytest.mark.django_db

AUDIT = reverse("api:core:audit-entry-list")


def _client(world: World, user: str) -> Client:
    client = Client()
    client.force_login(world.user(user))
    return client


def _reprs(response: Any) -> set[str]:
    assert response.status_code == 200, response.json()
    return {row["object_repr"] for row in response.json()["results"]}


def test_entries_of_one_object() -> None:
    world = build_world()
    org_services.union_update(actor=world.system, union=world.union_a, address="新街 1 号")

    response = _client(world, "fed_staff").get(
        AUDIT, {"content_type": "organizations.organization", "object_id": str(world.union_a.pk)}
    )

    rows = response.json()["results"]
    assert [row["action"] for row in rows] == [AuditAction.UPDATE, AuditAction.CREATE]
    assert {row["content_type"] for row in rows} == {"organizations.organization"}
    assert rows[0]["changes"]["address"] == ["", "新街 1 号"]
    assert rows[0]["organization"] == world.union_a.pk


def test_entries_by_actor_action_and_day() -> None:
    world = build_world()
    staff = world.user("union_a_staff")
    org_services.union_update(actor=staff, union=world.union_a, address="新街 1 号")
    old = AuditEntry.objects.get(
        action=AuditAction.CREATE,
        content_type__model="legalentity",
        object_id=str(world.entity_a.pk),
    )
    old.time = timezone.now() - timedelta(days=10)
    old.save(update_fields=["time"])
    client = _client(world, "fed_staff")
    today = timezone.localdate()

    by_actor = client.get(AUDIT, {"actor": staff.pk})
    by_action = client.get(AUDIT, {"action": AuditAction.UPDATE})
    until = client.get(AUDIT, {"until": (today - timedelta(days=5)).isoformat()})
    since = client.get(
        AUDIT, {"since": today.isoformat(), "content_type": "organizations.LegalEntity"}
    )

    assert [row["actor_name"] for row in by_actor.json()["results"]] == ["union_a_staff"]
    assert _reprs(by_action) == {world.union_a.name}
    assert _reprs(until) == {world.entity_a.name}
    assert _reprs(since) == {world.entity_b.name}


def test_entries_tied_to_no_node_are_for_the_whole_district_only() -> None:
    world = build_world()
    account_services.user_record_login(user=world.user("station_a_staff"))

    federation = _client(world, "fed_staff").get(AUDIT, {"action": AuditAction.LOGIN})
    station = _client(world, "station_a_staff").get(AUDIT, {"action": AuditAction.LOGIN})

    assert federation.json()["count"] == 1
    assert station.json()["count"] == 0


@pytest.mark.parametrize(
    "query",
    [
        {"content_type": "organization"},
        {"content_type": "a.b.c"},
        {"action": "erase"},
        {"actor": "me"},
        {"since": "yesterday"},
    ],
)
def test_bad_filters_answer_400_naming_the_filter(query: dict[str, str]) -> None:
    world = build_world()

    response = _client(world, "fed_staff").get(AUDIT, query)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == list(query)


def test_union_staff_do_not_read_the_audit_log() -> None:
    world = build_world()

    response = _client(world, "union_a_staff").get(AUDIT)

    assert response.status_code == 403


def test_audit_list_queries_do_not_grow_with_the_page() -> None:
    world = build_world()
    client = _client(world, "fed_staff")

    with CaptureQueriesContext(connection) as few:
        client.get(AUDIT, {"page_size": 2})
    with CaptureQueriesContext(connection) as many:
        client.get(AUDIT, {"page_size": 50})

    assert len(few) == len(many)
