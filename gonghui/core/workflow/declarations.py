"""What a workflow is: a model, its status field and a table of named steps.

Apps declare their workflows in ``<app>/workflows.py`` and ``register`` them; the registry
imports those modules the first time it is asked (``autodiscover_modules``), so nothing
has to be imported in a particular order.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.module_loading import autodiscover_modules

# The action of a step the owner of the record takes (a worker withdrawing their own
# application): scoped by the queryset's owner rule (``for_owner``), not by a permission.
OWNER = "owner"
# The action of a step the system takes as part of another change (a membership
# transferred out when the new union admits the person): never offered to anyone, and not
# scoped by ``take``: the service that takes it has checked the actor's right to the change
# it belongs to, which may lie outside the object's subtree.
SYSTEM = "system"

Guard = Callable[[Any], Any]  # the object -> a refusal message, or None when allowed
# (the actor, the object) -> a refusal message, or None: a rule about who may take the
# step on this object (nobody approves what they filed, or at two levels)
ActorGuard = Callable[[Any, Any], Any]
Apply = Callable[..., "Done | None"]  # (actor, obj, **input) -> what was done


@dataclass
class Done:
    """What a step's ``apply`` did, for the engine to record.

    ``message`` is the audit entry's message (default: the step's label); ``note`` goes to
    the status history (a reason, an extension's record); ``result`` is what ``take``
    returns (default: the object); ``notices`` are called after the history is written, in
    the transaction: each one (``notice_send``) queues its delivery on commit.
    ``audited``: the step wrote the audit entry of what it created (a session, a payment)
    and left the object itself unchanged, so the engine adds none."""

    message: Any = ""
    note: str = ""
    result: Any = None
    notices: list[Callable[[], Any]] = field(default_factory=list)
    audited: bool = False


@dataclass(frozen=True)
class Step:
    """One named step: from ``sources`` to ``target`` (None: an event that keeps the
    state, such as recording a session), needing ``action`` on the object (``OWNER``: the
    record's owner), refused with ``guard``'s message (and ``actor_guard``'s, which
    also sees who is taking it), shown as ``label`` with the form
    ``input`` on the staff page ``url`` (a URL name taking the object's pk)."""

    name: str
    sources: frozenset[str]
    target: str | None
    action: str
    label: Any
    guard: Guard | None = None
    input: type[Any] | None = None
    apply: Apply | None = None
    url: str = ""
    submit: Any = ""
    # keyword arguments of the input form for one object (choices, initial values)
    form_kwargs: Callable[[Any], dict[str, Any]] | None = None
    # the refusal when the object is in another state (default: names the state)
    wrong_state: Any = ""
    # who may not take it on this object, asked after ``guard`` (SYSTEM steps: never)
    actor_guard: ActorGuard | None = None
    # the page ``url`` serves every step of the workflow: it takes the step's name too
    # (``<pk>/<step>/``, a ``core.workflow.views.StepView`` with ``step_from_url``)
    url_names_step: bool = False

    def leaves(self, state: str) -> bool:
        return state in self.sources

    def url_args(self, obj: Any) -> list[Any]:
        """The arguments of ``url`` for ``obj``."""
        return [obj.pk, self.name] if self.url_names_step else [obj.pk]


@dataclass(frozen=True)
class Workflow:
    """The steps of one model. ``organization`` gives the node an object belongs to (for
    the audit entry and the scoping path of its history)."""

    name: str
    model: type[models.Model]
    steps: tuple[Step, ...]
    organization: Callable[[Any], Any]
    # what the object is called in a refusal: "申请当前状态为……"
    noun: Any = ""
    status_field: str = "status"
    deadlines: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        names = [step.name for step in self.steps]
        if len(names) != len(set(names)):
            raise ValueError(f"workflow {self.name} declares a step twice")

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"workflow {self.name} has no step {name!r}")

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.status_field))

    def state_label(self, state: str) -> str:
        field = self.model._meta.get_field(self.status_field)
        choices = dict(getattr(field, "choices", None) or [])
        return str(choices.get(state, state))


_REGISTRY: dict[str, Workflow] = {}
_DISCOVERED: list[bool] = []


def register(workflow: Workflow) -> Workflow:
    _REGISTRY[workflow.name] = workflow
    return workflow


def workflows() -> Iterable[Workflow]:
    if not _DISCOVERED:
        _DISCOVERED.append(True)
        autodiscover_modules("workflows")
    return list(_REGISTRY.values())


def workflow_named(name: str) -> Workflow:
    workflows()
    return _REGISTRY[name]


def workflow_for(model: type[models.Model] | models.Model) -> Workflow:
    """The workflow of a model (class or instance)."""
    label = model._meta.label
    for workflow in workflows():
        if workflow.model._meta.label == label:
            return workflow
    raise LookupError(f"no workflow is declared for {label}")
