import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import PASSWORD, build_world

pytestmark = pytest.mark.django_db


def test_login_succeeds_and_is_audited(client: Client) -> None:
    build_world()
    response = client.post(
        reverse("accounts:login"), {"username": "union_a_staff", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, actor_name="union_a_staff").exists()


def test_repeated_failures_lock_the_account_out(client: Client) -> None:
    build_world()
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "union_a_staff", "password": "wrong-password"})
    locked = client.post(url, {"username": "union_a_staff", "password": PASSWORD})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_says_so_in_chinese(client: Client) -> None:
    build_world()
    response = client.post(
        reverse("accounts:login"), {"username": "union_a_staff", "password": "nope"}
    )
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


def test_admin_is_for_superusers_only(client: Client) -> None:
    world = build_world()
    staff = world.user("fed_staff")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    client.force_login(world.system)
    assert client.get("/admin/").status_code == 200


def test_language_choice_is_kept_on_the_account(client: Client) -> None:
    world = build_world()
    client.force_login(world.user("fed_staff"))
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/audit/"})
    assert response.status_code == 302
    assert response["Location"] == "/audit/"
    world.user("fed_staff").refresh_from_db()
    assert world.user("fed_staff").language == "en"
    page = client.get(reverse("core:audit_list"))
    assert page["Content-Language"] == "en"


def test_language_switch_refuses_an_outside_redirect(client: Client) -> None:
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_password_rules_refuse_a_weak_password() -> None:
    from django.core.exceptions import ValidationError

    from gonghui.accounts import services

    world = build_world()
    with pytest.raises(ValidationError) as caught:
        services.user_create(actor=world.system, username="weak", password="12345678")
    assert "password" in caught.value.message_dict


def test_a_bad_id_number_or_phone_is_refused_naming_the_field_and_nothing_is_written() -> None:
    from django.core.exceptions import ValidationError

    from gonghui.accounts import services
    from gonghui.accounts.models import User

    world = build_world()
    count = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.user_create(
            actor=world.system,
            username="worker",
            password="Strong-Pass-2026",
            id_number="110105194912310021",
            phone="12345",
        )
    assert "校验位" in caught.value.message_dict["id_number"][0]
    assert "phone" in caught.value.message_dict
    assert User.objects.count() == count
    user = services.user_create(
        actor=world.system,
        username="worker",
        password="Strong-Pass-2026",
        id_number="11010519491231002x",
    )
    assert user.id_number == "11010519491231002X"
    with pytest.raises(ValidationError) as duplicate:
        services.user_create(
            actor=world.system,
            username="worker2",
            password="Strong-Pass-2026",
            id_number="11010519491231002X",
        )
    assert "id_number" in duplicate.value.message_dict
