"""The workflow fields of API detail responses: ``actions`` (what the requesting user may
do now, from ``core.workflow.available`` alone) and ``timeline`` (the status history)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.core.workflow import available, timeline


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
