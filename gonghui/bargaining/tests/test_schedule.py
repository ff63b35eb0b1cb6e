"""The daily task: contracts whose review ended take effect by the system's step, and the
union is reminded once of each renewal due."""

from datetime import date

import pytest

from gonghui.bargaining.choices import Status
from gonghui.bargaining.models import Contract
from gonghui.bargaining.services import schedule
from gonghui.bargaining.tests import fixtures as f
from gonghui.core.models import Notice, StatusChange
from gonghui.core.testing import World, build_world
from gonghui.core.workflow import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_a_review_that_ended_without_objection_takes_effect(world: World) -> None:
    c = f.signed(world)
    take(world.system, c, "report", department="区人社局", reported_on=date(2022, 3, 25))

    # received 2022-03-25: 15 days end on Saturday 9 April, moved to Monday the 11th
    assert schedule.reviews_lapse(date(2022, 4, 11)) == 0  # the last day of the review
    assert schedule.reviews_lapse(date(2022, 4, 12)) == 1

    c = Contract.objects.get()
    assert (c.status, c.effective_on) == (Status.EFFECTIVE, date(2022, 4, 12))
    row = StatusChange.objects.get(object_id=str(c.pk), step="lapse_review")
    assert row.actor_id is None and row.actor_name == ""


def test_renewal_reminders_go_once_to_the_unions_negotiators(world: World) -> None:
    c = f.signed(world)
    take(world.system, c, "report", department="区人社局", reported_on=date(2022, 3, 25))
    take(world.system, c, "take_effect")  # term ends 2025-03-31

    assert schedule.renewal_reminders_send(date(2024, 12, 1)) == 0  # 120 days before
    sent = schedule.renewal_reminders_send(date(2025, 1, 15))
    again = schedule.renewal_reminders_send(date(2025, 1, 16))

    recipients = set(Notice.objects.values_list("user__username", flat=True))
    assert sent >= 1 and again == 0
    assert "union_a_staff" in recipients and "union_b_staff" not in recipients
    assert "JT2022-00001" in Notice.objects.first().title  # type: ignore[union-attr]
