from django.urls import path

from gonghui.core.audit_views import AuditListView
from gonghui.core.views import HomeView

app_name = "core"
urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("audit/", AuditListView.as_view(), name="audit_list"),
]
