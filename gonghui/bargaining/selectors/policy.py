"""The rule in force on a day."""

from datetime import date

from django.utils import timezone

from gonghui.bargaining.models import Policy


def policy_on(day: date | None = None) -> Policy:
    """The rule in force on ``day`` (today by default): the latest that had started; the
    earliest when none had (a day before the first rule is judged by it)."""
    day = day or timezone.localdate()
    found = Policy.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if found is None:
        found = Policy.objects.order_by("effective_from").first()
    if found is None:
        raise LookupError("no bargaining policy is installed")
    return found
