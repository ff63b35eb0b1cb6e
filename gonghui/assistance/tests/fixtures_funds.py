"""Test data of funds: a fund set up through the service, donations, and grants posted
as the approval of aid posts them (``ledger.entry_post`` with an application and its
cause), on applications of workers registered in the access world's unions."""

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from django.utils import timezone

from gonghui.assistance.choices import AidCategory, AmountMode, Channel, EntryKind, FundKind
from gonghui.assistance.models import AidApplication, AidKind, Fund, FundEntry
from gonghui.assistance.services import ledger
from gonghui.assistance.services.funds import donation_record, fund_create
from gonghui.core.testing import World
from gonghui.members.models import Person
from gonghui.members.services.records import member_register
from gonghui.members.tests.factories import id_number, phone

STARTED = date(2012, 3, 1)
_serial = count(1)


def warmth_fund(world: World, node: Any = None, code: str = "warmth", **changes: Any) -> Fund:
    fields: dict[str, Any] = {
        "organization": node or world.federation,
        "code": code,
        "name": "温暖专项基金",
        "kind": FundKind.WARMTH,
        "started_on": STARTED,
    }
    fields.update(changes)
    return fund_create(actor=world.system, **fields)


def budget_line(world: World, node: Any = None, code: str = "budget-2026", **changes: Any) -> Fund:
    fields: dict[str, Any] = {
        "organization": node or world.federation,
        "code": code,
        "name": "慰问预算",
        "kind": FundKind.BUDGET,
        "started_on": date(2026, 1, 1),
    }
    fields.update(changes)
    return fund_create(actor=world.system, **fields)


def donate(world: World, fund: Fund, amount: str, on: date, **changes: Any) -> Any:
    fields: dict[str, Any] = {
        "donor_name": "爱心人士",
        "donor_unit": "甲科技有限公司",
        "amount": amount,
        "received_on": on,
    }
    fields.update(changes)
    return donation_record(actor=world.system, fund=fund, **fields)


def worker(world: World, name: str = "") -> Person:
    membership = member_register(
        actor=world.system,
        union=world.union_a,
        name=name or f"职工{next(_serial)}",
        id_number=id_number(),
        phone=phone(),
        started_on=date(2021, 6, 1),
        employment_kind="employee",
        employer=world.entity_a,
    )
    return membership.person


def _aid_kind(fund: Fund) -> AidKind:
    kind, _created = AidKind.objects.get_or_create(
        code=f"warmth-{fund.pk}",
        defaults={
            "name": "温暖基金救助",
            "category": AidCategory.WARMTH,
            "amount_mode": AmountMode.BAND,
            "min_amount": Decimal("1000"),
            "max_amount": Decimal("50000"),
            "annual_cap": Decimal("50000"),
            "fund": fund,
        },
    )
    return kind


def application(world: World, fund: Fund, person: Person, cause: str, on: date) -> AidApplication:
    return AidApplication.objects.create(
        number=f"BF{on.year}-{next(_serial):05d}",
        organization=world.union_a,
        person=person,
        kind=_aid_kind(fund),
        cause=cause,
        reason="突发重病",
        applied_on=on,
        year=on.year,
        amount_requested=Decimal("20000"),
        channel=Channel.STAFF,
    )


def grant(
    world: World,
    fund: Fund,
    amount: str,
    on: date,
    *,
    cause: str = "illness",
    person: Person | None = None,
) -> FundEntry:
    """A grant of ``amount`` from ``fund`` to ``person`` (a new worker by default),
    posted as the approval of aid posts it."""
    applied = application(world, fund, person or worker(world), cause, on)
    return ledger.entry_post(
        actor=world.system,
        fund=fund,
        kind=EntryKind.GRANT,
        amount=-Decimal(amount),
        booked_on=on,
        memo=f"救助 {applied.number}",
        cause=cause,
        application=applied,
    )


def revoke(world: World, entry: FundEntry, reason: str = "撤销帮扶") -> FundEntry:
    """A grant returned to its fund today, as revoking the aid returns it."""
    return ledger.entry_reverse(
        actor=world.system, entry=entry, reason=reason, booked_on=timezone.localdate()
    )
