import pytest
from django.contrib.auth.models import AnonymousUser

from gonghui.accounts.roles import AUDIT_VIEW, ORG_FOUND, ORG_RESTRUCTURE, ORG_VIEW, PII_VIEW
from gonghui.core.models import AuditEntry
from gonghui.core.scoping import allows
from gonghui.core.testing import build_world
from gonghui.organizations.models import LegalEntity, Organization

pytestmark = pytest.mark.django_db


def test_union_staff_see_their_union_only() -> None:
    world = build_world()
    seen = set(Organization.objects.for_actor(world.user("union_a_staff"), ORG_VIEW))
    assert seen == {world.union_a}


def test_station_staff_see_their_station_subtree() -> None:
    world = build_world()
    seen = set(Organization.objects.for_actor(world.user("station_a_staff"), ORG_VIEW))
    assert seen == {world.station_a, world.union_a}
    entities = set(LegalEntity.objects.for_actor(world.user("station_a_staff"), ORG_VIEW))
    assert entities == {world.entity_a}


def test_federation_staff_see_the_whole_district() -> None:
    world = build_world()
    assert Organization.objects.for_actor(world.user("fed_staff"), ORG_VIEW).count() == 5


def test_no_role_no_rows() -> None:
    world = build_world()
    assert not Organization.objects.for_actor(world.user("member"), ORG_VIEW).exists()
    assert not Organization.objects.for_actor(AnonymousUser(), ORG_VIEW).exists()
    assert not Organization.objects.for_actor(None, ORG_VIEW).exists()


def test_an_action_the_role_does_not_grant_gives_nothing() -> None:
    world = build_world()
    union_staff = world.user("union_a_staff")
    assert not Organization.objects.for_actor(union_staff, ORG_FOUND).exists()
    assert not Organization.objects.for_actor(world.user("station_a_staff"), ORG_RESTRUCTURE)
    assert not union_staff.has_action(PII_VIEW)
    assert allows(world.user("pii_a_staff"), PII_VIEW, world.union_a)
    assert not allows(world.user("pii_a_staff"), PII_VIEW, world.union_b)


def test_nested_assignments_collapse_to_the_outer_path() -> None:
    from gonghui.accounts.models import Assignment
    from gonghui.accounts.roles import Role

    world = build_world()
    staff = world.user("station_a_staff")
    Assignment.objects.create(user=staff, organization=world.union_a, role=Role.UNION_STAFF)
    staff.forget_scope()
    assert staff.scope_paths(ORG_VIEW) == [world.station_a.path]


def test_audit_entries_are_scoped_and_global_ones_need_the_root() -> None:
    world = build_world()
    AuditEntry.objects.create(action="login", message="global")
    station_entries = AuditEntry.objects.for_actor(world.user("station_a_staff"), AUDIT_VIEW)
    assert {e.organization_id for e in station_entries} <= {world.station_a.pk, world.union_a.pk}
    assert station_entries.exists()
    federation_entries = AuditEntry.objects.for_actor(world.user("fed_staff"), AUDIT_VIEW)
    assert federation_entries.filter(organization__isnull=True).exists()


def test_superuser_sees_everything() -> None:
    world = build_world()
    assert Organization.objects.for_actor(world.system, ORG_VIEW).count() == 5
