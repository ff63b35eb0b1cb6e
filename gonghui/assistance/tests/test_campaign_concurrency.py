"""Two staff handing out lines of the same campaign at once, on PostgreSQL (SQLite
serialises writers, so these skip there): the campaign's row lock serialises them, so the
budget is never passed and a line is never handed out twice."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from threading import Barrier
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.assistance.models import DistributionLine, Fund, FundEntry, Receipt
from gonghui.assistance.services import campaigns as services
from gonghui.assistance.tests import fixtures_campaigns as fx
from gonghui.core.testing import World, build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(world: World, lines: list[DistributionLine]) -> list[str]:
    ready = Barrier(len(lines))
    signature = fx.signature()

    def distribute(line: DistributionLine) -> str:
        try:
            ready.wait(timeout=10)
            services.line_distribute(
                actor=world.system,
                line=line,
                distributed_on=date(2021, 1, 28),
                method="signature",
                signed_by=line.name,
                signature=signature,
            )
            return "ok"
        except ValidationError as exc:
            return next(iter(exc.message_dict.values()))[0]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(lines)) as pool:
        return list(pool.map(distribute, lines))


def _campaign(world: World, **changes: Any) -> list[DistributionLine]:
    fx.member(world, world.union_a)
    fx.member(world, world.union_a)
    campaign = fx.campaign(world, **changes)
    services.campaign_list_build(actor=world.system, campaign=campaign)
    fx.distributing(world, campaign)
    return list(campaign.lines.order_by("pk"))


def test_two_lines_racing_for_the_last_of_the_budget_spend_it_once() -> None:
    # given a budget of 1,000 and two lines of 700 handed out at the same moment
    world = build_world()
    lines = _campaign(world, budget="1000")
    results = _race(world, lines)
    # then one is handed out and the other refused for the budget
    assert results.count("ok") == 1
    assert any("超出活动预算" in r for r in results if r != "ok")
    assert FundEntry.objects.filter(line__in=lines).count() == 1
    assert Receipt.objects.filter(line__in=lines).count() == 1


def test_two_lines_racing_for_the_last_of_the_budget_line_spend_it_once() -> None:
    world = build_world()
    fund = fx.fund_at(world, amount="1000")
    lines = _campaign(world, fund=fund)
    results = _race(world, lines)
    assert results.count("ok") == 1
    assert Fund.objects.get(pk=fund.pk).balance == Decimal("300.00")


def test_the_same_line_handed_out_twice_at_once_is_handed_out_once() -> None:
    world = build_world()
    line = _campaign(world)[0]
    results = _race(world, [line, DistributionLine.objects.get(pk=line.pk)])
    assert results.count("ok") == 1
    assert "已发放" in next(r for r in results if r != "ok")
    assert Receipt.objects.filter(line=line).count() == 1
