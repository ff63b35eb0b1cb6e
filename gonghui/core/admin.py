"""Read-only Django admin for domain data.

The admin (superusers only, ``config/urls.py``) writes nothing of its own: every write of
the platform goes through a service, which checks it and audits it. A model's admin is
therefore ``ReadOnlyAdmin`` (or mixes in ``ReadOnlyAdminMixin``) unless its writes call
those services, as ``accounts.admin.UserAdmin`` does;
``accounts/tests/test_admin.py`` fails for any other admin that can add, change or
delete."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass
