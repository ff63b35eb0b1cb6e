"""Memberships on the one workflow engine: every change is a declared step, written to the
status history; the transfer out is the system's step, never offered to anyone."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world
from gonghui.core.workflow import available, take, timeline
from gonghui.members.choices import MembershipStatus
from gonghui.members.models import JoinApplication, Membership
from gonghui.members.services import applications as apps
from gonghui.members.services.memberships import membership_end
from gonghui.members.tests.factories import application_fields, id_number

pytestmark = pytest.mark.django_db


def _approved(world, staff: str, **fields) -> Membership:
    application = apps.application_submit(actor=None, **application_fields(world, **fields))
    approved = apps.application_approve(actor=world.user(staff), application=application)
    assert isinstance(approved, JoinApplication) and approved.membership is not None
    return approved.membership


def test_ending_is_a_step_with_its_history_and_the_engines_refusal() -> None:
    world = build_world()
    staff = world.user("union_a_staff")
    membership = _approved(world, "union_a_staff")
    offered = {step.name for step in available(staff, membership)}
    assert offered == {"lapse", "withdraw", "decease"}  # never the system's transfer_out
    assert available(world.user("union_b_staff"), membership) == []
    with pytest.raises(OutOfScope):
        membership_end(
            actor=world.user("union_b_staff"),
            membership=membership,
            status=MembershipStatus.LAPSED,
            on=timezone.localdate(),
        )
    membership_end(
        actor=staff,
        membership=membership,
        status=MembershipStatus.DECEASED,
        on=timezone.localdate(),
    )
    steps = [(e.step, e.from_state, e.to_state, e.note) for e in timeline(membership)]
    assert steps == [
        ("start", "", "active", "个人申请"),
        ("decease", "active", "deceased", "已去世"),
    ]
    membership.refresh_from_db()
    assert membership.end_reason == "已去世"
    assert available(staff, membership) == []
    with pytest.raises(ValidationError) as refused:
        take(staff, membership, "withdraw", on=timezone.localdate())
    assert refused.value.message_dict == {"status": ["该会籍已结束"]}


def test_a_transfer_is_the_systems_step_taken_for_the_admitting_union() -> None:
    world = build_world()
    number = id_number()
    old = _approved(world, "union_b_staff", id_number=number, employer=world.entity_b)
    # union A's staff cannot reach union B's membership, yet admitting the person ends it
    assert not Membership.objects.for_actor(world.user("union_a_staff"), "members.review").filter(
        pk=old.pk
    )
    new = _approved(world, "union_a_staff", id_number=number)
    old.refresh_from_db()
    assert old.status == MembershipStatus.TRANSFERRED_OUT
    assert [(e.step, e.to_state, e.actor_name) for e in timeline(old)][-1] == (
        "transfer_out",
        "transferred_out",
        str(world.user("union_a_staff")),
    )
    assert [e.step for e in timeline(new)] == ["start"]
    # nobody takes the system's step by hand: it is never offered
    assert "transfer_out" not in {s.name for s in available(world.user("union_a_staff"), new)}


def test_a_refused_ending_writes_nothing() -> None:
    world = build_world()
    staff = world.user("union_a_staff")
    membership = _approved(world, "union_a_staff")
    before = StatusChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        membership_end(
            actor=staff,
            membership=membership,
            status=MembershipStatus.WITHDRAWN,
            on=membership.started_on - timedelta(days=1),
        )
    assert "ended_on" in refused.value.message_dict
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE and membership.ended_on is None
    assert StatusChange.objects.count() == before


def test_the_end_page_offers_the_steps_the_engine_offers(client) -> None:
    world = build_world()
    membership = _approved(world, "union_a_staff")
    client.force_login(world.user("union_a_staff"))
    person_page = client.get(reverse("members:person_detail", args=[membership.person_id]))
    end_url = reverse("members:membership_end", args=[membership.pk])
    assert end_url in person_page.content.decode()
    form = client.get(end_url).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "lapsed",
        "withdrawn",
        "deceased",
    ]
    answer = client.post(
        end_url, {"status": "withdrawn", "ended_on": timezone.localdate().isoformat()}
    )
    assert answer.status_code == 302
    person_page = client.get(reverse("members:person_detail", args=[membership.person_id]))
    assert end_url not in person_page.content.decode()
    history = [(e.step, m.pk) for e, m in person_page.context["membership_history"]]
    assert history == [("withdraw", membership.pk), ("start", membership.pk)]
    assert "会籍变动记录" in person_page.content.decode()
    again = client.post(end_url, {"status": "lapsed", "ended_on": timezone.localdate().isoformat()})
    assert "该会籍已结束" in again.content.decode()
