"""The data migration that renames member accounts named after their phone."""

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0005_encrypt_phones")]
AFTER = [("accounts", "0006_opaque_member_usernames")]
OLD = "m8613800138000"


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor._create_project_state(with_applied_migrations=True).apps  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_member_accounts_named_after_their_phone_get_opaque_names() -> None:
    apps = _migrate(BEFORE)
    user_model = apps.get_model("accounts", "User")
    member = user_model.objects.create(username=OLD, phone="+8613800138000", password="!")
    staff = user_model.objects.create(username="m12345678", phone="+8613900139000", password="!")
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(
        app_label="accounts", model="user"
    )
    apps.get_model("core", "AuditEntry").objects.create(
        actor_id=member.pk,
        actor_name=OLD,
        action="create",
        content_type=content_type,
        object_id=str(member.pk),
        object_repr=OLD,
        message=f"{OLD} 登录",
    )
    apps.get_model("axes", "AccessAttempt").objects.create(
        username=OLD, ip_address="10.0.0.1", user_agent="", failures_since_start=1
    )
    apps.get_model("axes", "AccessFailureLog").objects.create(
        username="m8613700000001", ip_address="10.0.0.1", user_agent=""
    )

    apps = _migrate(AFTER)

    renamed = apps.get_model("accounts", "User").objects.get(pk=member.pk)
    assert renamed.username.startswith("m_") and len(renamed.username) == 18
    assert apps.get_model("accounts", "User").objects.get(pk=staff.pk).username == "m12345678"
    entry = apps.get_model("core", "AuditEntry").objects.get()
    assert (entry.actor_name, entry.object_repr) == (renamed.username, renamed.username)
    assert entry.message == f"{renamed.username} 登录"
    assert apps.get_model("axes", "AccessAttempt").objects.get().username == renamed.username
    tag = apps.get_model("axes", "AccessFailureLog").objects.get().username
    assert tag.startswith("phone_") and "8613700000001" not in tag

    apps = _migrate(BEFORE)

    assert apps.get_model("accounts", "User").objects.get(pk=member.pk).username == OLD
    assert apps.get_model("core", "AuditEntry").objects.get().actor_name == OLD

    _migrate(AFTER)  # leave the database as the other tests expect it
