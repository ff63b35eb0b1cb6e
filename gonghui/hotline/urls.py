"""Staff pages of the hotline module."""

from django.urls import URLPattern

from gonghui.hotline.views import settings, tickets

app_name = "hotline"
urlpatterns: list[URLPattern] = [*tickets.urlpatterns, *settings.urlpatterns]
