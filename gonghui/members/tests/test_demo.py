"""The members' demo data: what the small district holds, that it was written through the
services, that a seed repeats, and that the full-scale 2021 drive adds up to the report."""

import random
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from stdnum.cn import ric

from gonghui.accounts.models import User
from gonghui.core import demo as core_demo
from gonghui.core.models import AuditEntry
from gonghui.members import demo
from gonghui.members.choices import (
    ApplicationStatus,
    EmploymentKind,
    MembershipSource,
    MembershipStatus,
)
from gonghui.members.models import JoinApplication, Membership, Person, PlatformRoute
from gonghui.organizations.choices import UnionKind, UnionStatus
from gonghui.organizations.demo import data as org_data
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _seed(seed: int = 1) -> None:
    call_command("seed_demo", "--scale", "small", "--seed", str(seed), stdout=StringIO())


def test_small_scale_has_members_transfers_endings_and_applications_in_every_status() -> None:
    _seed()

    assert 200 <= Person.objects.count() <= 600
    memberships = Membership.objects.all()
    assert memberships.filter(status=MembershipStatus.ACTIVE).count() >= 150
    assert memberships.filter(source=MembershipSource.TRANSFER).exists()
    assert memberships.filter(status=MembershipStatus.TRANSFERRED_OUT).exists()
    assert memberships.exclude(
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.TRANSFERRED_OUT]
    ).exists()
    statuses = set(JoinApplication.objects.values_list("status", flat=True))
    assert {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.NEEDS_INFO,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
    } <= statuses
    assert JoinApplication.objects.filter(status=ApplicationStatus.REJECTED).exclude(reason="")
    platform = Person.objects.filter(employment_kind=EmploymentKind.PLATFORM)
    assert platform.exists() and not platform.filter(platform="").exists()
    route = PlatformRoute.objects.get()
    assert route.union.union_kind == UnionKind.JOINT and route.union.station == route.station


def test_members_are_as_the_services_leave_them() -> None:
    _seed()

    for person in Person.objects.all():
        assert ric.is_valid(person.id_number), person.id_number
        assert person.phone.startswith("+861"), person.phone
    for membership in Membership.objects.select_related("union", "transferred_from"):
        assert membership.union.status == UnionStatus.ACTIVE
        assert membership.union.founded_on is not None
        assert membership.started_on >= membership.union.founded_on, membership
        previous = membership.transferred_from
        if previous is not None:
            assert previous.status == MembershipStatus.TRANSFERRED_OUT
            assert previous.ended_on == membership.started_on
    assert not Membership.objects.filter(started_on__gt=core_demo.DEMO_TODAY).exists()
    # every membership change was audited
    started = AuditEntry.objects.filter(
        content_type__model="membership", action="create", request_id="seed-demo-1"
    )
    assert started.count() == Membership.objects.count()


def test_the_member_account_has_a_person_with_a_membership() -> None:
    _seed()

    member = User.objects.get(username="member")
    person = Person.objects.get(user=member)
    membership = person.memberships.get(status=MembershipStatus.ACTIVE)
    assert membership.union.assignments.filter(user=member).exists()
    assert JoinApplication.objects.filter(
        applicant=member, status=ApplicationStatus.APPROVED, membership=membership
    ).exists()
    assert member.notices.exists()


def _people_digest() -> list[tuple[object, ...]]:
    return list(
        Membership.objects.order_by("number").values_list(
            "number",
            "person__name",
            "person__id_number_index",
            "person__birth_date",
            "union__code",
            "started_on",
            "status",
            "ended_on",
        )
    )


def test_the_same_seed_gives_the_same_members() -> None:
    digests = []
    for seed in (3, 3, 4):
        with transaction.atomic():
            _seed(seed)
            digests.append(_people_digest())
            transaction.set_rollback(True)

    assert digests[0] == digests[1]
    assert digests[2] != digests[0]


def _joint_unions(spec: org_data.ScaleSpec) -> list[Organization]:
    """Unsaved joint unions like those the full demo tree founds."""
    return [
        Organization(
            name=joint.name,
            union_kind=UnionKind.JOINT,
            founded_on=joint.founded_on,
            direct_workers=joint.direct_workers,
        )
        for joint in spec.joints
    ]


def test_the_full_scale_2021_drive_adds_up_to_the_report() -> None:
    ctx = core_demo.DemoContext(
        actor=None,
        scale=core_demo.FULL,
        seed=1,
        today=core_demo.DEMO_TODAY,
        rng=random.Random(1),  # noqa: S311
    )
    planner = demo.Planner(ctx, demo.FULL)

    planner.drive_2021(_joint_unions(org_data.FULL))
    planner.other_platform_workers(_joint_unions(org_data.FULL))

    in_2021 = [
        p
        for p in planner.people
        if p.kind == EmploymentKind.PLATFORM and p.stints[0][1].year == demo.DRIVE_YEAR
    ]
    assert len(in_2021) == demo.PLATFORM_JOINS_2021
    assert {p.stints[0][1] for p in in_2021} <= set(demo.MEETINGS_2021)
    assert all((p.stints[0][0].founded_on or date.max) <= p.stints[0][1] for p in in_2021)
    assert all(p.platform for p in in_2021)
    assert len({p.id_number for p in planner.people}) == len(planner.people)
    assert all(ric.is_valid(p.id_number) for p in planner.people[:500])


def test_shares_split_a_total_exactly() -> None:
    assert demo._shares([1.0, 1.0, 1.0], 10) == [4, 3, 3]
    assert sum(demo._shares([2306, 1587, 1021, 700], 5614)) == 5614
    assert demo._shares([2.4, 3.6], None) == [2, 4]
    assert date(2021, 11, 19) in demo.MEETINGS_2021 and len(demo.MEETINGS_2021) == 9
