"""Encrypt the phone numbers stored in clear and fill their blind indexes."""

from django.db import migrations

from gonghui.core.pii_migrations import encrypt_columns


class Migration(migrations.Migration):
    dependencies = [("disputes", "0002_phone_encrypted")]

    operations = [
        encrypt_columns(
            [
                ("disputes", "Consultation", "phone", None),
                ("disputes", "CaseApplicant", "phone", None),
            ]
        )
    ]
