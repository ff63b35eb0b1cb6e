"""The hotline demo: tickets in every state at every scale; at full scale the 2021
records give the report's figures (domain.md) through the statistics."""

from datetime import date

import pytest

from gonghui.core import demo as core_demo
from gonghui.core.testing import build_world
from gonghui.hotline import demo
from gonghui.hotline.choices import TicketStatus
from gonghui.hotline.models import Ticket
from gonghui.hotline.statistics import tickets
from gonghui.organizations.demo import DemoTree

pytestmark = pytest.mark.django_db


def _context(scale: str) -> core_demo.DemoContext:
    world = build_world()
    ctx = core_demo.DemoContext(
        actor=world.system,
        scale=scale,
        seed=1,
        today=min(core_demo.DEMO_TODAY, date.today()),  # noqa: DTZ011
        rng=core_demo.module_rng(1, "gonghui.hotline.demo"),
        log=lambda _line: None,
    )
    ctx.shared["organizations"] = DemoTree(
        federation=world.federation,
        stations={"a": world.station_a, "b": world.station_b},
        unions=[world.union_a, world.union_b],
    )
    return ctx


def test_small_scale_has_a_ticket_in_every_state() -> None:
    ctx = _context(core_demo.SMALL)
    demo.build(ctx)

    assert set(Ticket.objects.values_list("status", flat=True)) == set(TicketStatus.values)
    late = Ticket.objects.filter(status=TicketStatus.DISPATCHED, received_at__year=ctx.today.year)
    assert late.exists()


def test_the_full_plan_gives_the_2021_figures() -> None:
    ctx = _context(core_demo.FULL)
    demo.build(ctx)

    y21 = tickets(actor=ctx.actor, start=date(2021, 1, 1), end=date(2021, 12, 31))
    city, union = y21.by_source
    # 2021: 12345 — 16 received, 3 returned, 13 completed; 12351 — 488 received and completed
    assert (city.received, city.returned, city.completed) == (16, 3, 13)
    assert (union.received, union.completed, union.completion_rate) == (488, 488, 1.0)
