"""``/api/v1/core/``: the audit log."""

from django.urls import path

from gonghui.core import apis

app_name = "core"
urlpatterns = [
    path("audit-entries/", apis.AuditEntryListApi.as_view(), name="audit-entry-list"),
]
