"""Writes to accounts: users, assignments, language preference, sign-in record, API tokens."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from gonghui.accounts.models import MEMBER_USERNAME_PREFIX, Assignment, User
from gonghui.accounts.roles import Role
from gonghui.core import audit
from gonghui.core.models import AuditAction
from gonghui.core.pii import blind_index, normalize_id_number, normalize_phone
from gonghui.core.scoping import Actor


@transaction.atomic
def user_create(  # noqa: C901 - a row of field checks; split pending
    *,
    actor: Actor | None,
    username: str,
    password: str,
    display_name: str = "",
    phone: str = "",
    id_number: str = "",
    language: str = "zh-hans",
) -> User:
    errors: dict[str, Any] = {}
    if User.objects.filter(username=username).exists():
        errors["username"] = _("用户名已被使用")
    elif username.startswith(MEMBER_USERNAME_PREFIX):
        errors["username"] = _("以 %(prefix)s 开头的用户名留给会员账户") % {
            "prefix": MEMBER_USERNAME_PREFIX
        }
    user = User(username=username, display_name=display_name, language=language)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if phone:
        try:
            user.phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if id_number:
        try:
            user.id_number = normalize_id_number(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
        else:
            if User.objects.filter(id_number_index=blind_index(user.id_number)).exists():
                errors["id_number"] = _("该身份证号已有账户")
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=user, after=audit.snapshot(user))
    return user


@transaction.atomic
def assignment_grant(
    *, actor: Actor, user: User, organization: Any, role: str, can_view_personal_data: bool = False
) -> Assignment:
    if role not in Role.values:
        raise ValidationError({"role": _("角色无效")})
    assignment, _created = Assignment.objects.update_or_create(
        user=user,
        organization=organization,
        role=role,
        defaults={"can_view_personal_data": can_view_personal_data},
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assignment,
        organization=organization,
        after=audit.snapshot(assignment),
        message=_("授予 %(user)s 岗位：%(role)s")
        % {"user": user, "role": assignment.get_role_display()},
    )
    user.forget_scope()
    return assignment


# --- written in the Django admin -------------------------------------------------------


def _saved_snapshot(model: type[Any], pk: Any) -> audit.Snapshot | None:
    """The row as stored (locked until the transaction ends), or None for a new one."""
    if pk is None:
        return None
    stored = model.objects.select_for_update().filter(pk=pk).first()
    return audit.snapshot(stored) if stored is not None else None


@transaction.atomic
def user_save(*, actor: Actor, user: User) -> User:
    """Save an account added or changed in the admin; audited with what changed."""
    before = _saved_snapshot(User, user.pk)
    user.save()
    after = audit.snapshot(user)
    message = ""
    if (before or {}).get("is_superuser") != after["is_superuser"]:
        message = _("授予超级管理员权限") if user.is_superuser else _("撤销超级管理员权限")
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=user,
        before=before,
        after=after,
        message=message,
    )
    return user


@transaction.atomic
def user_set_password(*, actor: Actor, user: User, password: str | None) -> User:
    """Set (or, with None, disable) an account's password for it; the hash is not logged."""
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    message = _("重设登录密码") if password is not None else _("停用密码登录")
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=user, message=message)
    return user


def _assignment_message(assignment: Assignment, before: audit.Snapshot | None) -> str:
    role = assignment.get_role_display()
    if before is None:
        message = _("授予 %(user)s 岗位：%(role)s") % {"user": assignment.user, "role": role}
    else:
        message = _("修改 %(user)s 的岗位：%(role)s") % {"user": assignment.user, "role": role}
    if (before or {}).get("can_view_personal_data", False) != assignment.can_view_personal_data:
        granted = assignment.can_view_personal_data
        message += "；" + (_("授予查看个人信息权限") if granted else _("撤销查看个人信息权限"))
    return str(message)


@transaction.atomic
def assignment_save(*, actor: Actor, assignment: Assignment) -> Assignment:
    """Save an assignment added or changed in the admin; audited on its node, saying when
    the personal-data permission is granted or withdrawn."""
    if assignment.role not in Role.values:
        raise ValidationError({"role": _("角色无效")})
    before = _saved_snapshot(Assignment, assignment.pk)
    assignment.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=assignment,
        organization=assignment.organization,
        before=before,
        after=audit.snapshot(assignment),
        message=_assignment_message(assignment, before),
    )
    assignment.user.forget_scope()
    return assignment


@transaction.atomic
def assignment_revoke(*, actor: Actor, assignment: Assignment) -> None:
    before = _saved_snapshot(Assignment, assignment.pk)
    entry = audit.entry(
        actor=actor,
        action=AuditAction.DELETE,
        obj=assignment,
        organization=assignment.organization,
        before=before,
        message=_("撤销 %(user)s 岗位：%(role)s")
        % {"user": assignment.user, "role": assignment.get_role_display()},
    )
    assignment.delete()
    entry.save()
    assignment.user.forget_scope()


@transaction.atomic
def user_set_language(*, actor: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("不支持该语言")})
    before = audit.snapshot(actor)
    actor.language = language
    actor.save(update_fields=["language"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=actor,
        before=before,
        after=audit.snapshot(actor),
    )
    return actor


def user_record_login(*, user: User, channel: str = "web") -> None:
    audit.record(actor=user, action=AuditAction.LOGIN, obj=user, message=_("登录（%s）") % channel)


# --- API tokens ------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    key: str  # shown once, to the client; only its hash is stored
    expiry: datetime


def token_lifetime(user: User) -> timedelta:
    """Staff and anyone else who reaches other people's records (mediators, lawyers) get
    the short lifetime; a member's own account the long one."""
    serves_others = user.is_superuser or user.assignments.exclude(role=Role.MEMBER).exists()
    return settings.API_TOKEN_TTL_STAFF if serves_others else settings.API_TOKEN_TTL_MEMBER


@transaction.atomic
def token_issue(*, user: User, channel: str = "api") -> IssuedToken:
    """A new API token for a sign-in (every sign-in gets its own); the sign-in is audited.
    The account's expired tokens are deleted, and its oldest live ones beyond
    ``API_TOKENS_PER_USER``."""
    now = timezone.now()
    tokens = AuthToken.objects.filter(user=user)
    tokens.filter(expiry__lte=now).delete()
    kept = settings.API_TOKENS_PER_USER - 1
    stale = tokens.order_by("-created", "-digest").values_list("digest", flat=True)[kept:]
    AuthToken.objects.filter(digest__in=list(stale)).delete()
    token, key = AuthToken.objects.create(user=user, expiry=token_lifetime(user))
    user_record_login(user=user, channel=channel)
    return IssuedToken(key=key, expiry=token.expiry)


@transaction.atomic
def token_revoke(*, actor: User, token: AuthToken) -> None:
    """Sign out: the token used is deleted."""
    AuthToken.objects.filter(digest=token.digest, user=actor).delete()
    audit.record(actor=actor, action=AuditAction.LOGOUT, obj=actor, message=_("退出登录（api）"))


@transaction.atomic
def token_revoke_all(*, actor: User) -> int:
    """Sign out everywhere: every API token of the account is deleted. Returns how many."""
    count, _rows = AuthToken.objects.filter(user=actor).delete()
    audit.record(
        actor=actor,
        action=AuditAction.LOGOUT,
        obj=actor,
        message=_("在所有设备上退出登录（撤销 %(count)s 个令牌）") % {"count": count},
    )
    return count


def tokens_purge_expired(*, now: datetime | None = None) -> int:
    """Delete expired tokens (knox deletes one only when it is presented)."""
    cutoff = now or timezone.now()
    count, _rows = AuthToken.objects.filter(expiry__lte=cutoff).delete()
    return count
