"""Re-encrypt every personal-data field under the newest PII key and recompute the blind
indexes (after PII_KEY gained a new first key, or PII_INDEX_KEY changed).

Rotation: put the new key first in PII_KEY (keep the old ones after it), deploy, run this
command (it rewrites the private files too), then drop the old keys. Lookups keep working
throughout, because the blind index is keyed on PII_INDEX_KEY (or the last key of
PII_KEY), not the newest key."""

from itertools import islice
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction

from gonghui.core import audit
from gonghui.core.fields import BlindIndexField, EncryptedTextField
from gonghui.core.middleware import set_request_id
from gonghui.core.models import AuditAction
from gonghui.core.storage import EncryptedFileSystemStorage

BATCH = 1000


class Command(BaseCommand):
    help = "Re-encrypt personal data under the newest PII key and rebuild blind indexes."

    def handle(self, *args: Any, **options: Any) -> None:
        set_request_id()
        for model in apps.get_models():
            fields = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedTextField | BlindIndexField)
            ]
            if fields:
                count = self._rotate(model, fields)
                self.stdout.write(f"{model._meta.label}: {count}")
        self.stdout.write(f"files: {self._rotate_files()}")

    def _rotate_files(self) -> int:
        """The private files (attachments, rosters, error reports), each rewritten under
        the newest key, so that the old keys can be dropped even for files kept for years."""
        storage = default_storage
        if not isinstance(storage, EncryptedFileSystemStorage):
            return 0
        names = storage.stored_names()
        for name in names:
            storage.reencrypt(name)
        audit.record(
            actor=None,
            action=AuditAction.BULK,
            changes={"files": len(names)},
            message="rotate_pii files",
        )
        return len(names)

    @transaction.atomic
    def _rotate(self, model: Any, fields: list[Any]) -> int:
        names = [f.name for f in fields]
        indexes = [f for f in fields if isinstance(f, BlindIndexField)]
        rows = model._default_manager.only("pk", *names).iterator(chunk_size=BATCH)
        total = 0
        while batch := list(islice(rows, BATCH)):
            for obj in batch:
                for field in indexes:
                    setattr(obj, field.attname, field.pre_save(obj, add=False))
            model._default_manager.bulk_update(batch, names)
            total += len(batch)
        audit.record(
            actor=None,
            action=AuditAction.BULK,
            changes={"rows": total, "fields": names},
            message=f"rotate_pii {model._meta.label}",
        )
        return total
