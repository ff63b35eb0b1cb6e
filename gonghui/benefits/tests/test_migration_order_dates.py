"""0005_order_dates: the orders written before it get their confirmation and cancellation
days from their status history."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from gonghui.benefits.models import Order
from gonghui.benefits.tests import fixtures_purchasing as fx
from gonghui.core.models import StatusChange
from gonghui.core.testing import build_world
from gonghui.core.workflow import take

BEFORE = [("benefits", "0004_fill_claimed_on")]
AFTER = [("benefits", "0005_order_dates")]


def _migrate(targets: list[tuple[str, str]] | None) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor._create_project_state(with_applied_migrations=True).apps  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_existing_orders_get_their_days_from_their_history() -> None:
    world = build_world()
    offer = fx.offer(world)
    confirmed = take(world.system, fx.order(world, offer, world.entity_a, 3), "confirm")
    cancelled = take(world.system, fx.order(world, offer, world.entity_b, 2), "confirm")
    cancelled = take(world.system, cancelled, "cancel", reason="不需要了")
    placed = fx.order(world, offer, fx.firm(world), 1)
    ten_days_ago = timezone.now() - timedelta(days=10)
    twelve_days_ago = timezone.localdate() - timedelta(days=12)
    Order.objects.filter(pk=confirmed.pk).update(placed_on=twelve_days_ago)
    StatusChange.objects.filter(object_id=confirmed.pk, to_state="confirmed").update(
        at=ten_days_ago
    )

    _migrate(BEFORE)
    apps = _migrate(AFTER)

    rows = apps.get_model("benefits", "Order").objects.in_bulk()
    assert rows[confirmed.pk].confirmed_on == timezone.localdate(ten_days_ago)
    assert rows[confirmed.pk].cancelled_on is None
    assert rows[cancelled.pk].confirmed_on == timezone.localdate()
    assert rows[cancelled.pk].cancelled_on == timezone.localdate()
    assert (rows[placed.pk].confirmed_on, rows[placed.pk].cancelled_on) == (None, None)

    _migrate(None)  # leave the database as the other tests expect it
