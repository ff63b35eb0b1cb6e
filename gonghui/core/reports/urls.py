"""The staff pages of the reports: ``/reports/<name>/`` (``reports:<name>``) and its
workbook ``/reports/<name>/export.xlsx`` (``reports:<name>_export``), one pair per
registered report, all served by the two views of the kit."""

from django.urls import URLPattern, path

from gonghui.core.reports import registry
from gonghui.core.reports.views import ReportExportView, ReportPageView


def _patterns() -> list[URLPattern]:
    patterns = []
    for report in registry.all():
        kwargs = {"report": report, "action": report.action}
        patterns += [
            path(f"{report.name}/", ReportPageView.as_view(**kwargs), name=report.name),
            path(
                f"{report.name}/export.xlsx",
                ReportExportView.as_view(**kwargs),
                name=f"{report.name}_export",
            ),
        ]
    return patterns


app_name = "reports"
urlpatterns = _patterns()
