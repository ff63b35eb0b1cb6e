"""Reads of collective contracts: the scoped list with its filters, one contract with
what its page shows, the organisations a process may be opened for, and the contracts
whose renewal is due."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.roles import BARGAINING_NEGOTIATE, BARGAINING_VIEW
from gonghui.bargaining.choices import IN_FORCE, Status
from gonghui.bargaining.models import Contract, Guidance, Negotiator, StepClock
from gonghui.core.scoping import Actor
from gonghui.organizations.choices import NodeKind
from gonghui.organizations.models import LegalEntity, Organization

CONTRACT_MODEL = Contract


def contract_list(
    *,
    actor: Actor,
    action: str = BARGAINING_VIEW,
    q: str = "",
    status: str = "",
    kind: str = "",
    overdue: bool = False,
    expiring: bool = False,
) -> QuerySet[Contract]:
    rows = Contract.objects.for_actor(actor, action).with_overdue().select_related("organization")
    if q.strip():
        text = q.strip()
        rows = rows.filter(Q(title__contains=text) | Q(number=text) | Q(employer__contains=text))
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if overdue:
        rows = rows.overdue()
    if expiring:
        rows = rows.filter(renewal_due_q(timezone.localdate()))
    return rows


def contract_detail(*, actor: Actor, action: str = BARGAINING_VIEW) -> QuerySet[Contract]:
    return (
        Contract.objects.for_actor(actor, action)
        .with_overdue()
        .select_related("organization", "replaces", "adopted_by", "adopted_by__session")
        .prefetch_related("entities", "renewals")
    )


def negotiators_of(contract: Contract) -> QuerySet[Negotiator]:
    return contract.negotiators.order_by("-side", "-chief", "pk")  # the workers' side first


def guidance_of(contract: Contract) -> QuerySet[Guidance]:
    return contract.guidance.select_related("guide_unit").order_by("guided_on", "pk")


def clocks_of(contract: Contract) -> QuerySet[StepClock]:
    return contract.clocks.order_by("started_on", "pk")


def opening_nodes(actor: Actor, action: str = BARGAINING_NEGOTIATE) -> QuerySet[Organization]:
    """The unions (and, for area and sector contracts or congresses, the stations and the
    federation) the actor may open a process or convene a congress for."""
    return Organization.objects.for_actor(actor, action).active().order_by("path")


def renewal_due_q(today: date, lead_days: int | None = None) -> Q:
    """Contracts in force whose term ends within the lead time (the rule in force today
    when not given) and whose renewal has not been opened."""
    from gonghui.bargaining.selectors.policy import policy_on

    days = lead_days if lead_days is not None else policy_on(today).renewal_lead_days
    renewing = Contract.objects.exclude(status=Status.ABANDONED).filter(replaces__isnull=False)
    return Q(
        status__in=IN_FORCE, term_end__gte=today, term_end__lte=today + timedelta(days=days)
    ) & ~Q(pk__in=renewing.values("replaces_id"))


def is_union(node: Any) -> bool:
    return getattr(node, "kind", None) == NodeKind.UNION


def entities_chosen(
    actor: Actor, node: Organization, codes: list[str], action: str = BARGAINING_NEGOTIATE
) -> tuple[list[LegalEntity], list[str]]:
    """The firms under ``node`` named by their credit codes (all of them when none is
    given), and the codes that name none of them."""
    rows = LegalEntity.objects.for_actor(actor, action).filter(union__path__startswith=node.path)
    if not codes:
        return list(rows.order_by("name")), []
    chosen = list(rows.filter(credit_code__in=codes).order_by("name"))
    found = {entity.credit_code for entity in chosen}
    return chosen, sorted(set(codes) - found)


def drafts_for(node: Organization) -> QuerySet[Contract]:
    """Drafts a congress convened by ``node`` may vote on: processes at step 4 under it."""
    return Contract.objects.filter(
        status=Status.NEGOTIATED, organization__path__startswith=node.path
    ).order_by("number")
