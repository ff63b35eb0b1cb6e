"""The one workflow engine.

A small engine rather than django-fsm-2: a step here is a row of a table (sources,
target or none, action, guard with its refusal message, label, input form, apply), and
taking one is a single function that scopes through ``for_actor``, locks the row, checks,
applies, and writes the status history and the audit entry. django-fsm-2 decorates model
methods, so scoping, locking, the history, guards that return a reason, steps that keep
the state (recording a session) and "what may this user do now" would all have to be
built around it; the table plus ``take`` and ``available`` is shorter than that glue.

- ``declarations``: ``Step``, ``Workflow``, ``Done``, the registry (``<app>/workflows.py``)
- ``engine``: ``take`` and ``available``
- ``history``: ``timeline`` (the ``StatusChange`` rows of an object)
- ``pages``: the action forms of a staff page (``core/_actions.html``)
"""

from gonghui.core.workflow.declarations import (
    OWNER,
    SYSTEM,
    Done,
    Step,
    Workflow,
    register,
    workflow_for,
    workflow_named,
    workflows,
)
from gonghui.core.workflow.engine import (
    available,
    begin,
    begin_many,
    may,
    refuse,
    take,
    take_many,
    takeable,
)
from gonghui.core.workflow.history import Entry, timeline, timeline_of

__all__ = [
    "OWNER",
    "SYSTEM",
    "Done",
    "Entry",
    "Step",
    "Workflow",
    "available",
    "begin",
    "begin_many",
    "may",
    "refuse",
    "register",
    "take",
    "take_many",
    "takeable",
    "timeline",
    "timeline_of",
    "workflow_for",
    "workflow_named",
    "workflows",
]
