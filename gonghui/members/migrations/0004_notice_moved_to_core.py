"""Notices live in core now (``core.0006_notice_rows`` copied the rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0003_encrypt_phones"), ("core", "0006_notice_rows")]

    operations = [migrations.DeleteModel(name="Notice")]
