"""``/api/v1/hotline/``."""

from django.urls import URLPattern

app_name = "hotline"
urlpatterns: list[URLPattern] = []
