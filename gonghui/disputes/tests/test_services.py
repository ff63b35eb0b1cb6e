from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.accounts.roles import DISPUTES_MEDIATE, DISPUTES_VIEW, Role
from gonghui.core.models import AuditEntry, Notice, WorkdayOverride
from gonghui.core.testing import World, build_world, make_user
from gonghui.disputes.choices import CaseStatus, Outcome, Tier
from gonghui.disputes.models import Agreement, MediationCase, Payment, Session
from gonghui.disputes.services.agreements import agreement_record, agreement_sign, payment_record
from gonghui.disputes.services.cases import (
    case_accept,
    case_close,
    case_decline,
    case_extend,
    case_transfer_up,
    session_log,
)
from gonghui.disputes.services.committees import committee_seat
from gonghui.disputes.tests.access_api import (
    ACCEPTED_ON,
    APPLIED_ON,
    SIGNED_ON,
    applicant,
    apply,
    committee_at,
    prepare_agreement,
    prepare_case,
    prepare_effective,
    prepare_mediating,
)

pytestmark = pytest.mark.django_db


def _world(prepare: object = None) -> World:
    world = build_world()
    if callable(prepare):
        prepare(world)
    return world


def _writes() -> tuple[int, ...]:
    return (
        MediationCase.objects.count(),
        Agreement.objects.count(),
        Session.objects.count(),
        Payment.objects.count(),
        AuditEntry.objects.count(),
    )


def _refused(field: str, call: object) -> ValidationError:
    before = _writes()
    with pytest.raises(ValidationError) as info:
        call()  # type: ignore[operator]
    assert field in info.value.message_dict, info.value.message_dict
    assert _writes() == before
    return info.value


# --- applying ----------------------------------------------------------------------------


def test_a_case_with_no_applicant_is_refused_naming_applicants() -> None:
    world = _world()
    committee = committee_at(world)
    error = _refused("applicants", lambda: apply(world, committee, applicants=[]))
    assert error.message_dict["applicants"] == ["至少需要一名申请人"]


def test_a_group_case_records_each_applicant_and_the_claims() -> None:
    world = _world()
    workers = [applicant(name=f"工人{n}", id_number="", phone="") for n in range(24)]
    case = apply(world, committee_at(world), applicants=workers)
    assert case.status == CaseStatus.APPLIED
    assert case.applicants.count() == 24
    assert case.claimed_total() == Decimal("10000.00")
    assert case.number.startswith("TJ2026")


def test_an_applicant_with_a_bad_id_number_is_refused() -> None:
    world = _world()
    committee = committee_at(world)
    _refused(
        "applicants.1.id_number",
        lambda: apply(world, committee, applicants=[applicant(id_number="123")]),
    )


# --- accepting and the deadline --------------------------------------------------------


def test_acceptance_runs_15_days_rolled_past_national_day() -> None:
    world = _world()
    case = apply(world, committee_at(world), applied_on=date(2025, 9, 5))
    case = case_accept(actor=world.system, case=case, on=date(2025, 9, 20))
    # 2025-09-20 + 15 days = 2025-10-05, a holiday; the next working day is 2025-10-09
    assert case.status == CaseStatus.MEDIATING
    assert case.accepted_on == date(2025, 9, 20)
    assert case.deadline == date(2025, 10, 9)
    assert case.deadline_uncertain is False


def test_each_assigned_mediator_hears_of_the_case_but_not_who_assigned_it() -> None:
    # given a case at union A's committee with two seated mediators, one of them accepting
    world = _world(prepare_case)
    committee, case = world.extra["committee"], world.extra["case"]
    first = make_user("mediator_one", Role.UNION_STAFF, world.union_a)
    second = make_user("mediator_two", Role.UNION_STAFF, world.union_a)
    for user in (first, second):
        committee_seat(actor=world.system, committee=committee, user=user)

    # when the first accepts the case and assigns both
    case_accept(actor=first, case=case, on=ACCEPTED_ON, mediators=[first, second])

    # then only the second gets a notice, linking to the case
    notices = Notice.objects.filter(user__in=[first, second])
    assert [(n.user_id, n.url) for n in notices] == [(second.pk, f"/disputes/cases/{case.pk}/")]
    assert case.number in notices[0].title


def test_accepting_with_someone_not_seated_does_not_name_them() -> None:
    # given a case and a user seated on no committee of it
    world = _world(prepare_case)
    outsider = world.user("union_b_staff")

    # when the case is accepted with that user as mediator
    with pytest.raises(ValidationError) as refused:
        case_accept(actor=world.system, case=world.extra["case"], mediators=[outsider])

    # then the refusal is the answer for an unknown id, without the user's name
    assert refused.value.message_dict == {"mediators": ["未找到该记录，或不在您的管理范围内"]}
    assert MediationCase.objects.get(pk=world.extra["case"].pk).status == CaseStatus.APPLIED


def test_acceptance_into_an_uncovered_year_flags_the_deadline(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2027, 1, 4))
    world = _world()
    case = apply(world, committee_at(world), applied_on=date(2026, 12, 28))
    case = case_accept(actor=world.system, case=case, on=date(2026, 12, 28))
    assert case.deadline == date(2027, 1, 12)
    assert case.deadline_uncertain is True


def test_overrides_for_the_year_clear_the_uncertain_flag(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2027, 1, 4))
    WorkdayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, note="元旦")
    world = _world()
    case = apply(world, committee_at(world), applied_on=date(2026, 12, 28))
    case = case_accept(actor=world.system, case=case, on=date(2026, 12, 28))
    assert case.deadline == date(2027, 1, 12)
    assert case.deadline_uncertain is False


def test_a_declined_case_needs_a_reason() -> None:
    world = _world(prepare_case)
    _refused(
        "decline_reason",
        lambda: case_decline(actor=world.system, case=world.extra["case"], reason="  "),
    )
    case = case_decline(actor=world.system, case=world.extra["case"], reason="已超过仲裁时效")
    assert case.status == CaseStatus.DECLINED
    assert case.decline_reason == "已超过仲裁时效"


def test_an_extension_needs_the_parties_agreement_recorded() -> None:
    world = _world(prepare_mediating)
    case = world.extra["case"]
    _refused(
        "extension_note",
        lambda: case_extend(actor=world.system, case=case, until=date(2026, 12, 31), note=""),
    )
    case = case_extend(
        actor=world.system, case=case, until=date(2026, 12, 31), note="双方当事人同意延长"
    )
    assert case.effective_deadline == date(2026, 12, 31)


# --- sessions ----------------------------------------------------------------------------


def test_a_session_dated_before_acceptance_is_refused() -> None:
    world = _world(prepare_mediating)
    _refused(
        "held_on",
        lambda: session_log(
            actor=world.system, case=world.extra["case"], held_on=APPLIED_ON, summary="调解"
        ),
    )
    session = session_log(
        actor=world.system, case=world.extra["case"], held_on=ACCEPTED_ON, summary="首次调解"
    )
    assert session.held_on == ACCEPTED_ON


# --- the agreement and fulfilment --------------------------------------------------------


def test_an_agreement_above_the_claims_needs_a_note() -> None:
    world = _world(prepare_mediating)
    case = world.extra["case"]
    _refused(
        "excess_note",
        lambda: agreement_record(actor=world.system, case=case, terms="支付", amount="12000"),
    )
    agreement = agreement_record(
        actor=world.system,
        case=case,
        terms="支付工资及利息",
        amount="12000",
        excess_note="公司同意另付逾期利息2000元",
    )
    assert agreement.amount == Decimal("12000.00")
    assert agreement.excess_note == "公司同意另付逾期利息2000元"


def test_payments_cannot_exceed_the_agreed_amount() -> None:
    world = _world(prepare_effective)
    agreement = world.extra["agreement"]
    payment_record(actor=world.system, case=agreement.case, paid_on=SIGNED_ON, amount="6000")
    _refused(
        "amount",
        lambda: payment_record(
            actor=world.system, case=agreement.case, paid_on=SIGNED_ON, amount="4000.01"
        ),
    )
    payment_record(actor=world.system, case=agreement.case, paid_on=SIGNED_ON, amount="4000")
    assert sum(p.amount for p in agreement.payments.all()) == Decimal("10000.00")


# --- closing -----------------------------------------------------------------------------


def test_closing_without_an_outcome_is_refused() -> None:
    world = _world(prepare_mediating)
    _refused(
        "outcome", lambda: case_close(actor=world.system, case=world.extra["case"], outcome="")
    )
    assert MediationCase.objects.get().status == CaseStatus.MEDIATING


def test_closing_as_agreement_needs_the_agreement_signed_and_sealed() -> None:
    world = _world(prepare_agreement)
    case, agreement = world.extra["case"], world.extra["agreement"]
    close = lambda: case_close(  # noqa: E731
        actor=world.system, case=case, outcome=Outcome.AGREEMENT, on=SIGNED_ON
    )
    _refused("outcome", close)
    agreement_sign(
        actor=world.system, case=agreement.case, parties_signed_on=SIGNED_ON, sealed_on=SIGNED_ON
    )
    _refused("outcome", close)  # the mediator has not signed yet
    agreement_sign(actor=world.system, case=agreement.case, mediator_signed_on=SIGNED_ON)
    case = close()
    assert case.status == CaseStatus.CLOSED
    assert case.outcome == Outcome.AGREEMENT


def test_a_closed_case_cannot_be_closed_again() -> None:
    world = _world(prepare_mediating)
    case = case_close(actor=world.system, case=world.extra["case"], outcome=Outcome.WITHDRAWAL)
    error = _refused(
        "status", lambda: case_close(actor=world.system, case=case, outcome=Outcome.FAILURE)
    )
    assert "已结案" in error.message_dict["status"][0]


# --- transfer up -------------------------------------------------------------------------


def test_transfer_up_copies_applicants_and_claims_to_the_station_committee() -> None:
    world = _world(prepare_case)
    station = committee_at(world, world.station_a)
    old = world.extra["case"]
    new = case_transfer_up(actor=world.system, case=old, reason="企业调委会成员需回避")
    old.refresh_from_db()
    assert old.status == CaseStatus.TRANSFERRED
    assert old.transferred_to == new
    assert new.committee == station
    assert new.committee.tier == Tier.STATION
    assert new.status == CaseStatus.APPLIED
    assert list(new.applicants.values_list("name", "id_number")) == [
        ("王小明", old.applicants.get().id_number)
    ]
    assert list(new.claims.values_list("kind", "amount")) == [("wages", Decimal("10000.00"))]


def test_transfer_up_without_a_committee_above_is_refused() -> None:
    world = _world(prepare_case)
    _refused(
        "committee",
        lambda: case_transfer_up(actor=world.system, case=world.extra["case"], reason="回避"),
    )


# --- who sees which cases ----------------------------------------------------------------


def test_a_mediator_sees_the_cases_of_their_committee_only() -> None:
    world = _world(prepare_case)
    other = apply(world, committee_at(world, world.union_b), employer=world.entity_b)
    mediator = make_user("mediator_a", Role.MEDIATOR, world.station_b)
    committee_seat(actor=world.system, committee=world.extra["committee"], user=mediator)
    seen = MediationCase.objects.for_actor(mediator, DISPUTES_MEDIATE)
    assert list(seen) == [world.extra["case"]]
    assert other not in MediationCase.objects.for_actor(mediator, DISPUTES_VIEW)
    unseated = make_user("mediator_b", Role.MEDIATOR, world.union_a)
    assert not MediationCase.objects.for_actor(unseated, DISPUTES_MEDIATE).exists()


def test_union_staff_see_the_cases_of_their_subtree() -> None:
    world = _world(prepare_case)
    other = apply(world, committee_at(world, world.union_b), employer=world.entity_b)
    mine = world.extra["case"]

    def seen(key: str) -> set[MediationCase]:
        return set(MediationCase.objects.for_actor(world.user(key), DISPUTES_VIEW))

    assert seen("union_a_staff") == {mine}
    assert seen("station_a_staff") == {mine}
    assert seen("union_b_staff") == {other}
    assert seen("fed_staff") == {mine, other}
    assert seen("member") == set()
