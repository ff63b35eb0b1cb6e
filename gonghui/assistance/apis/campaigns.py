"""API of campaigns (under /api/v1/assistance/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
