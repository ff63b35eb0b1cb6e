"""Backfill the dated facts from the current values: each union placed where it stands now
from its founding to its end, each legal entity covered by its current union with its
current headcount from ``covered_since``. History older than this migration was not kept,
so the figures of a past period read today's tree until the first change after it."""

from typing import Any

from django.db import migrations

BATCH = 2000


def backfill(apps: Any, schema_editor: Any) -> None:
    Organization = apps.get_model("organizations", "Organization")
    LegalEntity = apps.get_model("organizations", "LegalEntity")
    UnionPlacement = apps.get_model("organizations", "UnionPlacement")
    EntityCoverage = apps.get_model("organizations", "EntityCoverage")
    unions = Organization.objects.filter(kind="union", parent__isnull=False).exclude(
        founded_on__isnull=True
    )
    placements = [
        UnionPlacement(
            union_id=u.pk,
            parent_id=u.parent_id,
            station_id=u.station_id,
            path=u.path,
            direct_workers=u.direct_workers,
            valid_from=u.founded_on,
            valid_to=u.ended_on if u.ended_on and u.ended_on > u.founded_on else None,
        )
        for u in unions.iterator()
        if not (u.ended_on and u.ended_on <= u.founded_on)
    ]
    UnionPlacement.objects.bulk_create(placements, batch_size=BATCH)
    coverages = [
        EntityCoverage(
            entity_id=e.pk, union_id=e.union_id, headcount=e.headcount, valid_from=e.covered_since
        )
        for e in LegalEntity.objects.iterator()
    ]
    EntityCoverage.objects.bulk_create(coverages, batch_size=BATCH)


def forget(apps: Any, schema_editor: Any) -> None:
    apps.get_model("organizations", "UnionPlacement").objects.all().delete()
    apps.get_model("organizations", "EntityCoverage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_dated_facts")]

    operations = [migrations.RunPython(backfill, forget)]
