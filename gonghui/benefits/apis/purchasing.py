"""Placeholder until the endpoints land."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
