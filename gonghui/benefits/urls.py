"""Staff pages of universal benefits (under /benefits/): each area's patterns are declared
beside its views."""

from gonghui.benefits.views import campaigns, history, purchasing, redeem, suppliers

app_name = "benefits"
urlpatterns = [
    *history.urlpatterns,
    *campaigns.urlpatterns,
    *redeem.urlpatterns,
    *suppliers.urlpatterns,
    *purchasing.urlpatterns,
]
