"""Demo claim campaigns of 2020, recorded after the fact (``seed_demo``, both scales).

During the epidemic of 2020, before the platform existed, the federation handed out
condolence coupons (慰问券) to members; the 2020 report puts them at 5 million yuan
(domain.md). The full plan (``PLANS[FULL]``) holds that figure: 10,000 coupons of 500
yuan; the small plan is the same campaign with a few dozen coupons. This module is the
only code that knows those numbers: it sets up the campaign's budget line (allocated in
January 2020) and records the campaign through ``services.history.campaign_record_past``
with a row per coupon, and the benefits report counts whatever was recorded.

``record(ctx, plan)`` writes one plan on its own (the tests run it on a small world);
``build(ctx)`` is the ``seed_demo`` step. Members are drawn (``ctx.rng``) from the
memberships in force, in a union of the federation's subtree, throughout the claim window
(as ``assistance.demo`` draws workers: from the memberships there are, never invented);
each coupon's claim day is drawn in the window and about nine in ten are redeemed, on a
day between the claim and the end of the coupons' validity."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from gonghui.assistance.choices import FundKind
from gonghui.assistance.services import funds
from gonghui.benefits.choices import ItemKind
from gonghui.benefits.models import Campaign
from gonghui.benefits.services.history import PastClaim, campaign_record_past
from gonghui.core.demo import FULL, SMALL, DemoContext, DemoError, random_date
from gonghui.members.models import Membership
from gonghui.organizations.models import Organization

D = date
REDEEMED_SHARE = 0.9


@dataclass(frozen=True)
class Coupons:
    """One campaign of coupons of the past: ``count`` coupons of ``face_value``."""

    title: str
    item: str
    face_value: Decimal
    count: int
    opens_on: date
    closes_on: date
    ends_on: date
    allocated_on: date


def _epidemic(count: int) -> Coupons:
    return Coupons(
        title="2020年疫情防控一线职工慰问券",
        item="疫情防控慰问券",
        face_value=Decimal("500.00"),
        count=count,
        opens_on=D(2020, 2, 10),
        closes_on=D(2020, 3, 31),
        ends_on=D(2020, 6, 30),
        allocated_on=D(2020, 1, 20),
    )


PLANS: dict[str, Coupons] = {FULL: _epidemic(10_000), SMALL: _epidemic(40)}


def _holders(plan: Coupons, federation: Organization) -> list[int]:
    """The persons with a membership in force over the whole claim window, in a union
    under the federation now (the record checks the tree as it stood on each claim day)."""
    memberships = Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=plan.closes_on),
        started_on__lte=plan.opens_on,
        union__path__startswith=federation.path,
    )
    return sorted(set(memberships.values_list("person_id", flat=True)))


def _rows(ctx: DemoContext, plan: Coupons, persons: list[int]) -> list[PastClaim]:
    """``plan.count`` coupons over ``persons`` in turn, at most ``limit`` each."""
    drawn = ctx.rng.sample(persons, min(len(persons), plan.count))
    turns = [drawn[n % len(drawn)] for n in range(plan.count)]
    rows = []
    for person in turns:
        claimed = random_date(ctx.rng, plan.opens_on, plan.closes_on)
        redeemed = None
        if ctx.rng.random() < REDEEMED_SHARE:
            redeemed = random_date(ctx.rng, claimed, plan.ends_on)
        rows.append(PastClaim(person, plan.item, claimed, redeemed))
    return rows


def record(ctx: DemoContext, plan: Coupons, federation: Organization) -> Campaign:
    persons = _holders(plan, federation)
    if not persons:
        raise DemoError("no membership in force in 2020 for the condolence coupons")
    limit = -(-plan.count // len(persons))  # the fewest coupons per member that reach count
    if limit > 10:
        raise DemoError(f"{len(persons)} members cannot hold {plan.count} coupons")
    value = plan.face_value * plan.count
    fund = funds.fund_create(
        actor=ctx.actor,
        organization=federation,
        code="coupons-2020",
        name="2020年疫情防控慰问券经费",
        kind=FundKind.BUDGET,
        started_on=plan.allocated_on,
    )
    funds.allocation_record(
        actor=ctx.actor, fund=fund, amount=value, booked_on=plan.allocated_on, memo="慰问券经费"
    )
    return campaign_record_past(
        actor=ctx.actor,
        organization=federation,
        title=plan.title,
        description="疫情期间线下发放，平台上线后补录。",
        opens_on=plan.opens_on,
        closes_on=plan.closes_on,
        ends_on=plan.ends_on,
        per_member_limit=limit,
        fund=fund,
        items=[{"name": plan.item, "kind": ItemKind.OTHER, "unit_value": plan.face_value,
                "stock": plan.count}],
        claims=_rows(ctx, plan, persons),
    )  # fmt: skip


def build(ctx: DemoContext) -> None:
    federation: Any = ctx.shared["organizations"].federation
    plan = PLANS[FULL if ctx.full else SMALL]
    campaign = record(ctx, plan, federation)
    ctx.summary.append(
        f"普惠服务（补录）：{campaign.title}，{plan.count} 张，面值合计 "
        f"{plan.face_value * plan.count} 元"
    )
