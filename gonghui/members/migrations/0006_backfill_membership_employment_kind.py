"""Backfill each membership's kind of employment from its person's current one (what was
true when older memberships began was not kept)."""

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps: Any, schema_editor: Any) -> None:
    Membership = apps.get_model("members", "Membership")
    Person = apps.get_model("members", "Person")
    person = Person.objects.filter(pk=OuterRef("person_id"))
    Membership.objects.update(
        employment_kind=Subquery(person.values("employment_kind")[:1]),
        platform=Subquery(person.values("platform")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0005_membership_employment_kind")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
