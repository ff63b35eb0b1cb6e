"""Staff pages of the hotline module."""

from django.urls import URLPattern

app_name = "hotline"
urlpatterns: list[URLPattern] = []
