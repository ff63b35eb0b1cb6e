"""The staff home's work (the workbench): what needs the user, as counts that link to the
filtered list giving the same number, and the year's key figures of their subtree.

Each app declares its tiles once in ``<app>/workbench.py`` and registers them here; the
first read imports those modules (as the reports and workflows registries do), so ``core``
names no app::

    workbench.register(Tile(
        key="applications",
        label=_("待审核的入会申请"),
        action=MEMBERS_REVIEW,              # shown to users who hold it somewhere
        count=lambda actor: ...,            # the rows the list below shows, for this actor
        url=lambda actor: "/members/applications/?status=open",
        urgent=False,                       # a non-zero count is shown as a warning
    ))

A tile's ``count`` must read the same selector, with the same filters and the same
scoping action, as the list its ``url`` opens: the test ``core/tests/test_workbench.py``
opens every tile's list and compares.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from gonghui.core.notices import unread_count
from gonghui.core.scoping import Actor

Text = str | Promise


@dataclass(frozen=True)
class Tile:
    key: str
    label: Text
    action: str
    count: Callable[[Actor], int]
    url: Callable[[Actor], str]
    urgent: bool = False
    order: int = 100
    # who may see the tile besides holding ``action`` (a notice inbox: everyone)
    shown: Callable[[Actor], bool] | None = None


@dataclass(frozen=True)
class Count:
    tile: Tile
    value: int
    url: str

    @property
    def warn(self) -> bool:
        return self.tile.urgent and self.value > 0


_TILES: dict[str, Tile] = {}
_discovered = False


def register(tile: Tile) -> Tile:
    known = _TILES.get(tile.key)
    if known is not None and known is not tile:
        raise ValueError(f"a workbench tile named {tile.key!r} is already registered")
    _TILES[tile.key] = tile
    return tile


def _discover() -> None:
    global _discovered  # noqa: PLW0603 - imported once per process
    if not _discovered:
        _discovered = True
        autodiscover_modules("workbench")


def tiles() -> list[Tile]:
    _discover()
    return sorted(_TILES.values(), key=lambda tile: (tile.order, tile.key))


def _shows(tile: Tile, actor: Any) -> bool:
    if tile.shown is not None:
        return tile.shown(actor)
    return bool(actor.has_action(tile.action))


def counts_for(actor: Actor) -> list[Count]:
    """The tiles the user may see, each with its count and the list that shows it."""
    return [
        Count(tile, tile.count(actor), tile.url(actor)) for tile in tiles() if _shows(tile, actor)
    ]


register(
    Tile(
        key="notices_unread",
        label=_("未读通知"),
        action="",
        count=unread_count,
        url=lambda actor: f"{reverse('core:notices')}?unread=1",
        shown=lambda actor: True,
        order=90,
    )
)
