"""Staff pages of hardship assistance (under /assistance/): each area's patterns are
declared beside its views."""

from gonghui.assistance.views import aid, campaigns, files, funds, reference

app_name = "assistance"
urlpatterns = [
    *files.urlpatterns,
    *aid.urlpatterns,
    *funds.urlpatterns,
    *campaigns.urlpatterns,
    *reference.urlpatterns,
]
