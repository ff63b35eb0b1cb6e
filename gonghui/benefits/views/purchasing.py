"""Placeholder until the pages land."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
