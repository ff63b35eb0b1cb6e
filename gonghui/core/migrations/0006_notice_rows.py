"""Notices moved from members to core: copy the rows (ids, ciphertext and blind index as
they are) and move the id sequence past them; the reverse copies them back."""

from typing import Any

from django.core.management.color import no_style
from django.db import migrations

COLUMNS = (
    "id, person_id, user_id, phone, phone_index, title, body, url, created_at, read_at, sms_sent_at"
)


def _copy(source: str, target: str, model_label: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {target} ({COLUMNS}) SELECT {COLUMNS} FROM {source}")  # noqa: S608 - fixed names
            for sql in connection.ops.sequence_reset_sql(no_style(), [apps.get_model(model_label)]):
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0005_notice"), ("members", "0003_encrypt_phones")]

    operations = [
        migrations.RunPython(
            _copy("members_notice", "core_notice", "core.Notice"),
            _copy("core_notice", "members_notice", "members.Notice"),
        )
    ]
