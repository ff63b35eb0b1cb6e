"""Record and document numbers from named sequences, allocated under a row lock so two
concurrent writers never receive the same number."""

from django.db import transaction
from django.db.models import F

from gonghui.core.models import Sequence


@transaction.atomic
def next_values(name: str, count: int = 1) -> range:
    """Reserve ``count`` consecutive values of the sequence ``name``; returns them."""
    Sequence.objects.get_or_create(name=name)
    Sequence.objects.filter(name=name).update(  # the UPDATE holds the row lock
        last_value=F("last_value") + count
    )
    last = Sequence.objects.get(name=name).last_value
    return range(last - count + 1, last + 1)


def next_number(name: str, prefix: str, width: int = 6) -> str:
    return f"{prefix}{next_values(name)[0]:0{width}d}"
