"""Tickets for the tests: registered at the federation and taken along the workflow by
the engine, at given times (the clocks count working hours from them)."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from gonghui.core.testing import World
from gonghui.core.workflow import take
from gonghui.hotline.choices import Category, Source
from gonghui.hotline.models import Ticket
from gonghui.hotline.services.tickets import ticket_register

CALLER_PHONE = "13911112222"
CALLER_NAME = "王来电"


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def ensure_defaults() -> None:
    """The service levels and return reasons the data migration installs. A transactional
    test (the live-server browser tests) empties every table when it ends, and pytest runs
    those last: a browser test that registers tickets puts them back first."""
    from importlib import import_module

    from django.apps import apps

    import_module("gonghui.hotline.migrations.0002_default_levels_and_reasons").forwards(apps, None)


def register(world: World, number: str = "A0001", **changes: Any) -> Ticket:
    values: dict[str, Any] = {
        "source": Source.CITY,
        "number": number,
        "received_at": at("2026-11-02 09:00"),
        "caller_name": CALLER_NAME,
        "caller_phone": CALLER_PHONE,
        "request": "公司拖欠两个月工资，请求工会协调。",
        "category": Category.WAGES,
    }
    values.update(changes)
    ensure_defaults()
    organization = values.pop("organization", world.federation)
    return ticket_register(actor=world.system, organization=organization, **values)


def dispatched(world: World, number: str = "A0001", unit: Any = None, **changes: Any) -> Ticket:
    ticket = register(world, number, **changes)
    when = at("2026-11-02 10:00")
    return take(world.system, ticket, "dispatch", unit=unit or world.union_a, at=when)  # type: ignore[no-any-return]


def in_progress(world: World, number: str = "A0001", **changes: Any) -> Ticket:
    ticket = dispatched(world, number, **changes)
    return take(world.system, ticket, "contact", note="已电话联系来电人", at=at("2026-11-02 11:00"))  # type: ignore[no-any-return]
