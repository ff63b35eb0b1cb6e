"""The eight steps of a collective contract through the one engine: order, the way back
with its reason, the two statutory clocks, adoption by a passing vote only, the term,
the report after signing, effect after the review, publication, guidance, renewal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.bargaining.choices import Answer, ContractKind, Side, Status
from gonghui.bargaining.models import Contract, Guidance, Negotiator, StepClock
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.models import AuditEntry, StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world
from gonghui.core.workflow import available, take

pytestmark = pytest.mark.django_db


def _errors(call, *args, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return build_world()


def _unchanged(contract: Contract) -> None:
    fresh = Contract.objects.get(pk=contract.pk)
    assert fresh.status == contract.status and fresh.last_event_on == contract.last_event_on


def test_the_eight_steps_in_order_with_history_and_a_step_bar(world) -> None:  # type: ignore[no-untyped-def]
    c = f.signed(world)
    actor = world.system
    take(
        actor,
        c,
        "report",
        department="区人力资源和社会保障局",
        reported_on=date(2022, 3, 25),
        received_on=date(2022, 3, 28),
    )
    c = take(actor, c, "take_effect")
    assert c.effective_on == date(2022, 4, 13)  # the day after the 15 days from receipt
    c = take(actor, c, "publish", published_on=date(2022, 4, 15), filed_on=date(2022, 4, 18))

    assert c.status == Status.FILED
    steps = list(
        StatusChange.objects.filter(object_id=str(c.pk))
        .order_by("pk")
        .values_list("step", flat=True)
    )
    assert steps == [
        "open",
        "name_representatives",
        "offer",
        "answer",
        "prepare",
        "meet",
        "adopt",
        "sign",
        "report",
        "take_effect",
        "publish",
    ]
    assert all(step["done"] for step in c.step_bar())
    assert c.workers_chief == "张主席" and c.employer_chief == "刘总"
    assert (
        AuditEntry.objects.filter(object_id=str(c.pk), content_type__model="contract").count() == 11
    )


def test_no_step_can_be_skipped_or_taken_twice(world) -> None:  # type: ignore[no-untyped-def]
    c = f.contract(world)

    assert (
        "产生协商代表后"
        in _errors(take, world.system, c, "offer", offered_by=Side.WORKERS, offer="x")["status"][0]
    )
    c = take(
        world.system,
        c,
        "name_representatives",
        negotiators=f.NEGOTIATORS,
        named_on=date(2022, 1, 5),
    )
    assert _errors(take, world.system, c, "name_representatives", negotiators=f.NEGOTIATORS)
    assert (
        "审议通过后"
        in _errors(
            take,
            world.system,
            c,
            "sign",
            term_start=date(2022, 1, 1),
            term_end=date(2023, 1, 1),
            sealed=True,
        )["status"][0]
    )
    _unchanged(c)
    assert [step.name for step in available(world.system, c)] == ["offer", "guide", "abandon"]


def test_representatives_are_as_many_each_side_at_least_three_one_chief(world) -> None:  # type: ignore[no-untyped-def]
    c = f.contract(world)
    two_chiefs = [
        dict(row, chief=True) if row["side"] == Side.WORKERS else row for row in f.NEGOTIATORS
    ]
    uneven = f.NEGOTIATORS[:5]

    assert (
        "首席代表"
        in _errors(take, world.system, c, "name_representatives", negotiators=two_chiefs)[
            "negotiators"
        ][0]
    )
    assert (
        "至少 3 人"
        in _errors(take, world.system, c, "name_representatives", negotiators=uneven)[
            "negotiators"
        ][0]
    )
    assert not Negotiator.objects.exists()
    _unchanged(c)


def test_the_offer_starts_the_twenty_day_clock_and_a_refusal_without_reason_is_recorded(
    world,
) -> None:  # type: ignore[no-untyped-def]
    c = f.contract(world)
    take(
        world.system,
        c,
        "name_representatives",
        negotiators=f.NEGOTIATORS,
        named_on=date(2022, 1, 5),
    )
    c = take(
        world.system, c, "offer", offered_by=Side.WORKERS, offer="要约", offered_on=date(2022, 1, 6)
    )

    assert c.answer_due_on == date(2022, 1, 26) and c.due_on == date(2022, 1, 26)
    assert Contract.objects.overdue().filter(pk=c.pk).exists()  # long past, unanswered

    c = take(world.system, c, "refusal", answered_on=date(2022, 1, 25))
    assert (c.status, c.answer) == (Status.REFUSED, Answer.REFUSED_WITHOUT_REASON)
    assert not Contract.objects.overdue().filter(pk=c.pk).exists()
    c = take(
        world.system,
        c,
        "offer",
        offered_by=Side.WORKERS,
        offer="再次要约",
        offered_on=date(2022, 2, 10),
    )
    assert c.status == Status.OFFERED and c.answer == "" and c.answer_due_on == date(2022, 3, 2)


def test_no_answer_is_recorded_only_after_the_twenty_days(world) -> None:  # type: ignore[no-untyped-def]
    c = f.contract(world, opened_on=timezone.localdate() - timedelta(days=3))
    take(world.system, c, "name_representatives", negotiators=f.NEGOTIATORS)
    c = take(world.system, c, "offer", offered_by=Side.EMPLOYER, offer="要约")

    assert "届满后" in _errors(take, world.system, c, "no_answer")["status"][0]


def test_a_failed_vote_sends_the_process_back_to_step_four_with_its_reason(world) -> None:  # type: ignore[no-untyped-def]
    c = f.negotiated(world)
    term = f.term(world)
    reps = f.elect(world, term)
    session = f.attended(world, f.session(world, term), reps, 40)
    failed = congresses.vote_record(
        world.system, session, item="草案", yes=20, no=20, abstain=0, contract=c
    )

    c = Contract.objects.get(pk=c.pk)
    assert c.status == Status.PREPARED and c.met_on is None
    back = StatusChange.objects.filter(object_id=str(c.pk), step="reopen").get()
    assert back.note == failed.failure
    assert (
        "召开协商会议形成草案后"
        in _errors(take, world.system, c, "adopt", vote=failed)["status"][0]
    )
    c = take(world.system, c, "meet", minutes="修改后的草案", met_on=date(2022, 3, 20))
    assert "未通过" in _errors(take, world.system, c, "adopt", vote=failed)["vote"][0]
    _unchanged(c)


def test_going_back_needs_a_reason(world) -> None:  # type: ignore[no-untyped-def]
    c = f.negotiated(world)

    assert "理由" in _errors(take, world.system, c, "reopen", reason=" ")["reason"][0]
    _unchanged(c)


def test_a_vote_on_another_contract_or_before_the_meeting_cannot_adopt(world) -> None:  # type: ignore[no-untyped-def]
    c = f.negotiated(world)
    other = f.contract(world, title="工资专项协议", kind=ContractKind.WAGE)
    vote = f.passing_vote(world, other)

    assert "请选择" in _errors(take, world.system, c, "adopt", vote=vote)["vote"][0]


def test_the_term_runs_one_to_three_years_and_ends_after_it_starts(world) -> None:  # type: ignore[no-untyped-def]
    c = f.negotiated(world)
    c = take(world.system, c, "adopt", vote=f.passing_vote(world, c))
    common = {"signed_on": date(2022, 3, 20), "sealed": True}

    too_long = _errors(
        take,
        world.system,
        c,
        "sign",
        term_start=date(2022, 4, 1),
        term_end=date(2025, 4, 1),
        **common,
    )
    backwards = _errors(
        take,
        world.system,
        c,
        "sign",
        term_start=date(2022, 4, 1),
        term_end=date(2022, 3, 1),
        **common,
    )
    unsealed = _errors(
        take,
        world.system,
        c,
        "sign",
        term_start=date(2022, 4, 1),
        term_end=date(2024, 3, 31),
        signed_on=date(2022, 3, 20),
        sealed=False,
    )

    assert "不超过 3 年" in too_long["term_end"][0]
    assert "晚于起始日期" in backwards["term_end"][0]
    assert "盖章" in unsealed["sealed"][0]
    _unchanged(c)


def test_a_report_before_the_signature_is_refused_and_a_late_one_needs_its_reason(world) -> None:  # type: ignore[no-untyped-def]
    c = f.signed(world)  # signed 2022-03-20: the report is due 2022-03-30
    assert c.report_due_on == date(2022, 3, 30)

    early = _errors(
        take, world.system, c, "report", department="区人社局", reported_on=date(2022, 3, 19)
    )
    late = _errors(
        take, world.system, c, "report", department="区人社局", reported_on=date(2022, 4, 5)
    )

    assert "不能早于 2022-03-20" in early["reported_on"][0]
    assert "逾期报送须说明理由" in late["late_reason"][0]
    _unchanged(c)
    c = take(
        world.system,
        c,
        "report",
        department="区人社局",
        reported_on=date(2022, 4, 5),
        late_reason="企业负责人出差",
    )
    assert c.status == Status.REPORTED and c.review_ends_on == date(2022, 4, 20)


def test_the_department_may_approve_within_the_review(world) -> None:  # type: ignore[no-untyped-def]
    c = f.signed(world)
    take(world.system, c, "report", department="区人社局", reported_on=date(2022, 3, 25))

    late = _errors(take, world.system, c, "take_effect", approved_on=date(2022, 4, 30))
    assert "届满" in late["approved_on"][0]
    c = take(world.system, c, "take_effect", approved_on=date(2022, 4, 1))
    assert c.effective_on == date(2022, 4, 1)


def test_an_objection_after_the_report_sends_it_back(world) -> None:  # type: ignore[no-untyped-def]
    c = f.signed(world)
    take(world.system, c, "report", department="区人社局", reported_on=date(2022, 3, 25))

    c = take(
        world.system,
        c,
        "reopen",
        reason="人社部门提出异议：加班工资条款不符合规定",
        on=date(2022, 4, 2),
    )

    assert c.status == Status.PREPARED and c.signed_on is None and c.received_on is None


def test_guidance_is_recorded_by_the_federation_not_by_the_union(world) -> None:  # type: ignore[no-untyped-def]
    c = f.contract(world)

    with pytest.raises(OutOfScope):
        take(world.user("union_a_staff"), c, "guide", content="指导", guided_on=date(2022, 1, 5))
    take(
        world.user("fed_staff"),
        c,
        "guide",
        content="讲解八步法，指导规范协商程序",
        guided_on=date(2022, 1, 5),
    )

    row = Guidance.objects.get()
    assert row.guide_unit == world.federation and row.guide_name == "fed_staff"


def test_another_union_cannot_take_a_step(world) -> None:  # type: ignore[no-untyped-def]
    c = f.contract(world)

    with pytest.raises(OutOfScope):
        take(world.user("union_b_staff"), c, "name_representatives", negotiators=f.NEGOTIATORS)
    assert available(world.user("union_b_staff"), c) == []


def test_a_renewal_opens_a_new_process_linked_to_the_contract_it_replaces(world) -> None:  # type: ignore[no-untyped-def]
    c = f.signed(world)
    take(world.system, c, "report", department="区人社局", reported_on=date(2022, 3, 25))
    c = take(world.system, c, "take_effect")

    renewal = take(world.system, c, "renew", opened_on=date(2025, 1, 10))

    assert renewal.replaces == c and renewal.status == Status.OPENED and renewal.kind == c.kind
    assert list(renewal.entities.all()) == [world.entity_a]
    assert "renew" not in [step.name for step in available(world.system, c)]


def test_each_run_of_a_clock_is_kept_as_a_dated_fact(world) -> None:  # type: ignore[no-untyped-def]
    c = f.contract(world)
    take(
        world.system,
        c,
        "name_representatives",
        negotiators=f.NEGOTIATORS,
        named_on=date(2022, 1, 5),
    )
    take(
        world.system, c, "offer", offered_by=Side.WORKERS, offer="要约", offered_on=date(2022, 1, 6)
    )
    c = take(world.system, c, "refusal", reason="经营困难", answered_on=date(2022, 2, 1))  # late
    take(
        world.system,
        c,
        "offer",
        offered_by=Side.WORKERS,
        offer="再次要约",
        offered_on=date(2022, 2, 10),
    )

    rows = list(
        StepClock.objects.order_by("pk").values_list("started_on", "due_on", "closed_on", "met")
    )
    assert rows == [
        (date(2022, 1, 6), date(2022, 1, 26), date(2022, 2, 1), False),
        (date(2022, 2, 10), date(2022, 3, 2), None, False),
    ]
