"""Staff pages of files (under /assistance/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
