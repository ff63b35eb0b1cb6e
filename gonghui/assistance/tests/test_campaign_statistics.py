"""The campaign figures: counted from the lines handed out in the period by their
``distributed_on``, in the scope as it stood then, so a past period never moves; the
report ``assistance_campaigns`` presents them."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.assistance.choices import Occasion
from gonghui.assistance.models import DistributionLine
from gonghui.assistance.services import campaigns as services
from gonghui.assistance.statistics.campaigns import campaigns
from gonghui.assistance.tests import fixtures_campaigns as fx
from gonghui.core.reports import registry
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db

JANUARY = (date(2021, 1, 1), date(2021, 1, 31))
YEAR = (date(2021, 1, 1), date(2021, 12, 31))


@pytest.fixture
def world() -> World:
    """Spring Festival at union A: three members, two handed out in January and one in
    February; summer at two sites, one handed out in July with 27,000 person-times."""
    world = build_world()
    fund = fx.fund_at(world, amount="500000")
    for _ in range(3):
        fx.member(world, world.union_a)
    spring = fx.campaign(world, fund, budget="50000")
    services.campaign_list_build(actor=world.system, campaign=spring)
    fx.distributing(world, spring)
    first, second, third = spring.lines.order_by("pk")
    fx.distribute(world, first, on=date(2021, 1, 25))
    fx.distribute(world, second, on=date(2021, 1, 31))
    fx.distribute(world, third, on=date(2021, 2, 1))
    summer = fx.campaign(
        world,
        fund,
        name="2021年夏送清凉",
        occasion=Occasion.SUMMER,
        scope="sites",
        units=[],
        starts_on=date(2021, 6, 1),
        ends_on=date(2021, 9, 30),
        budget="100000",
        cash_per_head="0",
        goods="清凉饮品",
        goods_value_per_head="25",
    )
    services.campaign_site_add(actor=world.system, campaign=summer, name="一号工地", workers=320)
    services.campaign_site_add(actor=world.system, campaign=summer, name="二号工地", workers=80)
    services.campaign_list_build(actor=world.system, campaign=summer)
    fx.distributing(world, summer)
    site_line = summer.lines.get(site__name="一号工地")
    fx.distribute(
        world,
        site_line,
        on=date(2021, 7, 15),
        method="scan",
        signature=None,
        scan=_sheet(),
        signed_by="项目经理",
        person_times=27000,
    )
    return world


def _sheet() -> SimpleUploadedFile:
    return SimpleUploadedFile("sheet.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def test_the_figures_of_a_period_count_the_lines_handed_out_in_it(world: World) -> None:
    f = campaigns(actor=world.system, start=JANUARY[0], end=JANUARY[1], node=None)
    assert (f.campaigns, f.units, f.sites, f.people, f.person_times, f.sets) == (1, 1, 0, 2, 2, 2)
    assert (f.cash, f.goods, f.spent) == (
        Decimal("1000.00"),
        Decimal("400.00"),
        Decimal("1400.00"),
    )
    assert [(r.key, r.people) for r in f.by_occasion] == [("spring_festival", 2)]


def test_the_year_adds_the_sites_by_occasion(world: World) -> None:
    f = campaigns(actor=world.system, start=YEAR[0], end=YEAR[1], node=world.station_a)
    assert (f.campaigns, f.units, f.sites) == (2, 1, 1)
    assert (f.people, f.person_times, f.sets) == (3 + 320, 3 + 27000, 3 + 320)
    summer = next(r for r in f.by_occasion if r.key == "summer")
    assert (summer.people, summer.person_times, summer.goods) == (320, 27000, Decimal("8000.00"))


def test_a_past_period_does_not_move_when_more_is_handed_out_later(world: World) -> None:
    # given January's figures
    before = campaigns(actor=world.system, start=JANUARY[0], end=JANUARY[1], node=None)
    # when the second site is handed out in August
    summer = DistributionLine.objects.get(site__name="二号工地")
    fx.distribute(world, summer, on=date(2021, 8, 2))
    # then January is unchanged, and the year counts the second site
    after = campaigns(actor=world.system, start=JANUARY[0], end=JANUARY[1], node=None)
    assert after == before
    year = campaigns(actor=world.system, start=YEAR[0], end=YEAR[1], node=None)
    assert year.sites == 2


def test_the_scope_is_the_readers_subtree(world: World) -> None:
    other = campaigns(actor=world.user("station_b_staff"), start=YEAR[0], end=YEAR[1], node=None)
    assert (other.campaigns, other.people) == (0, 0)
    node_b = campaigns(actor=world.system, start=YEAR[0], end=YEAR[1], node=world.station_b)
    assert node_b.people == 0
    own = campaigns(actor=world.user("station_a_staff"), start=YEAR[0], end=YEAR[1], node=None)
    assert own.people == 323


def test_the_report_is_registered_with_definitions_and_served(world: World) -> None:
    report = registry.get("assistance_campaigns")
    assert report.definitions
    client = Client()
    client.force_login(world.user("station_a_staff"))
    page = client.get(
        reverse("reports:assistance_campaigns"),
        {"node": str(world.station_a.pk), "start": "2021-01-01", "end": "2021-12-31"},
    )
    assert page.status_code == 200
    assert "慰问人次" in page.content.decode()


def test_the_figures_cost_two_queries(world: World, django_assert_num_queries: Any) -> None:
    reader = world.user("station_a_staff")
    reader.scope_paths("assistance.view")  # the reader's assignments, read once per request
    with django_assert_num_queries(2):
        campaigns(actor=reader, start=YEAR[0], end=YEAR[1], node=None)
