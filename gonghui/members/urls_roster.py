"""Roster import and export (under /members/roster/, namespace "members")."""

from django.urls import path

from gonghui.members import views_roster as views

urlpatterns = [
    path("", views.RosterImportListView.as_view(), name="roster_import_list"),
    path("new/", views.RosterImportCreateView.as_view(), name="roster_import_new"),
    path("template.xlsx", views.RosterTemplateView.as_view(), name="roster_template"),
    path("<int:pk>/", views.RosterImportDetailView.as_view(), name="roster_import_detail"),
    path("<int:pk>/status/", views.RosterImportStatusView.as_view(), name="roster_import_status"),
    path("<int:pk>/errors.xlsx", views.RosterErrorReportView.as_view(), name="roster_error_report"),
    path("unions/<int:pk>/export.xlsx", views.MemberExportView.as_view(), name="member_export"),
]
