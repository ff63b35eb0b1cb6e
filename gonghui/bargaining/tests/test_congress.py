"""Workers' congresses: terms, the managers' cap, attendance, the two-thirds quorum and
the majority of all representatives, the workers' assembly of a small firm."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.bargaining.choices import CongressKind, CongressScope, Group
from gonghui.bargaining.models import Attendance, Policy, Representative, Term, Vote
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.models import AuditEntry
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world

pytestmark = pytest.mark.django_db


def _errors(call, *args, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return build_world()


def test_a_term_covers_the_firms_of_the_union_with_their_headcount(world) -> None:  # type: ignore[no-untyped-def]
    term = f.term(world)

    assert list(term.entities.all()) == [world.entity_a]
    assert term.workers == 120  # the headcount entity A had reported on the first day
    assert AuditEntry.objects.filter(object_id=str(term.pk), action="create").exists()


def test_a_term_names_only_firms_under_the_convening_union(world) -> None:  # type: ignore[no-untyped-def]
    body = f.congress(world)
    errors = _errors(
        congresses.term_create,
        world.system,
        congress=body,
        number=1,
        starts_on=date(2022, 1, 1),
        ends_on=date(2021, 1, 1),
        entities=[world.entity_b],
    )
    assert set(errors) == {"ends_on", "entities"}
    assert not Term.objects.exists()


def test_a_union_cannot_convene_for_another(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OutOfScope):
        congresses.congress_create(
            world.user("union_b_staff"),
            organization=world.union_a,
            name="x",
            kind=CongressKind.CONGRESS,
            scope=CongressScope.UNIT,
        )


def test_managers_over_the_cap_are_refused_and_nothing_is_written(world) -> None:  # type: ignore[no-untyped-def]
    term = f.term(world)
    slate = [Group.FRONT_LINE] * 7 + [
        Group.MIDDLE_MANAGER,
        Group.SENIOR_MANAGER,
        Group.SENIOR_MANAGER,
    ]

    errors = _errors(f.elect, world, term, slate)

    assert "30.00%" in errors["group"][0] and "20.00%" in errors["group"][0]
    assert not Representative.objects.exists()


def test_the_cap_is_the_rule_in_force_on_the_election_day(world) -> None:  # type: ignore[no-untyped-def]
    Policy.objects.create(
        effective_from=date(2021, 1, 1),
        manager_cap=Decimal("30"),
        assembly_below=100,
        renewal_lead_days=60,
        basis="试行规则",
    )
    term = f.term(world)
    slate = [Group.FRONT_LINE] * 7 + [Group.MIDDLE_MANAGER] * 3

    assert len(f.elect(world, term, slate)) == 10


def test_a_by_election_is_checked_with_the_representatives_serving(world) -> None:  # type: ignore[no-untyped-def]
    term = f.term(world)
    f.elect(world, term)  # 8 managers of 50: 16%
    by_election = [{"name": f"补选代表{n}", "group": Group.MIDDLE_MANAGER} for n in range(3)]

    errors = _errors(
        congresses.representatives_elect,
        world.system,
        term=term,
        elected_on=date(2023, 1, 5),
        rows=by_election,
    )

    assert "11 人" in errors["group"][0]
    assert Representative.objects.count() == 50


def _voted(world, present: int, yes: int, no: int = 0, abstain: int = 0) -> Vote:  # type: ignore[no-untyped-def]
    term = f.term(world)
    reps = f.elect(world, term)
    session = f.attended(world, f.session(world, term), reps, present)
    return congresses.vote_record(
        world.system, session, item="审议事项", yes=yes, no=no, abstain=abstain
    )


def test_a_vote_passes_with_more_than_half_of_all_representatives(world) -> None:  # type: ignore[no-untyped-def]
    vote = _voted(world, present=34, yes=26, no=8)

    assert (vote.electorate, vote.present, vote.passed, vote.failure) == (50, 34, True, "")
    assert Attendance.objects.filter(present=True).count() == 34
    assert Attendance.objects.filter(present=False).count() == 16


def test_half_of_all_is_not_enough_even_if_most_of_those_present_agree(world) -> None:  # type: ignore[no-untyped-def]
    vote = _voted(world, present=40, yes=25, no=5, abstain=10)

    assert not vote.passed
    assert "赞成 25 票" in vote.failure and "全体 50 人" in vote.failure and "26 票" in vote.failure


def test_a_session_short_of_two_thirds_takes_no_vote(world) -> None:  # type: ignore[no-untyped-def]
    term = f.term(world)
    reps = f.elect(world, term)
    session = f.attended(world, f.session(world, term), reps, 33)  # 33 of 50 < 2/3

    errors = _errors(
        congresses.vote_record, world.system, session, item="审议", yes=33, no=0, abstain=0
    )

    assert "实到 33 人" in errors["session"][0] and "三分之二" in errors["session"][0]
    assert not Vote.objects.exists()


def test_ballots_cannot_exceed_those_present(world) -> None:  # type: ignore[no-untyped-def]
    term = f.term(world)
    reps = f.elect(world, term)
    session = f.attended(world, f.session(world, term), reps, 40)

    errors = _errors(
        congresses.vote_record, world.system, session, item="审议", yes=30, no=8, abstain=3
    )

    assert "超过实到人数 40" in errors["yes"][0]
    assert not Vote.objects.exists()


def test_the_database_refuses_a_vote_without_quorum_or_majority_mismatch(world) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError, transaction

    term = f.term(world)
    session = f.session(world, term)
    for values in (
        {"electorate": 50, "present": 30, "yes": 30, "no": 0, "abstain": 0, "passed": True},
        {"electorate": 50, "present": 40, "yes": 25, "no": 0, "abstain": 0, "passed": True},
        {"electorate": 50, "present": 40, "yes": 30, "no": 8, "abstain": 3, "passed": True},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Vote.objects.create(session=session, item="x", **values)


def test_votes_need_the_attendance_first(world) -> None:  # type: ignore[no-untyped-def]
    term = f.term(world)
    session = f.session(world, term)

    errors = _errors(
        congresses.vote_record, world.system, session, item="审议", yes=1, no=0, abstain=0
    )

    assert "出席" in errors["session"][0]


def test_attendance_counts_only_representatives_serving_that_day(world) -> None:  # type: ignore[no-untyped-def]
    term = f.term(world)
    reps = f.elect(world, term)
    congresses.representative_leave(
        world.system, reps[0], left_on=date(2022, 2, 1), reason="调离本单位"
    )
    session = f.session(world, term)

    errors = _errors(congresses.attendance_record, world.system, session, present_ids=[reps[0].pk])
    assert "不在任" in errors["present"][0]

    done = congresses.attendance_record(
        world.system, session, present_ids=[r.pk for r in reps[1:40]]
    )
    assert (done.electorate, done.present) == (49, 39)
    again = _errors(congresses.attendance_record, world.system, session, present_ids=[])
    assert "已登记" in again["present"][0]


def test_a_small_firm_holds_a_workers_assembly_counted_over_all_workers(world) -> None:  # type: ignore[no-untyped-def]
    body = congresses.congress_create(
        world.system,
        organization=world.union_b,
        name="乙物流有限公司职工大会",
        kind=CongressKind.ASSEMBLY,
        scope=CongressScope.UNIT,
    )
    term = congresses.term_create(
        world.system,
        congress=body,
        number=1,
        starts_on=date(2022, 1, 1),
        ends_on=date(2025, 1, 1),
        entities=[world.entity_b],
    )
    session = congresses.session_create(world.system, term=term, number=1, held_on=date(2022, 3, 1))

    errors = _errors(congresses.attendance_record, world.system, session, present=41)
    assert "不能超过应到人数 40" in errors["present"][0]

    session = congresses.attendance_record(world.system, session, present=30)  # of 40 workers
    vote = congresses.vote_record(world.system, session, item="审议", yes=20, no=10, abstain=0)
    assert (vote.electorate, vote.passed) == (40, False)  # 20 of 40 is not more than half


def test_a_firm_of_a_hundred_holds_a_congress_not_an_assembly(world) -> None:  # type: ignore[no-untyped-def]
    body = f.congress(world, kind=CongressKind.ASSEMBLY)  # entity A has 120 workers

    errors = _errors(
        congresses.term_create,
        world.system,
        congress=body,
        number=1,
        starts_on=date(2022, 1, 1),
        ends_on=date(2025, 1, 1),
        entities=[world.entity_a],
    )

    assert "120 人" in errors["entities"][0]


def test_a_session_falls_within_its_term_and_its_window_before_the_meeting(world) -> None:  # type: ignore[no-untyped-def]
    term = f.term(world)

    errors = _errors(
        congresses.session_create,
        world.system,
        term=term,
        number=1,
        held_on=date(2030, 1, 1),
        proposals_open_on=date(2022, 2, 1),
        proposals_close_on=date(2022, 1, 1),
    )

    assert set(errors) == {"held_on", "proposals_close_on"}


def test_a_representative_is_linked_to_a_member_record_by_id_number(world) -> None:  # type: ignore[no-untyped-def]
    from gonghui.portal.selectors import person_of
    from gonghui.portal.tests import factories

    owner = factories.member(1)
    factories.approved(world, serial=1, actor=owner)
    person = person_of(owner)
    assert person is not None
    term = f.term(world)
    rows = [{"name": "代表甲", "group": Group.FRONT_LINE, "id_number": person.id_number}]
    rows += [{"name": f"代表{n}", "group": Group.FRONT_LINE} for n in range(4)]

    seats = congresses.representatives_elect(
        world.system, term=term, elected_on=date(2022, 1, 10), rows=rows
    )
    assert seats[0].person == person

    from gonghui.members.tests.factories import id_number

    unknown = [
        {"name": "代表乙", "group": Group.FRONT_LINE, "id_number": id_number(date(1985, 6, 1))}
    ]
    errors = _errors(
        congresses.representatives_elect,
        world.system,
        term=term,
        elected_on=date(2022, 1, 10),
        rows=unknown,
    )
    assert "未找到" in errors["rows.0.id_number"][0]


def test_a_terms_page_lists_the_serving_first_by_group(world) -> None:  # type: ignore[no-untyped-def]
    from gonghui.bargaining.selectors.congress import representatives_of

    term = f.term(world)
    slate = [Group.SENIOR_MANAGER, Group.TECHNICIAN, Group.FRONT_LINE] + [Group.FRONT_LINE] * 7
    seats = f.elect(world, term, slate)
    congresses.representative_leave(world.system, seats[2], left_on=date(2023, 1, 1), reason="离职")

    groups = [rep.group for rep in representatives_of(term)]
    assert groups[:8] == [Group.FRONT_LINE] * 7 + [Group.TECHNICIAN]
    assert groups[8:] == [Group.SENIOR_MANAGER, Group.FRONT_LINE]  # then the one who left
