"""The fund figures (report ``assistance_funds``): the warmth fund's donations, grants,
balance and people helped by cause in a period and since it was set up; a past period's
figures do not move when today's records change."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.services.funds import allocation_record
from gonghui.assistance.statistics.funds import REPORT, funds_figures
from gonghui.assistance.tests.fixtures_funds import (
    budget_line,
    donate,
    grant,
    revoke,
    warmth_fund,
    worker,
)
from gonghui.core.reports import registry
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def world() -> World:
    return build_world()


def _year(world: World, user: str = "fed_staff", **kwargs: Any) -> Any:
    return funds_figures(actor=world.user(user), start=START, end=END, node=kwargs.get("node"))


def _a_year_of_the_fund(world: World) -> dict[str, Any]:
    fund = warmth_fund(world)
    donate(world, fund, "200000", date(2024, 3, 1))
    early = grant(world, fund, "20000", date(2024, 5, 1), cause="illness")
    donate(world, fund, "50000", date(2025, 2, 1))
    twice = worker(world, "两次受助")
    grant(world, fund, "10000", date(2025, 3, 1), cause="illness", person=twice)
    grant(world, fund, "5000", date(2025, 8, 1), cause="illness", person=twice)
    grant(world, fund, "3000", date(2025, 4, 1), cause="emergency", person=twice)
    mistaken = grant(world, fund, "9000", date(2025, 5, 1), cause="accident")
    revoke(world, mistaken)
    return {"fund": fund, "early": early, "twice": twice}


def test_the_year_counts_donations_grants_people_by_cause_and_the_balance(world: World) -> None:
    _a_year_of_the_fund(world)

    f = _year(world)

    assert (f.received, f.donations) == (Decimal("50000.00"), 1)
    # the accident grant was reversed today: in 2025 it still counts, its reversal does
    # not (it is booked today)
    assert f.granted == Decimal("27000.00")
    assert f.grants == 4
    assert f.people == 2
    causes = {row.key: (row.people, row.amount) for row in f.by_cause}
    assert causes == {
        "illness": (1, Decimal("15000.00")),
        "emergency": (1, Decimal("3000.00")),
        "accident": (1, Decimal("9000.00")),
    }
    assert f.balance == Decimal("203000.00")
    assert f.since == date(2012, 3, 1)
    assert (f.families_since, f.granted_since) == (3, Decimal("47000.00"))


def test_a_grant_reversed_within_the_period_helped_nobody(world: World) -> None:
    fund = warmth_fund(world)
    donate(world, fund, "10000", date(2025, 2, 1))
    paid = grant(world, fund, "4000", date(2025, 3, 1), cause="illness")
    today = timezone.localdate()

    revoke(world, paid)

    f = funds_figures(actor=world.system, start=START, end=today, node=None)
    assert (f.granted, f.people, f.families_since) == (Decimal("0.00"), 0, 0)
    assert f.balance == Decimal("10000.00")


def test_last_years_figures_do_not_move_when_today_is_booked(world: World) -> None:
    # given last year's figures
    given = _a_year_of_the_fund(world)
    fund = given["fund"]
    before = _year(world)

    # when today a donation, a grant and a reversal of last year's grant are booked, and
    # a budget line is set up with money
    donate(world, fund, "1000", timezone.localdate())
    grant(world, fund, "700", timezone.localdate(), person=given["twice"])
    revoke(world, given["early"])
    line = budget_line(world, started_on=timezone.localdate())
    allocation_record(
        actor=world.system, fund=line, amount="500", booked_on=timezone.localdate(), memo="拨入"
    )

    # then 2025 reads the same
    assert _year(world) == before
    assert [row.name for row in before.funds] == ["温暖专项基金"]


def test_the_funds_table_shows_money_in_and_out_of_every_fund(world: World) -> None:
    _a_year_of_the_fund(world)
    line = budget_line(world, started_on=date(2025, 1, 1), opening="80000")

    f = _year(world)

    rows = {row.name: (row.money_in, row.money_out, row.balance) for row in f.funds}
    assert rows == {
        "温暖专项基金": (Decimal("50000.00"), Decimal("27000.00"), Decimal("203000.00")),
        line.name: (Decimal("80000.00"), Decimal("0.00"), Decimal("80000.00")),
    }


def test_the_figures_are_scoped_to_the_reader_and_the_node(world: World) -> None:
    _a_year_of_the_fund(world)
    station_fund = warmth_fund(world, node=world.station_a, code="station-a")
    donate(world, station_fund, "600", date(2025, 6, 1))

    station = _year(world, "station_a_staff")
    other = _year(world, "station_b_staff")
    node = _year(world, node=world.station_a)

    assert (station.received, station.balance) == (Decimal("600.00"), Decimal("600.00"))
    assert (other.received, other.balance, other.funds) == (Decimal("0.00"), Decimal("0.00"), [])
    assert replace(node, funds=[]) == replace(station, funds=[])


def test_the_figures_cost_two_queries(world: World, django_assert_num_queries: Any) -> None:
    _a_year_of_the_fund(world)
    actor = world.user("fed_staff")
    actor.scope_paths("assistance.view")  # the user's assignments, read once per request

    with django_assert_num_queries(2):
        funds_figures(actor=actor, start=START, end=END, node=None)


def test_the_report_page_shows_the_figures_and_definitions(world: World) -> None:
    _a_year_of_the_fund(world)
    client = Client()
    client.force_login(world.user("fed_staff"))

    page = client.get(
        reverse("reports:assistance_funds"), {"start": "2025-01-01", "end": "2025-12-31"}
    )

    assert registry.get("assistance_funds") is REPORT
    assert page.status_code == 200
    text = page.content.decode()
    assert "50,000.00" in text
    assert "救助人数（按原因）" in text
    assert client.get(reverse("reports:assistance_funds_export")).status_code == 200
