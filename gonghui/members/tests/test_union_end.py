"""When a union ends, its members do not vanish: a merger transfers them to the union it
joins (from that day, with their history), a dissolution ends their memberships; both
through the system's steps of the membership workflow, on all members at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.models import AuditEntry, StatusChange
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import timeline
from gonghui.members import statistics
from gonghui.members.choices import MembershipSource, MembershipStatus
from gonghui.members.models import Membership
from gonghui.members.services import applications as apps
from gonghui.members.tests.factories import application_fields
from gonghui.organizations import services as org_services

pytestmark = pytest.mark.django_db


def _members(world: World, count: int, started_on) -> list[Membership]:  # type: ignore[no-untyped-def]
    memberships = []
    for _ in range(count):
        application = apps.application_submit(actor=None, **application_fields(world))
        approved = apps.application_approve(
            actor=world.user("union_a_staff"), application=application, started_on=started_on
        )
        assert approved.membership is not None
        memberships.append(approved.membership)
    return memberships


def test_a_merger_transfers_the_members_to_the_union_it_joins() -> None:
    world = build_world()
    today = timezone.localdate()
    joined = today - timedelta(days=30)
    members = _members(world, 3, joined)
    merged_on = today - timedelta(days=5)

    org_services.union_merge(
        actor=world.system, union=world.union_a, into=world.union_b, on=merged_on, reason="重组"
    )

    for old in members:
        old.refresh_from_db()
        assert (old.status, old.ended_on) == (MembershipStatus.TRANSFERRED_OUT, merged_on)
        new = Membership.objects.get(transferred_from=old)
        assert (new.union_id, new.status, new.started_on, new.source) == (
            world.union_b.pk,
            MembershipStatus.ACTIVE,
            merged_on,
            MembershipSource.TRANSFER,
        )
        assert new.number != old.number
        assert [e.step for e in timeline(old)] == ["start", "transfer_out"]
        assert [e.step for e in timeline(new)] == ["start"]
    # the figures: before the merger in union A, from it in union B, the total unchanged
    before = statistics.active_members(actor=world.system, on=merged_on - timedelta(days=1))
    after = statistics.active_members(actor=world.system, on=merged_on)
    assert before.total == after.total == 3
    assert {r.key: r.count for r in before.by_union} == {world.union_a.pk: 3}
    assert {r.key: r.count for r in after.by_union} == {world.union_b.pk: 3}
    entry = AuditEntry.objects.filter(action="transition", object_id=str(world.union_a.pk)).get()
    assert "会员 3 人转入" in entry.message


def test_a_dissolution_ends_the_memberships() -> None:
    world = build_world()
    today = timezone.localdate()
    members = _members(world, 2, today - timedelta(days=30))

    org_services.union_dissolve(
        actor=world.system, union=world.union_a, on=today, reason="企业注销"
    )

    for membership in members:
        membership.refresh_from_db()
        assert (membership.status, membership.ended_on) == (MembershipStatus.LAPSED, today)
        assert membership.end_reason == "工会撤销，会籍终止"
        assert timeline(membership)[-1].step == "union_dissolved"
    assert not Membership.objects.filter(status=MembershipStatus.ACTIVE).exists()


def test_an_end_dated_before_a_members_start_is_refused_and_nothing_written() -> None:
    world = build_world()
    today = timezone.localdate()
    _members(world, 1, today - timedelta(days=3))
    rows = (Membership.objects.count(), StatusChange.objects.count())

    with pytest.raises(ValidationError) as refused:
        org_services.union_merge(
            actor=world.system,
            union=world.union_a,
            into=world.union_b,
            on=today - timedelta(days=10),
            reason="重组",
        )

    assert "on" in refused.value.message_dict
    world.union_a.refresh_from_db()
    assert world.union_a.is_active
    assert (Membership.objects.count(), StatusChange.objects.count()) == rows


class _Undo(Exception):
    pass


def test_the_transfer_costs_the_same_statements_for_two_members_and_for_six() -> None:
    world = build_world()
    today = timezone.localdate()
    counts = []
    for size in (2, 6):
        with pytest.raises(_Undo), transaction.atomic():
            _members(world, size, today - timedelta(days=30))
            with CaptureQueriesContext(connection) as queries:
                org_services.union_merge(
                    actor=world.system, union=world.union_a, into=world.union_b, on=today
                )
            counts.append(len(queries))
            raise _Undo
    assert counts[0] == counts[1]


def test_the_founding_day_cannot_be_corrected_past_a_members_start() -> None:
    world = build_world()
    assert world.union_a.founded_on is not None
    joined = world.union_a.founded_on + timedelta(days=10)
    _members(world, 1, joined)

    with pytest.raises(ValidationError) as refused:
        org_services.union_update(
            actor=world.system, union=world.union_a, founded_on=joined + timedelta(days=1)
        )
    assert joined.isoformat() in refused.value.message_dict["founded_on"][0]

    # up to the member's start it may move
    corrected = org_services.union_update(
        actor=world.system, union=world.union_a, founded_on=joined
    )
    assert corrected.founded_on == joined
