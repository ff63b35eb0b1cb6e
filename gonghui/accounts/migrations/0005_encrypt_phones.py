"""Encrypt the phone numbers stored in clear and fill their blind indexes."""

from django.db import migrations

from gonghui.core.pii_migrations import encrypt_columns


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_phone_encrypted")]

    operations = [
        encrypt_columns(
            [
                ("accounts", "User", "phone", "phone_index"),
            ]
        )
    ]
