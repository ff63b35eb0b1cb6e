"""The one scoping mechanism: every read goes through ``for_actor(actor, action)``.

An actor holds actions on organisation nodes (``accounts.Assignment``); an action held on a
node reaches its whole subtree, found by the node's materialised path (see
``organizations.models.Organization``). A queryset of a scoped model is limited to rows
whose organisation path starts with one of the actor's paths for that action.
"""

from collections.abc import Iterable
from typing import Any, ClassVar, Protocol, Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

# The one answer for an id the user may not use, whether the record does not exist or lies
# outside the user's scope: it never names the record, so it tells the two apart for nobody.
NOT_FOUND = gettext_lazy("未找到该记录，或不在您的管理范围内")


class Actor(Protocol):
    is_authenticated: bool
    is_superuser: bool

    def scope_paths(self, action: str) -> list[str]: ...


def paths_q(field: str, paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows where its organisation path lies.

    ``scope_path_field`` names the path reached from the model, e.g. ``"path"`` for the
    organisation itself or ``"organization__path"`` for a row that belongs to one.
    """

    scope_path_field = "organization__path"

    def for_actor(self, actor: Any, action: str) -> Self:
        if actor is None or not getattr(actor, "is_authenticated", False):
            return self.none()
        if actor.is_superuser:
            return self.all()
        return self.filter(self.scope_condition(actor, action))

    def scope_condition(self, actor: Any, action: str) -> Q:
        """The rows a signed-in, non-superuser actor may reach for ``action``; a model with
        another rule (a mediator's committees, a person through memberships) overrides
        this, never ``for_actor``."""
        return paths_q(self.scope_path_field, actor.scope_paths(action))


class OutOfScope(Exception):
    """Raised by services when an actor acts on a node outside its scope."""


class NotAmongChoices(LookupError):
    """An id of a request names no row the user may choose (unknown or out of scope)."""


def pick(choices: models.QuerySet[Any], ids: Iterable[Any]) -> list[Any]:
    """The rows of ``choices`` (a queryset already limited to what the user may choose:
    ``for_actor``, or the seats of a committee) with these ids, in the order given.

    Raises ``NotAmongChoices`` when one id is not an id, does not exist or lies outside
    ``choices``, alike: the caller answers ``NOT_FOUND``, naming nothing."""
    wanted: list[int] = []
    for value in ids:
        if isinstance(value, bool):
            raise NotAmongChoices(value)
        try:
            wanted.append(int(value))
        except (TypeError, ValueError) as exc:
            raise NotAmongChoices(value) from exc
    rows = {row.pk: row for row in choices.filter(pk__in=set(wanted))}
    missing = [pk for pk in wanted if pk not in rows]
    if missing:
        raise NotAmongChoices(missing[0])
    return [rows[pk] for pk in wanted]


class ScopedQueryMixin:
    """The queryset of a staff page or API view: ``base_queryset``, refined by the subclass
    in ``refine_queryset``, then limited by ``for_actor(user, action)`` last, so a subclass
    cannot widen it. A subclass that overrides ``get_queryset`` is refused when defined."""

    action: ClassVar[str] = ""
    model: Any = None
    request: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(
                f"{cls.__name__} overrides get_queryset; override refine_queryset instead"
            )

    def base_queryset(self) -> models.QuerySet[Any]:
        return self.model._default_manager.all()

    def refine_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        return queryset

    def get_queryset(self) -> models.QuerySet[Any]:
        refined = self.refine_queryset(self.base_queryset())
        return refined.for_actor(self.request.user, self.action)  # type: ignore[attr-defined]
