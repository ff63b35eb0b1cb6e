"""``POST /api/v1/hotline/imports/``: the import for an automated feed, the same service
as the staff page. The body is the platform's xlsx (multipart, ``file``) or JSON
``rows`` (objects keyed by field names or the export's headers), with the importing node
(``organization``) and ``dry_run``. The answer says what was created, updated (with the
fields that changed) and left unchanged, and lists every bad row; with any bad row
nothing is written (``committed``: false)."""

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.accounts.roles import HOTLINE_DISPATCH
from gonghui.api.views import ScopedAPIView, error_responses
from gonghui.core.scoping import OutOfScope
from gonghui.hotline.selectors import tickets as selectors
from gonghui.hotline.services.imports import (
    MAX_ROWS,
    ImportFileError,
    json_rows,
    read_workbook,
    ticket_import,
)


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class UpdatedSerializer(serializers.Serializer):
    number = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]


class ImportResultSerializer(serializers.Serializer):
    committed = serializers.BooleanField()
    created = serializers.ListField(child=serializers.CharField())
    updated = UpdatedSerializer(many=True)
    unchanged = serializers.ListField(child=serializers.CharField())
    errors = RowErrorSerializer(many=True)  # type: ignore[assignment]


class TicketImportApi(ScopedAPIView):
    model = selectors.TICKET_MODEL
    action = HOTLINE_DISPATCH
    parser_classes = [JSONParser, MultiPartParser]

    class InputSerializer(serializers.Serializer):
        organization = serializers.IntegerField(help_text="the importing node (首接单位)")
        file = serializers.FileField(required=False, help_text="the platform's xlsx export")
        rows = serializers.ListField(
            child=serializers.DictField(), required=False, max_length=MAX_ROWS
        )
        dry_run = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        summary="Import hotline tickets",
        request={
            "application/json": InputSerializer,
            "multipart/form-data": InputSerializer,
        },
        responses={200: ImportResultSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.validated(self.InputSerializer)
        node = selectors.dispatch_nodes(self.actor).filter(pk=data["organization"]).first()
        if node is None:
            raise OutOfScope("organization")
        rows = self._rows(data)
        result = ticket_import(
            actor=self.actor, organization=node, rows=rows, dry_run=data["dry_run"]
        )
        return Response(ImportResultSerializer(result.as_dict()).data)

    def _rows(self, data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
        if data.get("file") is not None:
            try:
                return read_workbook(data["file"].read())
            except ImportFileError as exc:
                raise ValidationError({"file": [exc.message]}) from exc
        if "rows" in data:
            return json_rows(data["rows"])
        raise ValidationError({"rows": ["请上传工单文件或提交工单行"]})


urlpatterns: list[URLPattern] = [
    path("imports/", TicketImportApi.as_view(), name="ticket-import"),
]
