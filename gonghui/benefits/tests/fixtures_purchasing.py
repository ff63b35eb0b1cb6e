"""Records the group-purchase tests share: a supplier, an offer of the federation open
now (through the services and the engine), more member firms, and orders."""

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.benefits.models import Offer, Order, Supplier
from gonghui.benefits.services import purchasing, suppliers
from gonghui.core.testing import World
from gonghui.core.workflow import take
from gonghui.organizations import services as org_services
from gonghui.organizations.models import LegalEntity, Organization

PRODUCT = "含氯消毒液"
_serial = itertools.count(1)


def supplier(world: World, name: str = "卫康消毒用品公司", **fields: Any) -> Supplier:
    return suppliers.supplier_create(
        actor=world.system,
        organization=fields.pop("organization", world.federation),
        name=name,
        **fields,
    )


def offer(
    world: World,
    *,
    open_: bool = True,
    organization: Organization | None = None,
    by: Any = None,
    **fields: Any,
) -> Offer:
    """An offer of the federation (default: 100 barrels at 45.50 yuan, 10 a firm, open
    since an hour, closing in a week), opened through the engine unless ``open_=False``."""
    now = timezone.now()
    values: dict[str, Any] = {
        "product": PRODUCT,
        "unit": "barrel",
        "unit_price": Decimal("45.50"),
        "quantity": 100,
        "per_firm_limit": 10,
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=7),
        "note": "",
    }
    values.update(fields)
    if "supplier" not in values:
        values["supplier"] = supplier(
            world, name=f"供应商{next(_serial)}", organization=organization or world.federation
        )
    actor = by or world.system
    made = purchasing.offer_create(actor, organization=organization or world.federation, **values)
    if open_:
        made = take(actor, made, "open")
    return made


def firm(world: World, union: Organization | None = None, name: str = "") -> LegalEntity:
    """Another member firm of ``union`` (default union A)."""
    number = next(_serial)
    return org_services.legal_entity_attach(
        actor=world.system,
        union=union or world.union_a,
        name=name or f"会员单位{number}",
        credit_code=credit_code(number),
        headcount=30,
        industry="C",
        covered_since=world.union_a.founded_on or timezone.localdate(),
    )


def credit_code(number: int) -> str:
    """A valid unified social credit code of its own for each test firm."""
    from stdnum.cn import uscc

    body = f"91110302MB{number:07d}"[:17]
    return str(body + uscc.calc_check_digit(body))


def order(
    world: World,
    of: Offer,
    entity: LegalEntity | None = None,
    quantity: int = 5,
    by: Any = None,
) -> Order:
    return purchasing.order_place(by or world.system, of, entity or world.entity_a, quantity)


def union_of_2019(world: World, firms: int) -> tuple[Organization, list[LegalEntity]]:
    """A union under station A founded in 2019 with ``firms`` member firms covered since
    then (the purchases recorded for 2020 need firms of that year)."""
    from datetime import date

    from gonghui.organizations.choices import UnionKind

    since = date(2019, 6, 3)
    union = org_services.union_found(
        actor=world.system,
        parent=world.station_a,
        name=f"丙公司工会{next(_serial)}",
        union_kind=UnionKind.STANDALONE,
        founded_on=since,
        chair_name="王五",
        chair_phone="13700001111",
    )
    entities = []
    for _ in range(firms):
        number = next(_serial)
        entity = org_services.legal_entity_attach(
            actor=world.system,
            union=union,
            name=f"丙会员单位{number}",
            credit_code=credit_code(number),
            headcount=30,
            industry="C",
            covered_since=since,
        )
        entities.append(entity)
    return union, entities
