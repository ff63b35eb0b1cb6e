"""A member account's name says nothing about the member: it is opaque, the account is
found through its phone, and neither the audit log nor the lockout records carry the
number."""

import re
from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from gonghui.accounts.models import User
from gonghui.core import sms
from gonghui.core.models import AuditEntry
from gonghui.members.services import signin

pytestmark = pytest.mark.django_db

PHONE = "13800138000"
DIGITS = "8613800138000"
OPAQUE = re.compile(r"m_[0-9a-f]{16}")


@pytest.fixture
def outbox() -> Iterator[list[sms.Message]]:
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _request(address: str = "10.0.0.1") -> HttpRequest:
    request = RequestFactory().post("/portal/login/", REMOTE_ADDR=address)
    request.session = SessionStore()
    return request


def _code_sign_in(capture: object, phone: str = PHONE) -> User:
    with capture(execute=True):  # type: ignore[operator]
        signin.code_request(phone=phone, address="10.0.0.1")
    code = re.search(r"\d{6}", sms.outbox[-1].text)
    assert code
    return signin.code_sign_in(request=_request(), phone=phone, code=code.group())


def test_a_new_member_account_gets_an_opaque_name(
    outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    user = _code_sign_in(django_capture_on_commit_callbacks)

    assert OPAQUE.fullmatch(user.username)
    assert "138" not in user.username
    assert all(DIGITS not in entry.actor_name for entry in AuditEntry.objects.all())
    assert all(DIGITS not in entry.object_repr for entry in AuditEntry.objects.all())


def test_the_account_is_found_again_through_its_phone(
    outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    first = _code_sign_in(django_capture_on_commit_callbacks)
    first.set_password("Ruhui-Mima-2026")
    first.save()

    by_password = signin.password_sign_in(
        request=_request(), phone=PHONE, password="Ruhui-Mima-2026"
    )

    assert by_password == first
    assert signin.account_by_phone("+" + DIGITS) == first
    assert User.objects.filter(username__startswith="m_").count() == 1


def test_two_members_get_different_names(
    outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    one = _code_sign_in(django_capture_on_commit_callbacks, "13800138000")
    two = _code_sign_in(django_capture_on_commit_callbacks, "13900139000")

    assert one.username != two.username


def test_failed_sign_ins_are_counted_without_the_number(
    outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        signin.code_request(phone=PHONE, address="10.0.0.1")

    with pytest.raises(Exception):  # noqa: B017 - a wrong code, then a wrong password
        signin.code_sign_in(request=_request(), phone=PHONE, code="000000")
    with pytest.raises(Exception):  # noqa: B017
        signin.password_sign_in(request=_request(), phone="13900139000", password="wrong-pass")

    names = list(AccessAttempt.objects.values_list("username", flat=True))
    assert len(names) == 2
    assert all("138" not in name and "139" not in name for name in names)


def test_staff_cannot_take_a_name_reserved_for_member_accounts() -> None:
    from django.core.exceptions import ValidationError

    from gonghui.accounts import services

    with pytest.raises(ValidationError) as error:
        services.user_create(actor=None, username="m_0123456789abcdef", password="Gonghui-2026-x")

    assert "username" in error.value.message_dict


def test_a_member_account_made_by_staff_signs_in_by_phone_and_a_staff_account_does_not() -> None:
    # given a member account created with a plain name (the demo's "member"), and a staff
    # account with another phone
    from gonghui.accounts.roles import Role
    from gonghui.core.testing import build_world, make_user

    world = build_world()
    member = make_user("demo_member", Role.MEMBER, world.union_a, phone="+8613900139000")
    member.set_password("Ruhui-Mima-2026")
    member.save()
    staff = make_user("staff_with_phone", Role.UNION_STAFF, world.union_a, phone="+" + DIGITS)
    staff.set_password("Ruhui-Mima-2026")
    staff.save()

    # when each signs in on the member portal with phone and password
    found = signin.password_sign_in(
        request=_request(), phone="13900139000", password="Ruhui-Mima-2026"
    )

    # then the member is found through the phone, and the staff account is never a member's
    assert found == member
    assert signin.account_by_phone("+" + DIGITS) is None
