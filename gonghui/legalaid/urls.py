"""Staff pages of the legalaid module."""

from django.urls import URLPattern

app_name = "legalaid"
urlpatterns: list[URLPattern] = []
