"""OpenAPI schemas of the API, as DRF 3.18 generates them, with each operation's errors.

* ``SchemaGenerator`` (``restframe.schemas.openapi``) walks the URLconf and writes the document.
* ``AutoSchema`` is each view's ``schema``: it describes the view's operations; subclass it
  (or set ``DEFAULT_SCHEMA_CLASS``) to customise them.
* ``get_schema_view()`` serves the document; ``manage.py generateschema`` prints it.

Names are imported lazily so that ``restframe.views`` can use ``DefaultSchema`` without
pulling in serializers and generic views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from restframe.schemas.inspectors import DefaultSchema
from restframe.settings import api_settings

if TYPE_CHECKING:
    from restframe.schemas.openapi import AutoSchema, SchemaGenerator

__all__ = ["AutoSchema", "DefaultSchema", "SchemaGenerator", "get_schema_view"]


def get_schema_view(
    title: str | None = None,
    url: str | None = None,
    description: str | None = None,
    urlconf: Any = None,
    renderer_classes: Any = None,
    public: bool = False,
    patterns: Any = None,
    generator_class: Any = None,
    authentication_classes: Any = None,
    permission_classes: Any = None,
    version: str | None = None,
) -> Any:
    """A view serving the schema of ``urlconf`` (or ``patterns``) to each request.

    ``public=False`` lists only the endpoints the request passes the permissions of.
    """
    from restframe.schemas.openapi import SchemaGenerator
    from restframe.schemas.views import SchemaView

    if generator_class is None:
        generator_class = SchemaGenerator
    generator = generator_class(
        title=title,
        url=url,
        description=description,
        urlconf=urlconf,
        patterns=patterns,
        version=version,
    )
    if authentication_classes is None:
        authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    if permission_classes is None:
        permission_classes = api_settings.DEFAULT_PERMISSION_CLASSES
    return SchemaView.as_view(
        renderer_classes=renderer_classes,
        schema_generator=generator,
        public=public,
        authentication_classes=authentication_classes,
        permission_classes=permission_classes,
    )


def __getattr__(name: str) -> Any:
    if name in ("AutoSchema", "SchemaGenerator"):
        from restframe.schemas import openapi

        return getattr(openapi, name)
    if name in ("generators", "openapi", "utils", "views", "inspectors"):
        from importlib import import_module

        return import_module(f"restframe.schemas.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
