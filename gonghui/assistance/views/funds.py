"""Staff pages of funds (under /assistance/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
