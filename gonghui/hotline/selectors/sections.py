"""Sections of a ticket's page filled by other modules (legal aid shows the application a
ticket became), without this module importing them: the kit's ``core.sections`` for the
ticket model. A module registers a ``TicketSection`` from its ``AppConfig.ready`` with
``register_ticket_section`` (or ``core.sections.register(Ticket, Section(...))``, the
same registry); the ticket's page renders ``ticket_sections(actor, ticket)`` (template
context: ``section``, ``rows``, ``ticket`` and ``obj``)."""

from typing import Any

from gonghui.core import sections
from gonghui.core.scoping import Actor

TicketSection = sections.Section
TICKET = "hotline.ticket"  # the model's label: no import of the models module needed


def register_ticket_section(section: sections.Section) -> None:
    """Registering a key again replaces it."""
    sections.register(TICKET, section)


def unregister_ticket_section(key: str) -> None:
    sections.unregister(TICKET, key)


def ticket_sections(actor: Actor, ticket: Any) -> list[tuple[sections.Section, list[Any]]]:
    """The registered sections in order that have rows for this ticket, with the rows."""
    return sections.sections_for(actor, ticket)
