"""Model fields for personal data: an encrypted text field and its keyed blind index."""

from typing import Any

from django.db import models

from gonghui.core import pii


class EncryptedTextField(models.TextField):
    """Stores the value encrypted (Fernet); reads decrypt. Never usable in lookups:
    find rows through the companion BlindIndexField."""

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


class BlindIndexField(models.CharField):
    """HMAC of another field's value, recomputed on every save and bulk_create."""

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


class PhoneField(models.CharField):
    """A phone number in E.164, validated by ``pii.normalize_phone`` in the services.

    Marked as personal data: the audit log records that it changed, not its value."""

    pii = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
