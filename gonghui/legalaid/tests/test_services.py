"""Legal aid through the services and the engine: the application, the means test by
the rules held in data, the 7-working-day review with its pause, the conflict check,
stages, closure and the worker's rating."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.core import calendar
from gonghui.core.models import AuditEntry, Notice, StatusChange
from gonghui.core.testing import build_world
from gonghui.core.workflow import available, take
from gonghui.legalaid.choices import (
    ApplicantStatus,
    Holder,
    Matter,
    MeansResult,
    Outcome,
    Side,
    Status,
)
from gonghui.legalaid.models import LegalAidCase, Stage
from gonghui.legalaid.services import cases, lawyers
from gonghui.legalaid.tests.fixtures import (
    LINE,
    accepted,
    acting,
    application,
    eligibility_rules,
    firm,
    lawyer,
)

pytestmark = pytest.mark.django_db


def _errors(call, *args, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    world = build_world()
    eligibility_rules(world)
    return world


def test_an_application_starts_the_seven_working_day_review(world) -> None:  # type: ignore[no-untyped-def]
    case = application(world)

    assert case.status == Status.RECEIVED and case.number.startswith("FY2026")
    assert case.due_on == calendar.add_working_days(date(2026, 11, 2), 7).day
    assert StatusChange.objects.filter(object_id=str(case.pk)).count() == 1
    assert AuditEntry.objects.filter(object_id=str(case.pk), action="create").exists()
    assert case.id_number_index  # encrypted, with its blind index


def test_an_application_with_no_matter_or_no_opposing_party_is_refused_and_writes_nothing(
    world,
) -> None:  # type: ignore[no-untyped-def]
    errors = _errors(
        application, world, matter="", opposing_party=None, opposing_name="  ", facts=""
    )

    assert {"matter", "opposing_name", "facts"} <= set(errors)
    assert "请选择援助事项" in errors["matter"]
    assert not LegalAidCase.objects.exists()


def test_a_migrant_worker_claiming_wages_is_exempt_from_the_means_test(world) -> None:  # type: ignore[no-untyped-def]
    case = accepted(world)

    assert case.status == Status.ACCEPTED
    assert case.means_result == MeansResult.EXEMPT and "第四十二条" in case.means_basis


def test_a_migrant_worker_dismissed_is_assessed_against_the_income_line(world) -> None:  # type: ignore[no-untyped-def]
    above = application(
        world, matter=Matter.DISMISSAL, household_size=2, household_income=str(LINE * 2 + 2)
    )
    below = application(
        world, matter=Matter.DISMISSAL, household_size=2, household_income=str(LINE * 2)
    )

    assert cases.assessment(above).result == MeansResult.ABOVE_LINE
    assert cases.assessment(below).result == MeansResult.BELOW_LINE
    errors = _errors(take, world.user("fed_staff"), above, "accept", decided_on=above.received_on)
    assert "经济困难审查未通过" in errors["status"][0]
    assert LegalAidCase.objects.get(pk=above.pk).status == Status.RECEIVED


def test_a_model_worker_passes_by_status_and_one_declaring_nothing_needs_an_income(world) -> None:  # type: ignore[no-untyped-def]
    model = application(world, matter=Matter.DISMISSAL, statuses=[ApplicantStatus.MODEL_WORKER])
    nothing = application(world, matter=Matter.DISMISSAL, statuses=[])

    assert cases.assessment(model).result == MeansResult.BY_STATUS
    assert cases.assessment(nothing).result == MeansResult.UNKNOWN


def test_waiting_for_documents_pauses_the_review_and_their_arrival_resumes_it(world) -> None:  # type: ignore[no-untyped-def]
    case = application(world)
    staff = world.user("station_a_staff")
    first_due = case.due_on
    assert first_due is not None

    case = take(staff, case, "request_documents", waiting_for="工资条", on=date(2026, 11, 4))
    assert case.status == Status.WAITING and case.paused_on == date(2026, 11, 4)
    left = case.paused_days_left
    assert left == calendar.working_days_between(date(2026, 11, 4), first_due)
    assert not LegalAidCase.objects.overdue(today=date(2026, 12, 30)).filter(pk=case.pk).exists()

    case = take(staff, case, "documents_in", on=date(2026, 11, 20))
    assert case.status == Status.RECEIVED and case.paused_on is None
    assert case.due_on == calendar.add_working_days(date(2026, 11, 20), left).day
    assert case.due_on > first_due


def test_a_decision_after_the_deadline_needs_its_reason(world) -> None:  # type: ignore[no-untyped-def]
    case = application(world)
    assert case.due_on is not None
    late = case.due_on + timedelta(days=1)

    errors = _errors(take, world.user("fed_staff"), case, "accept", decided_on=late)
    assert "逾期作出决定须说明理由" in errors["late_reason"][0]

    case = take(world.user("fed_staff"), case, "accept", decided_on=late, late_reason="当事人补证")
    assert case.late_reason == "当事人补证"


def test_a_refusal_needs_a_reason_the_worker_reads(world) -> None:  # type: ignore[no-untyped-def]
    case = application(world, applicant_user=None)

    errors = _errors(take, world.user("fed_staff"), case, "refuse", reason="  ")
    assert "reason" in errors
    case = take(
        world.user("fed_staff"),
        case,
        "refuse",
        reason="不属于劳动争议",
        decided_on=case.received_on,
    )
    assert case.status == Status.REFUSED and case.refusal_reason == "不属于劳动争议"
    assert Notice.objects.filter(title__contains=case.number, body="不属于劳动争议").exists()


def test_only_the_federation_decides(world) -> None:  # type: ignore[no-untyped-def]
    case = application(world)

    steps = {step.name for step in available(world.user("station_a_staff"), case)}
    assert "request_documents" in steps and "accept" not in steps


def test_a_lawyer_whose_firm_acts_for_the_opposing_party_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    counsel = lawyer(world)
    lawyers.engagement_create(
        actor=world.system,
        organization=world.federation,
        holder=Holder.FIRM,
        firm=counsel.firm,
        side=Side.FOR,
        party=world.entity_a,
        starts_on=date(2025, 1, 1),
        note="常年法律顾问",
    )
    case = accepted(world)

    errors = _errors(
        take, world.user("fed_staff"), case, "assign", lawyer=counsel, conflict_waiver="同意"
    )
    assert "存在利益冲突，不能指派" in errors["lawyer"][0] and "常年法律顾问" in errors["lawyer"][0]
    assert LegalAidCase.objects.get(pk=case.pk).lawyer is None


def test_a_possible_conflict_needs_a_recorded_waiver(world) -> None:  # type: ignore[no-untyped-def]
    counsel = lawyer(world)
    acting(world, counsel)  # the same firm already acts against 甲科技 for another worker
    case = accepted(world, application(world, name="孙援助"))

    errors = _errors(
        take, world.user("fed_staff"), case, "assign", lawyer=counsel, on=case.received_on
    )
    assert "指派须记录豁免理由" in errors["conflict_waiver"][0]

    case = take(
        world.user("fed_staff"),
        case,
        "assign",
        lawyer=counsel,
        on=case.received_on,
        conflict_waiver="同一单位欠薪的群体案件，合并办理",
    )
    assert case.status == Status.ACTING and case.conflict_waiver.startswith("同一单位")
    assert Notice.objects.filter(user=world.user("lawyer"), title__contains=case.number).exists()


def test_a_lawyer_reaches_only_the_cases_assigned_to_them(world) -> None:  # type: ignore[no-untyped-def]
    mine = acting(world, lawyer(world))
    other_firm = firm(world, "另一律师事务所")
    theirs = acting(
        world,
        lawyer(world, "孙律师", at=other_firm, username="lawyer2", n=1),
        application(world, name="李援助", opposing_party=world.entity_b),
    )
    waiting = application(world, name="周援助")

    seen = set(LegalAidCase.objects.for_actor(world.user("lawyer"), "legalaid.view"))
    assert seen == {mine}
    assert theirs not in seen and waiting not in seen


def test_stages_follow_one_another_and_closure_records_the_money(world) -> None:  # type: ignore[no-untyped-def]
    case = acting(world, lawyer(world))
    advocate = world.user("lawyer")

    take(advocate, case, "stage", kind="negotiation", started_on=date(2026, 11, 5))
    errors = _errors(
        take, advocate, case, "stage", kind="arbitration", started_on=date(2026, 11, 4)
    )
    assert "started_on" in errors
    take(advocate, case, "stage", kind="arbitration", started_on=date(2026, 11, 10), note="立案")
    stages = list(Stage.objects.filter(case=case).order_by("started_on"))
    assert [s.ended_on for s in stages] == [date(2026, 11, 10), None]

    errors = _errors(
        take,
        advocate,
        case,
        "close",
        outcome=Outcome.LOST,
        recovered="100",
        closed_on=date(2026, 11, 20),
        summary="驳回",
    )
    assert "recovered" in errors
    case = take(
        advocate,
        case,
        "close",
        outcome=Outcome.WON,
        recovered="18000",
        closed_on=date(2026, 11, 20),
        summary="裁决支付",
    )
    assert case.status == Status.CLOSED and case.recovered == Decimal("18000.00")
    assert Stage.objects.get(pk=stages[1].pk).ended_on == date(2026, 11, 20)


def test_the_worker_rates_once(world) -> None:  # type: ignore[no-untyped-def]
    member = world.user("member")
    case = acting(world, lawyer(world), application(world, applicant_user=None))
    LegalAidCase.objects.filter(pk=case.pk).update(applicant_user=member)
    case = take(
        world.user("lawyer"),
        case,
        "close",
        outcome=Outcome.SETTLED,
        recovered="9000",
        closed_on=date(2026, 11, 20),
        summary="和解",
    )

    assert {s.name for s in available(member, case)} == {"rate"}
    case = take(member, case, "rate", rating=5, comment="很专业")
    assert case.rating == 5
    assert "rate" not in {s.name for s in available(member, case)}
    errors = _errors(take, world.user("station_a_staff"), case, "record_rating", rating=4)
    assert "status" in errors


def test_the_window_and_the_lawyer_add_documents_and_nobody_else(world) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.core.attachments.services import attachment_upload
    from gonghui.core.scoping import OutOfScope
    from gonghui.portal.tests.access_aid import PDF

    def pdf() -> SimpleUploadedFile:
        return SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf")

    case = acting(world, lawyer(world))
    other = lawyer(world, "孙律师", at=firm(world, "另一所"), username="lawyer2", n=1)
    assert other.user is not None

    attachment_upload(actor=world.user("station_a_staff"), record=case, kind="identity", file=pdf())
    attachment_upload(actor=world.user("lawyer"), record=case, kind="arbitration", file=pdf())
    with pytest.raises(OutOfScope):
        attachment_upload(actor=other.user, record=case, kind="evidence", file=pdf())
    with pytest.raises(OutOfScope):
        attachment_upload(
            actor=world.user("station_b_staff"), record=case, kind="evidence", file=pdf()
        )


def test_no_pause_after_the_deadline_and_no_step_dated_before_the_last(world) -> None:  # type: ignore[no-untyped-def]
    case = application(world)
    staff = world.user("station_a_staff")
    assert case.due_on is not None

    late = case.due_on + timedelta(days=1)
    errors = _errors(take, staff, case, "request_documents", waiting_for="工资条", on=late)
    assert "不能再暂停计时" in errors["on"][0]

    case = take(staff, case, "request_documents", waiting_for="工资条", on=date(2026, 11, 5))
    errors = _errors(take, staff, case, "documents_in", on=date(2026, 11, 4))
    assert "不能早于本案上一步办理的日期 2026-11-05" in errors["on"][0]
    case = take(staff, case, "documents_in", on=date(2026, 11, 9))
    errors = _errors(take, world.user("fed_staff"), case, "accept", decided_on=date(2026, 11, 6))
    assert "decided_on" in errors


def test_a_colleague_of_the_firm_acting_for_the_party_blocks_the_whole_firm(world) -> None:  # type: ignore[no-untyped-def]
    counsel = lawyer(world)
    colleague = lawyer(world, "同所律师", at=counsel.firm, username="lawyer2", n=1)
    lawyers.engagement_create(
        actor=world.system,
        organization=world.federation,
        holder=Holder.LAWYER,
        lawyer=colleague,
        side=Side.FOR,
        party=world.entity_a,
        starts_on=date(2026, 11, 20),  # registered after the day the assignment is dated
    )
    case = accepted(world)

    errors = _errors(
        take, world.user("fed_staff"), case, "assign", lawyer=counsel, on=date(2026, 11, 3)
    )
    assert "存在利益冲突，不能指派" in errors["lawyer"][0]


def test_a_member_applying_online_is_their_own_record(world) -> None:  # type: ignore[no-untyped-def]
    from gonghui.members.models import Person
    from gonghui.portal.tests.access import OWNER, prepare_members

    prepare_members(world)
    owner = world.user(OWNER)
    someone = Person.objects.exclude(user=owner).filter(user__isnull=False).first()
    assert someone is not None

    errors = _errors(
        application, world, actor=owner, applicant_user=owner, id_number=someone.id_number
    )
    assert errors["id_number"] == ["请填写本人的身份证号"]
    case = application(world, actor=owner, applicant_user=owner, id_number="")
    assert case.person is not None and case.person.user == owner


def test_a_reassignment_without_conflict_clears_the_earlier_waiver(world) -> None:  # type: ignore[no-untyped-def]
    counsel = lawyer(world)
    acting(world, counsel)
    case = take(
        world.user("fed_staff"),
        accepted(world, application(world, name="孙援助")),
        "assign",
        lawyer=counsel,
        on=date(2026, 11, 2),
        conflict_waiver="群体案件",
    )
    other = lawyer(world, "别所律师", at=firm(world, "别所"), username="lawyer2", n=1)

    case = take(world.user("fed_staff"), case, "reassign", lawyer=other, reason="工作调整")

    assert case.lawyer == other and case.conflict_waiver == ""
