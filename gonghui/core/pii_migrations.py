"""Data migrations that encrypt a column of personal data already stored in clear (and
fill its blind index), reversibly. Raw SQL, since the historical model's field already
decrypts on read::

    operations = [encrypt_columns([("members", "Person", "phone", "phone_index")])]
"""

from collections.abc import Sequence
from typing import Any

from cryptography.fernet import InvalidToken
from django.db import migrations

from gonghui.core import pii

Spec = tuple[str, str, str, str | None]  # app label, model, column, blind index or None
BATCH = 1000


def _is_token(value: str) -> bool:
    try:
        pii.decrypt(value)
    except (InvalidToken, ValueError):
        return False
    return True


def _rows(cursor: Any, table: str, column: str) -> list[tuple[Any, str]]:
    cursor.execute(
        f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''"  # noqa: S608
    )
    return list(cursor.fetchall())


def _rewrite(apps: Any, schema_editor: Any, specs: Sequence[Spec], forward: bool) -> None:
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        for app_label, model_name, column, index in specs:
            table = quote(apps.get_model(app_label, model_name)._meta.db_table)
            updates: list[tuple[str, str | None, Any]] = []
            for pk, value in _rows(cursor, table, quote(column)):
                if forward and not _is_token(value):
                    updates.append((pii.encrypt(value), pii.blind_index(value), pk))
                elif not forward and _is_token(value):
                    updates.append((pii.decrypt(value), None, pk))
            sets = f"{quote(column)} = %s" + (f", {quote(index)} = %s" if index else "")
            sql = f"UPDATE {table} SET {sets} WHERE id = %s"  # noqa: S608
            rows = [u if index else (u[0], u[2]) for u in updates]
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, rows[start : start + BATCH])


def encrypt_columns(specs: Sequence[Spec]) -> migrations.RunPython:
    """Encrypt the columns in place and fill their blind indexes; the reverse decrypts
    them and empties the indexes. Values already encrypted are left alone."""

    def forward(apps: Any, schema_editor: Any) -> None:
        _rewrite(apps, schema_editor, specs, forward=True)

    def backward(apps: Any, schema_editor: Any) -> None:
        _rewrite(apps, schema_editor, specs, forward=False)

    return migrations.RunPython(forward, backward)
