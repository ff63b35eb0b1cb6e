"""The workflow engine (``core.workflow``), exercised on the join-application workflow and on
a small workflow declared here over the same model (a guard and a step that keeps the
state)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.roles import MEMBERS_REVIEW
from gonghui.core.models import AuditAction, AuditEntry, StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import (
    Done,
    Step,
    Workflow,
    available,
    take,
    takeable,
    timeline,
    workflow_for,
)
from gonghui.members.choices import ApplicationStatus
from gonghui.members.models import JoinApplication
from gonghui.members.services.applications import application_submit
from gonghui.members.tests.access_staff import submit
from gonghui.members.tests.factories import application_fields

pytestmark = pytest.mark.django_db


def _history(application: JoinApplication) -> list[tuple[str, str, str]]:
    rows = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(JoinApplication), object_id=application.pk
    )
    return [(row.step, row.from_state, row.to_state) for row in rows]


def _mine(world: World) -> JoinApplication:
    return application_submit(actor=world.user("member"), **application_fields(world))


def test_taking_a_step_moves_the_state_and_writes_history_and_audit() -> None:
    world = build_world()
    application = submit(world)
    staff = world.user("union_a_staff")

    taken = take(staff, application, "reject", reason="非本单位职工")

    assert taken.status == ApplicationStatus.REJECTED
    assert _history(application) == [
        ("submit", "", "submitted"),
        ("reject", "submitted", "rejected"),
    ]
    change = StatusChange.objects.get(step="reject")
    assert (change.actor, change.note, change.organization_path) == (
        staff,
        "非本单位职工",
        world.union_a.path,
    )
    entry = AuditEntry.objects.filter(object_id=str(application.pk)).first()
    assert entry is not None
    assert (entry.action, entry.changes["status"]) == (
        AuditAction.TRANSITION,
        ["submitted", "rejected"],
    )


def test_a_step_from_another_state_is_refused_in_chinese_and_writes_nothing() -> None:
    world = build_world()
    application = submit(world)
    staff = world.user("union_a_staff")
    take(staff, application, "approve")
    entries = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as refused:
        take(staff, application, "reject", reason="重复")

    assert refused.value.message_dict == {"status": ["申请当前状态为“已批准”，不能办理此操作"]}
    assert _history(application)[-1] == ("approve", "submitted", "approved")
    assert AuditEntry.objects.count() == entries


def test_a_step_outside_the_actors_scope_is_out_of_scope_and_writes_nothing() -> None:
    world = build_world()
    application = submit(world)

    with pytest.raises(OutOfScope):
        take(
            world.user("union_b_staff"),
            application.pk,
            "approve",
            workflow=workflow_for(application),
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert _history(application) == [("submit", "", "submitted")]


def test_owner_steps_are_the_applicants_alone() -> None:
    world = build_world()
    application = _mine(world)

    with pytest.raises(OutOfScope):
        take(world.user("union_a_staff"), application, "withdraw")
    withdrawn = take(world.user("member"), application, "withdraw")

    assert withdrawn.status == ApplicationStatus.WITHDRAWN


def test_available_is_what_the_state_scope_and_guards_allow() -> None:
    world = build_world()
    application = _mine(world)

    def names(user: str) -> list[str]:
        return [step.name for step in available(world.user(user), application)]

    assert names("union_a_staff") == ["approve", "request_info", "reject"]
    assert names("member") == ["withdraw"]
    assert names("union_b_staff") == []
    take(world.user("union_a_staff"), application, "request_info", reason="请补充单位")
    application.refresh_from_db()
    assert names("union_a_staff") == ["reject"]
    assert names("member") == ["resubmit", "withdraw"]


def test_takeable_answers_a_page_of_rows_in_one_query() -> None:
    world = build_world()
    rows = [submit(world) for _ in range(4)]
    take(world.user("union_a_staff"), rows[1], "reject", reason="重复")
    rows[1].refresh_from_db()
    rows.append(submit(world, employer=world.entity_b))

    with CaptureQueriesContext(connection) as queries:
        approvable = takeable(world.user("union_a_staff"), rows, "approve")

    assert approvable == {rows[0].pk, rows[2].pk, rows[3].pk}
    assert len(queries) == 1


def _noted(actor: object, application: JoinApplication, *, note: str) -> Done:
    return Done(note=note, message="备注")


NOTES = Workflow(
    name="test_notes",
    model=JoinApplication,
    noun="申请",
    organization=lambda application: application.union,
    steps=(
        Step(
            "note",
            frozenset({ApplicationStatus.SUBMITTED}),
            None,
            MEMBERS_REVIEW,
            "记录",
            guard=lambda application: "姓名待核实" if application.name == "某某" else None,
            apply=_noted,
        ),
    ),
)


def test_an_event_keeps_the_state_and_a_guard_refuses_with_its_message() -> None:
    world = build_world()
    staff = world.user("union_a_staff")
    with_employer = submit(world)
    without = submit(world, name="某某")

    kept = take(staff, with_employer, "note", workflow=NOTES, note="电话联系")
    with pytest.raises(ValidationError) as refused:
        take(staff, without, "note", workflow=NOTES, note="电话联系")

    assert kept.status == ApplicationStatus.SUBMITTED
    assert _history(with_employer)[-1] == ("note", "submitted", "")
    assert refused.value.message_dict == {"status": ["姓名待核实"]}
    assert [s.name for s in available(staff, without, workflow=NOTES)] == []
    assert AuditEntry.objects.filter(message="备注").get().action == AuditAction.UPDATE


def test_the_timeline_lists_each_step_with_its_labels_in_order() -> None:
    world = build_world()
    application = _mine(world)
    take(world.user("union_a_staff"), application, "request_info", reason="请补充单位")
    take(world.user("member"), application, "resubmit", note="已补充")

    entries = timeline(application)

    assert [(e.label, e.from_label, e.to_label, e.note) for e in entries] == [
        ("提交申请", "", "待审核", ""),
        ("要求补充材料", "待审核", "待补充材料", "请补充单位"),
        ("补充信息后重新提交", "待补充材料", "待审核", "已补充"),
    ]


def test_the_history_names_the_person_who_acted_not_their_login() -> None:
    # given a reviewer with a name, who rejects an application
    world = build_world()
    application = submit(world)
    staff = world.user("union_a_staff")
    staff.display_name = "王芳"
    staff.save(update_fields=["display_name"])

    take(staff, application, "reject", reason="非本单位职工")

    # then the status history shows the name people know, not the login
    change = StatusChange.objects.get(step="reject")
    assert change.actor_name == "王芳"
