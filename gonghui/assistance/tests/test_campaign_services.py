"""The campaign services: creating, building the list from each scope (idempotent),
adding sites and lines, the steps, and handing a line out with its receipt and its money
through the ledger; every bad input refused naming its field, nothing written."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.accounts.roles import Role
from gonghui.assistance.choices import (
    CampaignStatus,
    EntryKind,
    FileStatus,
    LineStatus,
    Occasion,
    Tier,
)
from gonghui.assistance.models import (
    Campaign,
    CampaignSite,
    DistributionLine,
    Fund,
    FundEntry,
    Receipt,
)
from gonghui.assistance.services import campaigns as services
from gonghui.assistance.services.ledger import entry_reverse
from gonghui.assistance.tests import fixtures_campaigns as fx
from gonghui.core.models import Attachment, AuditEntry, StatusChange
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import World, build_world, make_user
from gonghui.core.workflow import available

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def _writes() -> tuple[int, ...]:
    return (
        Campaign.objects.count(),
        CampaignSite.objects.count(),
        DistributionLine.objects.filter(status=LineStatus.DISTRIBUTED).count(),
        DistributionLine.objects.count(),
        Receipt.objects.count(),
        Attachment.objects.count(),
        FundEntry.objects.count(),
        AuditEntry.objects.count(),
    )


def _refused(field: str, call: Any) -> ValidationError:
    before = _writes()
    balances = list(Fund.objects.order_by("pk").values_list("balance", flat=True))
    with pytest.raises(ValidationError) as info:
        call()
    assert field in info.value.message_dict, info.value.message_dict
    assert _writes() == before
    assert list(Fund.objects.order_by("pk").values_list("balance", flat=True)) == balances
    return info.value


def _built(world: World, **changes: Any) -> Campaign:
    campaign = fx.campaign(world, **changes)
    services.campaign_list_build(actor=world.system, campaign=campaign)
    return fx.distributing(world, campaign)


# --- creating ----------------------------------------------------------------------------


def test_a_campaign_is_created_in_planning_with_its_history(world: World) -> None:
    # given a budget line of station A
    fund = fx.fund_at(world)
    # when the federation creates a campaign of station A by units
    campaign = fx.campaign(world, fund)
    # then it is planning, numbered, scoped to union A, with its first history line
    assert campaign.status == CampaignStatus.PLANNING
    assert campaign.number.startswith("WW2021")
    assert list(campaign.units.all()) == [world.union_a]
    assert StatusChange.objects.filter(object_id=campaign.pk, step="create").count() == 1
    assert AuditEntry.objects.filter(object_id=str(campaign.pk), action="create").exists()


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("name", {"name": "  "}),
        ("occasion", {"occasion": "birthday"}),
        ("year", {"year": "20x1"}),
        ("ends_on", {"ends_on": date(2021, 1, 1)}),
        ("budget", {"budget": "-1"}),
        ("budget", {"budget": "100.001"}),
        ("budget", {"budget": "0"}),
        ("cash_per_head", {"cash_per_head": "12.345"}),
        ("cash_per_head", {"cash_per_head": "0", "goods": "", "goods_value_per_head": "0"}),
        ("goods", {"goods": "", "goods_value_per_head": "80"}),
        ("units", {"units": []}),
        ("tier", {"scope": "tier", "tier": "", "units": []}),
        ("scope", {"scope": "everyone"}),
    ],
)
def test_a_campaign_with_bad_input_is_refused(
    world: World, field: str, changes: dict[str, Any]
) -> None:
    fund = fx.fund_at(world)
    fields = fx.campaign_fields(world, fund, **changes)
    _refused(field, lambda: services.campaign_create(actor=world.system, **fields))


def test_a_campaign_may_not_spend_from_a_fund_of_another_station(world: World) -> None:
    fund_b = fx.fund_at(world, world.station_b)
    fields = fx.campaign_fields(world, fund_b)
    _refused("fund", lambda: services.campaign_create(actor=world.system, **fields))


def test_a_campaign_may_spend_from_the_federations_budget_line(world: World) -> None:
    fund = fx.fund_at(world, world.federation)
    assert fx.campaign(world, fund).fund == fund


def test_a_budget_line_the_actor_does_not_manage_is_out_of_scope(world: World) -> None:
    # given the federation's budget line, and the federation role over station A only
    fields = fx.campaign_fields(world, fx.fund_at(world, world.federation))
    before = _writes()
    with pytest.raises(OutOfScope):
        services.campaign_create(actor=world.user("fed_a_staff"), **fields)
    assert _writes() == before


def test_a_unit_outside_the_organisation_is_refused(world: World) -> None:
    fields = fx.campaign_fields(world, fx.fund_at(world), units=[world.union_b])
    _refused("units", lambda: services.campaign_create(actor=world.system, **fields))


def test_a_campaign_out_of_the_actors_scope_is_not_created(world: World) -> None:
    # given the federation role over station B only
    fields = fx.campaign_fields(world, fx.fund_at(world))
    before = _writes()
    # when it creates a campaign of station A: out of scope, nothing written
    with pytest.raises(OutOfScope):
        services.campaign_create(actor=world.user("fed_b_staff"), **fields)
    assert _writes() == before


def test_union_staff_may_not_create_a_campaign(world: World) -> None:
    fields = fx.campaign_fields(world, fx.fund_at(world), organization=world.union_a, units=[])
    with pytest.raises(OutOfScope):
        services.campaign_create(actor=world.user("union_a_staff"), **fields)


# --- the list ------------------------------------------------------------------------------


def test_the_list_by_units_has_a_line_per_active_member_and_rebuilding_adds_only_new_ones(
    world: World,
) -> None:
    # given two members of union A, one of union B, and a campaign by units (union A)
    first, second = fx.member(world, world.union_a), fx.member(world, world.union_a)
    fx.member(world, world.union_b)
    campaign = fx.campaign(world)
    # when the list is built
    added = services.campaign_list_build(actor=world.system, campaign=campaign)
    # then one line per member of union A, with the per-head cash and goods
    assert added == 2
    lines = list(campaign.lines.order_by("pk"))
    assert {line.person_id for line in lines} == {first.person_id, second.person_id}
    assert all(line.unit_id == world.union_a.pk for line in lines)
    assert [(line.cash, line.goods_value, line.sets) for line in lines] == [
        (Decimal("500.00"), Decimal("200.00"), 1)
    ] * 2
    # when a member joins and the list is built again: only the new one is added
    third = fx.member(world, world.union_a)
    assert services.campaign_list_build(actor=world.system, campaign=campaign) == 1
    assert campaign.lines.filter(person=third.person).count() == 1
    assert services.campaign_list_build(actor=world.system, campaign=campaign) == 0
    assert campaign.lines.count() == 3


def test_the_list_by_a_station_reaches_the_members_of_its_unions(world: World) -> None:
    fx.member(world, world.union_a)
    campaign = fx.campaign(world, units=[world.station_a])
    assert services.campaign_list_build(actor=world.system, campaign=campaign) == 1


def test_the_list_by_head_count_has_a_group_line_per_unit(world: World) -> None:
    for _ in range(3):
        fx.member(world, world.union_a)
    campaign = fx.campaign(world, goods="", goods_value_per_head="0")
    services.campaign_list_build(actor=world.system, campaign=campaign, by_head_count=True)
    line = campaign.lines.get()
    assert (line.person_id, line.unit_id, line.people, line.cash, line.sets) == (
        None,
        world.union_a.pk,
        3,
        Decimal("1500.00"),
        0,
    )
    # building again adds nothing; mixing the two ways is refused
    assert (
        services.campaign_list_build(actor=world.system, campaign=campaign, by_head_count=True) == 0
    )
    _refused(
        "by_head_count",
        lambda: services.campaign_list_build(actor=world.system, campaign=campaign),
    )


def test_the_list_by_sites_has_a_group_line_per_site(world: World) -> None:
    campaign = fx.campaign(world, scope="sites", units=[], occasion=Occasion.SUMMER)
    site = services.campaign_site_add(
        actor=world.system, campaign=campaign, name="一号工地", workers=320, address="滨河路"
    )
    assert services.campaign_list_build(actor=world.system, campaign=campaign) == 1
    line = campaign.lines.get()
    assert (line.site, line.people, line.person_times, line.sets) == (site, 320, 320, 320)
    # a second site added later gets its line on the next build
    services.campaign_site_add(actor=world.system, campaign=campaign, name="二号工地", workers=40)
    assert services.campaign_list_build(actor=world.system, campaign=campaign) == 1


def test_the_list_by_tier_has_the_files_on_file_of_that_tier_in_the_subtree(
    world: World,
) -> None:
    # given files of union A (deep: on file, left, relative), and union B (deep)
    deep = fx.hardship_file(world, world.union_a, Tier.DEEP)
    fx.hardship_file(world, world.union_a, Tier.DEEP, status=FileStatus.LEFT)
    fx.hardship_file(world, world.union_a, Tier.RELATIVE)
    fx.hardship_file(world, world.union_b, Tier.DEEP)
    campaign = fx.campaign(world, scope="tier", tier=Tier.DEEP, units=[])
    # when the list is built: only the deep file on file in station A's subtree
    assert services.campaign_list_build(actor=world.system, campaign=campaign) == 1
    line = campaign.lines.get()
    assert (line.person_id, line.unit_id) == (deep.person_id, world.union_a.pk)


def test_a_site_is_added_only_to_a_campaign_by_sites(world: World) -> None:
    campaign = fx.campaign(world)
    _refused(
        "name",
        lambda: services.campaign_site_add(
            actor=world.system, campaign=campaign, name="工地", workers=3
        ),
    )
    sites = fx.campaign(world, scope="sites", units=[])
    _refused(
        "workers",
        lambda: services.campaign_site_add(
            actor=world.system, campaign=sites, name="工地", workers=0
        ),
    )


def test_a_line_added_by_hand_takes_the_per_head_amounts_unless_given(world: World) -> None:
    campaign = fx.campaign(world)
    line = services.line_add(actor=world.system, campaign=campaign, name="环卫班组", people=4)
    assert (line.cash, line.goods_value, line.sets, line.person_times) == (
        Decimal("2000.00"),
        Decimal("800.00"),
        4,
        4,
    )
    given = services.line_add(
        actor=world.system, campaign=campaign, name="劳模", people=1, cash="1000", goods_value="0"
    )
    assert (given.cash, given.goods_value) == (Decimal("1000.00"), Decimal("0.00"))


def test_a_line_of_a_unit_outside_the_campaign_is_refused(world: World) -> None:
    campaign = fx.campaign(world)
    _refused(
        "unit",
        lambda: services.line_add(
            actor=world.system, campaign=campaign, name="乙班组", unit=world.union_b
        ),
    )


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("name", {"name": ""}),
        ("people", {"people": 0}),
        ("person_times", {"people": 5, "person_times": 3}),
        ("cash", {"cash": "10.555"}),
        ("goods_value", {"goods_value": "-3"}),
        ("sets", {"sets": -1}),
    ],
)
def test_a_bad_line_is_refused(world: World, field: str, changes: dict[str, Any]) -> None:
    campaign = fx.campaign(world)
    fields = {"name": "班组", "people": 1, **changes}
    _refused(field, lambda: services.line_add(actor=world.system, campaign=campaign, **fields))


# --- steps ---------------------------------------------------------------------------------


def test_a_campaign_starts_with_a_list_and_closes_through_the_engine(world: World) -> None:
    campaign = fx.campaign(world)
    # an empty list cannot start
    assert [step.name for step in available(world.system, campaign)] == []
    _refused("status", lambda: services.campaign_start(actor=world.system, campaign=campaign))
    fx.member(world, world.union_a)
    services.campaign_list_build(actor=world.system, campaign=campaign)
    campaign.refresh_from_db()
    assert [step.name for step in available(world.system, campaign)] == ["start"]
    campaign = services.campaign_start(actor=world.system, campaign=campaign)
    assert campaign.status == CampaignStatus.DISTRIBUTING
    assert [step.name for step in available(world.system, campaign)] == ["close"]
    campaign = services.campaign_close(actor=world.system, campaign=campaign)
    assert campaign.status == CampaignStatus.CLOSED
    assert [step.name for step in available(world.system, campaign)] == []
    # a closed campaign takes no more lines
    _refused(
        "status",
        lambda: services.line_add(actor=world.system, campaign=campaign, name="迟到的", people=1),
    )


def test_only_the_federation_role_takes_the_steps(world: World) -> None:
    fx.member(world, world.union_a)
    campaign = fx.campaign(world)
    services.campaign_list_build(actor=world.system, campaign=campaign)
    assert available(world.user("station_a_staff"), campaign) == []
    assert [s.name for s in available(world.user("fed_a_staff"), campaign)] == ["start"]
    with pytest.raises(OutOfScope):
        services.campaign_start(actor=world.user("fed_b_staff"), campaign=campaign)


# --- distribution ----------------------------------------------------------------------------


def test_a_line_handed_out_is_signed_for_and_spent_from_the_budget_line(world: World) -> None:
    # given a distributing campaign with one member's line, its budget line holding 100,000
    fx.member(world, world.union_a, "王师傅")
    campaign = _built(world)
    line = campaign.lines.get()
    # when station A's staff hand it out with a drawn signature
    fx.distribute(world, line, on=date(2021, 1, 28))
    # then the line is distributed, its receipt recorded, its 700 yuan spent
    line.refresh_from_db()
    assert (line.status, line.distributed_on) == (LineStatus.DISTRIBUTED, date(2021, 1, 28))
    receipt = Receipt.objects.get(line=line)
    assert (receipt.method, receipt.signed_by) == ("signature", "王师傅")
    entry = FundEntry.objects.get(line=line)
    assert (entry.kind, entry.amount, entry.booked_on) == (
        EntryKind.SPENDING,
        Decimal("-700.00"),
        date(2021, 1, 28),
    )
    assert Fund.objects.get(pk=campaign.fund_id).balance == Decimal("99300.00")
    assert services.campaign_spent(campaign) == Decimal("700.00")


def test_a_group_line_is_signed_by_a_scan_of_the_signed_sheet(world: World) -> None:
    campaign = fx.campaign(
        world,
        scope="sites",
        units=[],
        occasion=Occasion.SUMMER,
        budget="50000",
        cash_per_head="0",
        goods="绿豆汤、藿香正气水",
        goods_value_per_head="30",
    )
    services.campaign_site_add(actor=world.system, campaign=campaign, name="六号工地", workers=320)
    services.campaign_list_build(actor=world.system, campaign=campaign)
    fx.distributing(world, campaign)
    line = campaign.lines.get()
    sheet = SimpleUploadedFile("sheet.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    fx.distribute(
        world,
        line,
        method="scan",
        signature=None,
        scan=sheet,
        signed_by="项目部张经理",
        person_times=27000,
    )
    line.refresh_from_db()
    assert (line.person_times, line.sets, line.people) == (27000, 320, 320)
    assert Receipt.objects.get(line=line).method == "scan"


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("signature", {"signature": None}),
        ("signature", {"signature": "data:image/png;base64,AAAA"}),
        ("signature", {"signature": fx.signature(blank=True)}),
        ("scan", {"method": "scan", "signature": None}),
        ("signed_by", {"signed_by": " "}),
        ("method", {"method": "fingerprint"}),
        ("distributed_on", {"on": date(2021, 1, 1)}),
        ("distributed_on", {"on": timezone.localdate() + timedelta(days=1)}),
        ("person_times", {"person_times": 0}),
        ("sets", {"sets": -2}),
    ],
)
def test_a_distribution_with_bad_input_writes_nothing(
    world: World, field: str, changes: dict[str, Any]
) -> None:
    fx.member(world, world.union_a)
    line = _built(world).lines.get()
    _refused(field, lambda: fx.distribute(world, line, **changes))
    line.refresh_from_db()
    assert line.status == LineStatus.PLANNED


def test_a_line_is_handed_out_once(world: World) -> None:
    fx.member(world, world.union_a)
    line = _built(world).lines.get()
    fx.distribute(world, line)
    _refused("status", lambda: fx.distribute(world, line))


def test_a_line_of_a_campaign_in_planning_or_closed_is_not_handed_out(world: World) -> None:
    fx.member(world, world.union_a)
    campaign = fx.campaign(world)
    services.campaign_list_build(actor=world.system, campaign=campaign)
    line = campaign.lines.get()
    _refused("status", lambda: fx.distribute(world, line))
    services.campaign_close(actor=world.system, campaign=fx.distributing(world, campaign))
    _refused("status", lambda: fx.distribute(world, line))


def test_spending_past_the_campaigns_budget_is_refused(world: World) -> None:
    # given a budget of 1,000 and two lines of 700
    fx.member(world, world.union_a)
    fx.member(world, world.union_a)
    first, second = _built(world, budget="1000").lines.order_by("pk")
    fx.distribute(world, first)
    # when the second is handed out: refused, nothing written
    error = _refused("budget", lambda: fx.distribute(world, second))
    assert "预算" in error.message_dict["budget"][0]


def test_spending_past_the_budget_lines_balance_is_refused(world: World) -> None:
    # given a budget line holding only 1,000 and two lines of 700
    fx.member(world, world.union_a)
    fx.member(world, world.union_a)
    fund = fx.fund_at(world, amount="1000")
    first, second = _built(world, fund=fund).lines.order_by("pk")
    fx.distribute(world, first)
    error = _refused("budget", lambda: fx.distribute(world, second))
    assert "余额" in error.message_dict["budget"][0]
    assert Fund.objects.get(pk=fund.pk).balance == Decimal("300.00")


def test_a_reversed_spending_frees_the_budget(world: World) -> None:
    fx.member(world, world.union_a)
    fx.member(world, world.union_a)
    campaign = _built(world, budget="1000")
    first, second = campaign.lines.order_by("pk")
    fx.distribute(world, first)
    entry_reverse(
        actor=world.system,
        entry=FundEntry.objects.get(line=first),
        reason="重复记账",
        booked_on=date(2021, 1, 29),
    )
    assert services.campaign_spent(campaign) == Decimal("0.00")
    fx.distribute(world, second)


def test_distributing_needs_the_distribute_action_on_the_campaign(world: World) -> None:
    fx.member(world, world.union_a)
    line = _built(world).lines.get()
    outsider = make_user("station_b_other", Role.STATION_STAFF, world.station_b)
    before = _writes()
    with pytest.raises(OutOfScope):
        services.line_distribute(
            actor=outsider,
            line=line,
            distributed_on=date(2021, 1, 28),
            method="signature",
            signed_by="某人",
            signature=fx.signature(),
        )
    assert _writes() == before
    services.line_distribute(
        actor=world.user("station_a_staff"),
        line=line,
        distributed_on=date(2021, 1, 28),
        method="signature",
        signed_by="某人",
        signature=fx.signature(),
    )
    line.refresh_from_db()
    assert line.recorded_by == world.user("station_a_staff")
