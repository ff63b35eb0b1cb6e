"""Sections of a ticket's page filled by other modules (legal aid shows the application a
ticket became), without this module importing them: a module registers a
``TicketSection`` from its ``AppConfig.ready``, as ``members.selectors.register_person_section``."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from gonghui.core.scoping import Actor


@dataclass(frozen=True)
class TicketSection:
    """``load(actor, ticket)`` returns the rows to show, already scoped to the actor;
    ``template`` renders them (context: ``section``, ``rows``, ``ticket``)."""

    key: str
    title: str | Promise
    template: str
    load: Callable[[Actor, Any], list[Any]]
    order: int = 100


TICKET_SECTIONS: dict[str, TicketSection] = {}


def register_ticket_section(section: TicketSection) -> None:
    """Called by a module's ``AppConfig.ready``; registering a key again replaces it."""
    TICKET_SECTIONS[section.key] = section


def ticket_sections(actor: Actor, ticket: Any) -> list[tuple[TicketSection, list[Any]]]:
    """The registered sections in order that have rows for this ticket, with the rows."""
    sections = sorted(TICKET_SECTIONS.values(), key=lambda s: (s.order, s.key))
    loaded = [(section, section.load(actor, ticket)) for section in sections]
    return [(section, rows) for section, rows in loaded if rows]
