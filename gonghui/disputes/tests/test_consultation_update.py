"""Correcting a consultation: only what changed is written and audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import build_world
from gonghui.disputes.models import Consultation
from gonghui.disputes.services.consultations import consultation_log, consultation_update

pytestmark = pytest.mark.django_db


def test_a_correction_is_audited_with_what_changed_and_a_no_op_writes_nothing() -> None:
    world = build_world()
    logged = consultation_log(
        actor=world.system, organization=world.union_a, channel="phone", topic="wages"
    )
    stamp = Consultation.objects.get(pk=logged.pk).updated_at

    consultation_update(actor=world.system, consultation=logged, topic="wages", people=1)
    assert Consultation.objects.get(pk=logged.pk).updated_at == stamp
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()

    consultation_update(actor=world.system, consultation=logged, people=3, topic="wages")
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.changes["people"] == [1, 3] and "topic" not in entry.changes

    with pytest.raises(ValidationError) as refused:
        consultation_update(actor=world.system, consultation=logged, organization=world.union_b)
    assert list(refused.value.message_dict) == ["organization"]


def test_a_consultation_breaking_the_input_rules_is_refused_naming_each_field() -> None:
    world = build_world()
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        consultation_log(
            actor=world.system,
            organization=world.union_a,
            channel="phone",
            topic="wages",
            held_on=tomorrow,
            people="1.5",
        )

    assert refused.value.message_dict == {
        "held_on": ["咨询日期不能晚于今天"],
        "people": ["人次应为整数"],
    }
    assert not Consultation.objects.exists()
