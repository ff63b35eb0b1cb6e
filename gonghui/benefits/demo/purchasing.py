"""Demo group purchases of 2020, recorded after the fact (``seed_demo``, both scales).

During the epidemic of 2020, before the platform existed, the federation bought scarce
supplies for member firms on paper: disinfectant, medical alcohol and mask pads. The
full plan (``PLANS[FULL]``) holds the 2020 report's figures (domain.md: firms and units
per product); the small plan is the same three purchases with fewer firms. This module is
the only code that knows those numbers: it records each purchase through the services
(``offer_record``, then ``order_record`` for each firm with the days on paper: ordered,
confirmed, delivered, paid), and the report's figures count whatever was recorded.

``record(ctx, plan)`` writes one plan on its own (the tests run it on a small world);
``build(ctx)`` is the ``seed_demo`` step. Firms are drawn (``ctx.rng``) from the member
firms covered under the federation throughout each purchase's window; each firm's
quantity is drawn so that the purchase's total is exact and no firm passes the limit."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.roles import BENEFITS_MANAGE
from gonghui.benefits.models import Offer
from gonghui.benefits.services import purchasing, suppliers
from gonghui.core.demo import FULL, SMALL, DemoContext, DemoError
from gonghui.organizations.selectors import coverages_on

D = date


@dataclass(frozen=True)
class Purchase:
    """One purchase of the past: its offer and the totals its orders add up to."""

    product: str
    supplier: str
    unit: str
    unit_price: Decimal
    offered: int  # the units the supplier made available
    per_firm_limit: int
    opens_on: date
    closes_on: date
    firms: int  # the firms that ordered (one order each)
    quantity: int  # the units they ordered in all


def _plan(
    disinfectant: int, alcohol: int, pads: int, units: tuple[int, int, int]
) -> tuple[Purchase, ...]:
    return (
        Purchase("84 消毒液（25 公斤）", "利民消毒用品厂", "barrel", Decimal("168.00"),
                 1200, 30, D(2020, 2, 10), D(2020, 2, 21), disinfectant, units[0]),
        Purchase("医用酒精（75%，5 升）", "华康医药公司", "barrel", Decimal("95.00"),
                 600, 20, D(2020, 2, 17), D(2020, 2, 28), alcohol, units[1]),
        Purchase("口罩垫片", "洁安防护用品公司", "box", Decimal("36.00"),
                 5000, 300, D(2020, 3, 2), D(2020, 3, 13), pads, units[2]),
    )  # fmt: skip


PLANS: dict[str, tuple[Purchase, ...]] = {
    # the 2020 report: disinfectant 88 firms, 977 barrels; medical alcohol 56 firms, 427
    # barrels; mask pads 34 firms, 4,020 boxes
    FULL: _plan(88, 56, 34, (977, 427, 4020)),
    SMALL: _plan(6, 4, 3, (70, 31, 360)),
}


def quantities(rng: random.Random, firms: int, total: int, limit: int) -> list[int]:
    """``firms`` quantities of at least 1 and at most ``limit`` that add up to ``total``."""
    if not firms <= total <= firms * limit:
        raise DemoError(f"{total} units cannot go to {firms} firms of at most {limit}")
    amounts = [1] * firms
    for _ in range(total - firms):
        room = [i for i, amount in enumerate(amounts) if amount < limit]
        amounts[rng.choice(room)] += 1
    return amounts


def _firms(ctx: DemoContext, federation: Any, purchase: Purchase) -> list[int]:
    """The member firms covered under the federation on the window's first and last day,
    as many as the purchase has, drawn in a fixed order."""

    def covered(day: date) -> set[int]:
        rows = coverages_on(actor=ctx.actor, action=BENEFITS_MANAGE, root=federation, on=day)
        return set(rows.values_list("entity_id", flat=True))

    firms = sorted(covered(purchase.opens_on) & covered(purchase.closes_on))
    if len(firms) < purchase.firms:
        raise DemoError(f"{purchase.product}: {len(firms)} firms, the plan needs {purchase.firms}")
    return ctx.rng.sample(firms, purchase.firms)


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _record(ctx: DemoContext, federation: Any, purchase: Purchase, serial: int) -> Offer:
    supplier = suppliers.supplier_create(
        actor=ctx.actor, organization=federation, name=purchase.supplier
    )
    offer = purchasing.offer_record(
        ctx.actor,
        organization=federation,
        product=purchase.product,
        supplier=supplier,
        unit=purchase.unit,
        unit_price=purchase.unit_price,
        quantity=purchase.offered,
        per_firm_limit=purchase.per_firm_limit,
        opens_at=_moment(purchase.opens_on, 9),
        closes_at=_moment(purchase.closes_on, 17),
        note="疫情期间紧缺物资团购（纸质登记，平台上线后补录）",
    )
    firms = _firms(ctx, federation, purchase)
    amounts = quantities(ctx.rng, purchase.firms, purchase.quantity, purchase.per_firm_limit)
    window = (purchase.closes_on - purchase.opens_on).days
    for number, (firm, amount) in enumerate(zip(firms, amounts, strict=True), start=1):
        ordered = purchase.opens_on + timedelta(days=ctx.rng.randint(0, window))
        confirmed = ordered + timedelta(days=ctx.rng.randint(0, 2))
        delivered = confirmed + timedelta(days=ctx.rng.randint(1, 5))
        purchasing.order_record(
            ctx.actor,
            offer,
            firm,
            amount,
            ordered_on=ordered,
            confirmed_on=confirmed,
            delivered_on=delivered,
            paid_on=delivered + timedelta(days=ctx.rng.randint(3, 20)),
            payment_reference=f"ZZ2020{serial}{number:04d}",
        )
    return offer


def record(ctx: DemoContext, plan: tuple[Purchase, ...]) -> list[Offer]:
    """Record every purchase of ``plan`` for the federation of ``ctx.shared``."""
    federation = ctx.shared["organizations"].federation
    return [
        _record(ctx, federation, purchase, serial) for serial, purchase in enumerate(plan, start=1)
    ]


def build(ctx: DemoContext) -> None:
    offers = record(ctx, PLANS[ctx.scale])
    ctx.summary.append(f"团购补录：2020 年团购 {len(offers)} 项")
