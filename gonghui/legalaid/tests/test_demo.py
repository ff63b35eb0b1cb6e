"""The legal-aid demo: the small data set has a case in every state; the full plan's
records give the 2020 and 2021 reports' figures (domain.md) through the statistics."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import F

from gonghui.core import demo as core_demo
from gonghui.core.testing import build_world
from gonghui.legalaid import demo
from gonghui.legalaid.choices import Status
from gonghui.legalaid.models import Lawyer, LegalAidCase
from gonghui.legalaid.statistics import legal_aid
from gonghui.organizations.demo import DemoTree

pytestmark = pytest.mark.django_db

D = date


def _context(scale: str) -> tuple[object, core_demo.DemoContext]:
    world = build_world()
    ctx = core_demo.DemoContext(
        actor=world.system,
        scale=scale,
        seed=1,
        today=min(core_demo.DEMO_TODAY, date.today()),  # noqa: DTZ011
        rng=core_demo.module_rng(1, "gonghui.legalaid.demo"),
        log=lambda _line: None,
    )
    ctx.shared["organizations"] = DemoTree(
        federation=world.federation, stations={"a": world.station_a, "b": world.station_b}
    )
    return world, ctx


def test_small_scale_has_a_case_in_every_state() -> None:
    world, ctx = _context(core_demo.SMALL)
    demo.build(ctx)

    assert set(LegalAidCase.objects.values_list("status", flat=True)) == set(Status.values)
    assert LegalAidCase.objects.overdue(today=ctx.today).filter(name="逾期待审申请人").exists()
    assert LegalAidCase.objects.filter(status=Status.CLOSED, rating=5).exists()
    assert (
        Lawyer.objects.filter(user__isnull=True).count() == Lawyer.objects.count()
    )  # no account in the test world


def test_the_full_plan_gives_the_reports_figures() -> None:
    world, ctx = _context(core_demo.FULL)
    demo.build(ctx)
    system = ctx.actor

    # 2021: 224 legal-aid applicants accepted, 199 closed, 3.2941 million yuan recovered
    y21 = legal_aid(actor=system, start=D(2021, 1, 1), end=D(2021, 12, 31))
    assert (y21.accepted, y21.closed, y21.recovered) == (224, 199, Decimal("3294100.00"))
    # 2020: 97 applicants, 88 closed, 61 won, 2.6943 million yuan
    y20 = legal_aid(actor=system, start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert (y20.received, y20.closed, y20.won, y20.recovered) == (
        97,
        88,
        61,
        Decimal("2694300.00"),
    )
    assert y20.in_time_rate == 1.0
    # no case went to a lawyer whose firm acts for the opposing party
    assert not LegalAidCase.objects.filter(
        lawyer__firm__engagement__side="for",
        lawyer__firm__engagement__party=F("opposing_party"),
    ).exists()
