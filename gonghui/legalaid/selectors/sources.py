"""What an application taken at a window starts from: the nodes the actor receives at,
the consultation or mediation case it comes from (filled in from it), and the legal
entity named by its credit code."""

from typing import Any

from gonghui.accounts.roles import LEGALAID_RECEIVE
from gonghui.core.scoping import Actor
from gonghui.disputes.models import Consultation, MediationCase
from gonghui.hotline.models import Ticket
from gonghui.legalaid.choices import Matter
from gonghui.organizations.models import LegalEntity, Organization

# the consultation topics and mediation claims that name a legal-aid matter
TOPIC_MATTER = {
    "wages": Matter.WAGES,
    "injury": Matter.WORK_INJURY,
    "dismissal": Matter.DISMISSAL,
    "compensation": Matter.DISMISSAL,
    "damages": Matter.DISMISSAL,
    "leave": Matter.OVERTIME,
    "social_insurance": Matter.SOCIAL_INSURANCE,
    "contract": Matter.CONTRACT,
    "overtime": Matter.OVERTIME,
}


def receiving_nodes(actor: Actor) -> Any:
    return Organization.objects.for_actor(actor, LEGALAID_RECEIVE).select_related("station")


def consultation_for(*, actor: Actor, pk: Any, action: str) -> Consultation | None:
    try:
        return (
            Consultation.objects.for_actor(actor, action)
            .select_related("person", "employer")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def mediation_case_for(*, actor: Actor, pk: Any, action: str) -> MediationCase | None:
    try:
        return (
            MediationCase.objects.for_actor(actor, action)
            .select_related("employer", "committee__organization")
            .prefetch_related("applicants", "claims")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def ticket_for(*, actor: Actor, pk: Any, action: str) -> Ticket | None:
    try:
        return Ticket.objects.for_actor(actor, action).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def initial_from(
    *,
    consultation: Consultation | None,
    mediation_case: MediationCase | None,
    ticket: Ticket | None = None,
) -> dict[str, Any]:
    """The application's fields filled in from the record it comes from."""
    if ticket is not None:
        return {
            "organization": ticket.organization_id,
            "name": ticket.caller_name,
            "matter": TOPIC_MATTER.get(ticket.category, ""),
            "facts": ticket.request,
        }
    if consultation is not None:
        return {
            "organization": consultation.organization_id,
            "name": consultation.person.name if consultation.person else consultation.worker_name,
            "matter": TOPIC_MATTER.get(consultation.topic, ""),
            "facts": consultation.question,
            "opposing_name": consultation.employer.name
            if consultation.employer
            else consultation.employer_name,
            "opposing_code": consultation.employer.credit_code if consultation.employer else "",
        }
    if mediation_case is not None:
        first = next(iter(mediation_case.applicants.all()), None)
        claims = list(mediation_case.claims.all())
        return {
            "name": first.name if first else "",
            "matter": TOPIC_MATTER.get(claims[0].kind, "") if claims else "",
            "facts": mediation_case.facts,
            "opposing_name": mediation_case.employer_name,
            "opposing_code": mediation_case.employer.credit_code if mediation_case.employer else "",
            "amount_claimed": sum((c.amount for c in claims), start=0) or None,
        }
    return {}


def contact_from(
    *,
    consultation: Consultation | None,
    mediation_case: MediationCase | None,
    ticket: Ticket | None = None,
) -> dict[str, str]:
    """The worker's ID number and phone on the record an application comes from: shown
    on the form only to a user who may see personal data (and audited), taken over by
    the service when the form leaves them blank."""
    if ticket is not None:
        return {"id_number": "", "phone": ticket.caller_phone}
    if consultation is not None:
        return {"id_number": "", "phone": consultation.phone}
    if mediation_case is not None:
        first = next(iter(mediation_case.applicants.all()), None)
        if first is not None:
            return {"id_number": first.id_number, "phone": first.phone}
    return {"id_number": "", "phone": ""}


def source_node(
    *, consultation: Any, mediation_case: Any, ticket: Any = None
) -> Organization | None:
    """The node whose personal-data permission shows the source's contact details."""
    if ticket is not None:
        return ticket.organization  # type: ignore[no-any-return]
    if consultation is not None:
        return consultation.organization  # type: ignore[no-any-return]
    if mediation_case is not None:
        return mediation_case.committee.organization  # type: ignore[no-any-return]
    return None


def entity_by_code(actor: Actor, code: str) -> LegalEntity | None:
    """The registered legal entity with this credit code among those the actor reaches
    (none when blank, unknown or outside: the name typed stands alone)."""
    text = "".join(str(code or "").split()).upper()
    if not text:
        return None
    return LegalEntity.objects.for_actor(actor, LEGALAID_RECEIVE).filter(credit_code=text).first()


def root_node() -> Organization:
    """The federation: the node that retains the lawyers and keeps the register."""
    return Organization.objects.filter(parent__isnull=True).order_by("path").get()
