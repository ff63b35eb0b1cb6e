"""The ticket's workflow through the engine and the real database: the city's rules
(首接负责, returns with a reason, completion with the answer, the callback), the clocks
and the conversions."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from gonghui.core import clocks
from gonghui.core.models import AuditEntry, StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world
from gonghui.core.workflow import available, take
from gonghui.hotline.choices import Measure, TicketStatus
from gonghui.hotline.models import ReturnReason, Ticket, TicketReturn
from gonghui.hotline.selectors.tickets import ticket_list
from gonghui.hotline.services.tickets import ticket_register
from gonghui.hotline.tests.fixtures import at, dispatched, in_progress, register

pytestmark = pytest.mark.django_db


def test_a_registered_ticket_is_owned_by_its_first_unit_and_its_completion_clock_runs() -> None:
    world = build_world()
    ticket = register(world)

    assert (ticket.status, ticket.organization, ticket.owner) == (
        TicketStatus.RECEIVED,
        world.federation,
        world.federation,
    )
    clock = clocks.clocks_of(ticket)[Measure.COMPLETION]
    # 12345 completes in 7 working days: Monday 2026-11-02 -> close of Wednesday 11-11
    assert clock.due_at == at("2026-11-11 17:30")
    assert StatusChange.objects.filter(object_id=ticket.pk, step="register").exists()
    assert AuditEntry.objects.filter(object_id=str(ticket.pk), action="create").exists()


def test_the_phone_is_stored_encrypted_and_refused_when_invalid() -> None:
    world = build_world()
    ticket = register(world)
    assert Ticket.objects.get(pk=ticket.pk).caller_phone == "+8613911112222"

    with pytest.raises(ValidationError) as refused:
        register(world, "A0002", caller_phone="12")
    assert "caller_phone" in refused.value.message_dict


def test_a_number_twice_for_one_source_is_refused_and_the_database_agrees() -> None:
    world = build_world()
    register(world)

    with pytest.raises(ValidationError) as refused:
        register(world)
    assert refused.value.message_dict["number"] == ["该来源的工单编号已存在"]
    register(world, source="12351")  # the same number from the other hotline is another ticket
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(
            source="12345",
            number="A0001",
            received_at=at("2026-11-02 09:00"),
            request="x",
            category="other",
            organization=world.federation,
            owner=world.federation,
        )


def test_registration_refuses_each_missing_field_by_name() -> None:
    world = build_world()
    with pytest.raises(ValidationError) as refused:
        register(world, number=" ", request="", category="nonsense", source="110")
    errors = refused.value.message_dict
    assert errors["number"] == ["请填写工单编号"]
    assert errors["request"] == ["请填写诉求内容"]
    assert errors["category"] == ["请选择诉求类别"]
    assert errors["source"] == ["请选择来源"]


def test_a_union_cannot_register_tickets() -> None:
    world = build_world()
    with pytest.raises(OutOfScope):
        ticket_register(
            actor=world.user("union_a_staff"),
            organization=world.union_a,
            source="12345",
            number="A1",
            received_at=at("2026-11-02 09:00"),
            request="x",
            category="other",
        )


def test_dispatch_sends_the_ticket_to_a_unit_and_starts_its_clocks() -> None:
    world = build_world()
    ticket = dispatched(world)

    assert (ticket.status, ticket.organization, ticket.dispatcher_unit, ticket.owner) == (
        TicketStatus.DISPATCHED,
        world.union_a,
        world.federation,
        world.federation,
    )
    found = clocks.clocks_of(ticket)
    assert found[Measure.CONTACT].due_at == at("2026-11-02 12:00")  # 2 working hours
    assert found[Measure.HANDLING].due_at == at("2026-11-09 17:30")  # 5 working days


def test_a_station_dispatches_only_inside_its_area() -> None:
    world = build_world()
    ticket = register(world, organization=world.station_a)
    station = world.user("station_a_staff")

    with pytest.raises(ValidationError) as refused:
        take(station, ticket, "dispatch", unit=world.union_b)
    assert refused.value.message_dict["unit"] == ["请选择您管理范围内的承办单位"]
    assert take(station, ticket, "dispatch", unit=world.union_a).organization == world.union_a


def test_the_other_union_cannot_touch_the_ticket() -> None:
    world = build_world()
    ticket = dispatched(world)
    with pytest.raises(OutOfScope):
        take(world.user("union_b_staff"), ticket, "contact", note="x")


def test_contact_meets_the_first_contact_clock() -> None:
    world = build_world()
    ticket = in_progress(world)

    assert ticket.status == TicketStatus.IN_PROGRESS
    assert ticket.contacted_at == at("2026-11-02 11:00")
    assert clocks.clocks_of(ticket)[Measure.CONTACT].met_on_time is True


def test_a_hold_pauses_the_clocks_and_resuming_moves_them() -> None:
    world = build_world()
    ticket = in_progress(world)
    before = clocks.clocks_of(ticket)[Measure.HANDLING].due_at

    take(world.system, ticket, "hold", reason="等待来电人提供工资条", at=at("2026-11-03 09:00"))
    found = clocks.clocks_of(ticket)
    assert found[Measure.HANDLING].paused_at is not None
    assert found[Measure.COMPLETION].paused_at is not None
    ticket = take(world.system, ticket, "resume", at=at("2026-11-05 09:00"))

    assert ticket.status == TicketStatus.IN_PROGRESS
    # two working days on hold: due two working days later
    assert clocks.clocks_of(ticket)[Measure.HANDLING].due_at == at("2026-11-11 17:30")
    assert before == at("2026-11-09 17:30")


def test_completion_needs_the_answer_and_loses_nothing_when_refused() -> None:
    world = build_world()
    ticket = in_progress(world)

    with pytest.raises(ValidationError) as refused:
        take(world.system, ticket, "complete", answer="  ")
    assert refused.value.message_dict["answer"] == ["请填写答复内容"]
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS and ticket.completed_at is None

    done = take(
        world.system, ticket, "complete", answer="已协调企业补发工资", at=at("2026-11-04 10:00")
    )
    assert (done.status, done.completed_unit, done.completed_on_time) == (
        TicketStatus.COMPLETED,
        world.union_a,
        True,
    )
    assert done.completed_at == at("2026-11-04 10:00")


def test_completion_after_the_due_time_is_late() -> None:
    world = build_world()
    ticket = in_progress(world)
    done = take(world.system, ticket, "complete", answer="已答复", at=at("2026-11-20 10:00"))
    assert done.completed_on_time is False


def test_the_callback_records_three_answers_each_required() -> None:
    world = build_world()
    ticket = take(world.system, in_progress(world), "complete", answer="已答复")

    with pytest.raises(ValidationError) as refused:
        take(world.system, ticket, "callback", contacted=True, solved=None, satisfied="x")
    assert set(refused.value.message_dict) == {"solved", "satisfied"}
    done = take(world.system, ticket, "callback", contacted=True, solved=True, satisfied=False)
    assert (done.callback_contacted, done.callback_solved, done.callback_satisfied) == (
        True,
        True,
        False,
    )
    assert take(world.system, done, "close").status == TicketStatus.CLOSED


def test_a_return_needs_a_reason_from_the_list_and_is_counted() -> None:
    world = build_world()
    ticket = dispatched(world)
    staff = world.user("union_a_staff")

    with pytest.raises(ValidationError) as refused:
        take(staff, ticket, "return", reason=None)
    assert refused.value.message_dict["reason"] == ["请从列表中选择退回理由"]
    retired = ReturnReason.objects.create(name="已停用的理由", active=False)
    with pytest.raises(ValidationError):
        take(staff, ticket, "return", reason=retired)

    reason = ReturnReason.objects.get(name="不属于本单位职责范围")
    back = take(
        staff, ticket, "return", reason=reason, note="属劳动监察", at=at("2026-11-02 14:00")
    )
    assert (back.status, back.organization, back.handler, back.returns) == (
        TicketStatus.RETURNED,
        world.federation,
        None,
        1,
    )
    row = TicketReturn.objects.get(ticket=back)
    assert (row.organization, row.reason, row.returned_at) == (
        world.union_a,
        reason,
        at("2026-11-02 14:00"),
    )
    assert set(clocks.clocks_of(back)) == {Measure.COMPLETION}  # the unit's clocks are gone
    # the dispatcher dispatches it again, or closes it back to the hotline platform
    assert "dispatch" in [step.name for step in available(world.user("fed_staff"), back)]
    closed = take(world.user("fed_staff"), back, "close", note="退回市热线平台")
    assert closed.status == TicketStatus.CLOSED
    assert clocks.clocks_of(closed) == {}


def test_the_first_unit_cannot_return_what_it_handles_itself() -> None:
    world = build_world()
    ticket = dispatched(world, unit=world.federation)
    reason = ReturnReason.objects.first()

    with pytest.raises(ValidationError) as refused:
        take(world.system, ticket, "return", reason=reason)
    assert "首接负责" in refused.value.message_dict["status"][0]


def test_the_handler_is_a_user_of_the_unit() -> None:
    world = build_world()
    ticket = dispatched(world)

    with pytest.raises(ValidationError) as refused:
        take(world.system, ticket, "assign", handler=world.user("union_b_staff"))
    assert "handler" in refused.value.message_dict
    handler = world.user("union_a_staff")
    assert take(world.system, ticket, "assign", handler=handler).handler == handler
    mine = ticket_list(actor=handler, mine=True)
    assert [row.pk for row in mine] == [ticket.pk]


def test_a_list_flags_overdue_tickets_in_one_query() -> None:
    world = build_world()
    late = dispatched(world, "A1")
    in_progress(world, "A2")

    rows: dict[int, Any] = {row.pk: row for row in ticket_list(actor=world.user("fed_staff"))}
    # long after 2026-11: the contact clock of the first ran out, the second met it
    assert rows[late.pk].overdue_contact is True
    assert rows[late.pk].overdue is True
    # the second met its contact clock: overdue only by its handling clock, long past
    assert rows[late.pk].overdue_handling and not rows[max(rows)].overdue_contact
    with CaptureQueriesContext(connection) as queries:
        flagged = [row.pk for row in ticket_list(actor=world.user("fed_staff"), overdue=True)]
    assert len(queries) <= 3  # the actor's assignments, then the one list query
    assert sorted(flagged) == sorted(rows)


def test_a_ticket_becomes_a_consultation_linked_both_ways() -> None:
    world = build_world()
    ticket = in_progress(world)

    done = take(world.user("union_a_staff"), ticket, "to_consultation", topic="wages")
    consultation = done.consultation
    assert consultation is not None
    assert (consultation.organization, consultation.channel, consultation.phone) == (
        world.union_a,
        "hotline",
        "+8613911112222",
    )
    assert list(consultation.hotline_tickets.all()) == [done]
    with pytest.raises(ValidationError):
        take(world.user("union_a_staff"), done, "to_consultation", topic="wages")


def test_a_ticket_becomes_a_mediation_case_linked_both_ways() -> None:
    from gonghui.disputes.tests.access_api import committee_at

    world = build_world()
    ticket = in_progress(world)
    committee = committee_at(world)

    done = take(
        world.user("union_a_staff"),
        ticket,
        "to_mediation",
        committee=committee,
        employer_name="甲科技有限公司",
        facts="",
    )
    case = done.mediation_case
    assert case is not None and case.facts == ticket.request
    assert list(case.hotline_tickets.all()) == [done]


def test_a_receipt_time_out_of_range_is_refused() -> None:
    world = build_world()
    with pytest.raises(ValidationError) as refused:
        register(world, received_at=at("0001-01-02 09:00"))
    assert refused.value.message_dict["received_at"] == ["受理时间超出范围"]
    with pytest.raises(ValidationError) as refused:
        register(world, received_at=at("2099-01-02 09:00"))
    assert refused.value.message_dict["received_at"] == ["受理时间不能晚于现在"]
