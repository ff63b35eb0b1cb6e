"""The service levels and return reasons a new installation starts with (staff change
them on the settings page; a change is a new row with its effective day)."""

from datetime import date

from django.db import migrations

START = date(2000, 1, 1)
LEVELS = (
    # source, measure, amount, unit
    ("12345", "contact", 2, "working_hours"),
    ("12345", "handling", 5, "working_days"),
    ("12345", "completion", 7, "working_days"),
    ("12351", "contact", 2, "working_hours"),
    ("12351", "handling", 3, "working_days"),
    ("12351", "completion", 5, "working_days"),
)
REASONS = (
    "不属于本单位职责范围",
    "派单单位有误",
    "来电人信息有误，无法联系",
    "重复工单",
    "诉求已由其他渠道办理",
)


def forwards(apps, schema_editor):
    ServiceLevel = apps.get_model("hotline", "ServiceLevel")
    ReturnReason = apps.get_model("hotline", "ReturnReason")
    for source, measure, amount, unit in LEVELS:
        ServiceLevel.objects.get_or_create(
            source=source,
            measure=measure,
            effective_from=START,
            defaults={"amount": amount, "unit": unit},
        )
    for position, name in enumerate(REASONS, start=1):
        ReturnReason.objects.get_or_create(name=name, defaults={"position": position})


def backwards(apps, schema_editor):
    apps.get_model("hotline", "ServiceLevel").objects.filter(effective_from=START).delete()
    apps.get_model("hotline", "ReturnReason").objects.filter(name__in=REASONS).delete()


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_tickets")]

    operations = [migrations.RunPython(forwards, backwards)]
