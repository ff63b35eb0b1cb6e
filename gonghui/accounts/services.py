"""Writes to accounts: users, assignments, language preference, sign-in record."""

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from gonghui.accounts.models import Assignment, User
from gonghui.accounts.roles import Role
from gonghui.core import audit
from gonghui.core.models import AuditAction
from gonghui.core.pii import blind_index, normalize_id_number, normalize_phone


@transaction.atomic
def user_create(
    *,
    actor: Any,
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
    *, actor: Any, user: User, organization: Any, role: str, can_view_personal_data: bool = False
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


@transaction.atomic
def user_issue_token(*, user: User) -> str:
    """The user's API token (created on first sign-in through the API); the sign-in is
    audited."""
    token, _created = Token.objects.get_or_create(user=user)
    user_record_login(user=user, channel="api")
    return str(token.key)
