"""The day a case's clock runs to (``due_on``) for the cases already accepted: the
extension agreed by both parties, else the statutory deadline."""

from django.db import migrations
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    MediationCase = apps.get_model("disputes", "MediationCase")
    MediationCase.objects.update(due_on=Coalesce("extended_to", "deadline"))


def empty(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("disputes", "MediationCase").objects.update(due_on=None)


class Migration(migrations.Migration):
    dependencies = [("disputes", "0004_case_deadline_pauses")]

    operations = [migrations.RunPython(fill, empty)]
