"""``/api/v1/legalaid/``."""

from django.urls import URLPattern

app_name = "legalaid"
urlpatterns: list[URLPattern] = []
