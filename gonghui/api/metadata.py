"""What ``OPTIONS`` answers on an API path: the view's name, description, and the media
types it renders and parses.

DRF's default also describes the body of each write by calling ``get_serializer()``,
which views with nested ``InputSerializer`` classes do not provide (a 500); the OpenAPI
schema at ``/api/schema/`` is where bodies are described."""

from typing import Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request


class Metadata(SimpleMetadata):
    def determine_metadata(self, request: Request, view: Any) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
