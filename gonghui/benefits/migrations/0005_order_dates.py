"""An order keeps the business days of its confirmation and cancellation (``confirmed_on``,
``cancelled_on``), which the figures count by; a purchase recorded after the fact gives
them, a step taken today writes today.

The existing orders get them from their status history (the local day of the step into
``confirmed`` and into ``cancelled``); a confirmation is never put after the delivery day
staff gave, nor before the day ordered. The CHECKs that keep the days in order are added
after that fill.

This one file holds the schema change and its fill (the house rule keeps them apart)
because the checks can only be added once the rows are filled, and another migration
depends on this file by its name (``0005_order_dates``); the fill touches no key column,
so PostgreSQL queues no trigger event before the constraints are added. Reversible: the
columns go, the days with them."""

from typing import Any

from django.db import migrations, models
from django.utils import timezone


def _days(apps: Any, state: str) -> dict[int, Any]:
    """The local day of each order's (first) step into ``state``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("core", "StatusChange")
    kind = ContentType.objects.filter(app_label="benefits", model="order").first()
    if kind is None:
        return {}
    rows = StatusChange.objects.filter(content_type=kind, to_state=state).order_by("-at")
    return {
        int(object_id): timezone.localdate(at)
        for object_id, at in rows.values_list("object_id", "at").iterator(chunk_size=2000)
    }


def fill(apps: Any, schema_editor: Any) -> None:
    Order = apps.get_model("benefits", "Order")
    confirmed, cancelled = _days(apps, "confirmed"), _days(apps, "cancelled")
    for order in Order.objects.only("pk", "placed_on", "delivered_on").iterator(chunk_size=2000):
        day = confirmed.get(order.pk)
        if day is None and order.delivered_on is not None:
            day = order.delivered_on  # delivered: it was confirmed by then
        if day is not None:
            day = max(day, order.placed_on)
            if order.delivered_on is not None:
                day = min(day, order.delivered_on)
        Order.objects.filter(pk=order.pk).update(
            confirmed_on=day, cancelled_on=cancelled.get(order.pk)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0004_fill_claimed_on"),
        ("core", "0004_status_change"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="cancelled_on",
            field=models.DateField(blank=True, null=True, verbose_name="取消日期"),
        ),
        migrations.AddField(
            model_name="order",
            name="confirmed_on",
            field=models.DateField(blank=True, null=True, verbose_name="确认日期"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["confirmed_on"], name="group_order_confirmed_idx"),
        ),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("confirmed_on__isnull", True),
                    ("confirmed_on__gte", models.F("placed_on")),
                    _connector="OR",
                ),
                name="group_order_confirmed_after_placed",
            ),
        ),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("delivered_on__isnull", True),
                    models.Q(
                        ("confirmed_on__isnull", False),
                        ("delivered_on__gte", models.F("confirmed_on")),
                    ),
                    _connector="OR",
                ),
                name="group_order_delivered_after_confirmed",
            ),
        ),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("paid_on__isnull", True),
                    models.Q(
                        ("delivered_on__isnull", False),
                        ("paid_on__gte", models.F("delivered_on")),
                    ),
                    _connector="OR",
                ),
                name="group_order_paid_after_delivered",
            ),
        ),
    ]
