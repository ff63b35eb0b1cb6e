"""Membership figures of a past period read the tree as it stood then: a union moved or
merged today (through the organisation services) leaves the figures of a period that
ended before it as they were, for its old station, its new one and the district, and
today's figures show it where it is now."""

from collections import Counter
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.testing import World, build_world
from gonghui.members import statistics
from gonghui.members.choices import MembershipSource, MembershipStatus
from gonghui.members.models import Membership, Person
from gonghui.members.services.memberships import membership_end, membership_start
from gonghui.members.services.people import clean_person_fields, person_get_or_create
from gonghui.members.tests.factories import id_number
from gonghui.organizations import services as org_services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

START, END = date(2022, 1, 1), date(2022, 12, 31)


def _person(n: int) -> Person:
    fields = clean_person_fields(
        {"name": f"职工{n}", "id_number": id_number(), "phone": f"1390000{n:04d}"}
    )
    return person_get_or_create(fields=fields)[0]


def _join(person: Person, union: Organization, day: date, actor: User) -> Membership:
    return membership_start(
        actor=actor,
        person=person,
        union=union,
        started_on=day,
        source=MembershipSource.IMPORT,
        notify=False,
    )


def _members_of_2022(world: World, joint: Organization) -> None:
    """In 2022: a join in union A, a transfer from B into A, a transfer from A out to B,
    a withdrawal from A; a join and a transfer inside station A (A to the joint union);
    members of A and of the joint union who are still members today."""
    actor = world.system
    _join(_person(1), world.union_a, date(2022, 3, 1), actor)
    moved_in = _person(2)
    _join(moved_in, world.union_b, date(2022, 2, 1), actor)
    _join(moved_in, world.union_a, date(2022, 6, 1), actor)
    moved_out = _person(3)
    _join(moved_out, world.union_a, date(2022, 4, 1), actor)
    _join(moved_out, world.union_b, date(2022, 9, 1), actor)
    gone = _join(_person(4), world.union_a, date(2022, 5, 1), actor)
    membership_end(
        actor=actor, membership=gone, status=MembershipStatus.WITHDRAWN, on=date(2022, 10, 1)
    )
    inside = _person(5)
    _join(inside, world.union_a, date(2022, 2, 15), actor)
    _join(inside, joint, date(2022, 7, 1), actor)
    _join(_person(6), joint, date(2022, 8, 1), actor)


def _world() -> tuple[World, Organization]:
    world = build_world()
    joint = org_services.union_found(
        actor=world.system,
        parent=world.station_a,
        name="甲区新业态联合会",
        union_kind=UnionKind.JOINT,
        founded_on=date(2021, 3, 1),
    )
    _members_of_2022(world, joint)
    return world, joint


def _figures(actor: User, node: Organization | None, start: date, end: date) -> dict[str, Any]:
    return {
        "active": asdict(statistics.active_members(actor=actor, on=end, node=node)),
        "joins": asdict(statistics.joins(actor=actor, start=start, end=end, node=node)),
        "leaves": asdict(statistics.leaves(actor=actor, start=start, end=end, node=node)),
        "platform": asdict(statistics.platform_joins(actor=actor, start=start, end=end, node=node)),
    }


def _staff(world: World, username: str) -> User:
    """The user as a new request loads it (scope paths read now, not cached)."""
    return User.objects.get(pk=world.user(username).pk)


def _past(world: World, joint: Organization) -> dict[str, dict[str, Any]]:
    """The 2022 figures of every scope the change could move."""
    system = world.system
    return {
        "district": _figures(system, None, START, END),
        "federation": _figures(system, world.federation, START, END),
        "station_a": _figures(system, world.station_a, START, END),
        "station_b": _figures(system, world.station_b, START, END),
        "union_a": _figures(system, world.union_a, START, END),
        "joint": _figures(system, joint, START, END),
        "fed_staff": _figures(_staff(world, "fed_staff"), None, START, END),
        "station_b_staff": _figures(_staff(world, "station_b_staff"), None, START, END),
        "union_a_staff": _figures(_staff(world, "union_a_staff"), None, START, END),
    }


def _by_station(actor: User, day: date, node: Organization | None = None) -> Counter[Any]:
    rows = statistics.active_members(actor=actor, on=day, node=node).by_station
    return Counter({row.key: row.count for row in rows if row.count})


def test_the_2022_figures_are_what_the_definitions_say() -> None:
    """The figures the other tests keep: not empty, and right (before any change)."""
    world, joint = _world()
    system = world.system
    a = statistics.joins(actor=system, start=START, end=END, node=world.station_a)
    assert (a.total, a.transfers, a.new_members) == (7, 2, 6)
    left_a = statistics.leaves(actor=system, start=START, end=END, node=world.station_a)
    assert (left_a.total, left_a.left_scope) == (3, 2)
    district = statistics.joins(actor=system, start=START, end=END)
    assert (district.total, district.transfers, district.new_members) == (9, 3, 6)
    assert _by_station(system, END) == Counter({world.station_a.pk: 4, world.station_b.pk: 1})
    union_staff = statistics.active_members(actor=world.user("union_a_staff"), on=END)
    assert union_staff.total == 2


def test_a_union_moved_today_leaves_the_past_figures_as_they_were() -> None:
    world, joint = _world()
    before = _past(world, joint)
    today = timezone.localdate()
    assert _by_station(world.system, today) == Counter(
        {world.station_a.pk: 4, world.station_b.pk: 1}
    )

    org_services.union_move(actor=world.system, union=world.union_a, new_parent=world.station_b)

    assert _past(world, joint) == before
    # today the union's members are in station B
    assert _by_station(world.system, today) == Counter(
        {world.station_a.pk: 2, world.station_b.pk: 3}
    )
    assert statistics.active_members(actor=world.system, on=today, node=world.station_a).total == 2
    assert statistics.active_members(actor=world.system, on=today, node=world.station_b).total == 3


def test_a_joint_union_moved_today_takes_its_subtree_from_today_only() -> None:
    world, joint = _world()
    member_union = org_services.union_found(
        actor=world.system,
        parent=joint,
        name="甲区快递员工会",
        union_kind=UnionKind.STANDALONE,
        founded_on=date(2021, 6, 1),
    )
    _join(_person(7), member_union, date(2022, 11, 1), world.system)
    before = _past(world, joint)
    station_a_2022 = statistics.active_members(actor=world.system, on=END, node=world.station_a)
    assert station_a_2022.total == 5

    org_services.union_move(actor=world.system, union=joint, new_parent=world.station_b)

    assert _past(world, joint) == before
    today = timezone.localdate()
    assert statistics.active_members(actor=world.system, on=today, node=joint).total == 3
    assert _by_station(world.system, today, node=world.station_b) == Counter(
        {world.station_b.pk: 4}
    )


def test_a_transfer_made_before_a_move_keeps_its_side_of_the_border() -> None:
    """Joins and leaves read each union's place on the day of the transfer: the transfer
    into union A from union B in 2022 crossed from station B into station A, and still
    does after union A moved to station B."""
    world, joint = _world()
    system = world.system

    org_services.union_move(actor=system, union=world.union_a, new_parent=world.station_b)

    b = statistics.joins(actor=system, start=START, end=END, node=world.station_b)
    assert (b.total, b.transfers, b.new_members) == (2, 1, 2)
    left_b = statistics.leaves(actor=system, start=START, end=END, node=world.station_b)
    assert (left_b.total, left_b.left_scope) == (1, 1)


def test_a_union_merged_today_leaves_the_past_and_its_members_transfer_from_today() -> None:
    world, joint = _world()
    system = world.system
    before = _past(world, joint)
    today = timezone.localdate()

    org_services.union_merge(actor=system, union=world.union_a, into=world.union_b, on=today)
    assert _past(world, joint) == before

    # the merged union's members continue in the union it was merged into, from today
    # (the merger transfers them: members.services.memberships.memberships_follow_union)
    assert not Membership.objects.filter(union=world.union_a, status=MembershipStatus.ACTIVE)
    moved = Membership.objects.filter(union=world.union_b, started_on=today)
    assert moved.filter(transferred_from__union=world.union_a).count() == 2

    assert _past(world, joint) == before
    assert _by_station(system, today) == Counter({world.station_a.pk: 2, world.station_b.pk: 3})
    # a transfer from station A (where union A stood until yesterday) into station B
    joined = statistics.joins(actor=system, start=today, end=today)
    assert (joined.total, joined.transfers, joined.new_members) == (2, 2, 0)
    joined_b = statistics.joins(actor=system, start=today, end=today, node=world.station_b)
    assert (joined_b.total, joined_b.new_members) == (2, 2)
    left_a = statistics.leaves(actor=system, start=today, end=today, node=world.station_a)
    assert (left_a.total, left_a.left_scope) == (2, 2)
    left = statistics.leaves(actor=system, start=today, end=today)
    assert (left.total, left.left_scope) == (2, 0)


def test_a_leave_reads_the_union_on_its_last_day_as_a_member() -> None:
    """A membership that ends on the day its union moved counts where the union stood on
    the membership's last day (the day before its end)."""
    world, joint = _world()
    system = world.system
    moved_on = date(2023, 5, 1)
    last = _join(_person(8), world.union_a, date(2023, 1, 10), system)
    membership_end(actor=system, membership=last, status=MembershipStatus.LAPSED, on=moved_on)

    org_services.union_move(
        actor=system, union=world.union_a, new_parent=world.station_b, on=moved_on
    )

    a = statistics.leaves(actor=system, start=moved_on, end=moved_on, node=world.station_a)
    b = statistics.leaves(actor=system, start=moved_on, end=moved_on, node=world.station_b)
    assert (a.total, b.total) == (1, 0)
    day_before = moved_on - timedelta(days=1)
    assert statistics.active_members(actor=system, on=day_before, node=world.station_a).total == 5
