"""Consultation and mediation figures of a past period read the tree as it stood then: a
union moved or merged today (through the organisation services) leaves the figures of a
period that ended before it as they were, for its old station, its new one and the
district; today's records of that union count where it is now."""

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.testing import World, build_world, make_user
from gonghui.disputes import statistics
from gonghui.disputes.choices import Channel, Outcome, Satisfaction, Topic
from gonghui.disputes.models import MediationCommittee
from gonghui.disputes.services.agreements import agreement_record, agreement_sign, payment_record
from gonghui.disputes.services.cases import case_accept, case_apply, case_close
from gonghui.disputes.services.committees import committee_create, committee_seat
from gonghui.disputes.services.consultations import consultation_log
from gonghui.organizations import services as org_services
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

START, END = date(2024, 1, 1), date(2024, 12, 31)
AT = date(2025, 1, 10)


def _committees(world: World) -> dict[str, MediationCommittee]:
    nodes = {
        "federation": world.federation,
        "station_a": world.station_a,
        "station_b": world.station_b,
        "union_a": world.union_a,
    }
    return {
        key: committee_create(actor=world.system, organization=node, name=f"{node.name}调解委员会")
        for key, node in nodes.items()
    }


def _case(
    world: World,
    committee: MediationCommittee,
    day: date,
    applicants: int,
    amount: int,
    *,
    closed: bool = True,
) -> None:
    """A case applied and accepted on ``day``, closed by agreement a week later and paid
    (unless not ``closed``)."""
    system = world.system
    case = case_apply(
        actor=system,
        committee=committee,
        applicants=[{"name": f"申请人{n}"} for n in range(applicants)],
        facts="拖欠工资",
        claims=[{"kind": "wages", "amount": str(amount)}],
        employer_name="甲科技有限公司",
        applied_on=day,
    )
    case = case_accept(actor=system, case=case, on=day)
    if not closed:
        return
    week = day + timedelta(days=7)
    agreement = agreement_record(actor=system, case=case, terms="支付工资", amount=amount)
    agreement = agreement_sign(
        actor=system,
        case=agreement.case,
        parties_signed_on=week,
        mediator_signed_on=week,
        sealed_on=week,
    )
    case_close(actor=system, case=case, outcome=Outcome.AGREEMENT, on=week)
    payment_record(actor=system, case=agreement.case, paid_on=week, amount=amount)


def _consult(world: World, node: Organization, day: date, people: int) -> None:
    consultation_log(
        actor=world.system,
        organization=node,
        channel=Channel.PHONE,
        topic=Topic.WAGES,
        held_on=day,
        people=people,
        satisfaction=Satisfaction.SATISFIED,
    )


def _world() -> tuple[World, dict[str, MediationCommittee]]:
    """In 2024: cases and consultations at union A's committee (station A), at station A's
    and at station B's."""
    world = build_world()
    committees = _committees(world)
    # a mediator assigned at station B who sits on union A's committee
    mediator = make_user("mediator_a", Role.MEDIATOR, world.station_b)
    committee_seat(actor=world.system, committee=committees["union_a"], user=mediator)
    _case(world, committees["union_a"], date(2024, 3, 4), applicants=3, amount=9000)
    _case(world, committees["union_a"], date(2024, 9, 2), applicants=1, amount=2000)
    _case(world, committees["station_a"], date(2024, 5, 6), applicants=2, amount=4000)
    _case(world, committees["station_b"], date(2024, 6, 3), applicants=1, amount=1000)
    _consult(world, world.union_a, date(2024, 4, 1), people=5)
    _consult(world, world.station_a, date(2024, 4, 2), people=2)
    _consult(world, world.station_b, date(2024, 4, 3), people=1)
    return world, committees


def _figures(actor: User, node: Organization | None, start: date, end: date) -> dict[str, Any]:
    return {
        "mediation": asdict(
            statistics.mediation(actor=actor, start=start, end=end, node=node, at=AT)
        ),
        "consultations": asdict(
            statistics.consultations(actor=actor, start=start, end=end, node=node)
        ),
    }


def _staff(world: World, username: str) -> User:
    """The user as a new request loads it (scope paths read now, not cached)."""
    return User.objects.get(username=username)


def _past(world: World) -> dict[str, dict[str, Any]]:
    system = world.system
    return {
        "district": _figures(system, None, START, END),
        "federation": _figures(system, world.federation, START, END),
        "station_a": _figures(system, world.station_a, START, END),
        "station_b": _figures(system, world.station_b, START, END),
        "union_a": _figures(system, world.union_a, START, END),
        "fed_staff": _figures(_staff(world, "fed_staff"), None, START, END),
        "station_b_staff": _figures(_staff(world, "station_b_staff"), None, START, END),
        "union_a_staff": _figures(_staff(world, "union_a_staff"), None, START, END),
        "mediator": _figures(_staff(world, "mediator_a"), None, START, END),
    }


def _accepted(world: World, node: Organization | None, start: date, end: date) -> tuple[int, ...]:
    m = statistics.mediation(actor=world.system, start=start, end=end, node=node, at=AT)
    c = statistics.consultations(actor=world.system, start=start, end=end, node=node)
    return (m.applicants_accepted, m.cases_accepted, int(m.amount_fulfilled), c.total)


def test_the_2024_figures_are_what_the_definitions_say() -> None:
    world, _committees = _world()
    for username, accepted in (("union_a_staff", 4), ("station_b_staff", 1), ("mediator_a", 4)):
        m = statistics.mediation(actor=_staff(world, username), start=START, end=END, at=AT)
        assert m.applicants_accepted == accepted, username
    assert _accepted(world, world.station_a, START, END) == (6, 3, 15000, 7)
    assert _accepted(world, world.station_b, START, END) == (1, 1, 1000, 1)
    assert _accepted(world, None, START, END) == (7, 4, 16000, 8)


def test_a_union_moved_today_leaves_the_past_figures_as_they_were() -> None:
    world, committees = _world()
    before = _past(world)

    org_services.union_move(actor=world.system, union=world.union_a, new_parent=world.station_b)

    assert _past(world) == before
    assert _accepted(world, world.station_a, START, END) == (6, 3, 15000, 7)
    # a case and a consultation of union A today count in station B
    today = timezone.localdate()
    _case(world, committees["union_a"], today, applicants=2, amount=3000, closed=False)
    _consult(world, world.union_a, today, people=4)
    assert _accepted(world, world.station_b, today, today) == (2, 1, 0, 4)
    assert _accepted(world, world.station_a, today, today) == (0, 0, 0, 0)
    assert _accepted(world, world.union_a, today, today) == (2, 1, 0, 4)
    assert _past(world) == before


def test_a_union_moved_on_a_past_day_counts_in_each_station_for_its_days() -> None:
    """A case applied before the move counts in the old station, one applied from the day
    of the move in the new one."""
    world, _committees = _world()
    org_services.union_move(
        actor=world.system,
        union=world.union_a,
        new_parent=world.station_b,
        on=date(2024, 9, 2),
    )
    assert _accepted(world, world.station_a, START, END) == (5, 2, 13000, 7)
    assert _accepted(world, world.station_b, START, END) == (2, 2, 3000, 1)
    assert _accepted(world, world.federation, START, END) == (7, 4, 16000, 8)


def test_a_union_merged_today_leaves_the_past_figures_as_they_were() -> None:
    world, _committees = _world()
    before = _past(world)

    org_services.union_merge(
        actor=world.system, union=world.union_a, into=world.union_b, on=timezone.localdate()
    )

    assert _past(world) == before


def test_a_record_of_a_union_before_its_founding_counts_where_the_union_is() -> None:
    """A union has no placement before its founding day (the services do not refuse a
    consultation dated then): such a record counts where the union is now, so the
    district, the federation and the sum of the stations still agree."""
    world = build_world()
    _consult(world, world.union_a, date(2021, 1, 10), people=3)  # founded on 2021-03-01
    start, end = date(2021, 1, 1), date(2021, 1, 31)
    assert _accepted(world, None, start, end)[3] == 3
    assert _accepted(world, world.federation, start, end)[3] == 3
    assert _accepted(world, world.station_a, start, end)[3] == 3
    assert _accepted(world, world.union_a, start, end)[3] == 3
