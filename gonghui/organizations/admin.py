from django.contrib import admin

from gonghui.core.admin import ReadOnlyAdmin
from gonghui.organizations.models import LegalEntity, Organization


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    """Read-only: the tree changes through the organisation pages and API (audited)."""

    list_display = ("name", "code", "kind", "union_kind", "status", "headcount")
    list_filter = ("kind", "union_kind", "status", "size_class")
    search_fields = ("name", "code")


@admin.register(LegalEntity)
class LegalEntityAdmin(ReadOnlyAdmin):
    list_display = ("name", "credit_code", "headcount", "union")
    search_fields = ("name", "credit_code")
    raw_id_fields = ("union",)
