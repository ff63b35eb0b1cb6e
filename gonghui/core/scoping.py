"""The one scoping mechanism: every read goes through ``for_actor(actor, action)``, every
service checks with ``require(actor, action, obj)``, which asks the same queryset.

An actor holds actions on organisation nodes (``accounts.Assignment``). Three rules, each
declared once per model on its ``ScopedQuerySet``:

- the subtree: an action held by a staff role on a node reaches the node's whole subtree,
  found by the materialised path (``scope_path_field``; see
  ``organizations.models.Organization``);
- the assignee: a model whose rows are assigned to people (a mediator's committee seats, a
  lawyer's legal-aid cases, a handler's tickets) declares ``assignee_condition(actor)``; on
  such a model an assignee role (``accounts.roles.ASSIGNEE_ROLES``) does not open the
  subtree of its assignment, it reaches the rows assigned to the actor;
- the owner: a member reaches their own records through ``for_owner(actor)``, the rows
  ``owner_condition(actor)`` declares (nothing by default).
"""

from collections.abc import Iterable
from typing import Any, ClassVar, Protocol, Self, TypeAlias, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from gonghui.accounts.roles import ASSIGNEE_ROLES, STAFF_ROLES

# The one answer for an id the user may not use, whether the record does not exist or lies
# outside the user's scope: it never names the record, so it tells the two apart for nobody.
NOT_FOUND = gettext_lazy("未找到该记录，或不在您的管理范围内")
NOTHING = Q(pk__in=[])


class Actor(Protocol):
    """Who acts: a signed-in user (``accounts.User``), as scoping, the services and the
    audit see it. Whoever makes a request, signed in or not, is a ``Visitor``."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def is_union_staff(self) -> bool: ...

    def scope_paths(self, action: str, roles: frozenset[str] | None = None) -> list[str]: ...

    def holds_role(self, role: str) -> bool: ...

    def has_action(self, action: str) -> bool: ...

    def get_username(self) -> str: ...


# whoever makes a request: a signed-in actor, the anonymous user, or nobody (a task)
Visitor: TypeAlias = Actor | AnonymousUser | None


def signed_in(visitor: Visitor) -> Actor | None:
    """The visitor as an actor when signed in, else None."""
    if visitor is None or not visitor.is_authenticated:
        return None
    return cast(Actor, visitor)


def is_member_account(visitor: Visitor) -> bool:
    """A signed-in account that is not staff, a mediator or a lawyer: the member pages and
    API are for these (a lawyer's or mediator's account works in the pages of its role)."""
    actor = signed_in(visitor)
    if actor is None or actor.is_superuser or actor.is_union_staff:
        return False
    return not any(actor.holds_role(role) for role in ASSIGNEE_ROLES)


def paths_q(field: str, paths: list[str]) -> Q:
    condition = NOTHING
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows where its organisation path lies, whom its rows are assigned
    to and whose they are.

    ``scope_path_field`` names the path reached from the model, e.g. ``"path"`` for the
    organisation itself or ``"organization__path"`` for a row that belongs to one.
    """

    scope_path_field = "organization__path"

    def for_actor(self, visitor: Visitor, action: str) -> Self:
        actor = signed_in(visitor)
        if actor is None:
            return self.none()
        if actor.is_superuser:
            return self.all()
        return self.filter(self.scope_condition(actor, action))

    def scope_condition(self, actor: Actor, action: str) -> Q:
        """The rows a signed-in, non-superuser actor may reach for ``action``: the subtree
        rule, and the assignee rule where the model declares one. A model with another
        subtree (a person through their memberships) overrides ``subtree_condition``;
        nothing overrides this or ``for_actor``."""
        assigned = self.assignee_condition(actor)
        if assigned is None:
            return self.subtree_condition(actor.scope_paths(action))
        condition = self.subtree_condition(actor.scope_paths(action, STAFF_ROLES))
        if actor.scope_paths(action, ASSIGNEE_ROLES):
            condition |= assigned
        return condition

    def subtree_condition(self, paths: list[str]) -> Q:
        """The rows under the nodes of ``paths``."""
        return paths_q(self.scope_path_field, paths)

    def assignee_condition(self, actor: Actor) -> Q | None:
        """The rows assigned to ``actor``; None for a model without assignees (there an
        assignee role's actions reach the subtree of its assignment like any role's)."""
        return None

    def judged_on_the_row(self) -> bool:
        """Whether the rule is ``paths_q`` on a path field of the row itself, so that a
        loaded row can be judged without the database (``allows``)."""
        cls = type(self)
        return (
            "__" not in self.scope_path_field
            and cls.scope_condition is ScopedQuerySet.scope_condition
            and cls.subtree_condition is ScopedQuerySet.subtree_condition
            and cls.assignee_condition is ScopedQuerySet.assignee_condition
        )

    def owner_condition(self, actor: Actor) -> Q:
        """The rows that are a member's own (a signed-in member account)."""
        return NOTHING

    def for_owner(self, visitor: Visitor, *, proven: Iterable[Any] = ()) -> Self:
        """The member's own rows, and the rows of ``proven`` (ids the caller knows are the
        visitor's by other means, e.g. an anonymous applicant's browser session)."""
        condition = Q(pk__in=[int(pk) for pk in proven])
        actor = signed_in(visitor)
        if actor is not None and is_member_account(actor):
            condition |= self.owner_condition(actor)
        return self.filter(condition)


def _scoped(model: type[models.Model]) -> ScopedQuerySet:
    queryset = model._default_manager.all()
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{model.__name__} has no scoped queryset")
    return queryset


def require(visitor: Visitor, action: str, obj: models.Model) -> Actor:
    """Raise ``OutOfScope`` unless ``obj`` is among the rows ``for_actor(visitor, action)``
    gives, asked of the database: the check of every service, the same rule as every list
    and page. Returns the visitor as the signed-in actor it then is (an anonymous visitor
    reaches no row)."""
    actor = signed_in(visitor)
    if (
        actor is None
        or obj.pk is None
        or not _scoped(type(obj)).for_actor(actor, action).filter(pk=obj.pk).exists()
    ):
        raise OutOfScope(f"{action} {obj._meta.label} {obj.pk}")
    return actor


def allows(visitor: Visitor, action: str, obj: models.Model) -> bool:
    """Whether ``obj`` is within ``for_actor(actor, action)``: what a page shows (a button,
    an unmasked phone). A row of a model whose rule is the plain subtree rule on its own
    path (a node of the tree) is judged on the row as loaded, without a query, so a list
    can ask per row; any other row is asked of the database."""
    if obj.pk is None:
        return False
    queryset = _scoped(type(obj))
    actor = signed_in(visitor)
    if actor is None:
        return False
    if actor.is_superuser:
        return True
    if queryset.judged_on_the_row():
        path = getattr(obj, queryset.scope_path_field)
        return any(path.startswith(outer) for outer in actor.scope_paths(action))
    return queryset.for_actor(actor, action).filter(pk=obj.pk).exists()


def allowed_ids(actor: Visitor, action: str, objs: Iterable[models.Model]) -> set[Any]:
    """The ids of those ``objs`` (rows of one model) within ``for_actor(actor, action)``, in
    one query: what a list page asks to show an action per row."""
    rows = [obj for obj in objs if obj.pk is not None]
    if not rows:
        return set()
    queryset = type(rows[0])._default_manager.all()
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{type(rows[0]).__name__} has no scoped queryset")
    scoped = queryset.for_actor(actor, action).filter(pk__in={obj.pk for obj in rows})
    return set(scoped.values_list("pk", flat=True))


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

    @property
    def actor(self) -> Actor:
        """The signed-in user the view acts for, handed to services and selectors. The
        staff pages and the API refuse the anonymous before the view runs; an anonymous
        request that got here anyway is refused (``PermissionDenied``: 403)."""
        actor = signed_in(self.request.user)
        if actor is None:
            raise PermissionDenied
        return actor

    def base_queryset(self) -> models.QuerySet[Any]:
        return self.model._default_manager.all()

    def refine_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        return queryset

    def get_queryset(self) -> models.QuerySet[Any]:
        refined = self.refine_queryset(self.base_queryset())
        return refined.for_actor(self.request.user, self.action)  # type: ignore[attr-defined]
