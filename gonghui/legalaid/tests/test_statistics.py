"""The legal-aid figures from the records: each dated by its own day, scoped and placed,
and a past period that does not move when today's records change."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take
from gonghui.legalaid.choices import Outcome
from gonghui.legalaid.statistics import LegalAid, legal_aid
from gonghui.legalaid.tests.fixtures import acting, application, eligibility_rules, lawyer

pytestmark = pytest.mark.django_db

NOV = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def world() -> World:
    world = build_world()
    eligibility_rules(world)
    return world


def _figures(world: World, who: str = "fed_staff", **kwargs: Any) -> LegalAid:
    return legal_aid(actor=world.user(who), start=NOV[0], end=NOV[1], **kwargs)


def test_the_figures_count_each_step_on_its_own_day(world: World) -> None:
    counsel = lawyer(world)
    won = acting(world, counsel)
    take(
        world.user("lawyer"),
        won,
        "close",
        outcome=Outcome.PARTLY_WON,
        recovered="12000.50",
        closed_on=date(2026, 11, 20),
        summary="部分支持",
    )
    lost = acting(world, counsel, application(world, name="败诉者", matter="work_injury"))
    take(
        world.user("lawyer"),
        lost,
        "close",
        outcome=Outcome.LOST,
        recovered="0",
        closed_on=date(2026, 11, 21),
        summary="驳回",
    )
    refused = application(world, name="不予援助者")
    take(
        world.user("fed_staff"),
        refused,
        "refuse",
        reason="不属于援助范围",
        decided_on=date(2026, 11, 4),
    )
    application(world, name="待审查者")
    application(world, name="十月申请者", received_on=date(2026, 10, 30))

    f = _figures(world)

    assert (f.received, f.accepted, f.refused, f.decided) == (4, 2, 1, 3)
    assert (f.closed, f.won, f.recovered) == (2, 1, Decimal("12000.50"))
    assert f.average_days == pytest.approx((0 + 0 + 2) / 3)
    assert f.in_time_rate == 1.0
    wages = next(r for r in f.by_matter if r.key == "wages")
    assert (wages.received, wages.accepted, wages.closed, wages.won) == (3, 1, 1, 1)


def test_a_past_period_does_not_move_when_a_case_is_withdrawn_later(world: World) -> None:
    case = acting(world, lawyer(world))
    before = _figures(world)

    take(
        world.user("lawyer"),
        case,
        "close",
        outcome=Outcome.WITHDRAWN,
        recovered="0",
        closed_on=date(2026, 12, 1),
        summary="撤回",
    )

    after = _figures(world)
    assert (after.received, after.accepted, after.closed) == (
        before.received,
        before.accepted,
        before.closed,
    )


def test_the_station_sees_its_subtree_and_a_lawyer_their_cases(world: World) -> None:
    acting(world, lawyer(world))
    application(
        world, name="乙站申请", organization=world.station_b, actor=world.user("station_b_staff")
    )

    assert _figures(world, "station_a_staff").received == 1
    assert _figures(world, "station_b_staff").received == 1
    assert _figures(world).received == 2
    assert _figures(world, "lawyer").accepted == 1
    assert _figures(world, node=world.station_b).received == 1
