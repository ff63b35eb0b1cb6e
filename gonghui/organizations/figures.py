"""What the modules built on the registry count about unions (members, mediation cases),
shown in the organisation tree and on a union's page.

The registry cannot import the modules built on it, so each declares its counts once in
``<app>/union_figures.py``, imported on first use (as ``core.lookups`` imports every
``lookups`` module)::

    figures.register(UnionFigure(
        key="members",
        label=_("会员"),
        action=MEMBERS_VIEW,                 # shown to users who hold it somewhere
        by_union=lambda actor: {...},        # union id -> count, in the actor's scope: the
                                             # tree adds a subtree's unions up, one query
        link=lambda actor, union: Link(...), # the union page: a count and the list that
                                             # shows it, or None (not in the actor's scope)
    ))

A link's ``count`` must read the same selector, with the same filters and scoping action,
as the list its ``url`` opens (``organizations/tests/test_figures.py`` opens each one and
compares): the number a user reads is the number of rows they find.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from gonghui.core.scoping import Actor

if TYPE_CHECKING:
    from gonghui.organizations.models import Organization

Text = str | Promise


@dataclass(frozen=True)
class Link:
    count: int
    url: str


@dataclass(frozen=True)
class UnionFigure:
    key: str
    label: Text
    action: str
    by_union: Callable[[Actor], dict[int, int]] | None = None
    link: Callable[[Actor, "Organization"], Link | None] | None = None
    order: int = 100


_FIGURES: dict[str, UnionFigure] = {}
_DISCOVERED: list[bool] = []


def register(figure: UnionFigure) -> UnionFigure:
    """Declare a figure; declaring the same key again replaces it."""
    _FIGURES[figure.key] = figure
    return figure


def declared() -> list[UnionFigure]:
    if not _DISCOVERED:
        autodiscover_modules("union_figures")
        _DISCOVERED.append(True)
    return sorted(_FIGURES.values(), key=lambda figure: (figure.order, figure.key))


def for_tree(actor: Actor) -> list[UnionFigure]:
    """The figures the tree shows to ``actor``: those counted per union that they may read."""
    return [f for f in declared() if f.by_union is not None and actor.has_action(f.action)]


@dataclass(frozen=True)
class Shown:
    figure: UnionFigure
    link: Link


def links(actor: Actor, union: "Organization") -> list[Shown]:
    """The union page's counts for ``actor``, each with the list that shows its rows."""
    shown = []
    for figure in declared():
        if figure.link is None or not actor.has_action(figure.action):
            continue
        link = figure.link(actor, union)
        if link is not None:
            shown.append(Shown(figure, link))
    return shown
