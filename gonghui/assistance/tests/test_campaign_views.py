"""The campaign pages: the list with its filters, creating a campaign, its page with the
progress and the list filtered and exported, building the list, the steps offered, and
handing a line out on the distribute page; refusals shown on the form, nothing written."""

import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.assistance.choices import CampaignStatus, LineStatus, Occasion
from gonghui.assistance.models import Campaign, DistributionLine, Receipt
from gonghui.assistance.services import campaigns as services
from gonghui.assistance.tests import fixtures_campaigns as fx
from gonghui.core.testing import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build_world()
    fx.prepare(world)
    return world


def _client(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def page_rows(client: Client) -> list[Any]:
    return list(client.get(reverse("assistance:campaign_list")).context["object_list"])


def test_the_list_filters_by_occasion_and_status(world: World) -> None:
    client = _client(world, "station_a_staff")
    page = client.get(reverse("assistance:campaign_list")).content.decode()
    assert "甲站春节送温暖" in page and "甲站夏送清凉" in page
    summer = client.get(reverse("assistance:campaign_list"), {"occasion": Occasion.SUMMER})
    assert "甲站春节送温暖" not in summer.content.decode()
    assert "甲站夏送清凉" in summer.content.decode()
    row = next(c for c in page_rows(client) if c.name == "甲站春节送温暖")
    assert (row.lines_done, row.lines_total) == (0, 2)
    going = client.get(reverse("assistance:campaign_list"), {"status": "distributing"})
    assert "甲站夏送清凉" not in going.content.decode()
    # staff without the manage action are not offered the creation form
    assert reverse("assistance:campaign_create") not in page


def test_the_federation_creates_a_campaign_from_the_form(world: World) -> None:
    client = _client(world, "fed_a_staff")
    data = {
        "organization": world.station_a.pk,
        "fund": world.extra["fund"].pk,
        "name": "2021年国庆慰问",
        "occasion": "national_day",
        "year": "2021",
        "starts_on": "2021-09-25",
        "ends_on": "2021-10-07",
        "budget": "8000",
        "cash_per_head": "200",
        "goods_value_per_head": "0",
        "scope": "units",
        "units": [world.union_a.pk],
    }
    answer = client.post(reverse("assistance:campaign_create"), data)
    campaign = Campaign.objects.get(name="2021年国庆慰问")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("assistance:campaign_detail", args=[campaign.pk])


def test_a_refused_campaign_is_shown_on_the_form_and_not_saved(world: World) -> None:
    client = _client(world, "fed_a_staff")
    before = Campaign.objects.count()
    answer = client.post(
        reverse("assistance:campaign_create"),
        {
            "organization": world.station_a.pk,
            "fund": world.extra["fund"].pk,
            "name": "坏预算",
            "occasion": "may_day",
            "year": "2021",
            "starts_on": "2021-04-25",
            "ends_on": "2021-05-05",
            "budget": "100.555",
            "scope": "units",
            "units": [world.union_a.pk],
        },
    )
    assert answer.status_code == 200
    assert "预算最多保留两位小数" in answer.content.decode()
    assert Campaign.objects.count() == before


def test_the_campaign_page_shows_progress_steps_and_the_list(world: World) -> None:
    campaign, line = world.extra["campaign"], world.extra["line"]
    fx.distribute(world, line, on=timezone.localdate())
    page = _client(world, "fed_a_staff").get(
        reverse("assistance:campaign_detail", args=[campaign.pk])
    )
    text = page.content.decode()
    progress = page.context["progress"]
    assert (progress.lines, progress.lines_distributed, progress.people_reached) == (2, 1, 1)
    assert progress.spent == Decimal("700.00")
    assert reverse("assistance:campaign_close", args=[campaign.pk]) in text
    assert "甲会员一" in text and "甲会员二" in text
    # filtered by status: the planned line only
    planned = _client(world, "fed_a_staff").get(
        reverse("assistance:campaign_detail", args=[campaign.pk]), {"status": LineStatus.PLANNED}
    )
    assert [row.name for row in planned.context["object_list"]] == ["甲会员二"]
    # station A's staff may distribute the planned line, not manage the campaign
    station = _client(world, "station_a_staff").get(
        reverse("assistance:campaign_detail", args=[campaign.pk])
    )
    other = campaign.lines.exclude(pk=line.pk).get()
    assert reverse("assistance:line_distribute", args=[other.pk]) in station.content.decode()
    assert reverse("assistance:line_distribute", args=[line.pk]) not in station.content.decode()
    assert reverse("assistance:campaign_close", args=[campaign.pk]) not in (
        station.content.decode()
    )


def test_the_list_exports_as_a_workbook(world: World) -> None:
    campaign = world.extra["campaign"]
    answer = _client(world, "station_a_staff").get(
        reverse("assistance:campaign_detail", args=[campaign.pk]), {"format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][1] == "领取人/对象"
    assert sorted(str(row[1]) for row in rows[1:]) == ["甲会员一", "甲会员二"]


def test_building_starting_and_closing_from_the_pages(world: World) -> None:
    planning = world.extra["planning"]
    client = _client(world, "fed_a_staff")
    client.post(reverse("assistance:campaign_build", args=[planning.pk]), {})
    assert planning.lines.count() == 1
    client.post(reverse("assistance:campaign_start", args=[planning.pk]), {})
    planning.refresh_from_db()
    assert planning.status == CampaignStatus.DISTRIBUTING
    client.post(reverse("assistance:campaign_close", args=[planning.pk]), {})
    planning.refresh_from_db()
    assert planning.status == CampaignStatus.CLOSED


def test_starting_an_empty_campaign_is_refused_on_its_page(world: World) -> None:
    planning = world.extra["planning"]
    answer = _client(world, "fed_a_staff").post(
        reverse("assistance:campaign_start", args=[planning.pk]), {}
    )
    assert answer.status_code == 200
    assert "发放名单为空" in answer.content.decode()


def _distribute(world: World, line: DistributionLine, **changes: Any) -> Any:
    data = {
        "method": "signature",
        "signed_by": "甲会员一",
        "signed_on": timezone.localdate().isoformat(),
        "signature": fx.signature(),
        "person_times": "1",
        "sets": "1",
        **changes,
    }
    return _client(world, "station_a_staff").post(
        reverse("assistance:line_distribute", args=[line.pk]), data
    )


def test_a_line_is_handed_out_from_its_page(world: World) -> None:
    line = world.extra["line"]
    page = _client(world, "station_a_staff").get(
        reverse("assistance:line_distribute", args=[line.pk])
    )
    assert "data-signature-pad" in page.content.decode()
    answer = _distribute(world, line)
    assert answer.status_code == 302
    line.refresh_from_db()
    assert line.status == LineStatus.DISTRIBUTED
    assert Receipt.objects.get(line=line).signed_by == "甲会员一"


def test_a_line_without_a_signature_is_refused_on_its_page(world: World) -> None:
    line = world.extra["line"]
    answer = _distribute(world, line, signature="")
    assert answer.status_code == 200
    assert "请职工在签名框内签名" in answer.content.decode()
    line.refresh_from_db()
    assert line.status == LineStatus.PLANNED
    assert not Receipt.objects.exists()


def test_a_line_past_the_budget_is_refused_on_its_page(world: World) -> None:
    campaign, line = world.extra["campaign"], world.extra["line"]
    Campaign.objects.filter(pk=campaign.pk).update(budget=Decimal("100"))
    answer = _distribute(world, line)
    assert answer.status_code == 200
    assert "超出活动预算" in answer.content.decode()
    assert not Receipt.objects.exists()


def test_a_site_and_a_line_are_added_from_their_pages(world: World) -> None:
    planning, campaign = world.extra["planning"], world.extra["campaign"]
    client = _client(world, "fed_a_staff")
    client.post(
        reverse("assistance:campaign_site_add", args=[planning.pk]),
        {"name": "乙工地", "workers": "12"},
    )
    assert planning.sites.filter(name="乙工地", workers=12).exists()
    client.post(
        reverse("assistance:line_add", args=[campaign.pk]),
        {"name": "走访劳模", "people": "1", "cash": "1000"},
    )
    assert campaign.lines.get(name="走访劳模").cash == Decimal("1000.00")
    assert services.campaign_spent(campaign) == Decimal("0.00")


def _queries_of_page(world: World, campaign: Campaign) -> int:
    client = _client(world, "fed_a_staff")
    url = reverse("assistance:campaign_detail", args=[campaign.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_campaign_page_costs_the_same_queries_for_more_lines(world: World) -> None:
    # given the campaign's two lines, one handed out
    campaign = world.extra["campaign"]
    fx.distribute(world, world.extra["line"], on=timezone.localdate())
    few = _queries_of_page(world, campaign)
    # when eight more lines are added, three handed out
    for n in range(8):
        line = services.line_add(actor=world.system, campaign=campaign, name=f"班组{n}", people=2)
        if n < 3:
            fx.distribute(world, line, on=timezone.localdate())
    # then the page asks the database as often
    assert _queries_of_page(world, campaign) == few
