"""Reads of the legal-aid settings page: the eligibility rules, the firms, the lawyers
with their load, and the engagements register."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.legalaid.choices import Status
from gonghui.legalaid.models import EligibilityRule, Engagement, LawFirm, Lawyer


def rules() -> QuerySet[EligibilityRule]:
    return EligibilityRule.objects.order_by("kind", "-effective_from", "id")


def rule(pk: Any) -> EligibilityRule | None:
    return EligibilityRule.objects.filter(pk=pk).first()


def firms(*, active_only: bool = False) -> QuerySet[LawFirm]:
    rows = LawFirm.objects.order_by("name")
    return rows.filter(active=True) if active_only else rows


def lawyers_with_load(actor: Any, action: str) -> QuerySet[Lawyer]:
    """The lawyers the actor reaches, each with the cases they handle now (``load``) and
    those they closed (``closed``)."""
    return (
        Lawyer.objects.for_actor(actor, action)
        .select_related("firm", "user")
        .annotate(
            load=Count("cases", filter=Q(cases__status=Status.ACTING)),
            closed=Count("cases", filter=Q(cases__status=Status.CLOSED)),
        )
        .order_by("-active", "name", "id")
    )


def lawyer_accounts(lawyer: Lawyer | None = None) -> QuerySet[User]:
    """Accounts holding the lawyer role, not linked to another lawyer."""
    taken = Lawyer.objects.filter(user__isnull=False)
    if lawyer is not None:
        taken = taken.exclude(pk=lawyer.pk)
    return (
        User.objects.filter(assignments__role=Role.LAWYER, is_active=True)
        .exclude(pk__in=taken.values("user"))
        .distinct()
        .order_by("username")
    )


def engagements(actor: Any, action: str) -> QuerySet[Engagement]:
    return Engagement.objects.for_actor(actor, action).select_related("lawyer", "firm", "party")
