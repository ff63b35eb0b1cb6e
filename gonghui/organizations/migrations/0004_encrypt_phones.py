"""Encrypt the phone numbers stored in clear and fill their blind indexes."""

from django.db import migrations

from gonghui.core.pii_migrations import encrypt_columns


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_phone_encrypted")]

    operations = [
        encrypt_columns(
            [
                ("organizations", "Organization", "chair_phone", None),
                ("organizations", "Organization", "contact_phone", None),
            ]
        )
    ]
