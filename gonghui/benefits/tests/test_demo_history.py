"""The demo's coupons of the past: recorded through the service, every coupon of the plan
counted by the report at its face value, nobody over the limit."""

import random
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

import gonghui.benefits.demo.history as demo_history
from gonghui.benefits.models import Voucher
from gonghui.benefits.statistics.campaigns import claim_figures
from gonghui.benefits.tests import fixtures as fx
from gonghui.core.demo import SMALL, DemoContext
from gonghui.core.testing import World

pytestmark = pytest.mark.django_db


def test_the_plan_is_recorded_and_counted_by_the_report(world: World) -> None:
    # given five members since March 2021 and the small plan moved into April 2021
    for union in (world.union_a, world.union_a, world.union_b, world.union_b, world.union_a):
        fx.member(world, union)
    plan = replace(
        demo_history.PLANS[SMALL],
        count=12,
        opens_on=date(2021, 4, 1),
        closes_on=date(2021, 4, 30),
        ends_on=date(2021, 5, 31),
        allocated_on=date(2021, 3, 10),
    )
    ctx = DemoContext(
        actor=world.system, scale=SMALL, seed=1, today=date(2026, 11, 21), rng=random.Random(1)
    )
    # when it is recorded
    campaign = demo_history.record(ctx, plan, world.federation)
    # then every coupon counts in April, at its face value, at most 3 per member (12 / 5)
    april = claim_figures(
        actor=world.system, start=date(2021, 4, 1), end=date(2021, 4, 30), node=world.federation
    )
    assert (april.total.claims, april.total.value) == (12, plan.face_value * 12)
    assert april.total.members == 5 and campaign.per_member_limit == 3
    held = Counter(Voucher.objects.filter(campaign=campaign).values_list("person", flat=True))
    assert max(held.values()) <= 3
    # and the budget line paid the face value redeemed by the end of the validity
    whole = claim_figures(
        actor=world.system, start=date(2021, 4, 1), end=date(2021, 5, 31), node=world.federation
    )
    assert 0 < whole.total.redeemed_value < whole.total.value
    assert campaign.fund.balance == plan.face_value * 12 - whole.total.redeemed_value
