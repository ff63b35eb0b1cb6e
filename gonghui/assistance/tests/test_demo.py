"""The assistance demo: the small data set has files, applications and a campaign in every
state, each level taken by a different user; the full plan's records give the 2020 and
2021 reports' figures (domain.md) through the statistics."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from gonghui.assistance import demo
from gonghui.assistance.choices import (
    AidStatus,
    CampaignStatus,
    Cause,
    FileStatus,
    LineStatus,
    Occasion,
    ReceiptMethod,
)
from gonghui.assistance.models import (
    AidApplication,
    Campaign,
    DistributionLine,
    Donation,
    FileStanding,
    HardshipFile,
    Receipt,
    Standing,
)
from gonghui.assistance.statistics.aid import aid
from gonghui.assistance.statistics.campaigns import campaigns
from gonghui.assistance.statistics.files import files
from gonghui.assistance.statistics.funds import funds_figures
from gonghui.core import demo as core_demo
from gonghui.core.testing import build_world
from gonghui.organizations import services as org_services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.demo import DemoTree

pytestmark = pytest.mark.django_db

D = date


def test_small_scale_has_files_aid_and_a_campaign_in_every_state() -> None:
    call_command("seed_demo", "--scale", "small", "--seed", "1", stdout=StringIO())
    assert set(HardshipFile.objects.values_list("status", flat=True)) == set(FileStatus.values)
    assert FileStanding.objects.filter(opened_by=Standing.RETURNED).exists()
    assert HardshipFile.objects.exclude(tier_reason="").exists()
    statuses = set(AidApplication.objects.values_list("status", flat=True))
    assert statuses == set(AidStatus.values)
    # three levels, three different users
    for record in HardshipFile.objects.filter(status=FileStatus.ACTIVE):
        assert len({record.filed_by_id, record.checked_by_id, record.approved_by_id}) == 3
    for application in AidApplication.objects.filter(status=AidStatus.PAID):
        levels = {application.filed_by_id, application.checked_by_id, application.approved_by_id}
        assert len(levels) == 3
    signed = Receipt.objects.get(application__isnull=False)
    assert signed.method == ReceiptMethod.SIGNATURE
    assert signed.attachment.mime == "image/png"
    mine = AidApplication.objects.filter(person__user__username="member")
    assert set(mine.values_list("status", flat=True)) == {AidStatus.APPLIED, AidStatus.WITHDRAWN}
    assert Donation.objects.exists()
    campaign = Campaign.objects.get(status=CampaignStatus.DISTRIBUTING)
    assert campaign.lines.filter(status=LineStatus.DISTRIBUTED).exists()
    assert campaign.lines.filter(status=LineStatus.PLANNED).exists()


def _world_with_unions() -> tuple[object, DemoTree]:
    """The test world and eighteen more unions founded in 2019 (the 2020 epidemic
    condolence reached sixteen units)."""
    world = build_world()
    for n in range(18):
        org_services.union_found(
            actor=world.system,
            parent=world.station_a if n % 2 else world.station_b,
            name=f"第{n + 1}公司工会",
            union_kind=UnionKind.STANDALONE,
            founded_on=D(2019, 1, 1),
            chair_name="王主席",
            chair_phone="13800000000",
        )
    tree = DemoTree(
        federation=world.federation,
        stations={"a": world.station_a, "b": world.station_b},
        featured={"anchor": world.union_a, "joint": world.union_b, "member": world.union_b},
    )
    return world, tree


def test_the_full_plan_gives_the_reports_figures() -> None:
    """Only the assistance step, on a small tree, at full scale: the 2020 and 2021
    figures are the reports' (the full seed's summary prints the same)."""
    world, tree = _world_with_unions()
    system = world.system  # type: ignore[attr-defined]
    ctx = core_demo.DemoContext(
        actor=system,
        scale=core_demo.FULL,
        seed=1,
        today=min(core_demo.DEMO_TODAY, date.today()),  # noqa: DTZ011
        rng=core_demo.module_rng(1, "gonghui.assistance.demo"),
        log=lambda _line: None,
    )
    ctx.shared["organizations"] = tree
    demo.build(ctx)

    # 2021: 153 filed; 143 received the Spring Festival goods at the end of January;
    # summer care for 6 construction projects, 320 sets, 27,000 person-times
    assert files(actor=system, start=D(2021, 1, 1), end=D(2021, 12, 31)).new == 153
    spring = campaigns(actor=system, start=D(2021, 1, 1), end=D(2021, 1, 31), node=None)
    assert spring.people == 143 and spring.sets == 143
    summer = campaigns(actor=system, start=D(2021, 6, 1), end=D(2021, 8, 31), node=None)
    assert (summer.sites, summer.sets, summer.person_times) == (6, 320, 27_000)
    # the warmth fund since 2012: more than 200 families, nearly 4 million yuan
    since = funds_figures(actor=system, start=D(2021, 1, 1), end=D(2021, 11, 30))
    assert since.since == D(2012, 3, 1)
    assert since.families_since == 208
    assert since.granted_since == Decimal("3968000.00")
    assert since.balance > 0
    # 2020: the warmth fund, hardship aid, the epidemic fund
    w20 = funds_figures(actor=system, start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert w20.people == 26 and w20.granted == Decimal("478000.00")
    assert {r.key: r.people for r in w20.by_cause} == {Cause.ILLNESS: 23, Cause.EMERGENCY: 3}
    a20 = aid(actor=system, start=D(2020, 1, 1), end=D(2020, 12, 31))
    by_kind = {r.key: r for r in a20.by_kind}
    hardship = sum(by_kind[k].paid_amount for k in ("temporary", "living", "medical", "schooling"))
    assert hardship == Decimal("695000.00")
    epidemic = by_kind["epidemic-2020"]
    assert (epidemic.people_paid, epidemic.paid_amount) == (213, Decimal("426000.00"))
    # 2020 campaigns: Spring Festival 350 workers in 7 units; epidemic 16 units, 2.22 M
    # yuan; summer 3,000 servings
    c20 = campaigns(actor=system, start=D(2020, 1, 1), end=D(2020, 12, 31), node=None)
    occasions = {r.key: r for r in c20.by_occasion}
    festival = occasions[Occasion.SPRING_FESTIVAL]
    assert (festival.units, festival.people) == (7, 350)
    condolence = occasions[Occasion.EPIDEMIC]
    assert (condolence.units, condolence.spent) == (16, Decimal("2220000.00"))
    assert occasions[Occasion.SUMMER].sets == 3_000
    # every line handed out was signed for; the history was paid after publication
    assert not DistributionLine.objects.filter(
        status=LineStatus.DISTRIBUTED, receipt__isnull=True
    ).exists()
    assert not AidApplication.objects.filter(
        status=AidStatus.PAID, publication__ends_on__gte=F("paid_on")
    ).exists()
