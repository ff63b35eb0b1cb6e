"""Fields the bargaining API shares: a text that must be a JSON string, and the workflow
step endpoint's body check."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.api.views import MAX_COUNT

# the largest number a PositiveSmallIntegerField holds on every database (a term's or a
# session's number)
SMALL_MAX = 32_767


class TextField(serializers.CharField):
    """A text in a body: a JSON string (a number where a name or a text is expected is a
    client's mistake, refused on its field, not turned into "12")."""

    default_error_messages = {"invalid": _("请填写文字")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


def text(max_length: int = 5_000, **kwargs: Any) -> TextField:
    """An optional text: blank is passed on and the service names it when it is needed."""
    kwargs.setdefault("required", False)
    return TextField(max_length=max_length, allow_blank=True, default="", **kwargs)


def refuse_unknown(rows: Any, serializer: type[serializers.Serializer], field: str) -> None:
    """A field a nested row does not know is refused, as ``ApiMixin.validated`` refuses
    one at the top (``rows.0.colour``)."""
    known = set(serializer().fields)
    unknown = {
        f"{field}.{index}.{key}": [str(_("没有这个字段"))]
        for index, row in enumerate(rows if isinstance(rows, list) else [])
        if isinstance(row, dict)
        for key in row
        if key not in known
    }
    if unknown:
        raise serializers.ValidationError(unknown)


def ordinal(**kwargs: Any) -> serializers.IntegerField:
    """A term's or a session's number: what the column holds (the service says at least
    1, in Chinese)."""
    return serializers.IntegerField(
        min_value=-MAX_COUNT, max_value=SMALL_MAX, required=False, allow_null=True, **kwargs
    )
