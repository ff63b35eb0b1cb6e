"""The disputes demo: the small data set has cases in every status; the full one's 2021
records give the 2021 report's figures (domain.md) through the statistics."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from gonghui.core import demo as core_demo
from gonghui.core.testing import build_world
from gonghui.disputes import demo, statistics
from gonghui.disputes.choices import CaseStatus, Channel, Outcome
from gonghui.disputes.models import CaseApplicant, MediationCase, MediationCommittee, Payment
from gonghui.organizations.demo import DemoTree

pytestmark = pytest.mark.django_db


def test_small_scale_builds_committees_and_cases_in_every_status() -> None:
    call_command("seed_demo", "--scale", "small", "--seed", "1", stdout=StringIO())
    tiers = set(MediationCommittee.objects.values_list("tier", flat=True))
    assert tiers == {"federation", "station", "enterprise"}
    federation = MediationCommittee.objects.get(tier="federation")
    assert federation.members.filter(user__username="mediator").exists()
    statuses = set(MediationCase.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    outcomes = set(MediationCase.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes == set(Outcome.values)
    today = core_demo.DEMO_TODAY
    m = statistics.mediation(
        actor=core_demo._system_user(core_demo.DEMO_PASSWORD),
        start=date(today.year, 1, 1),
        end=today,
        at=min(today, date.today()),  # noqa: DTZ011 - the demo's today
    )
    assert m.overdue == 1
    assert MediationCase.objects.filter(extended_to__isnull=False).count() == 1
    assert MediationCase.objects.filter(arbitration_handed_on__isnull=False).exists()
    assert Payment.objects.exists()
    assert MediationCase.objects.filter(status=CaseStatus.APPLIED).exists()


def test_the_full_plan_gives_the_2021_report_figures() -> None:
    """Only the disputes step, on a small tree, at full scale: the 2021 figures are the
    report's whatever the tree (the full seed was checked by hand, see docs/disputes.md)."""
    world = build_world()
    ctx = core_demo.DemoContext(
        actor=world.system,
        scale=core_demo.FULL,
        seed=1,
        today=min(core_demo.DEMO_TODAY, date.today()),  # noqa: DTZ011
        rng=core_demo.module_rng(1, "gonghui.disputes.demo"),
        log=lambda _line: None,
    )
    ctx.shared["organizations"] = DemoTree(
        federation=world.federation,
        stations={"a": world.station_a, "b": world.station_b},
        featured={"anchor": world.union_a, "joint": world.union_b, "member": world.union_b},
    )
    demo.build(ctx)
    start, end = demo.PERIOD_2021
    c = statistics.consultations(actor=world.system, start=start, end=end)
    assert c.channel(Channel.ON_SITE) == 4_858
    assert c.channel(Channel.PHONE) == 1_084
    assert statistics.rate_text(c.satisfaction_rate) == "100.0%"
    m = statistics.mediation(actor=world.system, start=start, end=end)
    assert (m.applicants_accepted, m.applicants_closed) == (365, 361)
    assert statistics.rate_text(m.closure_rate) == "98.9%"
    assert m.amount_fulfilled == Decimal("3461000.00")
    group = MediationCase.objects.get(applicants__name="李某")
    assert CaseApplicant.objects.filter(case=group).count() == 24
    assert group.outcome == Outcome.AGREEMENT and group.accepted_on == date(2021, 8, 9)
    assert group.agreement.payments.count() == 1
    assert MediationCase.objects.filter(status=CaseStatus.TRANSFERRED).exists()
