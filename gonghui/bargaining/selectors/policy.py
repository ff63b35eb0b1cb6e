"""The rule in force on a day."""

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.bargaining.models import Policy

# the rule the first migration installs (企业民主管理规定, 2012), used as it is when the
# table holds none (a database emptied by hand, or a test that flushed the tables)
DEFAULT = {
    "effective_from": date(2012, 4, 13),
    "manager_cap": Decimal("20.00"),
    "assembly_below": 100,
    "renewal_lead_days": 90,
    "basis": "企业民主管理规定（总工发〔2012〕12号）",
}


def policy_on(day: date | None = None) -> Policy:
    """The rule in force on ``day`` (today by default): the latest that had started; the
    earliest when none had (a day before the first rule is judged by it)."""
    day = day or timezone.localdate()
    found = Policy.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if found is None:
        found = Policy.objects.order_by("effective_from").first()
    return found if found is not None else Policy(**DEFAULT)


def policies() -> QuerySet[Policy]:
    """Every rule, the latest first (the settings page)."""
    return Policy.objects.order_by("-effective_from")
