"""``/api/v1/benefits/``: claim campaigns and vouchers (``apis/campaigns.py``), the
redemption of vouchers (``apis/redeem.py``) and group purchasing (``apis/purchasing.py``)."""

from gonghui.benefits.apis import campaigns, purchasing, redeem

app_name = "benefits"
urlpatterns = [
    *campaigns.urlpatterns,
    *redeem.urlpatterns,
    *purchasing.urlpatterns,
]
