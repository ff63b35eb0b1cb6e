"""Encrypt the phone numbers stored in clear and fill their blind indexes."""

from django.db import migrations

from gonghui.core.pii_migrations import encrypt_columns


class Migration(migrations.Migration):
    dependencies = [("members", "0002_phone_encrypted")]

    operations = [
        encrypt_columns(
            [
                ("members", "Person", "phone", "phone_index"),
                ("members", "JoinApplication", "phone", "phone_index"),
                ("members", "Notice", "phone", "phone_index"),
                ("members", "OneTimeCode", "phone", "phone_index"),
            ]
        )
    ]
