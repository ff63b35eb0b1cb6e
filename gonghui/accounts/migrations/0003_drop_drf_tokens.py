"""API tokens moved from rest_framework.authtoken (one permanent key per user, stored in
clear) to django-rest-knox (hashed, expiring, one per sign-in): the old keys are dropped
and their users sign in again. Going back leaves them dropped."""

from django.db import migrations

DROP = [
    "DROP TABLE IF EXISTS authtoken_token",
    "DELETE FROM django_migrations WHERE app = 'authtoken'",
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_phone_fields_are_personal_data"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunSQL(sql=DROP, reverse_sql=migrations.RunSQL.noop)]
