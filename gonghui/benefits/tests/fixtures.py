"""Records the benefits tests share: a budget line, a supplier with its cashier, members
with sign-in accounts, and a campaign open for claims (through the services)."""

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.models import Fund
from gonghui.assistance.tests import fixtures_campaigns as assistance
from gonghui.benefits.choices import ItemKind
from gonghui.benefits.models import Campaign, CampaignItem, Supplier
from gonghui.benefits.services import campaigns, suppliers
from gonghui.core.testing import World, make_user
from gonghui.core.workflow import take
from gonghui.members.models import Membership
from gonghui.organizations.models import Organization

_serial = itertools.count(1)


def fund(world: World, amount: str = "100000") -> Fund:
    return assistance.fund_at(world, world.federation, amount=amount)


def supplier(world: World, name: str = "亦庄影城") -> Supplier:
    return suppliers.supplier_create(actor=world.system, organization=world.federation, name=name)


def cashier(world: World, of: Supplier) -> User:
    return suppliers.supplier_account_create(
        actor=world.system,
        supplier=of,
        username=f"cashier{next(_serial)}",
        password="Kassa-2026-Xyz",
    )


def member(world: World, union: Organization | None = None) -> tuple[User, Membership]:
    """An active member of ``union`` (default union A) with a sign-in account."""
    membership = assistance.member(world, union or world.union_a)
    user = make_user(f"m{next(_serial)}", None, None)
    membership.person.user = user
    membership.person.save(update_fields=["user"])
    return user, membership


def campaign(
    world: World,
    *,
    items: list[dict[str, Any]] | None = None,
    organization: Organization | None = None,
    **fields: Any,
) -> Campaign:
    """A draft campaign of the federation (open since an hour, closing in a day) with its
    items (default: 10 movie tickets of 30 yuan from a new supplier)."""
    now = timezone.now()
    values: dict[str, Any] = {
        "title": "职工观影季",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=1),
        "ends_at": now + timedelta(days=30),
        "fund": fields.pop("fund", None) or fund(world),
    }
    values.update(fields)
    created = campaigns.campaign_create(
        actor=world.system, organization=organization or world.federation, **values
    )
    for item in items if items is not None else [movie(world)]:
        campaigns.item_add(actor=world.system, campaign=created, **item)
    return created


def movie(world: World, stock: int = 10, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "电影券",
        "kind": ItemKind.MOVIE,
        "stock": stock,
        "unit_value": "30",
        "supplier": supplier(world, f"影城{next(_serial)}"),
    }
    values.update(changes)
    return values


def published(world: World, **kwargs: Any) -> Campaign:
    created = campaign(world, **kwargs)
    result: Campaign = take(world.system, created, "publish")
    return result


def first_item(of: Campaign) -> CampaignItem:
    return of.items.order_by("position")[0]
