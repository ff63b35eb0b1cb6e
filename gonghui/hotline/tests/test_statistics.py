"""The hotline report's figures from records: per source, per subtree, from dated rows
(a later change does not move a past period), in a fixed number of queries."""

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.testing import build_world
from gonghui.core.workflow import take
from gonghui.hotline.models import ReturnReason
from gonghui.hotline.reports import REPORT
from gonghui.hotline.statistics import tickets
from gonghui.hotline.tests.fixtures import at, register

pytestmark = pytest.mark.django_db
START, END = date(2021, 1, 1), date(2021, 12, 31)


def _completed(world: Any, number: str, unit: Any, source: str = "12345", **callback: Any) -> Any:
    ticket = register(world, number, source=source, received_at=at("2021-03-01 09:00"))
    take(world.system, ticket, "dispatch", unit=unit, at=at("2021-03-01 10:00"))
    take(world.system, ticket, "contact", note="已联系", at=at("2021-03-01 11:00"))
    done = take(world.system, ticket, "complete", answer="已答复", at=at("2021-03-02 10:00"))
    if callback:
        done = take(world.system, done, "callback", at=at("2021-03-03 10:00"), **callback)
    return done


def _returned(world: Any, number: str, unit: Any) -> Any:
    ticket = register(world, number, received_at=at("2021-04-01 09:00"))
    take(world.system, ticket, "dispatch", unit=unit, at=at("2021-04-01 10:00"))
    reason = ReturnReason.objects.first()
    return take(world.system, ticket, "return", reason=reason, at=at("2021-04-01 14:00"))


def test_figures_per_source_with_their_rates() -> None:
    world = build_world()
    yes: dict[str, Any] = {"contacted": True, "solved": True, "satisfied": True}
    _completed(world, "C1", world.union_a, **yes)
    _completed(world, "C2", world.union_b, contacted=True, solved=False, satisfied=False)
    _completed(world, "U1", world.union_a, source="12351", **yes)
    _returned(world, "R1", world.union_a)
    register(world, "OTHER-YEAR", received_at=at("2020-12-31 23:00"))

    with CaptureQueriesContext(connection) as queries:
        figures = tickets(actor=world.user("fed_staff"), start=START, end=END)
    assert len(queries) <= 5  # the reader's assignments, then three aggregates
    city, union = figures.by_source
    assert (city.received, city.returned, city.completed) == (3, 1, 2)
    assert city.completion_rate == pytest.approx(2 / 3)
    assert (city.response_rate, city.solution_rate, city.satisfaction_rate) == (1.0, 0.5, 0.5)
    assert city.on_time_rate == 1.0
    assert (union.received, union.completed, union.completion_rate) == (1, 1, 1.0)
    assert figures.total.received == 4


def test_a_subtree_counts_what_its_units_did() -> None:
    world = build_world()
    _completed(world, "C1", world.union_a)
    _completed(world, "C2", world.union_b)
    _returned(world, "R1", world.union_a)

    a = tickets(actor=world.user("fed_staff"), start=START, end=END, node=world.station_a)
    city = a.by_source[0]
    # received at the federation (its first unit): outside station A's subtree
    assert (city.received, city.returned, city.completed) == (0, 1, 1)
    own = tickets(actor=world.user("station_b_staff"), start=START, end=END).by_source[0]
    assert (own.returned, own.completed) == (0, 1)


def test_a_past_period_does_not_move_when_a_ticket_is_worked_today() -> None:
    world = build_world()
    returned = _returned(world, "R1", world.union_a)
    before = tickets(actor=world.user("fed_staff"), start=START, end=END).by_source[0]

    ticket = take(world.system, returned, "dispatch", unit=world.union_b)
    take(world.system, ticket, "contact", note="已联系")
    take(world.system, ticket, "complete", answer="今天办结")

    after = tickets(actor=world.user("fed_staff"), start=START, end=END).by_source[0]
    assert (after.received, after.returned, after.completed) == (
        before.received,
        before.returned,
        before.completed,
    )


def test_the_report_presents_the_figures_with_charts_and_definitions() -> None:
    world = build_world()
    _completed(world, "C1", world.union_a)
    figures = REPORT.run(actor=world.user("fed_staff"), start=START, end=END, node=None)

    summary = {f.key: f.value for f in REPORT.summary(figures)}
    assert (summary["received"], summary["completed"], summary["completion_rate"]) == (1, 1, 1.0)
    tables = REPORT.tables(figures)
    assert [t.key for t in tables] == ["by_source", "rates_by_source"]
    assert all(t.chart is not None for t in tables)
    assert len(REPORT.definitions) >= 4
