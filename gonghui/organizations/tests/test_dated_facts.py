"""Figures that do not move: a change made today (an entity attached, a headcount
corrected, a union moved, merged or dissolved) leaves the figures of a period that ended
before it as they were, and changes today's."""

from dataclasses import asdict
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from stdnum.cn import uscc

from gonghui.core.testing import World, build_world
from gonghui.organizations import selectors, services
from gonghui.organizations.choices import UnionKind
from gonghui.organizations.models import Organization

pytestmark = pytest.mark.django_db

START, END = date(2021, 1, 1), date(2021, 12, 31)


def _code(n: int) -> str:
    first17 = f"91110302MA0{n:06d}"
    return first17 + uscc.calc_check_digit(first17)


def _figures(world: World, node: Organization | None = None) -> dict[str, Any]:
    """Coverage at the end of 2021 and the unions founded in 2021, for ``node``."""
    past = selectors.coverage(actor=world.system, root=node, on=END)
    new = selectors.new_unions(actor=world.system, start=START, end=END, root=node)
    return {"coverage": asdict(past), "new": asdict(new)}


def _today(world: World, node: Organization | None = None) -> selectors.Coverage:
    return selectors.coverage(actor=world.system, root=node, on=timezone.localdate())


def test_an_entity_attached_today_counts_from_today_only() -> None:
    world = build_world()
    before, now = _figures(world), _today(world)

    services.legal_entity_attach(
        actor=world.system,
        union=world.union_a,
        name="甲新设有限公司",
        credit_code=_code(1),
        headcount=300,
        industry="C",
        covered_since=timezone.localdate(),
    )

    assert _figures(world) == before
    after = _today(world)
    assert (after.legal_entities, after.workers) == (now.legal_entities + 1, now.workers + 300)


def test_a_headcount_corrected_today_keeps_the_headcount_reported_then() -> None:
    world = build_world()
    before, now = _figures(world, world.station_a), _today(world)
    assert before["new"]["standalone_large"] == 1  # 120 workers in 2021

    services.legal_entity_update(actor=world.system, entity=world.entity_a, headcount=60)

    assert _figures(world, world.station_a) == before
    assert _today(world).workers == now.workers - 60
    assert (
        selectors.new_unions(
            actor=world.system, start=START, end=timezone.localdate()
        ).standalone_small
        == 2
    )


def test_a_headcount_reported_on_a_past_day_counts_from_that_day() -> None:
    world = build_world()
    services.legal_entity_update(
        actor=world.system, entity=world.entity_b, headcount=90, reported_on=date(2022, 6, 1)
    )

    assert selectors.coverage(actor=world.system, on=date(2022, 5, 31)).workers == 160
    assert selectors.coverage(actor=world.system, on=date(2022, 6, 1)).workers == 210


def test_a_union_moved_today_stays_in_its_old_station_for_the_past() -> None:
    world = build_world()
    before_a, before_b = _figures(world, world.station_a), _figures(world, world.station_b)

    services.union_move(actor=world.system, union=world.union_a, new_parent=world.station_b)

    assert _figures(world, world.station_a) == before_a
    assert _figures(world, world.station_b) == before_b
    assert _today(world, world.station_a).unions == 0
    assert _today(world, world.station_b).unions == 2
    # the union's own subtree is found where it stood on each day
    assert selectors.coverage(actor=world.system, root=world.union_a, on=END).unions == 1


def test_a_station_sees_the_unions_that_were_in_it_in_a_past_period() -> None:
    world = build_world()
    staff = world.user("station_a_staff")
    before = asdict(selectors.coverage(actor=staff, on=END))

    services.union_move(actor=world.system, union=world.union_a, new_parent=world.station_b)

    assert asdict(selectors.coverage(actor=staff, on=END)) == before
    assert selectors.coverage(actor=staff, on=timezone.localdate()).unions == 0


def test_a_union_merged_today_keeps_its_past_and_its_entities_move_from_today() -> None:
    world = build_world()
    before, before_a = _figures(world), _figures(world, world.station_a)
    now_b = _today(world, world.station_b)

    services.union_merge(
        actor=world.system, union=world.union_a, into=world.union_b, on=timezone.localdate()
    )

    assert _figures(world) == before
    assert _figures(world, world.station_a) == before_a
    after_b = _today(world, world.station_b)
    assert (after_b.legal_entities, after_b.workers) == (2, now_b.workers + 120)
    assert _today(world, world.station_a).unions == 0


def test_a_union_dissolved_today_counts_until_yesterday() -> None:
    world = build_world()
    before, now = _figures(world), _today(world)

    services.union_dissolve(
        actor=world.system, union=world.union_b, on=timezone.localdate(), reason="企业注销"
    )

    assert _figures(world) == before
    after = _today(world)
    assert (after.unions, after.workers) == (now.unions - 1, now.workers - 40)


def test_new_unions_count_the_workers_of_those_unions_as_reported_in_the_period() -> None:
    world = build_world()
    joint = services.union_found(
        actor=world.system,
        parent=world.station_a,
        name="丙联合会",
        union_kind=UnionKind.JOINT,
        founded_on=date(2020, 5, 1),
        direct_workers=500,
    )
    # an entity of a union founded in 2021, covered only from 2022 on
    services.legal_entity_attach(
        actor=world.system,
        union=world.union_a,
        name="甲二期有限公司",
        credit_code=_code(2),
        headcount=70,
        industry="C",
        covered_since=date(2022, 2, 1),
    )

    new = selectors.new_unions(actor=world.system, start=START, end=END)

    # the two unions of 2021 and their 160 workers: not the joint union of 2020, not the
    # entity that came in 2022
    assert (new.total, new.workers) == (2, 160)
    assert selectors.coverage(actor=world.system, on=END).workers == 160 + 500
    assert joint.placements.get().direct_workers == 500


def test_a_change_dated_before_the_last_recorded_change_is_refused() -> None:
    """A back-dated change would rewrite a period already reported: refused, naming the
    day it may not precede, and nothing is written."""
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    from gonghui.organizations.models import EntityCoverage, UnionPlacement

    world = build_world()
    moved_on = timezone.localdate() - timedelta(days=10)
    services.union_move(
        actor=world.system, union=world.union_a, new_parent=world.station_b, on=moved_on
    )
    rows = (UnionPlacement.objects.count(), EntityCoverage.objects.count())
    earlier = moved_on - timedelta(days=5)

    with pytest.raises(ValidationError) as moved_back:
        services.union_move(
            actor=world.system, union=world.union_a, new_parent=world.station_a, on=earlier
        )
    assert moved_on.isoformat() in moved_back.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as dissolved:
        services.union_dissolve(actor=world.system, union=world.union_a, on=earlier, reason="x")
    assert "on" in dissolved.value.message_dict

    services.legal_entity_update(
        actor=world.system, entity=world.entity_a, headcount=77, reported_on=moved_on
    )
    with pytest.raises(ValidationError) as reported:
        services.legal_entity_update(
            actor=world.system, entity=world.entity_a, headcount=78, reported_on=earlier
        )
    assert moved_on.isoformat() in reported.value.message_dict["reported_on"][0]
    world.union_a.refresh_from_db()
    assert world.union_a.parent_id == world.station_b.pk and world.union_a.is_active
    assert (UnionPlacement.objects.count(), EntityCoverage.objects.count()) == (
        rows[0],
        rows[1] + 1,
    )

    # the same day as the last change is allowed: it rewrites that day's row
    placements = UnionPlacement.objects.filter(union=world.union_a)
    count = placements.count()
    services.union_move(
        actor=world.system, union=world.union_a, new_parent=world.station_a, on=moved_on
    )
    assert placements.count() == count
    assert placements.valid_on(moved_on).get().parent_id == world.station_a.pk
