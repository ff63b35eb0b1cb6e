"""Member accounts were named ``m`` and the digits of their phone (``m8613812345678``), so
the audit log, the admin and django-axes' records showed the number. Each gets an opaque
name (``m_`` and 16 random hex digits, as ``members.services.signin`` now gives), and the
records that carry the old name follow: the audit log's actor names, object names and
messages, and axes' attempts and logs (a phone without an account gets the keyed tag that
``signin.sign_in_name`` counts it under). Going back names the accounts after their phone
again."""

import re
import secrets
from collections.abc import Iterator
from typing import Any

from django.db import migrations

from gonghui.core import pii

PREFIX = "m_"
OLD_NAME = r"^m[0-9]{6,16}$"
NEW_NAME = r"^m_[0-9a-f]{16}$"
AXES_MODELS = ("AccessAttempt", "AccessLog", "AccessFailureLog")
BATCH = 1000


def _digits(value: str | None) -> str:
    return "".join(ch for ch in value or "" if ch.isdigit())


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def _rename_users(apps: Any, pattern: str, new_name: Any) -> dict[int, tuple[str, str]]:
    """Rename the users whose name matches ``pattern``; returns {pk: (old, new)}."""
    user_model = apps.get_model("accounts", "User")
    renamed: dict[int, tuple[str, str]] = {}
    users = []
    taken: set[str] = set()
    for user in user_model.objects.filter(username__regex=pattern).iterator():
        name = new_name(user)
        if not name or name in taken or user_model.objects.filter(username=name).exists():
            continue
        taken.add(name)
        renamed[user.pk] = (user.username, name)
        user.username = name
        users.append(user)
    user_model.objects.bulk_update(users, ["username"], batch_size=BATCH)
    return renamed


def _rewrite_audit(apps: Any, renamed: dict[int, tuple[str, str]]) -> None:
    entry_model = apps.get_model("core", "AuditEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    user_type = content_type.objects.filter(app_label="accounts", model="user").first()
    for pks in _chunks(list(renamed)):
        entries = entry_model.objects.filter(actor_id__in=pks)
        if user_type is not None:
            entries = entries | entry_model.objects.filter(
                content_type=user_type, object_id__in=[str(pk) for pk in pks]
            )
        changed = []
        for entry in entries.distinct():
            names = [renamed[pk] for pk in {entry.actor_id, _int(entry.object_id)} if pk in renamed]
            for old, new in names:
                entry.actor_name = new if entry.actor_name == old else entry.actor_name
                entry.object_repr = new if entry.object_repr == old else entry.object_repr
                entry.message = re.sub(rf"\b{re.escape(old)}\b", new, entry.message)
            changed.append(entry)
        entry_model.objects.bulk_update(
            changed, ["actor_name", "object_repr", "message"], batch_size=BATCH
        )


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _rewrite_axes(apps: Any, names: dict[str, str], pattern: str, fallback: Any) -> None:
    for model_name in AXES_MODELS:
        model = apps.get_model("axes", model_name)
        rows = []
        for row in model.objects.filter(username__regex=pattern).iterator():
            row.username = names.get(row.username) or fallback(row.username) or row.username
            rows.append(row)
        model.objects.bulk_update(rows, ["username"], batch_size=BATCH)


def _phone_tag(old_name: str) -> str:
    return "phone_" + pii.blind_index("+" + old_name[1:])[:16]


def to_opaque(apps: Any, schema_editor: Any) -> None:
    def opaque(user: Any) -> str | None:
        if _digits(user.phone) != user.username[1:]:
            return None  # named like a member account, but not after its own phone
        return PREFIX + secrets.token_hex(8)

    renamed = _rename_users(apps, OLD_NAME, opaque)
    _rewrite_audit(apps, renamed)
    _rewrite_axes(apps, dict(renamed.values()), OLD_NAME, _phone_tag)


def to_phone_names(apps: Any, schema_editor: Any) -> None:
    def after_phone(user: Any) -> str | None:
        return "m" + _digits(user.phone) if _digits(user.phone) else None

    renamed = _rename_users(apps, NEW_NAME, after_phone)
    _rewrite_audit(apps, renamed)
    _rewrite_axes(apps, dict(renamed.values()), NEW_NAME, lambda name: None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_encrypt_phones"),
        ("core", "0003_audit_client_request_id"),
        ("axes", "0010_accessattemptexpiration"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(to_opaque, to_phone_names)]
