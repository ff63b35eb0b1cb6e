"""``/api/v1/hotline/``."""

from gonghui.hotline.apis import tickets

app_name = "hotline"
urlpatterns = [*tickets.urlpatterns]
