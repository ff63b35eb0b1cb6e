"""The audit log's API (read only)."""

import re
from typing import Any

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import AUDIT_VIEW
from gonghui.api.views import IdFilter, ScopedAPIView, error_responses
from gonghui.core.forms import DateFilter
from gonghui.core.models import AuditAction, AuditEntry

content_type_label = RegexValidator(
    r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$",
    _("应为“应用.模型”，例如 organizations.organization"),
    flags=re.IGNORECASE,
)


class AuditEntryFilter(django_filters.FilterSet):
    content_type = django_filters.CharFilter(
        method="by_content_type",
        max_length=201,
        validators=[content_type_label],
        help_text="app_label.model, e.g. organizations.organization",
    )
    object_id = django_filters.CharFilter(max_length=64)
    actor = IdFilter(field_name="actor_id", help_text="id of the user who acted")
    action = django_filters.ChoiceFilter(choices=AuditAction.choices)
    since = DateFilter(field_name="time", lookup_expr="date__gte")
    until = DateFilter(field_name="time", lookup_expr="date__lte")

    class Meta:
        model = AuditEntry
        fields = ["content_type", "object_id", "actor", "action", "since", "until"]

    def by_content_type(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        app_label, model = value.lower().split(".", 1)
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)


class AuditEntryListApi(ScopedAPIView):
    """Audit entries of the user's part of the tree, newest first."""

    action = AUDIT_VIEW
    model = AuditEntry
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditEntryFilter

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        time = serializers.DateTimeField()
        actor = serializers.IntegerField(source="actor_id", allow_null=True)
        actor_name = serializers.CharField()
        request_id = serializers.CharField()
        action = serializers.ChoiceField(choices=AuditAction.choices)
        content_type = serializers.SerializerMethodField()
        object_id = serializers.CharField()
        object_repr = serializers.CharField()
        organization = serializers.IntegerField(source="organization_id", allow_null=True)
        changes = serializers.JSONField()
        message = serializers.CharField()

        def get_content_type(self, entry: AuditEntry) -> str | None:
            kind = entry.content_type
            return f"{kind.app_label}.{kind.model}" if kind else None

    def refine_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("content_type").order_by("-time", "-id")

    @extend_schema(
        summary="List audit entries",
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)
