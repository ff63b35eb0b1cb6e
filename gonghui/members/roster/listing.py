"""The roster import list's filters (the list page and the workbench's count of failed
imports read the same function)."""

from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.members.models import RosterImport

RECENT_DAYS = 30  # a failed import older than this no longer waits on the workbench


def roster_imports(
    queryset: QuerySet[RosterImport],
    *,
    union: Any = None,
    status: str = "",
    since: date | None = None,
) -> QuerySet[RosterImport]:
    """``queryset`` narrowed to one union, one status, uploads from a local day on."""
    if union is not None:
        queryset = queryset.filter(union=union)
    if status:
        queryset = queryset.filter(status=status)
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time.min))
        queryset = queryset.filter(created_at__gte=start)
    return queryset.select_related("union", "actor")
