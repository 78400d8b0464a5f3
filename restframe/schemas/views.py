"""``SchemaView``: serves the generated document over HTTP (see ``get_schema_view``)."""

from __future__ import annotations

from typing import Any

from restframe import exceptions, renderers
from restframe.response import Response
from restframe.schemas.renderers import JSONOpenAPIRenderer, OpenAPIRenderer
from restframe.settings import api_settings
from restframe.views import APIView

__all__ = ["SchemaView"]


def _yaml_available() -> bool:
    try:
        import yaml  # noqa: F401
    except ImportError:
        return False
    return True


class SchemaView(APIView):
    """Answers ``GET`` with the schema of the endpoints the request may use."""

    _ignore_model_permissions = True
    schema = None  # the schema view is not part of the schema
    renderer_classes: Any = None
    schema_generator: Any = None
    public = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.renderer_classes is None:
            # YAML first, as DRF; without PyYAML the JSON document only.
            chosen: list[Any] = [OpenAPIRenderer] if _yaml_available() else []
            chosen.append(JSONOpenAPIRenderer)
            if renderers.BrowsableAPIRenderer in api_settings.DEFAULT_RENDERER_CLASSES:
                chosen.append(renderers.BrowsableAPIRenderer)
            self.renderer_classes = chosen

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        schema = self.schema_generator.get_schema(request, self.public)
        if schema is None:
            raise exceptions.PermissionDenied()
        return Response(schema)

    def handle_exception(self, exc: Exception) -> Any:
        # An error is not a schema: answer it as JSON, not with a schema renderer.
        self.renderer_classes = [renderers.JSONRenderer]
        request = getattr(self, "request", None)
        if request is not None:
            renderer = renderers.JSONRenderer()
            request.accepted_renderer = renderer
            request.accepted_media_type = renderer.media_type
        return super().handle_exception(exc)
