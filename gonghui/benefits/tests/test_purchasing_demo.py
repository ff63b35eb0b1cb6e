"""The demo's 2020 group purchases, recorded after the fact: the federation's 2020
figures per product are what the demo's plan recorded (the full plan, the 2020 report's,
on a world of its own; the small plan through ``seed_demo``)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

import gonghui.benefits.demo.purchasing as demo_purchasing
from gonghui.accounts.models import User
from gonghui.benefits.models import Order
from gonghui.benefits.models.purchasing import OrderStatus
from gonghui.benefits.statistics.purchasing import Purchasing, purchase_figures
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core import demo as core_demo
from gonghui.core.testing import World
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.demo import DemoTree
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

YEAR_2020 = (date(2020, 1, 1), date(2020, 12, 31))


def _by_product(figures: Purchasing) -> dict[str, tuple[int, int]]:
    return {p.product: (p.firms, p.quantity) for p in figures.products}


def _planned(plan: tuple[demo_purchasing.Purchase, ...]) -> dict[str, tuple[int, int]]:
    return {p.product: (p.firms, p.quantity) for p in plan}


def test_quantities_add_up_within_the_limit() -> None:
    rng = core_demo.module_rng(7, "test")

    amounts = demo_purchasing.quantities(rng, 34, 4020, 300)

    assert len(amounts) == 34 and sum(amounts) == 4020
    assert min(amounts) >= 1 and max(amounts) <= 300
    with pytest.raises(core_demo.DemoError):
        demo_purchasing.quantities(rng, 3, 100, 30)


def test_the_full_plan_gives_the_2020_figures_of_the_report(world: World) -> None:
    plan = demo_purchasing.PLANS[core_demo.FULL]
    fx.union_of_2019(world, firms=max(p.firms for p in plan) + 2)
    ctx = core_demo.DemoContext(
        actor=world.system,
        scale=core_demo.FULL,
        seed=1,
        today=min(core_demo.DEMO_TODAY, date.today()),  # noqa: DTZ011
        rng=core_demo.module_rng(1, "gonghui.benefits.demo"),
        log=lambda _line: None,
    )
    ctx.shared["organizations"] = DemoTree(
        federation=world.federation, stations={"a": world.station_a, "b": world.station_b}
    )

    demo_purchasing.record(ctx, plan)

    figures = purchase_figures(
        actor=world.system, start=YEAR_2020[0], end=YEAR_2020[1], node=world.federation
    )
    assert _by_product(figures) == _planned(plan)
    assert figures.quantity == sum(p.quantity for p in plan)
    assert figures.amount == sum(p.quantity * p.unit_price for p in plan)
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.PAID}


def test_a_seeded_database_reports_the_2020_purchases_the_demo_recorded() -> None:
    call_command("seed_demo", "--scale", "small", "--seed", "3", stdout=StringIO())
    admin = User.objects.get(username=core_demo.SYSTEM_USERNAME)
    federation = Organization.objects.get(kind=NodeKind.FEDERATION)

    figures = purchase_figures(actor=admin, start=YEAR_2020[0], end=YEAR_2020[1], node=federation)

    assert _by_product(figures) == _planned(demo_purchasing.PLANS[core_demo.SMALL])
