from typing import Any

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from gonghui.core.views import HealthView

# The Django admin is for superusers only; staff work in the application's own pages.
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and request.user.is_superuser
)


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links: the project's icon. Its
    static URL is resolved per request (the production manifest is read then, not when
    the URLconf is imported, e.g. by ``check --deploy`` before ``collectstatic``)."""

    permanent = True

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return static("favicon.svg")


urlpatterns = [
    path("healthz", HealthView.as_view(), name="healthz"),
    # browsers ask for /favicon.ico whatever the page links: the same icon, cached a year
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("", include("gonghui.core.urls")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("organizations/", include("gonghui.organizations.urls")),
    path("members/", include("gonghui.members.urls")),
    path("disputes/", include("gonghui.disputes.urls")),
    path("assistance/", include("gonghui.assistance.urls")),
    path("legalaid/", include("gonghui.legalaid.urls")),
    path("hotline/", include("gonghui.hotline.urls")),
    path("bargaining/", include("gonghui.bargaining.urls")),
    path("benefits/", include("gonghui.benefits.urls")),
    path("reports/", include("gonghui.core.reports.urls")),
    path("portal/", include("gonghui.portal.urls")),
    path("api/", include("gonghui.api.urls")),
    path("admin/", admin.site.urls),
]

# Under /api/ the error shape, elsewhere the project's error pages.
handler400 = "gonghui.api.errors.bad_request"
handler403 = "gonghui.api.errors.permission_denied"
handler404 = "gonghui.api.errors.page_not_found"
handler500 = "gonghui.api.errors.server_error"
