from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gonghui.accounts.models import Assignment, User


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [AssignmentInline]
    list_display = ("username", "display_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "display_name")
