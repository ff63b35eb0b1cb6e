"""Staff pages of the hotline module."""

from django.urls import URLPattern

from gonghui.hotline.views import imports, settings, tickets

app_name = "hotline"
urlpatterns: list[URLPattern] = [
    *imports.urlpatterns,
    *tickets.urlpatterns,
    *settings.urlpatterns,
]
