"""``/api/v1/legalaid/``: the cases and the lawyers (``apis/cases.py``)."""

from gonghui.legalaid.apis import cases

app_name = "legalaid"
urlpatterns = [*cases.urlpatterns]
