from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import CREDIT_CODES, build_world
from gonghui.organizations import services
from gonghui.organizations.choices import SizeClass, UnionKind, UnionStatus
from gonghui.organizations.models import LegalEntity, Organization

pytestmark = pytest.mark.django_db

DAY = date(2022, 5, 1)


def _counts() -> tuple[int, int, int]:
    return Organization.objects.count(), LegalEntity.objects.count(), AuditEntry.objects.count()


def _refused(field: str, call, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert _counts() == before


def test_found_a_union_gives_path_code_station_and_audit() -> None:
    world = build_world()
    union = services.union_found(
        actor=world.user("station_a_staff"),
        parent=world.station_a,
        name="丙公司工会",
        union_kind=UnionKind.STANDALONE,
        founded_on=DAY,
        chair_phone="138 0000 1111",
    )
    assert union.path == world.station_a.path + f"{union.pk:07d}."
    assert union.station == world.station_a
    assert union.code.startswith("GH")
    assert union.chair_phone == "+8613800001111"
    assert AuditEntry.objects.filter(object_id=str(union.pk), action=AuditAction.CREATE).exists()


def test_headcount_and_size_class_follow_the_entities() -> None:
    world = build_world()
    world.union_a.refresh_from_db()
    assert world.union_a.headcount == 120
    assert world.union_a.size_class == SizeClass.LARGE
    services.legal_entity_update(actor=world.user("fed_staff"), entity=world.entity_a, headcount=60)
    world.union_a.refresh_from_db()
    assert (world.union_a.headcount, world.union_a.size_class) == (60, SizeClass.SMALL)


def test_bad_input_is_refused_naming_the_field_and_nothing_is_written() -> None:
    world = build_world()
    staff = world.user("fed_staff")
    found = services.union_found
    base = {
        "actor": staff,
        "parent": world.station_a,
        "union_kind": "standalone",
        "founded_on": DAY,
    }
    _refused("name", found, **base, name="甲公司工会")  # duplicate in the station
    _refused("name", found, **base, name="  ")
    _refused("chair_phone", found, **base, name="新工会", chair_phone="12345")
    _refused("direct_workers", found, **base, name="新工会", direct_workers=-3)
    _refused("founded_on", found, **{**base, "founded_on": date(2099, 1, 1)}, name="新工会")
    _refused("union_kind", found, **{**base, "union_kind": "other"}, name="新工会")
    _refused("parent", found, **{**base, "parent": world.union_a}, name="新工会")
    attach = services.legal_entity_attach
    entity = {
        "actor": staff,
        "union": world.union_a,
        "name": "新单位",
        "industry": "C",
        "covered_since": DAY,
    }
    _refused("credit_code", attach, **entity, credit_code="91110302MA01A0B01A", headcount=5)
    _refused("credit_code", attach, **entity, credit_code="123", headcount=5)
    _refused("credit_code", attach, **entity, credit_code=CREDIT_CODES[0], headcount=5)
    _refused("headcount", attach, **entity, credit_code=CREDIT_CODES[2], headcount=-1)
    early = {**entity, "covered_since": date(2020, 1, 1)}  # union A was founded in 2021
    _refused("covered_since", attach, **early, credit_code=CREDIT_CODES[2], headcount=5)
    late = {**entity, "covered_since": date(2099, 1, 1)}
    _refused("covered_since", attach, **late, credit_code=CREDIT_CODES[2], headcount=5)


def test_the_same_name_is_allowed_in_another_station() -> None:
    world = build_world()
    union = services.union_found(
        actor=world.system,
        parent=world.station_b,
        name="甲公司工会",
        union_kind=UnionKind.STANDALONE,
        founded_on=DAY,
    )
    assert union.station == world.station_b


def test_a_service_refuses_an_actor_outside_the_scope() -> None:
    world = build_world()
    with pytest.raises(OutOfScope):
        services.union_update(actor=world.user("union_b_staff"), union=world.union_a, address="x")
    with pytest.raises(OutOfScope):
        services.union_found(
            actor=world.user("station_b_staff"),
            parent=world.station_a,
            name="越权工会",
            union_kind=UnionKind.STANDALONE,
            founded_on=DAY,
        )


def _joint(world, name: str = "联合工会") -> Organization:  # type: ignore[no-untyped-def]
    return services.union_found(
        actor=world.system,
        parent=world.station_a,
        name=name,
        union_kind=UnionKind.JOINT,
        founded_on=DAY,
        direct_workers=30,
    )


def test_move_rewrites_the_subtree_and_refuses_a_cycle() -> None:
    world = build_world()
    joint = _joint(world)
    member = services.union_found(
        actor=world.system,
        parent=joint,
        name="小微企业工会",
        union_kind=UnionKind.STANDALONE,
        founded_on=DAY,
    )
    _refused("new_parent", services.union_move, actor=world.system, union=joint, new_parent=joint)
    moved = services.union_move(actor=world.system, union=joint, new_parent=world.station_b)
    member.refresh_from_db()
    assert moved.path.startswith(world.station_b.path)
    assert member.path == moved.path + f"{member.pk:07d}."
    assert member.station == world.station_b
    assert member.depth == 4
    # a joint union cannot go under its own member
    _refused("new_parent", services.union_move, actor=world.system, union=moved, new_parent=member)


def test_move_refuses_a_name_clash_in_the_new_station() -> None:
    world = build_world()
    services.union_found(
        actor=world.system,
        parent=world.station_b,
        name="甲公司工会",
        union_kind=UnionKind.STANDALONE,
        founded_on=DAY,
    )
    _refused(
        "name",
        services.union_move,
        actor=world.system,
        union=world.union_a,
        new_parent=world.station_b,
    )


def test_merge_moves_entities_and_keeps_the_merged_union() -> None:
    world = build_world()
    merged = services.union_merge(
        actor=world.system, union=world.union_b, into=world.union_a, on=DAY, reason="企业合并"
    )
    assert merged.status == UnionStatus.MERGED
    assert merged.merged_into == world.union_a
    assert merged.ended_on == DAY
    world.entity_b.refresh_from_db()
    world.union_a.refresh_from_db()
    assert world.entity_b.union == world.union_a
    assert world.union_a.headcount == 160
    assert Organization.objects.filter(pk=world.union_b.pk).exists()
    _refused(
        "status", services.union_merge, actor=world.system, union=merged, into=world.union_a, on=DAY
    )


def test_dissolve_needs_a_reason_and_a_joint_union_without_members() -> None:
    world = build_world()
    joint = _joint(world)
    services.union_found(
        actor=world.system, parent=joint, name="成员工会", union_kind="standalone", founded_on=DAY
    )
    _refused(
        "reason",
        services.union_dissolve,
        actor=world.system,
        union=world.union_a,
        on=DAY,
        reason=" ",
    )
    _refused(
        "union", services.union_dissolve, actor=world.system, union=joint, on=DAY, reason="撤销"
    )
    dissolved = services.union_dissolve(
        actor=world.system, union=world.union_a, on=DAY, reason="企业注销"
    )
    assert dissolved.status == UnionStatus.DISSOLVED
    assert dissolved.end_reason == "企业注销"
    assert LegalEntity.objects.filter(union=dissolved).exists()  # history kept
    _refused(
        "on",
        services.union_dissolve,
        actor=world.system,
        union=world.union_b,
        on=date(2020, 1, 1),
        reason="x",
    )


def test_only_federation_staff_restructure() -> None:
    world = build_world()
    with pytest.raises(OutOfScope):
        services.union_move(
            actor=world.user("station_a_staff"), union=world.union_a, new_parent=world.station_b
        )


def test_move_a_legal_entity_between_unions_updates_both_headcounts() -> None:
    world = build_world()
    services.legal_entity_move(actor=world.system, entity=world.entity_a, union=world.union_b)
    world.union_a.refresh_from_db()
    world.union_b.refresh_from_db()
    assert (world.union_a.headcount, world.union_b.headcount) == (0, 160)


def test_an_update_that_changes_nothing_writes_nothing() -> None:
    world = build_world()
    count = AuditEntry.objects.count()
    services.union_update(actor=world.system, union=world.union_a, name=world.union_a.name)
    services.legal_entity_update(actor=world.system, entity=world.entity_a, headcount=120)
    assert AuditEntry.objects.count() == count
