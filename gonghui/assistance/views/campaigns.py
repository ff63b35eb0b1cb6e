"""Staff pages of campaigns (under /assistance/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
