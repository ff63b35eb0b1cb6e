"""Writing the dated facts (``UnionPlacement``, ``EntityCoverage``): called by the
organisation services after they change a union's place or direct workers, a legal
entity's union or headcount, or end a union. Each call closes the open row on the day of
the change and opens one with the current values, so a figure for a day before the change
keeps reading the row that held then.

A change dated on the day the open row starts rewrites that row instead (a change on the
founding day, or an entity that joins a union's successor before it was ever covered);
the services refuse a change dated before it (``last_placed``, ``last_covered``), so a
past period is never rewritten.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Max

from gonghui.organizations.models import (
    EntityCoverage,
    LegalEntity,
    Organization,
    UnionPlacement,
)


def last_placed(unions: Iterable[Organization]) -> date | None:
    """The latest day from which one of ``unions`` stands as it does now: a change to them
    may not be dated before it."""
    rows = UnionPlacement.objects.filter(union__in=list(unions), valid_to__isnull=True)
    return rows.aggregate(day=Max("valid_from"))["day"]  # type: ignore[no-any-return]


def last_covered(entities: Iterable[LegalEntity]) -> date | None:
    """The latest day from which one of ``entities`` is covered as it is now."""
    rows = EntityCoverage.objects.filter(entity__in=list(entities), valid_to__isnull=True)
    return rows.aggregate(day=Max("valid_from"))["day"]  # type: ignore[no-any-return]


def _placement_values(union: Organization) -> dict[str, object]:
    return {
        "parent_id": union.parent_id,
        "station_id": union.station_id,
        "path": union.path,
        "direct_workers": union.direct_workers,
    }


def place(unions: Iterable[Organization], on: date) -> None:
    """From ``on``, each of ``unions`` stands as its row says now; an ended union (merged
    or dissolved) has no placement from its end. A few queries for any number of unions."""
    by_pk = {union.pk: union for union in unions}
    if not by_pk:
        return
    open_rows = list(UnionPlacement.objects.filter(union__in=by_pk, valid_to__isnull=True))
    reopened = set()
    for row in open_rows:
        union = by_pk[row.union_id]
        if row.valid_from >= on:
            reopened.add(union.pk)
            if union.is_active:
                for key, value in _placement_values(union).items():
                    setattr(row, key, value)
                row.save()
            else:
                row.delete()
    closing = [row.pk for row in open_rows if row.union_id not in reopened]
    UnionPlacement.objects.filter(pk__in=closing).update(valid_to=on)
    UnionPlacement.objects.bulk_create(
        UnionPlacement(union_id=u.pk, valid_from=on, **_placement_values(u))  # type: ignore[arg-type]
        for u in by_pk.values()
        if u.is_active and u.pk not in reopened
    )


def cover(entities: Iterable[LegalEntity], on: date) -> None:
    """From ``on``, each of ``entities`` is covered by its union with its headcount as its
    row says now (a new entity from ``on``, its ``covered_since``)."""
    by_pk = {entity.pk: entity for entity in entities}
    if not by_pk:
        return
    open_rows = list(EntityCoverage.objects.filter(entity__in=by_pk, valid_to__isnull=True))
    rewritten = set()
    for row in open_rows:
        entity = by_pk[row.entity_id]
        if row.valid_from >= on:
            rewritten.add(entity.pk)
            row.union_id, row.headcount = entity.union_id, entity.headcount
            row.save()
    closing = [row.pk for row in open_rows if row.entity_id not in rewritten]
    EntityCoverage.objects.filter(pk__in=closing).update(valid_to=on)
    EntityCoverage.objects.bulk_create(
        EntityCoverage(
            entity_id=e.pk,
            union_id=e.union_id,
            headcount=e.headcount,
            valid_from=max(on, e.covered_since),
        )
        for e in by_pk.values()
        if e.pk not in rewritten
    )


def end(union: Organization, on: date) -> None:
    """The union is merged or dissolved on ``on``: its placement stops the day before."""
    UnionPlacement.objects.filter(union=union, valid_to__isnull=True, valid_from__gte=on).delete()
    UnionPlacement.objects.filter(union=union, valid_to__isnull=True).update(valid_to=on)


def next_change(union: Organization) -> date | None:
    """The day the union's first placement ended (its first move), if it has."""
    first = UnionPlacement.objects.filter(union=union).order_by("valid_from").first()
    return first.valid_to if first is not None else None


def refound(union: Organization) -> None:
    """The founding day was corrected: the first placement starts on it."""
    first = UnionPlacement.objects.filter(union=union).order_by("valid_from").first()
    day = union.founded_on
    if first is not None and day is not None and (first.valid_to is None or day < first.valid_to):
        first.valid_from = day
        first.save(update_fields=["valid_from"])


def recover(entity: LegalEntity) -> None:
    """The day the entity came under coverage was corrected: its first row starts on it."""
    first = EntityCoverage.objects.filter(entity=entity).order_by("valid_from").first()
    if first is not None and (first.valid_to is None or entity.covered_since < first.valid_to):
        first.valid_from = entity.covered_since
        first.save(update_fields=["valid_from"])
