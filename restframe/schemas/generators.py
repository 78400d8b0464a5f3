"""Walking the URLconf: which endpoints (path, method, view) a schema describes.

``EndpointEnumerator`` lists the API views reachable from the URL patterns;
``BaseSchemaGenerator`` makes one view instance per endpoint, as a request would, and leaves
the document's format to its subclass (``restframe.schemas.openapi.SchemaGenerator``).
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.admindocs.views import simplify_regex
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern, URLResolver

from restframe import exceptions
from restframe.request import clone_request
from restframe.settings import api_settings

__all__ = [
    "BaseSchemaGenerator",
    "EndpointEnumerator",
    "endpoint_ordering",
    "get_pk_name",
    "is_api_view",
]

# ``<int:pk>`` / ``<pk>`` in a simplified route -> ``{pk}``.
_PATH_PARAMETER_COMPONENT_RE = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>\w+)>")
_METHOD_PRIORITY = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


def get_pk_name(model: Any) -> str:
    """The name of ``model``'s primary key (a parent's, for multi-table inheritance)."""
    meta = model._meta.concrete_model._meta
    field = meta.pk
    while field.remote_field and field.remote_field.parent_link:
        field = field.remote_field.model._meta.pk
    return str(field.name)


def is_api_view(callback: Any) -> bool:
    """Whether ``callback`` is an ``APIView`` (or ``@api_view`` function) of restframe."""
    from restframe.views import APIView

    cls = getattr(callback, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)


def endpoint_ordering(endpoint: tuple[str, str, Any]) -> tuple[int]:
    """Sort key: ``GET`` endpoints first, then ``POST``, ``PUT``, ``PATCH``, ``DELETE``."""
    _path, method, _callback = endpoint
    return (_METHOD_PRIORITY.get(method, 5),)


def _excluded_by_schema_none(cls: type) -> bool:
    """Whether ``cls`` (or a base below ``APIView``) says ``schema = None``.

    ``restframe.views.APIView`` itself may hold ``None`` as "use the default schema"; only a
    subclass's explicit ``None`` (``APIRootView``, ``@schema(None)``) leaves a view out.
    """
    from restframe.views import APIView

    for klass in cls.__mro__:
        if "schema" in klass.__dict__:
            return klass.__dict__["schema"] is None and klass is not APIView
    return False


class EndpointEnumerator:
    """Lists ``(path, method, callback)`` for every API view in the URL patterns."""

    def __init__(self, patterns: Any = None, urlconf: Any = None) -> None:
        if patterns is None:
            if urlconf is None:
                urlconf = settings.ROOT_URLCONF
            module = import_module(urlconf) if isinstance(urlconf, str) else urlconf
            patterns = module.urlpatterns
        self.patterns = patterns

    def get_api_endpoints(
        self, patterns: Any = None, prefix: str = ""
    ) -> list[tuple[str, str, Any]]:
        """Every endpoint below ``patterns``, ``GET`` ones first."""
        if patterns is None:
            patterns = self.patterns
        endpoints: list[tuple[str, str, Any]] = []
        for pattern in patterns:
            path_regex = prefix + str(pattern.pattern)
            if isinstance(pattern, URLPattern):
                path = self.get_path_from_regex(path_regex)
                callback = pattern.callback
                if self.should_include_endpoint(path, callback):
                    for method in self.get_allowed_methods(callback):
                        endpoints.append((path, method, callback))
            elif isinstance(pattern, URLResolver):
                endpoints.extend(
                    self.get_api_endpoints(patterns=pattern.url_patterns, prefix=path_regex)
                )
        return sorted(endpoints, key=endpoint_ordering)

    def get_path_from_regex(self, path_regex: str) -> str:
        """A URL template (``/items/{pk}/``) from a route or regex."""
        path = simplify_regex(path_regex)
        return re.sub(_PATH_PARAMETER_COMPONENT_RE, r"{\g<parameter>}", path)

    def should_include_endpoint(self, path: str, callback: Any) -> bool:
        """API views only; not ``schema = None`` ones, nor format-suffix duplicates."""
        if not is_api_view(callback):
            return False
        if _excluded_by_schema_none(callback.cls):
            return False
        initkwargs = getattr(callback, "initkwargs", None) or {}
        if "schema" in initkwargs and initkwargs["schema"] is None:
            return False
        return not (path.endswith(".{format}") or path.endswith(".{format}/"))

    def get_allowed_methods(self, callback: Any) -> list[str]:
        """The methods the view answers, ``OPTIONS`` and ``HEAD`` aside."""
        actions = getattr(callback, "actions", None)
        if actions is not None:
            allowed = set(callback.cls.http_method_names)
            methods = [method.upper() for method in actions if method in allowed]
        else:
            methods = list(callback.cls().allowed_methods)
        return [method for method in methods if method not in ("OPTIONS", "HEAD")]


class BaseSchemaGenerator:
    """Finds the endpoints and makes their views; subclasses write the document."""

    endpoint_inspector_cls = EndpointEnumerator
    # ``{pk}`` in paths becomes the model's primary key name (``SCHEMA_COERCE_PATH_PK``).
    coerce_path_pk: bool | None = None

    def __init__(
        self,
        title: str | None = None,
        url: str | None = None,
        description: str | None = None,
        patterns: Any = None,
        urlconf: Any = None,
        version: str | None = None,
    ) -> None:
        if url and not url.endswith("/"):
            url += "/"
        self.coerce_path_pk = api_settings.SCHEMA_COERCE_PATH_PK
        self.patterns = patterns
        self.urlconf = urlconf
        self.title = title
        self.description = description
        self.version = version
        self.url = url
        self.endpoints: list[tuple[str, str, Any]] | None = None

    def _initialise_endpoints(self) -> None:
        if self.endpoints is None:
            inspector = self.endpoint_inspector_cls(self.patterns, self.urlconf)
            self.endpoints = inspector.get_api_endpoints()

    def _get_paths_and_endpoints(
        self, request: Any
    ) -> tuple[list[str], list[tuple[str, str, Any]]]:
        """The paths and ``(path, method, view)`` for each endpoint."""
        paths: list[str] = []
        view_endpoints: list[tuple[str, str, Any]] = []
        for path, method, callback in self.endpoints or []:
            view = self.create_view(callback, method, request)
            path = self.coerce_path(path, method, view)
            paths.append(path)
            view_endpoints.append((path, method, view))
        return paths, view_endpoints

    def create_view(self, callback: Any, method: str, request: Any = None) -> Any:
        """A view instance set up as for a request with ``method`` (no request is made)."""
        view = callback.cls(**(getattr(callback, "initkwargs", None) or {}))
        view.args = ()
        view.kwargs = {}
        view.format_kwarg = None
        view.request = None
        actions = getattr(callback, "actions", None)
        view.action_map = actions
        if actions is not None:
            view.action = "metadata" if method == "OPTIONS" else actions.get(method.lower())
        if request is not None:
            view.request = clone_request(request, method)
        return view

    def coerce_path(self, path: str, method: str, view: Any) -> str:
        """``{pk}`` → ``{<primary key name>}`` when ``SCHEMA_COERCE_PATH_PK`` is on."""
        if not self.coerce_path_pk or "{pk}" not in path:
            return path
        model = getattr(getattr(view, "queryset", None), "model", None)
        field_name = get_pk_name(model) if model is not None else "id"
        return path.replace("{pk}", "{" + field_name + "}")

    def get_schema(self, request: Any = None, public: bool = False) -> Any:
        raise NotImplementedError(".get_schema() must be implemented in subclasses.")

    def has_view_permissions(self, path: str, method: str, view: Any) -> bool:
        """Whether the request given to ``get_schema`` may use this endpoint."""
        if view.request is None:
            return True
        try:
            view.check_permissions(view.request)
        except (exceptions.APIException, Http404, PermissionDenied):
            return False
        return True
