"""Staff pages of workers' congresses and collective bargaining (under /bargaining/):
each area's patterns are declared beside its views."""

from gonghui.bargaining.views import congress, contracts, proposals, settings

app_name = "bargaining"
urlpatterns = [
    *congress.urlpatterns,
    *contracts.urlpatterns,
    *proposals.urlpatterns,
    *settings.urlpatterns,
]
