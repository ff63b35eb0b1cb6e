from django.contrib import admin

from gonghui.organizations.models import LegalEntity, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "union_kind", "status", "headcount")
    list_filter = ("kind", "union_kind", "status", "size_class")
    search_fields = ("name", "code")
    readonly_fields = ("path", "depth", "headcount", "size_class")


@admin.register(LegalEntity)
class LegalEntityAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "headcount", "union")
    search_fields = ("name", "credit_code")
    raw_id_fields = ("union",)
