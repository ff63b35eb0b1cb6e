"""Demo universal benefits (both scales): a budget line for benefits, two suppliers (a
cinema with the ``supplier`` cashier account, a laundry), the federation's campaign open
now (movie tickets and laundry vouchers) with the ``member`` account's voucher, a campaign
for riders and couriers, the anchor union's draft, and a group purchase of disinfectant
open to orders with the anchor union's order confirmed.

The 2020 figures of the seeds are recorded after the fact through the services: the
condolence coupons worth 5 million yuan (``demo.history``) and the group purchases of
disinfectant, medical alcohol and mask pads (``demo.purchasing``).

Every random choice comes from ``ctx.rng``; everything is written as ``ctx.actor``."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

import gonghui.benefits.demo.history as demo_history
import gonghui.benefits.demo.purchasing as demo_purchasing
from gonghui.accounts.models import User
from gonghui.assistance.choices import FundKind
from gonghui.assistance.services import funds
from gonghui.benefits.choices import Channel, Eligibility, ItemKind
from gonghui.benefits.models import Campaign
from gonghui.benefits.services import campaigns, suppliers
from gonghui.benefits.services import purchasing as purchases
from gonghui.benefits.services.claims import voucher_claim
from gonghui.core.demo import DemoContext
from gonghui.core.workflow import take
from gonghui.members.choices import EmploymentKind, Platform
from gonghui.organizations.models import LegalEntity

USERNAMES: tuple[str, ...] = ("supplier",)


def _budget(ctx: DemoContext, federation: Any) -> Any:
    fund = funds.fund_create(
        actor=ctx.actor,
        organization=federation,
        code="puhui",
        name="普惠服务经费",
        kind=FundKind.BUDGET,
        started_on=ctx.today - timedelta(days=300),
    )
    funds.allocation_record(
        actor=ctx.actor,
        fund=fund,
        amount=Decimal("500000"),
        booked_on=ctx.today - timedelta(days=300),
        memo="年度普惠服务经费",
    )
    return fund


def _campaign(
    ctx: DemoContext, node: Any, fund: Any, items: list[dict[str, Any]], **fields: Any
) -> Campaign:
    campaign = campaigns.campaign_create(actor=ctx.actor, organization=node, fund=fund, **fields)
    for item in items:
        campaigns.item_add(actor=ctx.actor, campaign=campaign, **item)
    return campaign


def build(ctx: DemoContext) -> None:
    tree = ctx.shared["organizations"]
    federation, anchor = tree.federation, tree.featured["anchor"]
    fund = _budget(ctx, federation)
    cinema = suppliers.supplier_create(
        actor=ctx.actor,
        organization=federation,
        name="亦庄影城",
        contact_name="刘经理",
        address="经济技术开发区荣华中路",
    )
    laundry = suppliers.supplier_create(actor=ctx.actor, organization=federation, name="好邻居洗衣")
    suppliers.supplier_account_create(
        actor=ctx.actor,
        supplier=cinema,
        username="supplier",
        password=ctx.password,
        display_name="影城收银台",
    )
    now = timezone.now().replace(second=0, microsecond=0)
    movies = _campaign(
        ctx,
        federation,
        fund,
        [
            {"name": "电影券", "kind": ItemKind.MOVIE, "stock": 2000, "unit_value": "35",
             "supplier": cinema, "note": "凭二维码到影城前台兑换"},
            {"name": "洗衣券", "kind": ItemKind.LAUNDRY, "stock": 1000, "unit_value": "20",
             "supplier": laundry},
        ],
        title="职工观影季",
        description="会员每人限领一张，电影券或洗衣券任选其一。",
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=12),
        ends_at=now + timedelta(days=40),
    )  # fmt: skip
    take(ctx.actor, movies, "publish")
    riders = _campaign(
        ctx,
        federation,
        fund,
        [{"name": "夏送清凉礼包", "kind": ItemKind.OTHER, "stock": 500, "unit_value": "30"}],
        title="新就业形态劳动者夏送清凉",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=30),
        eligibility=Eligibility.EMPLOYMENT,
        employment_kinds=[EmploymentKind.PLATFORM],
        platforms=[Platform.RIDER, Platform.COURIER],
    )
    take(ctx.actor, riders, "publish")
    _campaign(
        ctx,
        anchor,
        fund,
        [{"name": "端午福筒", "kind": ItemKind.FOOD, "stock": 300, "unit_value": "25"}],
        title="端午节福筒",
        opens_at=now + timedelta(days=10),
        closes_at=now + timedelta(days=17),
        ends_at=now + timedelta(days=17),
    )
    member = User.objects.filter(username="member").first()
    if member is not None:
        voucher_claim(
            actor=member,
            campaign=Campaign.objects.select_related("organization").get(pk=movies.pk),
            item_id=movies.items.order_by("position")[0].pk,
            idempotency_key="demo-member-movie",
            channel=Channel.PORTAL,
        )
    _group_purchase(ctx, federation, anchor, now)
    demo_purchasing.build(ctx)  # the 2020 group purchases, recorded after the fact
    demo_history.build(ctx)  # the 2020 condolence coupons, recorded after the fact
    ctx.summary.append("普惠服务：活动 3（领取中 2），供应商 2（核销账户 supplier），团购 1")


def _group_purchase(ctx: DemoContext, federation: Any, anchor: Any, now: Any) -> None:
    supplier = suppliers.supplier_create(
        actor=ctx.actor, organization=federation, name="康洁消毒用品公司"
    )
    offer = purchases.offer_create(
        ctx.actor,
        organization=federation,
        product="84 消毒液（25 公斤）",
        supplier=supplier,
        unit="barrel",
        unit_price="168",
        quantity=500,
        per_firm_limit=20,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=7),
    )
    take(ctx.actor, offer, "open")
    firm = LegalEntity.objects.filter(union=anchor).order_by("pk").first()
    staff = User.objects.filter(username="union_jd").first()
    if firm is not None and staff is not None:
        order = purchases.order_place(staff, offer, firm, 12)
        take(ctx.actor, order, "confirm")
