"""Routers: URL patterns for viewsets, built from a table of routes.

``router.register("snippets", SnippetViewSet)`` then ``path("", include(router.urls))`` gives the
list route (``snippets/``, name ``snippet-list``), the detail route (``snippets/{pk}/``, name
``snippet-detail``) and one route per ``@action`` (``{basename}-{url_name}``), each a
``viewset.as_view(mapping)`` holding only the HTTP methods the viewset implements. Everything is
built once, when ``urls`` is first read; nothing here runs per request except the API root view.

``SimpleRouter(use_regex_path=False)`` writes ``path()`` routes (``<str:pk>``, or the viewset's
``lookup_value_converter``) instead of regexes. ``DefaultRouter`` adds the API root view listing
every list route, and ``.json``-style format suffixes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, URLPattern, URLResolver, path, re_path

from restframe import views
from restframe.response import Response
from restframe.reverse import reverse
from restframe.schemas import SchemaGenerator
from restframe.schemas.views import SchemaView
from restframe.settings import api_settings
from restframe.urlpatterns import format_suffix_patterns

__all__ = [
    "APIRootView",
    "BaseRouter",
    "DefaultRouter",
    "DynamicRoute",
    "Route",
    "SimpleRouter",
]


class Route(NamedTuple):
    """A fixed route: URL template, ``{http method: action}``, URL name template, initkwargs."""

    url: str
    mapping: dict[str, str]
    name: str
    detail: bool
    initkwargs: dict[str, Any]


class DynamicRoute(NamedTuple):
    """A slot expanded into one ``Route`` per ``@action`` with the same ``detail``."""

    url: str
    name: str
    detail: bool
    initkwargs: dict[str, Any]


class _BasenameError(ImproperlyConfigured, AssertionError):
    """No basename could be derived (a developer error at URLconf load).

    Also an ``AssertionError``, the type DRF raises here, so code written against DRF still
    catches it; raised explicitly so that ``python -O`` cannot skip the check.
    """


def escape_curly_brackets(url_path: str) -> str:
    """Double the braces of a regex quantifier (``{4}``) so ``str.format`` leaves them alone."""
    return url_path.replace("{", "{{").replace("}", "}}")


def flatten(list_of_lists: Iterable[Iterable[Any]]) -> itertools.chain[Any]:
    return itertools.chain(*list_of_lists)


class BaseRouter:
    """Keeps the registry of ``(prefix, viewset, basename)``; subclasses turn it into URLs."""

    def __init__(self) -> None:
        self.registry: list[tuple[str, Any, str]] = []

    def register(self, prefix: str, viewset: Any, basename: str | None = None) -> None:
        if basename is None:
            basename = self.get_default_basename(viewset)
        if self.is_already_registered(basename):
            raise ImproperlyConfigured(
                f'Router with basename "{basename}" is already registered. '
                f'Please provide a unique basename for viewset "{viewset}"'
            )
        self.registry.append((prefix, viewset, basename))
        # URLs read before this registration are stale now.
        self.__dict__.pop("_urls", None)

    def is_already_registered(self, new_basename: str) -> bool:
        """Whether ``new_basename`` is taken (URL names built from it would clash)."""
        return any(basename == new_basename for _prefix, _viewset, basename in self.registry)

    def get_default_basename(self, viewset: Any) -> str:
        """The basename used when ``register`` is given none."""
        raise NotImplementedError("get_default_basename must be overridden")

    def get_urls(self) -> list[URLPattern | URLResolver]:
        """The URL patterns for everything registered."""
        raise NotImplementedError("get_urls must be overridden")

    @property
    def urls(self) -> list[URLPattern | URLResolver]:
        """``get_urls()``, built once (until the next ``register``)."""
        urls: list[URLPattern | URLResolver] | None = self.__dict__.get("_urls")
        if urls is None:
            urls = self._urls = self.get_urls()
        return urls


class SimpleRouter(BaseRouter):
    """List, detail and extra-action routes; ``trailing_slash`` and regex or path syntax."""

    routes: list[Route | DynamicRoute] = [
        Route(
            url=r"^{prefix}{trailing_slash}$",
            mapping={"get": "list", "post": "create"},
            name="{basename}-list",
            detail=False,
            initkwargs={"suffix": "List"},
        ),
        DynamicRoute(
            url=r"^{prefix}/{url_path}{trailing_slash}$",
            name="{basename}-{url_name}",
            detail=False,
            initkwargs={},
        ),
        Route(
            url=r"^{prefix}/{lookup}{trailing_slash}$",
            mapping={
                "get": "retrieve",
                "put": "update",
                "patch": "partial_update",
                "delete": "destroy",
            },
            name="{basename}-detail",
            detail=True,
            initkwargs={"suffix": "Instance"},
        ),
        DynamicRoute(
            url=r"^{prefix}/{lookup}/{url_path}{trailing_slash}$",
            name="{basename}-{url_name}",
            detail=True,
            initkwargs={},
        ),
    ]

    def __init__(self, trailing_slash: bool = True, use_regex_path: bool = True) -> None:
        self.trailing_slash = "/" if trailing_slash else ""
        self._use_regex = use_regex_path
        self._url_conf: Callable[..., URLPattern] = re_path if use_regex_path else path
        if use_regex_path:
            self._base_pattern = "(?P<{lookup_prefix}{lookup_url_kwarg}>{lookup_value})"
            self._default_value_pattern = "[^/.]+"
        else:
            self._base_pattern = "<{lookup_value}:{lookup_prefix}{lookup_url_kwarg}>"
            self._default_value_pattern = "str"
            # The same table in path() syntax: no anchors.
            self.routes = [
                route._replace(url=route.url.replace("^", "").replace("$", ""))
                for route in self.routes
            ]
        super().__init__()

    def get_default_basename(self, viewset: Any) -> str:
        """The lower-cased model name of the viewset's ``queryset``."""
        queryset = getattr(viewset, "queryset", None)
        if queryset is None:
            raise _BasenameError(
                "`basename` argument not specified, and could not automatically determine "
                "the name from the viewset, as it does not have a `.queryset` attribute."
            )
        return str(queryset.model._meta.object_name.lower())

    def get_routes(self, viewset: Any) -> list[Route]:
        """The routes table with each ``DynamicRoute`` expanded into the viewset's extra actions."""
        known_actions = set(
            flatten(route.mapping.values() for route in self.routes if isinstance(route, Route))
        )
        extra_actions = viewset.get_extra_actions()
        not_allowed = [extra.__name__ for extra in extra_actions if extra.__name__ in known_actions]
        if not_allowed:
            raise ImproperlyConfigured(
                "Cannot use the @action decorator on the following methods, as they are "
                "existing routes: {}".format(", ".join(not_allowed))
            )
        detail_actions = [extra for extra in extra_actions if extra.detail]
        list_actions = [extra for extra in extra_actions if not extra.detail]

        routes: list[Route] = []
        for route in self.routes:
            if isinstance(route, DynamicRoute):
                actions = detail_actions if route.detail else list_actions
                routes.extend(self._get_dynamic_route(route, extra) for extra in actions)
            else:
                routes.append(route)
        return routes

    def _get_dynamic_route(self, route: DynamicRoute, action: Any) -> Route:
        initkwargs = route.initkwargs.copy()
        initkwargs.update(action.kwargs)
        return Route(
            url=route.url.replace("{url_path}", escape_curly_brackets(action.url_path)),
            mapping=action.mapping,
            name=route.name.replace("{url_name}", action.url_name),
            detail=route.detail,
            initkwargs=initkwargs,
        )

    def get_method_map(self, viewset: Any, method_map: dict[str, str]) -> dict[str, str]:
        """The part of ``method_map`` whose actions the viewset implements."""
        return {method: action for method, action in method_map.items() if hasattr(viewset, action)}

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        """The detail routes' look-up segment, capturing ``lookup_url_kwarg`` (or ``lookup_field``).

        Regex routes match ``lookup_value_regex`` (default ``[^/.]+``); path routes use
        ``lookup_value_converter``, else ``lookup_value_regex`` as a converter name (as DRF
        does), else ``str``.
        """
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        lookup_value = None
        if not self._use_regex:
            lookup_value = getattr(viewset, "lookup_value_converter", None)
        if lookup_value is None:
            lookup_value = getattr(viewset, "lookup_value_regex", self._default_value_pattern)
        return self._base_pattern.format(
            lookup_prefix=lookup_prefix,
            lookup_url_kwarg=lookup_url_kwarg,
            lookup_value=lookup_value,
        )

    def get_urls(self) -> list[URLPattern | URLResolver]:
        urls: list[URLPattern | URLResolver] = []
        for prefix, viewset, basename in self.registry:
            lookup = self.get_lookup_regex(viewset)
            for route in self.get_routes(viewset):
                mapping = self.get_method_map(viewset, route.mapping)
                if not mapping:
                    continue
                url = route.url.format(
                    prefix=prefix, lookup=lookup, trailing_slash=self.trailing_slash
                )
                if not prefix:
                    # An empty prefix must not leave a leading slash (``/{pk}/``).
                    if self._use_regex:
                        if url.startswith("^/"):
                            url = "^" + url[2:]
                    elif url.startswith("/"):
                        url = url[1:]
                initkwargs = route.initkwargs.copy()
                initkwargs.update({"basename": basename, "detail": route.detail})
                view = viewset.as_view(mapping, **initkwargs)
                urls.append(self._url_conf(url, view, name=route.name.format(basename=basename)))
        return urls


class APIRootView(views.APIView):
    """The default basic root view for DefaultRouter"""

    _ignore_model_permissions = True
    schema = None  # not part of the API schema
    api_root_dict: dict[str, str] | None = None

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """``{prefix: absolute URL of its list route}``, in this request's URL namespace."""
        links: dict[str, str] = {}
        match = getattr(request, "resolver_match", None)
        namespace = match.namespace if match is not None else None
        for key, url_name in (self.api_root_dict or {}).items():
            if namespace:
                url_name = f"{namespace}:{url_name}"
            try:
                links[key] = reverse(
                    url_name,
                    args=args,
                    kwargs=kwargs,
                    request=request,
                    format=kwargs.get("format"),
                )
            except NoReverseMatch:
                # Not reachable under this URLconf (e.g. a route needing more kwargs): skip it.
                continue
        return Response(links)


class DefaultRouter(SimpleRouter):
    """``SimpleRouter`` plus the API root view and format suffix patterns."""

    include_root_view = True
    include_format_suffixes = True
    root_view_name = "api-root"
    default_schema_renderers = None
    APIRootView = APIRootView
    APISchemaView = SchemaView
    SchemaGenerator = SchemaGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "root_renderers" in kwargs:
            self.root_renderers = kwargs.pop("root_renderers")
        else:
            self.root_renderers = list(api_settings.DEFAULT_RENDERER_CLASSES)
        super().__init__(*args, **kwargs)

    def get_api_root_view(self, api_urls: Any = None) -> Callable[..., Any]:
        """The root view listing each registered prefix's list route."""
        list_name = self.routes[0].name
        api_root_dict = {
            prefix: list_name.format(basename=basename)
            for prefix, _viewset, basename in self.registry
        }
        return self.APIRootView.as_view(api_root_dict=api_root_dict)

    def get_urls(self) -> list[URLPattern | URLResolver]:
        urls = super().get_urls()
        if self.include_root_view:
            view = self.get_api_root_view(api_urls=urls)
            urls.append(path("", view, name=self.root_view_name))
        if self.include_format_suffixes:
            urls = format_suffix_patterns(urls)
        return urls
