"""Member sign-in: a one-time code sent by SMS to the phone, or a password the member set.

A code is six digits from ``secrets``, stored only as an HMAC (keyed with ``SECRET_KEY``
and bound to the phone), valid for five minutes, usable once and refused after five wrong
tries; only the newest code of a phone counts. Codes are rate-limited: one per phone per
minute and ten per phone per local day (counted in the database), and twenty per client
address per hour (counted in the cache, so every app server shares the count).

Failed sign-ins of both kinds are counted by django-axes against the account name and the
client address (``AXES_FAILURE_LIMIT``): a password goes through ``authenticate`` and a
wrong code sends ``user_login_failed`` as ``authenticate`` would.

A member's account has an opaque name (``m_`` and 16 random hex digits: a name is shown in
the audit log and the admin, so it must not carry the phone) and is found through its
phone (``account_by_phone``). Failed sign-ins are counted under the account's name, or for
a phone without an account under a keyed tag of the phone (``sign_in_name``). The
first code sign-in creates it; every sign-in links it to the worker's record (the one
``Person`` with that phone, when there is exactly one and it has no account) and claims
the applications and notices that were left for that phone, since the code proved the
phone is the member's.
"""

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import MEMBER_USERNAME_PREFIX, User
from gonghui.accounts.roles import STAFF_ROLES
from gonghui.core import audit, pii
from gonghui.core.models import AuditAction, Notice
from gonghui.core.scoping import is_member_account as is_member_account  # the one rule
from gonghui.core.sms import send_sms
from gonghui.members.models import JoinApplication, OneTimeCode, Person

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=5)
CODE_MAX_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(seconds=60)
CODES_PER_PHONE_PER_DAY = 10
CODES_PER_ADDRESS_PER_HOUR = 20
USERNAME_PREFIX = MEMBER_USERNAME_PREFIX


class TooManyRequests(Exception):
    """A code was refused by a rate limit; ``retry_after`` is in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, retry_after)


class SignInLocked(Exception):
    """django-axes locked this account name and address after repeated failures."""

    def __init__(self) -> None:
        minutes = math.ceil(float(settings.AXES_COOLOFF_TIME) * 60)
        self.message = _("登录失败次数过多，请 %(minutes)s 分钟后再试") % {"minutes": minutes}
        super().__init__(self.message)


@dataclass(frozen=True)
class CodeSent:
    phone: str
    expires_in: int
    resend_after: int


# --- accounts --------------------------------------------------------------------------


def mobile_number(raw: str, field: str = "phone") -> str:
    """The phone in E.164 when it is a mobile number (a code goes by SMS)."""
    try:
        phone = pii.normalize_phone(raw)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    kind = phonenumbers.number_type(phonenumbers.parse(phone))
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError({field: _("请填写手机号码，验证码将以短信发送")})
    return phone


def new_member_username() -> str:
    """An opaque name for a new member account: nothing in it identifies the member."""
    return USERNAME_PREFIX + secrets.token_hex(8)


def account_by_phone(phone: str, *, lock: bool = False) -> User | None:
    """The member account of a phone (E.164), found through the phone, never the name: an
    account that is not staff (``core.scoping.is_member_account``), whatever its name (new
    ones are opaque; one created by staff or the demo may have a plain one)."""
    accounts = User.objects.filter(phone_index=pii.blind_index(phone), is_superuser=False).exclude(
        assignments__role__in=STAFF_ROLES
    )
    if lock:
        accounts = accounts.select_for_update()
    return accounts.order_by("pk").first()


def sign_in_name(phone: str) -> str:
    """The name django-axes counts the phone's sign-ins under: its account's, or for a
    phone without an account a keyed tag of the phone (never the number)."""
    account = account_by_phone(phone)
    return account.username if account else "phone_" + pii.blind_index(phone)[:16]


def _member_account(phone: str) -> User:
    # first sign-ins of one phone queue on its codes (the caller has just used one)
    list(OneTimeCode.objects.select_for_update().filter(phone_index=pii.blind_index(phone)))
    user = account_by_phone(phone, lock=True)
    if user is not None:
        return user
    user = User(username=new_member_username(), phone=phone)
    user.set_unusable_password()
    user.save()
    audit.record(
        actor=user,
        action=AuditAction.CREATE,
        obj=user,
        message=_("会员通过短信验证码首次登录，开立会员账户"),
    )
    return user


def _link_person(user: User) -> None:
    """Link the account to the worker's record with this phone when that is unambiguous."""
    if not user.phone or Person.objects.filter(user=user).exists():
        return
    people = list(
        Person.objects.select_for_update().filter(phone_index=pii.blind_index(user.phone))[:2]
    )
    if len(people) != 1 or people[0].user_id is not None:
        return
    person = people[0]
    before = audit.snapshot(person)
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    if not user.display_name:
        user.display_name = person.name
        user.save(update_fields=["display_name"])
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=person,
        before=before,
        after=audit.snapshot(person),
        message=_("会员账户与职工档案关联（手机号一致）"),
    )


@transaction.atomic
def member_claim_records(*, user: User) -> int:
    """Give the account the applications and notices left for its (verified) phone or its
    worker's record by an anonymous applicant or before the account existed. Returns the
    number of applications claimed."""
    if not is_member_account(user) or not user.phone:
        return 0
    claimed = list(
        JoinApplication.objects.select_for_update().filter(
            applicant__isnull=True, phone_index=pii.blind_index(user.phone)
        )
    )
    for application in claimed:
        JoinApplication.objects.filter(pk=application.pk).update(applicant=user)
        audit.record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=application,
            changes={"applicant": [None, user.pk]},
            message=_("申请人以申请时的手机号登录，申请归入其会员账户"),
        )
    Notice.objects.filter(
        Q(person__user=user) | Q(person__isnull=True, phone_index=pii.blind_index(user.phone)),
        user__isnull=True,
    ).update(user=user)
    return len(claimed)


@transaction.atomic
def _signed_in(user: User) -> User:
    _link_person(user)
    member_claim_records(user=user)
    return user


# --- codes -----------------------------------------------------------------------------


def code_hash(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _check_phone_limits(phone: str, now: datetime) -> None:
    latest = (
        OneTimeCode.objects.filter(phone_index=pii.blind_index(phone))
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is not None and now - latest.created_at < RESEND_INTERVAL:
        wait = math.ceil((latest.created_at + RESEND_INTERVAL - now).total_seconds())
        raise TooManyRequests(
            _("获取验证码过于频繁，请 %(seconds)s 秒后再试") % {"seconds": wait}, wait
        )
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    today = OneTimeCode.objects.filter(
        phone_index=pii.blind_index(phone), created_at__gte=midnight
    ).count()
    if today >= CODES_PER_PHONE_PER_DAY:
        wait = math.ceil((midnight + timedelta(days=1) - local).total_seconds())
        raise TooManyRequests(
            _("该手机号今天获取验证码的次数已达上限（%(limit)s 次），请明天再试")
            % {"limit": CODES_PER_PHONE_PER_DAY},
            wait,
        )


def _count_address(address: str | None, now: datetime) -> None:
    """Count a code against the client address in this clock hour; refuse past the limit."""
    if not address:
        return
    hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    key = f"portal:sms-codes:{address}:{hour:%Y%m%d%H}"
    cache.add(key, 0, timeout=2 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=2 * 3600)
        count = 1
    if count > CODES_PER_ADDRESS_PER_HOUR:
        wait = math.ceil((hour + timedelta(hours=1) - timezone.localtime(now)).total_seconds())
        raise TooManyRequests(
            _("当前网络获取验证码过于频繁，请 %(minutes)s 分钟后再试")
            % {"minutes": math.ceil(wait / 60)},
            wait,
        )


def code_request(*, phone: str, address: str | None) -> CodeSent:
    """Send a sign-in code to a mobile phone (after the transaction commits)."""
    phone = mobile_number(phone)
    now = timezone.now()
    # Two requests for one phone at the same instant would both pass the database check:
    # the first to add this key (atomic in Redis) goes on, the other is refused.
    lock = f"otp-request:{phone}"
    interval = int(RESEND_INTERVAL.total_seconds())
    if not cache.add(lock, 1, timeout=30):
        raise TooManyRequests(
            _("获取验证码过于频繁，请 %(seconds)s 秒后再试") % {"seconds": interval}, interval
        )
    try:
        return _send_code(phone, address, now)
    finally:
        cache.delete(lock)


def _send_code(phone: str, address: str | None, now: datetime) -> CodeSent:
    with transaction.atomic():
        _check_phone_limits(phone, now)
        _count_address(address, now)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        OneTimeCode.objects.create(
            phone=phone, code_hash=code_hash(phone, code), expires_at=now + CODE_TTL
        )
        text = _("您的登录验证码是 %(code)s，%(minutes)s 分钟内有效。请勿告诉他人。") % {
            "code": code,
            "minutes": int(CODE_TTL.total_seconds() // 60),
        }
        transaction.on_commit(lambda: send_sms(phone, text))
    return CodeSent(
        phone=phone,
        expires_in=int(CODE_TTL.total_seconds()),
        resend_after=int(RESEND_INTERVAL.total_seconds()),
    )


def _check_code(phone: str, code: str, now: datetime) -> str | None:
    """Check ``code`` against the newest code of the phone, under a row lock. Returns None
    when it is right (and marks it used), else the message; a wrong code counts one try."""
    with transaction.atomic():
        current = (
            OneTimeCode.objects.select_for_update()
            .filter(phone_index=pii.blind_index(phone))
            .order_by("-created_at", "-pk")
        ).first()
        if current is None:
            return _("请先获取验证码")
        if current.used_at is not None:
            return _("验证码已使用，请重新获取")
        if current.expires_at <= now:
            return _("验证码已过期，请重新获取")
        if current.attempts >= CODE_MAX_ATTEMPTS:
            return _("验证码输入错误次数过多，请重新获取")
        if hmac.compare_digest(current.code_hash, code_hash(phone, code)):
            current.used_at = now
            current.save(update_fields=["used_at"])
            return None
        current.attempts += 1
        current.save(update_fields=["attempts"])
        left = CODE_MAX_ATTEMPTS - current.attempts
        if left == 0:
            return _("验证码输入错误次数过多，请重新获取")
        return _("验证码不正确，还可以再试 %(left)s 次") % {"left": left}


def _refuse_when_locked(request: HttpRequest, username: str) -> None:
    if not AxesProxyHandler.is_allowed(request, {"username": username}):
        raise SignInLocked


def code_sign_in(*, request: HttpRequest, phone: str, code: str) -> User:
    """The member's account for a right code (created on first sign-in). The caller signs
    the account in (a session or an API token) and records the sign-in."""
    phone = mobile_number(phone)
    code = "".join(str(code or "").split())
    if len(code) != CODE_DIGITS or not code.isdigit():
        raise ValidationError({"code": _("请输入短信中的6位数字验证码")})
    username = sign_in_name(phone)
    _refuse_when_locked(request, username)
    problem = _check_code(phone, code, timezone.now())
    if problem is not None:
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
        if getattr(request, "axes_locked_out", False):
            raise SignInLocked
        raise ValidationError({"code": problem})
    with transaction.atomic():
        user = _member_account(phone)
        if not user.is_active:
            raise ValidationError({"phone": _("该账户已停用，请联系所在工会")})
    return _signed_in(user)


def password_sign_in(*, request: HttpRequest, phone: str, password: str) -> User:
    """The member's account for the phone and the password the member set. Goes through
    ``authenticate`` so that django-axes counts failures and locks out."""
    phone = mobile_number(phone)
    username = sign_in_name(phone)
    user = authenticate(request=request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise SignInLocked
    if user is None or not is_member_account(user):
        raise ValidationError(
            {"password": _("手机号或密码不正确。如未设置过密码，请使用短信验证码登录")}
        )
    assert isinstance(user, User)
    return _signed_in(user)


def client_address(request: HttpRequest) -> str | None:
    """The client address as django-axes sees it (the same proxy settings)."""
    return get_client_ip_address(request)


# --- password --------------------------------------------------------------------------


@transaction.atomic
def member_set_password(*, user: User, password: str) -> User:
    """A signed-in member sets (or changes) the password for signing in without a code."""
    if not is_member_account(user):
        raise ValidationError({"password": _("工作人员账户请联系管理员修改密码")})
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    # the hash never goes into the log: no snapshot, only the fact
    audit.record(actor=user, action=AuditAction.UPDATE, obj=user, message=_("会员设置登录密码"))
    return user


def codes_purge(*, now: datetime | None = None) -> int:
    """Delete sign-in codes older than a day (the daily limit needs no older ones)."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    deleted, _rows = OneTimeCode.objects.filter(created_at__lt=cutoff).delete()
    return deleted
