"""The registry's input follows core.rules: names required and within the column, counts
whole and not negative, days not in the future; every bad field named at once."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.core.testing import build_world
from gonghui.organizations import services
from gonghui.organizations.models import LegalEntity

pytestmark = pytest.mark.django_db


def _refused(call: Any) -> dict[str, list[str]]:
    before = AuditEntry.objects.count(), LegalEntity.objects.count()
    with pytest.raises(ValidationError) as refused:
        call()
    assert (AuditEntry.objects.count(), LegalEntity.objects.count()) == before
    return refused.value.message_dict


def test_a_legal_entity_names_every_bad_field() -> None:
    world = build_world()

    errors = _refused(
        lambda: services.legal_entity_attach(
            actor=world.system,
            union=world.union_a,
            name="甲" * 121,
            credit_code="91110000MA0000000X",
            headcount="1.5",  # type: ignore[arg-type]  # as a client might send it
            industry="manufacturing",
            covered_since=timezone.localdate() + timedelta(days=1),
        )
    )

    assert errors["name"] == ["单位名称不能超过 120 个字"]
    assert errors["headcount"] == ["职工人数应为整数"]
    assert errors["covered_since"] == ["纳入覆盖日期不能晚于今天"]
    assert "credit_code" in errors


def test_a_union_correction_breaking_a_rule_writes_nothing() -> None:
    world = build_world()

    errors = _refused(
        lambda: services.union_update(
            actor=world.system, union=world.union_a, name="  ", direct_workers=-3
        )
    )

    assert errors == {"name": ["请填写工会名称"], "direct_workers": ["人数不能为负数"]}
