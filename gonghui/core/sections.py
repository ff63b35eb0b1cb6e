"""Sections of a record's page filled by other modules (no signals, no imports upward).

A module below (members: a worker's page; disputes: a mediation case's page) renders the
sections registered for its model; the modules built on it register theirs from their
``AppConfig.ready``: assistance and legal aid add a worker's files, aid and legal-aid
cases to the member page, legal aid adds the linked legal-aid cases to a mediation case's
page. ``load(actor, obj)`` returns the rows to show, already scoped to the actor;
``template`` renders them (context: ``section``, ``rows`` and ``obj``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise

from gonghui.core.scoping import Actor


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    template: str
    load: Callable[[Actor, Any], list[Any]]
    order: int = 100


_SECTIONS: dict[str, dict[str, Section]] = {}


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def register(model: type[models.Model] | str, section: Section) -> None:
    """Add ``section`` to the pages of ``model`` (``"app_label.model"`` or the class);
    registering a key again replaces it."""
    _SECTIONS.setdefault(_label(model), {})[section.key] = section


def unregister(model: type[models.Model] | str, key: str) -> None:
    _SECTIONS.get(_label(model), {}).pop(key, None)


def sections_for(actor: Actor, obj: models.Model) -> list[tuple[Section, list[Any]]]:
    """The sections registered for ``obj``'s model, in order, that have rows for it."""
    registered = _SECTIONS.get(obj._meta.label_lower, {})
    ordered = sorted(registered.values(), key=lambda s: (s.order, s.key))
    loaded = [(section, section.load(actor, obj)) for section in ordered]
    return [(section, rows) for section, rows in loaded if rows]
