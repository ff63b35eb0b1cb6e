"""``/api/v1/assistance/``: each area's endpoints are declared beside their views."""

from gonghui.assistance.apis import aid, campaigns, files, funds

app_name = "assistance"
urlpatterns = [*files.urlpatterns, *aid.urlpatterns, *funds.urlpatterns, *campaigns.urlpatterns]
