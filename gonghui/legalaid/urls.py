"""Staff pages of legal aid (under /legalaid/): each area's patterns are declared beside
its views."""

from gonghui.legalaid.views import cases, settings

app_name = "legalaid"
urlpatterns = [*cases.urlpatterns, *settings.urlpatterns]
