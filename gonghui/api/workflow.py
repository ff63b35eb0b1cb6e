"""The workflow fields of API detail responses: ``actions`` (what the requesting user may
do now, from ``core.workflow.available`` alone) and ``timeline`` (the status history),
and ``StepApi``, the one endpoint of a workflow's steps."""

from typing import Any, ClassVar

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.api.views import ScopedAPIView, error_responses
from gonghui.core.workflow import Step, available, take, timeline, workflow_for


class ActionSerializer(serializers.Serializer):
    step = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    step = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    from_state = serializers.CharField()
    to_state = serializers.CharField(help_text="blank for a step that keeps the state")
    note = serializers.CharField()


@extend_schema_field(ActionSerializer(many=True))
class ActionsField(serializers.Field):
    """The steps the requesting user may take on the object now."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj: Any) -> list[dict[str, str]]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [{"step": s.name, "label": str(s.label)} for s in available(user, obj)]


@extend_schema_field(TimelineEntrySerializer(many=True))
class TimelineField(serializers.Field):
    """The steps taken on the object, oldest first."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj: Any) -> list[dict[str, Any]]:
        return [
            {
                "at": serializers.DateTimeField().to_representation(entry.at),
                "step": entry.step,
                "label": entry.label,
                "from_state": entry.from_state,
                "to_state": entry.to_state,
                "note": entry.note,
            }
            for entry in timeline(obj)
        ]


class StepApi(ScopedAPIView):
    """``POST .../<pk>/steps/<step>/``: take one step of the object's workflow, one endpoint
    for every step its declaration serves on a step page (``url_names_step``). The body is
    parsed by the step's own input form, as the staff page parses it (the same fields and
    the same Chinese messages; a field the form does not know is refused), or, for the
    steps named in ``inputs``, by a serializer of the JSON shape the form cannot take (a
    list of records, an id); the engine scopes, locks, checks and records; a refusal
    answers 400 on the field it names. Subclasses set ``model`` and say how the object is
    shown (``respond``: the object taken, or the record of its model the step returned —
    a renewal — which the subclass tells apart by its pk)."""

    # step name -> the serializer of its JSON input, for steps not parsed by their form
    inputs: ClassVar[dict[str, type[serializers.Serializer]]] = {}

    @property
    def step(self) -> Step:
        workflow = workflow_for(self.model)
        name = str(self.kwargs.get("step", ""))
        for step in workflow.steps:
            if step.name == name and step.url_names_step and step.url:
                return step
        raise NotFound

    @property
    def action(self) -> str:  # type: ignore[override]
        """The step's action; none while the schema is generated (no request, no step)."""
        if "step" not in getattr(self, "kwargs", {}):
            return ""
        return self.step.action

    def respond(self, obj: Any) -> Response:
        raise NotImplementedError

    def arguments(self, data: dict[str, Any]) -> dict[str, Any]:
        """The step's keyword arguments from what its serializer parsed (``inputs``)."""
        return dict(data)

    def _form_arguments(self, obj: Any) -> dict[str, Any]:
        data = self.request.data
        if not hasattr(data, "keys"):
            raise ValidationError({"non_field_errors": [_("请提交一个对象（字段名与值）")]})
        step = self.step
        kwargs = step.form_kwargs(obj) if step.form_kwargs else {}
        form = step.input(data=data, files=self.request.FILES, **kwargs) if step.input else None
        known = set(form.fields) if form is not None else set()
        unknown = sorted((set(data) | set(self.request.FILES)) - known)
        if unknown:
            raise ValidationError({key: [_("没有这个字段")] for key in unknown})
        if form is not None and not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError(
                {field: [e["message"] for e in found] for field, found in errors.items()}
            )
        return dict(form.cleaned_data) if form is not None else {}

    @extend_schema(
        summary="Take a step of the workflow",
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        obj = self.get_object()
        name = self.step.name
        if name in self.inputs:
            arguments = self.arguments(dict(self.validated(self.inputs[name])))
        else:
            arguments = self._form_arguments(obj)
        done = take(self.actor, obj, name, **arguments)
        obj.refresh_from_db()
        return self.respond(done if isinstance(done, type(obj)) else obj)
