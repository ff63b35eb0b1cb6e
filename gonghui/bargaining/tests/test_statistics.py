"""The congress and contract rates from the records, on a day, scoped and placed; a past
day's figures do not move when later records are added."""

from datetime import date

import pytest

from gonghui.bargaining.choices import CongressKind, CongressScope, ContractKind, Side
from gonghui.bargaining.services import congress as congresses
from gonghui.bargaining.statistics import Bargaining, bargaining_figures
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.reports import registry
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    c = f.signed(world)  # union A: a congress since 2022-03-15, a contract 2022-04-13..2025-03-31
    take(
        world.system,
        c,
        "report",
        department="区人社局",
        reported_on=date(2022, 3, 25),
        received_on=date(2022, 3, 28),
    )
    take(world.system, c, "take_effect")
    return world


def _on(world: World, day: date, who: str = "fed_staff", node=None) -> Bargaining:  # type: ignore[no-untyped-def]
    return bargaining_figures(actor=world.user(who), start=day, end=day, node=node)


def test_the_rates_count_firms_with_a_sitting_congress_and_a_contract_in_force(
    world: World,
) -> None:
    before = _on(world, date(2022, 3, 1))  # the term had begun, its first session not yet held
    assert (before.all.firms, before.all.congress, before.all.contract) == (2, 0, 0)

    between = _on(world, date(2022, 4, 12))  # the session held; the review not yet ended
    assert (between.all.congress, between.all.contract) == (1, 0)

    after = _on(world, date(2022, 6, 1))
    assert (after.all.firms, after.all.congress, after.all.contract) == (2, 1, 1)
    assert after.all.congress_rate == 0.5 and after.large.contract_rate == 1.0
    assert (after.large.firms, after.large.congress) == (1, 1)
    assert [(r.label, r.all.firms, r.all.contract) for r in after.by_node] == [
        ("第一服务站", 1, 1),
        ("第二服务站", 1, 0),
    ]

    ended = _on(world, date(2025, 4, 1))  # the term ended on 2025-03-31
    assert ended.all.contract == 0 and ended.all.congress == 1


def test_each_union_sees_its_own_firms(world: World) -> None:
    b = _on(world, date(2022, 6, 1), who="union_b_staff")
    assert (b.all.firms, b.all.congress, b.all.contract) == (1, 0, 0)
    a = _on(world, date(2022, 6, 1), node=world.station_a)
    assert (a.all.firms, a.all.contract) == (1, 1)


def test_a_past_day_does_not_move_when_later_records_come(world: World) -> None:
    first = _on(world, date(2022, 6, 1))
    body = congresses.congress_create(
        world.system,
        organization=world.union_b,
        name="乙职工大会",
        kind=CongressKind.ASSEMBLY,
        scope=CongressScope.UNIT,
    )
    term = congresses.term_create(
        world.system,
        congress=body,
        number=1,
        starts_on=date(2022, 7, 1),
        ends_on=date(2025, 7, 1),
        entities=[world.entity_b],
    )
    held = congresses.session_create(world.system, term=term, number=1, held_on=date(2022, 7, 5))
    assert _on(world, date(2022, 8, 1)).all.congress == 1  # planned: not yet held
    congresses.attendance_record(world.system, held, electorate=40, present=30)

    assert _on(world, date(2022, 6, 1)) == first
    assert _on(world, date(2022, 8, 1)).all.congress == 2


def test_expiring_contracts_and_processes_past_their_deadline(world: World) -> None:
    expiring = _on(world, date(2025, 1, 15))  # 75 days before the end, within the 90 of the rule
    assert [(d.number, d.days) for d in expiring.expiring] == [("JT2022-00001", 75)]
    assert _on(world, date(2024, 12, 1)).expiring == []

    c = f.contract(
        world,
        organization=world.union_b,
        entities=[world.entity_b],
        title="乙公司集体合同",
        employer="乙物流",
        kind=ContractKind.COMPREHENSIVE,
        opened_on=date(2022, 4, 20),
    )
    take(
        world.system,
        c,
        "name_representatives",
        negotiators=f.NEGOTIATORS,
        named_on=date(2022, 4, 25),
    )
    c = take(
        world.system, c, "offer", offered_by=Side.WORKERS, offer="要约", offered_on=date(2022, 5, 1)
    )
    assert [(d.number, d.days) for d in _on(world, date(2022, 6, 1)).overdue] == [
        (c.number, 9)
    ]  # due 2022-05-23: the 21st was a Saturday
    take(world.system, c, "refusal", reason="", answered_on=date(2022, 6, 10))

    assert [d.days for d in _on(world, date(2022, 6, 1)).overdue] == [9]  # it was, that day
    assert _on(world, date(2022, 6, 11)).overdue == []
    assert _on(world, date(2022, 6, 1), who="union_a_staff").overdue == []


def test_the_report_is_declared_in_the_kit(world: World) -> None:
    report = registry.get("bargaining")
    figures = report.run(
        actor=world.user("fed_staff"), start=date(2022, 6, 1), end=date(2022, 6, 1), node=None
    )

    summary = {figure.key: figure.value for figure in report.summary(figures)}
    assert summary["congress_rate"] == 0.5 and summary["large_contract_rate"] == 1.0
    assert [table.key for table in report.tables(figures)] == [
        "rates",
        "by_node",
        "expiring",
        "overdue",
    ]
