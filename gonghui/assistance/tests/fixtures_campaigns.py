"""Records of the campaign tests, built through the services (the system user): a budget
line with money in it, members of a union, hardship files on file, campaigns by units,
sites or tier, and a drawn signature as the pad sends it."""

import base64
import io
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from django.db import transaction
from PIL import Image, ImageDraw

from gonghui.assistance.choices import EntryKind, FileStatus, FundKind, Occasion
from gonghui.assistance.models import Campaign, DistributionLine, Fund, HardshipFile
from gonghui.assistance.services import campaigns as services
from gonghui.assistance.services.ledger import entry_post
from gonghui.core.testing import World
from gonghui.members.choices import MembershipSource
from gonghui.members.models import Membership
from gonghui.members.services.memberships import membership_start
from gonghui.members.services.people import clean_person_fields, person_get_or_create
from gonghui.members.tests.factories import id_number
from gonghui.organizations.models import Organization

STARTS_ON = date(2021, 1, 20)
ENDS_ON = date(2021, 2, 10)
_serial = count(1)


def fund_at(world: World, node: Organization | None = None, amount: str = "100000") -> Fund:
    """A budget line of ``node`` (default: station A) with ``amount`` allocated."""
    n = next(_serial)
    fund = Fund.objects.create(
        code=f"budget-{n}",
        name=f"慰问经费{n}",
        kind=FundKind.BUDGET,
        organization=node or world.station_a,
        started_on=date(2020, 1, 1),
    )
    if Decimal(amount) > 0:
        entry_post(
            actor=world.system,
            fund=fund,
            kind=EntryKind.ALLOCATION,
            amount=Decimal(amount),
            booked_on=date(2020, 1, 2),
            memo="年度慰问经费",
        )
    return fund


def member(world: World, union: Organization, name: str = "") -> Membership:
    """An active member of ``union``."""
    n = next(_serial)
    fields = clean_person_fields({"name": name or f"会员{n}", "id_number": id_number()})
    with transaction.atomic():  # membership_start locks rows: its callers' transaction
        person = person_get_or_create(fields=fields)[0]
        return membership_start(
            actor=world.system,
            person=person,
            union=union,
            started_on=date(2021, 3, 2),
            source=MembershipSource.IMPORT,
            notify=False,
        )


def hardship_file(
    world: World, union: Organization, tier: str, status: str = FileStatus.ACTIVE
) -> HardshipFile:
    """A hardship file of a new member of ``union`` (records only: the files' own
    services are tested with them)."""
    person = member(world, union).person
    return HardshipFile.objects.create(
        number=f"KN{next(_serial):06d}",
        organization=union,
        person=person,
        status=status,
        surveyed_on=date(2021, 3, 5),
        worker_income=Decimal("1500"),
        tier=tier,
    )


def campaign_fields(world: World, fund: Fund, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "organization": world.station_a,
        "fund": fund,
        "name": "2021年春节送温暖",
        "occasion": Occasion.SPRING_FESTIVAL,
        "year": 2021,
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON,
        "budget": "10000",
        "cash_per_head": "500",
        "goods": "米面油",
        "goods_value_per_head": "200",
        "scope": "units",
        "units": [world.union_a],
    }
    fields.update(changes)
    return fields


def campaign(world: World, fund: Fund | None = None, **changes: Any) -> Campaign:
    fund = fund or fund_at(world)
    return services.campaign_create(actor=world.system, **campaign_fields(world, fund, **changes))


def distributing(world: World, campaign_: Campaign) -> Campaign:
    return services.campaign_start(actor=world.system, campaign=campaign_)


def signature(size: tuple[int, int] = (300, 120), blank: bool = False) -> str:
    """A PNG data URL as the pad sends it: a stroke on a transparent canvas."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line([(20, 80), (120, 30), (260, 90)], fill=(0, 0, 0, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def distribute(
    world: World, line: DistributionLine, on: date = date(2021, 1, 28), **changes: Any
) -> DistributionLine:
    fields: dict[str, Any] = {
        "distributed_on": on,
        "method": "signature",
        "signed_by": line.name,
        "signature": signature(),
    }
    fields.update(changes)
    return services.line_distribute(actor=world.system, line=line, **fields)


def prepare(world: World) -> None:
    """A distributing campaign of station A by units (union A, two members), and a
    campaign in planning by sites with one site: for the access cases."""
    fund = fund_at(world)
    member(world, world.union_a, "甲会员一")
    member(world, world.union_a, "甲会员二")
    units = campaign(world, fund, name="甲站春节送温暖")
    services.campaign_list_build(actor=world.system, campaign=units)
    world.extra["campaign"] = distributing(world, units)
    world.extra["line"] = units.lines.order_by("pk").first()
    sites = campaign(
        world, fund, name="甲站夏送清凉", occasion=Occasion.SUMMER, scope="sites", units=[]
    )
    services.campaign_site_add(actor=world.system, campaign=sites, name="甲工地", workers=50)
    world.extra["planning"] = sites
    world.extra["fund"] = fund
    world.hide("a", "甲站春节送温暖", "甲站夏送清凉", "甲会员一", "甲会员二", "甲工地", fund.name)
