"""``/api/v1/reports/<name>/`` (``api:reports:<name>``), one per registered report."""

from django.urls import path

from gonghui.core.reports import registry
from gonghui.core.reports.apis import api_view_for

app_name = "reports"
urlpatterns = [
    path(f"{report.name}/", api_view_for(report).as_view(), name=report.name)
    for report in registry.all()
]
