"""The Django admin's accounts (superusers only, ``config/urls.py``).

Accounts and their assignments are the one thing written here, and only through the
accounts services, so each write is audited like any other (granting the personal-data
permission above all). Accounts are deactivated, never deleted. Every other model in the
admin is read-only (``core.admin``): django-rest-knox's tokens and django-axes' records are
re-registered so, and Django's groups, which the platform does not use, are removed."""

import copy
from functools import partial
from typing import Any

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from gonghui.accounts import services
from gonghui.accounts.models import Assignment, User
from gonghui.core import pii
from gonghui.core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin
from gonghui.core.scoping import Actor, signed_in


def _actor(request: HttpRequest) -> Actor:
    """The signed-in user the admin serves (the admin site lets no one else in)."""
    actor = signed_in(request.user)
    if actor is None:
        raise PermissionDenied
    return actor


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["organization"]


class AccountChangeForm(UserChangeForm):
    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone") or ""
        return pii.normalize_phone(phone) if phone else ""


class AuditedPasswordForm(AdminPasswordChangeForm):
    """Sets the password through ``services.user_set_password`` (audited, no hash in the
    log); ``actor`` is bound per request by ``UserAdmin.user_change_password``."""

    def __init__(self, user: Any, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.actor = actor

    def save(self, commit: bool = True) -> Any:
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        return services.user_set_password(actor=self.actor, user=self.user, password=password)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = AccountChangeForm
    inlines = [AssignmentInline]
    list_display = ("username", "display_name", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser")
    search_fields = ("username", "display_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "phone", "language")}),
        (_("权限"), {"fields": ("is_active", "is_superuser")}),
        (_("时间"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an account leaves by being deactivated: its audit trail stays whole

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        services.user_save(actor=_actor(request), user=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        actor = _actor(request)
        for assignment in formset.save(commit=False):
            services.assignment_save(actor=actor, assignment=assignment)
        for assignment in formset.deleted_objects:
            services.assignment_revoke(actor=actor, assignment=assignment)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # a copy for this request, so that the shared admin instance is never changed
        bound = copy.copy(self)
        form = partial(AuditedPasswordForm, actor=_actor(request))
        bound.change_password_form = form  # type: ignore[assignment]
        return BaseUserAdmin.user_change_password(bound, request, id, form_url)


class AuthTokenAdmin(ReadOnlyAdmin):
    """Read-only: tokens are issued by signing in and revoked by signing out."""

    list_display = ("user", "created", "expiry")
    fields = ("user", "created", "expiry")
    search_fields = ("user__username",)


class AccessAttemptAdmin(ReadOnlyAdminMixin, axes_admin.AccessAttemptAdmin):
    pass


class AccessLogAdmin(ReadOnlyAdminMixin, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(ReadOnlyAdminMixin, axes_admin.AccessFailureLogAdmin):
    pass


if admin.site.is_registered(Group):
    admin.site.unregister(Group)
for _model, _admin in (
    (AuthToken, AuthTokenAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
