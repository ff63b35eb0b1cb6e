"""Figures of hardship files (part of ``/reports/assistance_hardship/``; definitions in
docs/assistance.md), read from the files' dated standings (``FileStanding``): a standing
is never rewritten, so the figures of a past period do not move.

Scoped through ``FileStanding.objects.for_actor(actor, ASSISTANCE_VIEW)`` and placed by
``organizations.placement``: a file counts where its union stood on the day that matters
(the period's end for those on file, the standing's first or last day for those that
came or left). Three queries whatever the number of files.

- **On file (在档)** at the period's end: files with a standing that holds that day; by
  tier, and by cause (a file with two causes counts under each).
- **New (新建档)**: standings opened by a first approval in [start, end].
- **Returned (返困)**: standings opened by a re-approval after leaving, in the period.
- **Left (解困)**: standings closed by leaving in the period (the day of leaving).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from gonghui.accounts.roles import ASSISTANCE_VIEW
from gonghui.assistance.choices import Cause, Tier
from gonghui.assistance.models import FileStanding, Standing
from gonghui.core.scoping import Actor
from gonghui.organizations.models import Organization
from gonghui.organizations.placement import placed, scope_then


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Files:
    start: date
    end: date
    on_file: int
    by_tier: list[Row]
    by_cause: list[Row]
    new: int
    returned: int
    left: int


def _standings(actor: Actor, node: Organization | None, day: str | date) -> Any:
    rows = FileStanding.objects.for_actor(actor, ASSISTANCE_VIEW)
    return placed(rows, "file__organization", day).filter(
        scope_then(rows, actor, node, ASSISTANCE_VIEW)
    )


def _count(condition: Q | None = None) -> Coalesce:
    return Coalesce(Count("file", distinct=True, filter=condition), 0)


def files(*, actor: Actor, start: date, end: date, node: Organization | None = None) -> Files:
    held = _standings(actor, node, end).on(end)
    sums: dict[str, Any] = {"total": _count()}
    sums |= {f"tier_{t}": _count(Q(tier=t)) for t in Tier.values}
    sums |= {f"cause_{c}": _count(Q(causes__icontains=f'"{c}"')) for c in Cause.values}
    totals = held.aggregate(**sums)
    opened = (
        _standings(actor, node, "starts_on")
        .filter(starts_on__gte=start, starts_on__lte=end)
        .aggregate(
            new=_count(Q(opened_by=Standing.NEW)), returned=_count(Q(opened_by=Standing.RETURNED))
        )
    )
    left = (
        _standings(actor, node, "ends_on")
        .filter(ends_on__gte=start, ends_on__lte=end, closed_by=Standing.LEFT)
        .aggregate(left=_count())
    )
    causes = [Row(c.value, str(c.label), totals[f"cause_{c.value}"]) for c in Cause]
    return Files(
        start=start,
        end=end,
        on_file=totals["total"],
        by_tier=[Row(t.value, str(t.label), totals[f"tier_{t.value}"]) for t in Tier],
        by_cause=sorted(causes, key=lambda r: -r.count),
        new=opened["new"],
        returned=opened["returned"],
        left=left["left"],
    )
