"""Fields of API serializers that carry a project rule."""

from typing import Any

from rest_framework import serializers

from gonghui.core.forms import validate_date_in_range


class DateField(serializers.DateField):
    """A date between ``core.forms.MIN_DATE`` and ``MAX_DATE`` (400 naming the field
    otherwise): the rule of every date in a query or a body."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", []), validate_date_in_range]
        super().__init__(**kwargs)
