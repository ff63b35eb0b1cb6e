"""The API: ``/api/v1/<app>/<resource>/``, the token endpoint, the schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from gonghui.api.views import ObtainTokenApi, SignOutApi, SignOutEverywhereApi


class DocsView(SpectacularSwaggerView):
    """The docs page is a page: GET only (its template cannot render OPTIONS metadata)."""

    http_method_names = ["get", "head"]


app_name = "api"
urlpatterns = [
    path("v1/auth/token/", ObtainTokenApi.as_view(), name="token"),
    path("v1/auth/sign-out/", SignOutApi.as_view(), name="sign-out"),
    path(
        "v1/auth/sign-out-everywhere/", SignOutEverywhereApi.as_view(), name="sign-out-everywhere"
    ),
    path("v1/organizations/", include("gonghui.organizations.api_urls")),
    path("v1/core/", include("gonghui.core.api_urls")),
    path("v1/", include("gonghui.core.attachments.api_urls")),
    path("v1/members/", include("gonghui.members.api_urls")),
    path("v1/portal/", include("gonghui.portal.api_urls")),
    path("v1/disputes/", include("gonghui.disputes.api_urls")),
    path("v1/assistance/", include("gonghui.assistance.api_urls")),
    path("v1/legalaid/", include("gonghui.legalaid.api_urls")),
    path("v1/hotline/", include("gonghui.hotline.api_urls")),
    path("v1/bargaining/", include("gonghui.bargaining.api_urls")),
    path("v1/benefits/", include("gonghui.benefits.api_urls")),
    path("v1/reports/", include("gonghui.core.reports.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
]
