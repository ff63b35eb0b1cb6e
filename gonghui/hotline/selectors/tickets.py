"""Reads of hotline tickets: the scoped list with its filters and overdue flags, one
ticket with what its page shows, the handlers of a unit and the settings' rows."""

from contextlib import suppress
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from gonghui.accounts.models import User
from gonghui.accounts.roles import HOTLINE_DISPATCH, HOTLINE_HANDLE, HOTLINE_VIEW, roles_granting
from gonghui.core import clocks, pii
from gonghui.core.scoping import Actor
from gonghui.disputes.models import MediationCommittee
from gonghui.hotline.choices import AT_UNIT, MEASURE_ORDER, Measure
from gonghui.hotline.models import ReturnReason, ServiceLevel, Ticket, TicketReturn
from gonghui.organizations.models import Organization

TICKET_MODEL = Ticket  # the scoped base views name the model they serve
CLOCK_NAMES = [str(m) for m in MEASURE_ORDER]


def ticket_list(
    *,
    actor: Actor,
    action: str = HOTLINE_VIEW,
    q: str = "",
    source: str = "",
    status: str = "",
    category: str = "",
    mine: bool = False,
    waiting: bool = False,
    overdue: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Ticket]:
    """The actor's tickets, filtered, each with its overdue flags (``overdue`` and
    ``overdue_<measure>``) in the list's one query."""
    rows = Ticket.objects.for_actor(actor, action).select_related("organization", "handler")
    text = q.strip()
    if text:
        condition = Q(number__contains=text) | Q(caller_name__contains=text)
        condition |= Q(request__contains=text)
        with suppress(ValidationError):  # not a phone number: search the rest
            condition |= Q(caller_phone_index=pii.blind_index(pii.normalize_phone(text)))
        rows = rows.filter(condition)
    if source:
        rows = rows.filter(source=source)
    if status:
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(category=category)
    if mine:
        rows = rows.filter(handler=actor.pk)
    if waiting:  # at a unit, not yet completed
        rows = rows.filter(status__in=AT_UNIT)
    if since:
        rows = rows.filter(received_at__date__gte=since)
    if until:
        rows = rows.filter(received_at__date__lte=until)
    flagged: QuerySet[Ticket] = clocks.overdue_objects(rows) if overdue else rows
    return clocks.with_overdue(flagged, CLOCK_NAMES)


def ticket_detail(*, actor: Actor, action: str = HOTLINE_VIEW) -> QuerySet[Ticket]:
    return Ticket.objects.for_actor(actor, action).select_related(
        "organization",
        "owner",
        "dispatcher_unit",
        "completed_unit",
        "handler",
        "consultation",
        "mediation_case",
    )


def ticket_clocks(ticket: Ticket) -> list[dict[str, Any]]:
    """The ticket's clocks in measure order, each with its label and state."""
    found = clocks.clocks_of(ticket)
    labels = dict(Measure.choices)
    return [
        {"name": name, "label": labels[name], "clock": found[name]}
        for name in CLOCK_NAMES
        if name in found
    ]


def ticket_returns(ticket: Ticket) -> QuerySet[TicketReturn]:
    return ticket.return_rows.select_related("organization", "reason", "returned_by")


def handlers_at(unit: Organization) -> QuerySet[User]:
    """The users assigned at the unit with a role that handles tickets."""
    return (
        User.objects.filter(
            is_active=True,
            assignments__organization=unit,
            assignments__role__in=roles_granting(HOTLINE_HANDLE),
        )
        .distinct()
        .order_by("username")
    )


def tickets_of_consultation(actor: Actor, consultation: Any) -> list[Ticket]:
    return list(Ticket.objects.for_actor(actor, HOTLINE_VIEW).filter(consultation=consultation))


def service_levels() -> QuerySet[ServiceLevel]:
    return ServiceLevel.objects.order_by("source", "measure", "-effective_from", "-pk")


def return_reasons() -> QuerySet[ReturnReason]:
    return ReturnReason.objects.order_by("position", "pk")


def return_reason(pk: Any) -> ReturnReason | None:
    return ReturnReason.objects.filter(pk=pk).first()


def dispatch_nodes(actor: Actor) -> QuerySet[Organization]:
    """The nodes where the actor registers and dispatches tickets."""
    return Organization.objects.for_actor(actor, HOTLINE_DISPATCH).select_related("station")


def committees_for(ticket: Ticket) -> QuerySet[MediationCommittee]:
    """The active mediation committees of the ticket's unit and the nodes above it: those
    a ticket's mediation application is offered to (the service checks the actor's)."""
    unit = ticket.organization
    nodes = [unit.pk, *unit.ancestor_ids()]
    return MediationCommittee.objects.filter(active=True, organization__in=nodes).order_by(
        "organization__path", "pk"
    )
