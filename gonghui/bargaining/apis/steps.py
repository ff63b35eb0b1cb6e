"""Taking a workflow step over the API: ``POST .../<pk>/<step>/`` with the step's input
as JSON, parsed by the step's own input serializer (a field it does not know is
refused), then the one engine (``core.workflow.take``: scope, lock, state, guard,
history, audit). The step's action is what the user must hold (403 without it anywhere,
404 outside the object's subtree); a step the endpoint does not serve is 404.

The staff pages' ``api.workflow.StepApi`` parses the body with the step's HTML form;
these steps take JSON shapes the forms do not (a list of negotiators, a vote's id), so
each has a serializer here, and the view is the same ``ScopedAPIView``."""

from typing import Any, ClassVar

from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.views import ScopedAPIView
from gonghui.core.workflow import take, workflow_for


class WorkflowStepApi(ScopedAPIView):
    """Subclasses set ``model``, ``inputs`` (step name -> input serializer) and say how
    the object (or what the step returned) is shown in ``respond``."""

    inputs: ClassVar[dict[str, type[serializers.Serializer]]] = {}

    @property
    def step_name(self) -> str:
        name = str(getattr(self, "kwargs", {}).get("step", ""))
        if name not in self.inputs:
            raise NotFound
        return name

    @property
    def action(self) -> str:  # type: ignore[override]
        """The step's action; none while the schema is generated (no request, no step)."""
        if "step" not in getattr(self, "kwargs", {}):
            return ""
        return str(workflow_for(self.model).step(self.step_name).action)

    def respond(self, obj: Any, result: Any) -> Response:
        raise NotImplementedError

    def post(self, request: Request, pk: int, step: str) -> Response:
        obj = self.get_object()
        data = self.validated(self.inputs[self.step_name])
        result = take(self.actor, obj, self.step_name, **self.arguments(data))
        obj.refresh_from_db()
        return self.respond(obj, result)

    def arguments(self, data: dict[str, Any]) -> dict[str, Any]:
        """The step's keyword arguments from its parsed input."""
        return dict(data)
