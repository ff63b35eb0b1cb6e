"""Staff pages of the members app (under /members/)."""

from django.urls import include, path

app_name = "members"
urlpatterns = [
    path("", include("gonghui.members.urls_staff")),
    path("roster/", include("gonghui.members.urls_roster")),
]
