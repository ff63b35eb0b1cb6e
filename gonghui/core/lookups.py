"""Type-ahead lookups: choosing a union, a legal entity or a person is a search, never a
drop-down of a thousand options.

A domain app declares a kind once (``register`` in its ``lookups.py``, imported on first
use): the rows it offers for an actor and an action (through ``for_actor``), how a typed
text narrows them, and how a row is labelled.
``/lookups/<kind>/?q=...&action=...`` answers ``{"results": [{"id", "label"}]}`` with
at most ``LIMIT`` rows of the actor's scope for that action: 403 for an action the user
holds nowhere, 404 for an unknown kind. The form side is ``core.forms.TypeaheadSelect``
with ``static/js/typeahead.js``; the field still validates the id it receives against its
own scoped queryset, so a lookup can only ever offer, never grant."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.module_loading import autodiscover_modules
from django.views import View

from gonghui.core.scoping import Actor, signed_in

LIMIT = 20
MAX_QUERY = 50


@dataclass(frozen=True)
class Kind:
    """``rows(actor, action)`` the scoped rows, ``search(rows, text)`` narrowed by the
    typed text, ``label(row)`` what the user reads; ``action`` the default action."""

    action: str
    rows: Callable[[Actor, str], QuerySet[Any]]
    search: Callable[[QuerySet[Any], str], QuerySet[Any]]
    label: Callable[[Any], str]


KINDS: dict[str, Kind] = {}


def register(name: str, kind: Kind) -> None:
    KINDS[name] = kind


_DISCOVERED: list[bool] = []


def kinds() -> dict[str, Kind]:
    """The declared kinds, after importing every app's ``lookups`` module once (a form may
    have imported one of them before)."""
    if not _DISCOVERED:
        autodiscover_modules("lookups")
        _DISCOVERED.append(True)
    return KINDS


def lookup(*, actor: Actor, kind: str, text: str, action: str = "") -> list[dict[str, Any]]:
    """The first ``LIMIT`` rows of ``kind`` the actor may reach for ``action`` whose
    search matches ``text`` (all of them, first ones first, for an empty text)."""
    declared = kinds()[kind]
    rows = declared.rows(actor, action or declared.action)
    text = " ".join(text.split())[:MAX_QUERY]
    if text:
        rows = declared.search(rows, text)
    return [{"id": row.pk, "label": declared.label(row)} for row in rows[:LIMIT]]


class LookupView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, kind: str) -> JsonResponse:
        if kind not in kinds():
            raise Http404
        action = request.GET.get("action", "") or KINDS[kind].action
        actor = signed_in(request.user)
        if actor is None or not actor.has_action(action):
            raise PermissionDenied
        results = lookup(actor=actor, kind=kind, text=request.GET.get("q", ""), action=action)
        return JsonResponse({"results": results})
