"""The Django admin: accounts and their assignments are written through the accounts
services (audited like any other write, the personal-data permission above all); every
other model is read-only there."""

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from gonghui.accounts.admin import UserAdmin
from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import Role
from gonghui.core.models import AuditAction, AuditEntry
from gonghui.core.testing import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db

# Admins that write through the audited services; every other admin must be read-only.
AUDITED_ADMINS = {UserAdmin}


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def superuser_client(world: World) -> Client:
    client = Client()
    client.force_login(world.system)
    return client


def _user_form(user: User, assignments: list[Assignment], **changes: Any) -> dict[str, Any]:
    """The POST of the admin's change page of ``user`` as it is, with ``changes``."""
    data: dict[str, Any] = {
        "username": user.username,
        "display_name": user.display_name,
        "phone": user.phone,
        "language": user.language,
        "is_active": "on" if user.is_active else "",
        "is_superuser": "on" if user.is_superuser else "",
        "assignments-TOTAL_FORMS": str(len(assignments)),
        "assignments-INITIAL_FORMS": str(len(assignments)),
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    for n, assignment in enumerate(assignments):
        prefix = f"assignments-{n}-"
        data[prefix + "id"] = str(assignment.pk)
        data[prefix + "user"] = str(user.pk)
        data[prefix + "organization"] = str(assignment.organization_id)
        data[prefix + "role"] = assignment.role
        if assignment.can_view_personal_data:
            data[prefix + "can_view_personal_data"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def _change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_every_admin_is_read_only_unless_it_writes_through_audited_services(
    world: World,
) -> None:
    request = RequestFactory().get("/admin/")
    request.user = world.system

    writable = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if type(model_admin) not in AUDITED_ADMINS
        and (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
    ]

    assert writable == []


def test_granting_the_personal_data_permission_in_the_admin_is_audited(
    world: World, superuser_client: Client
) -> None:
    staff = world.user("union_a_staff")
    assignment = staff.assignments.get()

    response = superuser_client.post(
        _change_url(staff),
        _user_form(staff, [assignment], **{"assignments-0-can_view_personal_data": "on"}),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assignment.refresh_from_db()
    assert assignment.can_view_personal_data
    entry = AuditEntry.objects.get(
        content_type__model="assignment", object_id=str(assignment.pk), action=AuditAction.UPDATE
    )
    assert entry.actor == world.system
    assert entry.changes == {"can_view_personal_data": [False, True]}
    assert entry.organization_id == world.union_a.pk
    assert "个人信息" in entry.message


def test_adding_and_removing_an_assignment_in_the_admin_is_audited(
    world: World, superuser_client: Client
) -> None:
    staff = world.user("union_a_staff")
    existing = staff.assignments.get()
    added = _user_form(
        staff,
        [existing],
        **{
            "assignments-TOTAL_FORMS": "2",
            "assignments-1-user": str(staff.pk),
            "assignments-1-organization": str(world.union_b.pk),
            "assignments-1-role": Role.UNION_STAFF,
        },
    )

    superuser_client.post(_change_url(staff), added)
    new = staff.assignments.get(organization=world.union_b)
    superuser_client.post(
        _change_url(staff),
        _user_form(staff, [existing, new], **{"assignments-1-DELETE": "on"}),
    )

    assert not staff.assignments.filter(organization=world.union_b).exists()
    entries = AuditEntry.objects.filter(content_type__model="assignment", object_id=str(new.pk))
    assert sorted(entries.values_list("action", flat=True)) == ["create", "delete"]
    assert set(entries.values_list("organization_id", flat=True)) == {world.union_b.pk}


def test_changing_an_account_in_the_admin_is_audited(
    world: World, superuser_client: Client
) -> None:
    staff = world.user("fed_staff")

    superuser_client.post(
        _change_url(staff), _user_form(staff, list(staff.assignments.all()), is_superuser="on")
    )

    staff.refresh_from_db()
    assert staff.is_superuser
    entry = AuditEntry.objects.get(
        content_type__model="user", object_id=str(staff.pk), action=AuditAction.UPDATE
    )
    assert entry.actor == world.system
    assert entry.changes["is_superuser"] == [False, True]


def test_adding_an_account_in_the_admin_is_audited_without_the_password_hash(
    world: World, superuser_client: Client
) -> None:
    response = superuser_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_staff",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new_staff")
    entry = AuditEntry.objects.get(
        content_type__model="user", object_id=str(user.pk), action=AuditAction.CREATE
    )
    assert entry.actor == world.system
    assert user.password not in repr(entry.changes)


def test_a_password_set_in_the_admin_is_audited_without_the_hash(
    world: World, superuser_client: Client
) -> None:
    staff = world.user("union_a_staff")

    response = superuser_client.post(
        reverse("admin:auth_user_password_change", args=[staff.pk]),
        {
            "usable_password": "true",
            "password1": "Another-Pass-2027",
            "password2": "Another-Pass-2027",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    staff.refresh_from_db()
    assert staff.check_password("Another-Pass-2027")
    entry = AuditEntry.objects.get(
        content_type__model="user", object_id=str(staff.pk), action=AuditAction.UPDATE
    )
    assert entry.actor == world.system
    assert staff.password not in repr(entry.changes)
    assert "密码" in entry.message


def test_domain_data_cannot_be_changed_in_the_admin(world: World, superuser_client: Client) -> None:
    url = reverse("admin:organizations_organization_change", args=[world.union_a.pk])

    page = superuser_client.get(url)
    post = superuser_client.post(url, {"name": "改名"})

    assert page.status_code == 200  # superusers may read
    assert post.status_code == 403
    world.union_a.refresh_from_db()
    assert world.union_a.name == "甲公司工会"


def test_every_admin_list_and_the_account_pages_open(
    world: World, superuser_client: Client
) -> None:
    staff = world.user("union_a_staff")
    urls = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    urls += [
        _change_url(staff),
        reverse("admin:accounts_user_add"),
        reverse("admin:auth_user_password_change", args=[staff.pk]),
    ]

    answers = {url: superuser_client.get(url).status_code for url in urls}

    assert set(answers.values()) == {200}, answers
