"""The attachments API (``/api/v1/attachments/``): a record's attachments (GET) and an
upload (POST, multipart: ``kind`` and ``file``) at ``<app_label.model>/<id>/``, and the
download of one attachment at ``<id>/``. Scoped as the pages are: 403 for a user who holds
the model's action nowhere, the one 404 for an unknown record or one outside scope; a
refused file answers 400 with the reason under ``file``, and nothing is stored."""

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import (
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.api.parsers import RequestTooLarge
from gonghui.api.views import ApiMixin, error_responses
from gonghui.core.attachments import services
from gonghui.core.attachments.content import ALLOWED, AttachmentRefused
from gonghui.core.scoping import NOT_FOUND, Actor, OutOfScope, signed_in

MULTIPART_OVERHEAD = 64 * 1024


class AttachmentParser(MultiPartParser):
    """Multipart bodies up to the attachment cap (plus the form's own bytes) instead of
    the general body limit, files streamed to disk as Django's parser does; larger
    bodies answer 413 before they are read."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        length = int((request.META if request else {}).get("CONTENT_LENGTH") or 0)
        if length > settings.ATTACHMENT_MAX_BYTES + MULTIPART_OVERHEAD:
            raise RequestTooLarge
        return super().parse(stream, media_type, parser_context)


class AttachmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    name = serializers.CharField()
    mime = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    download = serializers.CharField(help_text="the download's path")


def _output(attachment: Any, rules: Any) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "kind_label": rules.kind_label(attachment.kind),
        "name": attachment.name,
        "mime": attachment.mime,
        "size": attachment.size,
        "created_at": attachment.created_at,
        "download": reverse("api:attachment-download", args=[attachment.pk]),
    }


def _actor(request: Request) -> Actor:
    """The signed-in user (the default ``IsAuthenticated`` has answered the anonymous 401)."""
    actor = signed_in(request.user)
    if actor is None:
        raise NotAuthenticated
    return actor


class RecordAttachmentsApi(ApiMixin, APIView):
    parser_classes = [AttachmentParser]

    class UploadInput(serializers.Serializer):
        kind = serializers.CharField(max_length=30)
        file = serializers.FileField(allow_empty_file=True)

    def _record(self, key: str, pk: int, *, upload: bool) -> tuple[Model, Any]:
        return services.record_of(actor=_actor(self.request), key=key, pk=pk, upload=upload)

    @extend_schema(
        summary="List a record's attachments",
        responses={200: AttachmentOutput(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, key: str, pk: int) -> Response:
        record, rules = self._record(key, pk, upload=False)
        rows = services.attachments_of(actor=_actor(request), record=record)
        return Response([_output(a, rules) for a in rows])

    @extend_schema(
        summary="Attach a file to a record (PDF, JPEG, PNG, xlsx or docx)",
        request={"multipart/form-data": UploadInput},
        responses={201: AttachmentOutput, **error_responses(400, 401, 403, 404, 413)},
    )
    def post(self, request: Request, key: str, pk: int) -> Response:
        record, rules = self._record(key, pk, upload=True)
        data = self.validated(self.UploadInput)
        try:
            attachment = services.attachment_upload(
                actor=_actor(request),
                record=record,
                kind=data["kind"],
                file=data["file"],
            )
        except AttachmentRefused as exc:
            field = "kind" if data["kind"] not in dict(rules.kinds) else "file"
            raise ValidationError({field: [exc.message]}) from exc
        return Response(_output(attachment, rules), status=status.HTTP_201_CREATED)


class AttachmentDownloadApi(ApiMixin, APIView):
    @extend_schema(
        summary="Download an attachment",
        responses={
            # the file as stored: one of the types an attachment may have
            **{(200, mime): OpenApiResponse(OpenApiTypes.BINARY) for mime in ALLOWED},
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        if not services.may_read_some(request.user):
            raise PermissionDenied
        try:
            attachment, file = services.attachment_open(actor=_actor(request), pk=pk)
        except OutOfScope as exc:
            raise NotFound(NOT_FOUND) from exc
        return FileResponse(
            file, as_attachment=True, filename=attachment.name, content_type=attachment.mime
        )
