"""A union hands out its own members' lines of a campaign organised above it, and sees no
other union's lines."""

from datetime import date

import pytest

from gonghui.accounts.roles import ASSISTANCE_DISTRIBUTE
from gonghui.assistance.models import DistributionLine
from gonghui.assistance.services import campaigns as services
from gonghui.assistance.tests import fixtures_campaigns as fx
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world

pytestmark = pytest.mark.django_db


def test_a_union_hands_out_its_members_lines_of_the_stations_campaign() -> None:
    world = build_world()
    fx.member(world, world.union_a, "甲工")
    fx.member(world, world.union_b, "乙工")
    campaign = fx.campaign(
        world,
        fund=fx.fund_at(world, world.federation),
        organization=world.federation,
        units=[world.union_a, world.union_b],
    )
    services.campaign_list_build(actor=world.system, campaign=campaign)
    fx.distributing(world, campaign)
    mine = DistributionLine.objects.get(campaign=campaign, unit=world.union_a)
    theirs = DistributionLine.objects.get(campaign=campaign, unit=world.union_b)
    union_a = world.user("union_a_staff")

    visible = DistributionLine.objects.for_actor(union_a, ASSISTANCE_DISTRIBUTE)
    assert list(visible.filter(campaign=campaign)) == [mine]
    services.line_distribute(
        actor=union_a,
        line=mine,
        distributed_on=date(2021, 1, 28),
        method="signature",
        signed_by="甲工",
        signature=fx.signature(),
    )
    with pytest.raises(OutOfScope):
        services.line_distribute(
            actor=union_a,
            line=theirs,
            distributed_on=date(2021, 1, 28),
            method="signature",
            signed_by="乙工",
            signature=fx.signature(),
        )
    mine.refresh_from_db()
    assert mine.status == "distributed"
