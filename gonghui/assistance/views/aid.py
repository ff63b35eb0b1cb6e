"""Staff pages of aid (under /assistance/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
