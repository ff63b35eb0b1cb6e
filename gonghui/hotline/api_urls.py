"""``/api/v1/hotline/``."""

from gonghui.hotline.apis import imports, tickets

app_name = "hotline"
urlpatterns = [*tickets.urlpatterns, *imports.urlpatterns]
