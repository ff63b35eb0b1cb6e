"""The bargaining demo: the small data set has a contract at the steps the pages show and
proposals at every step; the full plan gives the 2020 report's rates (94% of unionised
firms, 95% of those of 100 or more) through the statistics, which do not know them."""

from datetime import date

import pytest
from stdnum.cn import uscc

from gonghui.bargaining import demo
from gonghui.bargaining.choices import ProposalStatus, Status
from gonghui.bargaining.demo.plan import REPORT_DAY
from gonghui.bargaining.models import Contract, Proposal
from gonghui.bargaining.statistics import bargaining_figures
from gonghui.core import demo as core_demo
from gonghui.core.testing import World, build_world
from gonghui.organizations import services as org_services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.demo import DemoTree

pytestmark = pytest.mark.django_db


def _code(n: int) -> str:
    first17 = f"91110302MA0{n:06d}"
    return first17 + uscc.calc_check_digit(first17)


def _firms_of_2019(world: World, large: int, small: int) -> None:
    """Unionised firms covered since 2019 under a joint union of station A."""
    joint = org_services.union_found(
        actor=world.system,
        parent=world.station_a,
        name="测试区小微企业工会联合会",
        union_kind=UnionKind.JOINT,
        founded_on=date(2019, 1, 1),
        chair_name="周主席",
        chair_phone="13800001111",
    )
    for n in range(large + small):
        org_services.legal_entity_attach(
            actor=world.system,
            union=joint,
            name=f"测试企业{n:03d}有限公司",
            credit_code=_code(n + 100),
            headcount=150 if n < large else 30,
            industry="C",
            covered_since=date(2019, 3, 1),
        )
    world.extra["joint"] = joint


def _context(world: World, scale: str) -> core_demo.DemoContext:
    ctx = core_demo.DemoContext(
        actor=world.system,
        scale=scale,
        seed=1,
        today=min(core_demo.DEMO_TODAY, date.today()),  # noqa: DTZ011
        rng=core_demo.module_rng(1, "gonghui.bargaining.demo"),
        log=lambda _line: None,
    )
    ctx.shared["organizations"] = DemoTree(
        federation=world.federation,
        stations={"a": world.station_a, "b": world.station_b},
        featured={
            "anchor": world.union_a,
            "joint": world.extra.get("joint", world.union_b),
            "member": world.union_b,
        },
    )
    return ctx


def test_small_scale_shows_the_steps_and_the_proposals() -> None:
    world = build_world()
    ctx = _context(world, core_demo.SMALL)
    demo.build(ctx)

    statuses = set(Contract.objects.values_list("status", flat=True))
    assert {
        Status.FILED,
        Status.SIGNED,
        Status.OFFERED,
        Status.REPORTED,
        Status.PREPARED,
    } <= statuses
    assert Contract.objects.filter(replaces__isnull=False, status=Status.SIGNED).exists()
    assert Contract.objects.overdue(today=ctx.today).filter(status=Status.OFFERED).exists()
    assert set(Proposal.objects.values_list("status", flat=True)) == {
        ProposalStatus.SUBMITTED,
        ProposalStatus.ASSIGNED,
        ProposalStatus.ANSWERED,
    }


def test_the_full_plan_gives_the_reports_rates() -> None:
    world = build_world()
    _firms_of_2019(world, large=20, small=30)
    ctx = _context(world, core_demo.FULL)
    demo.build(ctx)

    # 2020: congress systems and contracts in 94% of unionised firms, 95% of 100 or more
    f = bargaining_figures(actor=world.system, start=REPORT_DAY, end=REPORT_DAY, node=None)
    assert (f.all.firms, f.large.firms) == (50, 20)
    assert (f.all.congress, f.all.contract, f.large.congress, f.large.contract) == (47, 47, 19, 19)
    assert f.all.congress_rate == f.all.contract_rate == 0.94
    assert f.large.congress_rate == f.large.contract_rate == 0.95
    # renewed as their terms ended: in force again on the demo's today, with new terms
    today = bargaining_figures(actor=world.system, start=REPORT_DAY, end=ctx.today, node=None)
    assert today.all.contract >= 40 and today.all.congress >= 40
