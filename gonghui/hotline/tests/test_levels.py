"""Service levels and return reasons: data the federation manages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.core import clocks
from gonghui.core.scoping import OutOfScope
from gonghui.core.testing import build_world
from gonghui.hotline.choices import Measure
from gonghui.hotline.services.levels import (
    level_for,
    return_reason_add,
    return_reason_update,
    service_level_set,
)
from gonghui.hotline.tests.fixtures import at, register

pytestmark = pytest.mark.django_db


def test_a_new_level_applies_to_clocks_started_from_its_day() -> None:
    world = build_world()
    fed = world.user("fed_staff")
    service_level_set(
        actor=fed,
        source="12345",
        measure=Measure.COMPLETION,
        amount=3,
        unit="working_days",
        effective_from=date(2026, 11, 10),
    )

    assert level_for("12345", Measure.COMPLETION, date(2026, 11, 9)).amount == 7  # type: ignore[union-attr]
    earlier = register(world, "A1", received_at=at("2026-11-09 09:00"))
    later = register(world, "A2", received_at=at("2026-11-10 09:00"))
    assert clocks.clocks_of(earlier)[Measure.COMPLETION].due_at == at("2026-11-18 17:30")
    assert clocks.clocks_of(later)[Measure.COMPLETION].due_at == at("2026-11-13 17:30")


def test_levels_are_checked_field_by_field() -> None:
    world = build_world()
    with pytest.raises(ValidationError) as refused:
        service_level_set(
            actor=world.user("fed_staff"),
            source="x",
            measure="y",
            amount=0,
            unit="z",
            effective_from=None,
        )
    assert set(refused.value.message_dict) == {
        "source",
        "measure",
        "amount",
        "unit",
        "effective_from",
    }


def test_only_the_federation_manages_the_settings() -> None:
    world = build_world()
    with pytest.raises(OutOfScope):
        return_reason_add(actor=world.user("station_a_staff"), name="新理由")
    with pytest.raises(OutOfScope):
        return_reason_add(actor=world.user("fed_b_staff"), name="新理由")


def test_a_reason_is_unique_and_may_be_retired() -> None:
    world = build_world()
    fed = world.user("fed_staff")
    reason = return_reason_add(actor=fed, name=" 新理由 ")
    assert reason.name == "新理由"
    with pytest.raises(ValidationError) as refused:
        return_reason_add(actor=fed, name="新理由")
    assert refused.value.message_dict["name"] == ["该退回理由已存在"]

    retired = return_reason_update(actor=fed, reason=reason, name="新理由", active=False)
    assert retired.active is False
