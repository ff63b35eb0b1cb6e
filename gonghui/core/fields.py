"""Model fields for personal data: an encrypted text field, its keyed blind index, and the
phone field (encrypted, found through its own blind index)."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from gonghui.core import pii

# lookups that reveal nothing about an encrypted value and need no comparison with it
SAFE_LOOKUPS = frozenset({"isnull"})


class EncryptedTextField(models.TextField):
    """Stores the value encrypted (Fernet); reads decrypt. Never usable in lookups (the
    ciphertext differs at each write, so ``filter(phone=...)`` would silently match
    nothing): find rows through the companion BlindIndexField; a lookup raises."""

    pii = True

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return pii.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return pii.encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in SAFE_LOOKUPS:
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted: filter on its blind index "
                f"(pii.blind_index(value)), not with '{lookup_name}'"
            )
        return super().get_lookup(lookup_name)


class BlindIndexField(models.CharField):
    """HMAC of another field's value, recomputed on every save and bulk_create. A save
    with ``update_fields`` must name it with its source: use ``with_blind_indexes``."""

    pii = True

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = getattr(model_instance, self.source)
        index = pii.blind_index(value) if value else None
        setattr(model_instance, self.attname, index)
        return index


class PhoneField(EncryptedTextField):
    """A phone number in E.164, validated by ``pii.normalize_phone`` in the services,
    stored encrypted. Models that look rows up by phone add
    ``phone_index = BlindIndexField(source="phone", null=True, blank=True, db_index=True)``
    and filter with ``phone_index=pii.blind_index(phone)``."""


def with_blind_indexes(model: type[models.Model], names: Iterable[str]) -> list[str]:
    """``names`` (for ``save(update_fields=...)``) plus the blind indexes of those of them
    that are the source of one, so an index never goes stale."""
    names = list(names)
    indexes = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, BlindIndexField) and f.source in names and f.name not in names
    ]
    return [*names, *indexes]
