"""Member sign-in: one-time codes by SMS (hashed, expiring, single use, tries and rate
limits), member passwords, and what a sign-in links to the account."""

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import pii, sms
from gonghui.core.models import AuditEntry, Notice
from gonghui.core.testing import World, build_world
from gonghui.members.models import JoinApplication, OneTimeCode, Person
from gonghui.members.services import signin
from gonghui.portal.tests import factories

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = "13800138000"
E164 = "+8613800138000"
STRONG_PASSWORD = "Ruhui-Mima-2026"


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """``timezone.now`` (and so ``auto_now_add``) frozen at 10:00 local, moved by hand."""
    frozen = Clock(datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI))
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen


@pytest.fixture
def outbox() -> Iterator[list[sms.Message]]:
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _request(address: str = "10.0.0.1") -> HttpRequest:
    request = RequestFactory().post("/portal/login/", REMOTE_ADDR=address)
    request.session = SessionStore()
    return request


def _code_in(message: sms.Message) -> str:
    found = re.search(r"\b(\d{6})\b", message.text)
    assert found, message.text
    return found.group(1)


def _request_code(
    django_capture_on_commit_callbacks: object, phone: str = PHONE, address: str = "10.0.0.1"
) -> str:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        signin.code_request(phone=phone, address=address)
    return _code_in(sms.outbox[-1])


# --- codes -----------------------------------------------------------------------------


def test_a_code_is_sent_by_sms_after_commit_and_only_its_hash_is_stored(
    clock: Clock, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        sent = signin.code_request(phone="138 0013 8000", address="10.0.0.1")
        assert outbox == []  # nothing leaves before the transaction commits

    assert len(callbacks) == 1
    assert [m.phone for m in outbox] == [E164]
    code = _code_in(outbox[0])
    assert "5 分钟内有效" in outbox[0].text
    stored = OneTimeCode.objects.get()
    assert stored.phone == E164
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    assert stored.code_hash == signin.code_hash(E164, code)
    assert stored.expires_at == clock.now + timedelta(minutes=5)
    assert (sent.expires_in, sent.resend_after) == (300, 60)


def test_codes_are_six_random_digits(
    clock: Clock, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    codes = set()
    for serial in range(8):
        codes.add(_request_code(django_capture_on_commit_callbacks, phone=f"1390000{serial:04d}"))

    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 1


@pytest.mark.parametrize(
    ("phone", "message"),
    [("", "请填写电话号码"), ("12345", "电话号码"), ("010 6512 3456", "请填写手机号码")],
)
def test_a_code_needs_a_mobile_number(clock: Clock, phone: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        signin.code_request(phone=phone, address="10.0.0.1")

    assert message in error.value.message_dict["phone"][0]
    assert not OneTimeCode.objects.exists()


def test_the_right_code_signs_in_and_creates_the_member_account(
    clock: Clock, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    code = _request_code(django_capture_on_commit_callbacks)
    clock.advance(minutes=4, seconds=59)

    user = signin.code_sign_in(request=_request(), phone=PHONE, code=code)

    assert user.username.startswith("m_") and "13800138000" not in user.username
    assert user.phone == E164
    assert not user.has_usable_password()
    assert not user.assignments.exists()  # no role is needed for the member pages
    assert signin.is_member_account(user)
    assert OneTimeCode.objects.get().used_at == clock.now
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="create").exists()


def test_an_expired_code_is_refused(
    clock: Clock, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    code = _request_code(django_capture_on_commit_callbacks)
    clock.advance(minutes=5)

    with pytest.raises(ValidationError) as error:
        signin.code_sign_in(request=_request(), phone=PHONE, code=code)

    assert error.value.message_dict["code"] == ["验证码已过期，请重新获取"]
    assert signin.account_by_phone(E164) is None


def test_a_code_is_used_once(
    clock: Clock, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    code = _request_code(django_capture_on_commit_callbacks)
    signin.code_sign_in(request=_request(), phone=PHONE, code=code)

    with pytest.raises(ValidationError) as error:
        signin.code_sign_in(request=_request(), phone=PHONE, code=code)

    assert error.value.message_dict["code"] == ["验证码已使用，请重新获取"]


def test_wrong_codes_are_counted_and_the_fifth_ends_the_code(
    clock: Clock, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    code = _request_code(django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    messages = []
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"):
        with pytest.raises(ValidationError) as error:
            # a different address each time, so only the code's own count is at work
            signin.code_sign_in(request=_request(address), phone=PHONE, code=wrong)
        messages.append(error.value.message_dict["code"][0])

    assert messages[0] == "验证码不正确，还可以再试 4 次"
    assert messages[3] == "验证码不正确，还可以再试 1 次"
    assert messages[4] == "验证码输入错误次数过多，请重新获取"
    assert OneTimeCode.objects.get().attempts == 5
    with pytest.raises(ValidationError) as error:
        signin.code_sign_in(request=_request("10.0.0.9"), phone=PHONE, code=code)
    assert error.value.message_dict["code"] == ["验证码输入错误次数过多，请重新获取"]


def test_a_malformed_code_is_not_a_try(
    clock: Clock, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    _request_code(django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError) as error:
        signin.code_sign_in(request=_request(), phone=PHONE, code="12ab")

    assert error.value.message_dict["code"] == ["请输入短信中的6位数字验证码"]
    assert OneTimeCode.objects.get().attempts == 0


def test_only_the_newest_code_counts(
    clock: Clock, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    first = _request_code(django_capture_on_commit_callbacks)
    clock.advance(seconds=61)
    second = _request_code(django_capture_on_commit_callbacks)
    if first == second:  # one chance in a million
        pytest.skip("the two random codes are equal")

    with pytest.raises(ValidationError):
        signin.code_sign_in(request=_request(), phone=PHONE, code=first)
    user = signin.code_sign_in(request=_request(), phone=PHONE, code=second)

    assert user.phone == E164


def test_no_code_requested(clock: Clock) -> None:
    with pytest.raises(ValidationError) as error:
        signin.code_sign_in(request=_request(), phone=PHONE, code="123456")

    assert error.value.message_dict["code"] == ["请先获取验证码"]


# --- rate limits -----------------------------------------------------------------------


def test_one_code_per_phone_per_minute(clock: Clock) -> None:
    signin.code_request(phone=PHONE, address="10.0.0.1")
    clock.advance(seconds=45)

    with pytest.raises(signin.TooManyRequests) as refused:
        signin.code_request(phone=PHONE, address="10.0.0.2")

    assert refused.value.message == "获取验证码过于频繁，请 15 秒后再试"
    assert refused.value.retry_after == 15
    clock.advance(seconds=15)
    signin.code_request(phone=PHONE, address="10.0.0.2")
    assert OneTimeCode.objects.count() == 2


def test_ten_codes_per_phone_per_day(clock: Clock) -> None:
    for _ in range(10):
        signin.code_request(phone=PHONE, address="10.0.0.1")
        clock.advance(minutes=2)

    with pytest.raises(signin.TooManyRequests) as refused:
        signin.code_request(phone=PHONE, address="10.0.0.1")

    assert "今天获取验证码的次数已达上限（10 次），请明天再试" in refused.value.message
    # 10:20 local: the limit lifts at midnight
    assert refused.value.retry_after == (13 * 60 + 40) * 60
    clock.now = datetime(2026, 3, 3, 0, 0, 1, tzinfo=SHANGHAI)
    signin.code_request(phone=PHONE, address="10.0.0.1")


def test_twenty_codes_per_address_per_hour(clock: Clock) -> None:
    for serial in range(20):
        signin.code_request(phone=f"1390000{serial:04d}", address="10.9.9.9")

    with pytest.raises(signin.TooManyRequests) as refused:
        signin.code_request(phone="13900009999", address="10.9.9.9")

    assert refused.value.message == "当前网络获取验证码过于频繁，请 60 分钟后再试"
    signin.code_request(phone="13900009999", address="10.8.8.8")  # another address
    clock.advance(hours=1)
    signin.code_request(phone="13900009998", address="10.9.9.9")
    assert OneTimeCode.objects.count() == 22


def test_a_refused_phone_does_not_use_up_the_address(clock: Clock) -> None:
    signin.code_request(phone=PHONE, address="10.9.9.9")
    for _ in range(25):
        with pytest.raises(signin.TooManyRequests):
            signin.code_request(phone=PHONE, address="10.9.9.9")

    signin.code_request(phone="13900000001", address="10.9.9.9")


# --- lockout (django-axes) -------------------------------------------------------------


def test_wrong_codes_lock_the_account_name_and_address(
    outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    # real time: django-axes stamps and expires its attempts with the real clock
    assert settings.AXES_FAILURE_LIMIT == 5
    first = _request_code(django_capture_on_commit_callbacks)
    for _ in range(3):
        with pytest.raises(ValidationError):
            signin.code_sign_in(request=_request(), phone=PHONE, code=_not(first))
    second = "246810"  # a newer code, as if requested a minute later
    OneTimeCode.objects.create(
        phone=E164,
        code_hash=signin.code_hash(E164, second),
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    with pytest.raises(ValidationError):
        signin.code_sign_in(request=_request(), phone=PHONE, code=_not(second))

    with pytest.raises(signin.SignInLocked) as locked:
        signin.code_sign_in(request=_request(), phone=PHONE, code=_not(second))
    assert locked.value.message == "登录失败次数过多，请 30 分钟后再试"
    with pytest.raises(signin.SignInLocked):
        signin.code_sign_in(request=_request(), phone=PHONE, code=second)
    # the lockout is of this account name at this address
    user = signin.code_sign_in(request=_request("10.0.0.7"), phone=PHONE, code=second)
    assert user.phone == E164


def _not(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


# --- passwords -------------------------------------------------------------------------


def _member(phone: str = E164) -> User:
    user = User.objects.create_user(username=signin.new_member_username(), phone=phone)
    user.set_unusable_password()
    user.save()
    return user


def test_a_member_sets_a_password_and_signs_in_with_it() -> None:
    user = _member()

    signin.member_set_password(user=user, password=STRONG_PASSWORD)
    signed_in = signin.password_sign_in(request=_request(), phone=PHONE, password=STRONG_PASSWORD)

    assert signed_in == user
    entry = AuditEntry.objects.filter(object_id=str(user.pk)).latest("pk")
    assert entry.message == "会员设置登录密码"
    assert "password" not in entry.changes


def test_a_weak_password_is_refused() -> None:
    user = _member()

    with pytest.raises(ValidationError) as error:
        signin.member_set_password(user=user, password="12345678")

    assert error.value.message_dict["password"]
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_staff_account_is_not_signed_in_as_a_member() -> None:
    world = build_world()
    staff = world.user("union_a_staff")

    with pytest.raises(ValidationError):
        signin.member_set_password(user=staff, password=STRONG_PASSWORD)
    assert not signin.is_member_account(staff)
    assert signin.is_member_account(world.user("member"))


def test_wrong_passwords_lock_out() -> None:
    user = _member()
    signin.member_set_password(user=user, password=STRONG_PASSWORD)
    for _ in range(4):
        with pytest.raises(ValidationError) as error:
            signin.password_sign_in(request=_request(), phone=PHONE, password="wrong-password")
        assert "手机号或密码不正确" in error.value.message_dict["password"][0]

    with pytest.raises(signin.SignInLocked):
        signin.password_sign_in(request=_request(), phone=PHONE, password="wrong-password")
    with pytest.raises(signin.SignInLocked):
        signin.password_sign_in(request=_request(), phone=PHONE, password=STRONG_PASSWORD)


def test_a_member_without_a_password_is_told_to_use_a_code() -> None:
    _member()

    with pytest.raises(ValidationError) as error:
        signin.password_sign_in(request=_request(), phone=PHONE, password=STRONG_PASSWORD)

    assert "请使用短信验证码登录" in error.value.message_dict["password"][0]


# --- what a sign-in links --------------------------------------------------------------


@pytest.fixture
def world() -> World:
    return build_world()


def _sign_in_with_code(django_capture_on_commit_callbacks: object, phone: str) -> User:
    code = _request_code(django_capture_on_commit_callbacks, phone=phone)
    return signin.code_sign_in(request=_request(), phone=phone, code=code)


def test_sign_in_links_the_only_record_with_that_phone_and_claims_what_was_left_for_it(
    world: World, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    # an anonymous worker applied, and was approved before ever signing in
    applied = factories.approved(world, serial=1)
    assert applied.applicant is None

    user = _sign_in_with_code(django_capture_on_commit_callbacks, factories.phone(1))

    person = Person.objects.get(user=user)
    assert person.name == "王小明"
    assert user.display_name == "王小明"
    applied.refresh_from_db()
    assert applied.applicant == user
    assert set(Notice.objects.values_list("user", flat=True)) == {user.pk}
    assert AuditEntry.objects.filter(
        object_id=str(applied.pk), message__contains="归入其会员账户"
    ).exists()


def test_sign_in_does_not_link_a_record_when_the_phone_is_ambiguous(
    world: World, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    factories.approved(world, serial=1)
    factories.approved(world, serial=2)
    phone = factories.e164(factories.phone(1))
    Person.objects.update(phone=phone, phone_index=pii.blind_index(phone))

    user = _sign_in_with_code(django_capture_on_commit_callbacks, factories.phone(1))

    assert not Person.objects.filter(user=user).exists()


def test_sign_in_does_not_take_a_record_linked_to_another_account(
    world: World, outbox: list[sms.Message], django_capture_on_commit_callbacks: object
) -> None:
    other = factories.member(2)
    factories.approved(world, serial=1, actor=other)

    user = _sign_in_with_code(django_capture_on_commit_callbacks, factories.phone(1))

    assert Person.objects.get().user == other
    assert not JoinApplication.objects.filter(applicant=user).exists()


def test_a_request_while_another_for_the_same_phone_runs_is_refused(clock: Clock) -> None:
    from django.core.cache import cache

    cache.add(f"otp-request:{signin.mobile_number(PHONE)}", 1, timeout=30)  # the other one

    with pytest.raises(signin.TooManyRequests):
        signin.code_request(phone=PHONE, address="10.0.0.1")

    assert OneTimeCode.objects.count() == 0
    cache.clear()
    signin.code_request(phone=PHONE, address="10.0.0.1")
    assert OneTimeCode.objects.count() == 1
