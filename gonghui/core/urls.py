from django.urls import include, path

from gonghui.core import calendar_views, lookups, notice_views
from gonghui.core.audit_views import AuditListView
from gonghui.core.workbench_views import HomeView

app_name = "core"
urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("audit/", AuditListView.as_view(), name="audit_list"),
    path("notices/", notice_views.NoticeListView.as_view(), name="notices"),
    path("notices/unread/", notice_views.UnreadCountView.as_view(), name="notices_unread"),
    path("", include("gonghui.core.attachments.urls")),
    path("lookups/<str:kind>/", lookups.LookupView.as_view(), name="lookup"),
    path("calendar/", calendar_views.CalendarView.as_view(), name="calendar"),
    path(
        "calendar/overrides/",
        calendar_views.OverrideSetView.as_view(),
        name="calendar_override_set",
    ),
    path(
        "calendar/overrides/<int:pk>/delete/",
        calendar_views.OverrideDeleteView.as_view(),
        name="calendar_override_delete",
    ),
]
