"""Viewsets: one class holding the actions of a resource, bound to HTTP methods per route.

A viewset answers with actions (``list``, ``create``, ``retrieve``, ``update``,
``partial_update``, ``destroy`` and ``@action`` extras) rather than HTTP method handlers. Routing
says which HTTP method runs which action: ``MyViewSet.as_view({"get": "list", "post": "create"})``
returns one view function per route, which routers build for you.

Whether a route runs sync or async is decided once, in ``as_view``: when every action it maps is
``async def`` the route runs natively on the event loop (restframe, beyond DRF), with the same
checks, errors and bodies as a sync route. A route mixing sync and async actions is an
``ImproperlyConfigured`` error, as for an ``APIView`` mixing handlers.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from asgiref.sync import markcoroutinefunction
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import NoReverseMatch

from restframe import generics, mixins, views
from restframe.decorators import MethodMapper
from restframe.request import Request
from restframe.reverse import reverse

__all__ = [
    "GenericViewSet",
    "ModelViewSet",
    "ReadOnlyModelViewSet",
    "ViewSet",
    "ViewSetMixin",
]

# The attributes every ``as_view`` call resets, so a route shows only what its own initkwargs say.
_ROUTE_ATTRIBUTES = ("name", "description", "suffix", "detail", "basename")


def _is_extra_action(attr: Any) -> bool:
    return isinstance(getattr(attr, "mapping", None), MethodMapper)


class _ActionNameMismatch(ImproperlyConfigured, AssertionError):
    """An ``@action`` stored under another name than its function's (a decorator without
    ``functools.wraps``): routes would call the wrong method. DRF raises ``AssertionError``."""


def _check_action_name(extra: Any, name: str) -> None:
    func_name = extra.__name__
    if func_name != name:
        raise _ActionNameMismatch(
            f"Expected function (`{func_name}`) to match its attribute name (`{name}`). "
            "If using a decorator, ensure the inner function is decorated with "
            f"`functools.wraps`, or that `{func_name}.__name__` is otherwise set to `{name}`."
        )


def _route_is_async(cls: type, actions: dict[str, str]) -> bool:
    """Whether the actions a route maps are ``async def``; a mix of both is refused."""
    kinds = set()
    for action in actions.values():
        handler = getattr(cls, action, None)
        if handler is not None:
            kinds.add(inspect.iscoroutinefunction(handler))
    if len(kinds) > 1:
        mapped = ", ".join(f"{method}: {action}" for method, action in actions.items())
        raise ImproperlyConfigured(
            f"{cls.__qualname__} actions must either be all sync or all async on one route "
            f"({mapped})."
        )
    return kinds.pop() if kinds else False


class ViewSetMixin:
    """Turns a class-based view's actions into per-route HTTP handlers (see the module doc).

    Inside a request the view knows which route it serves: ``action`` (the action's name,
    ``"metadata"`` for OPTIONS, ``None`` for an unmapped method), ``action_map``, ``detail``,
    ``basename``, and the ``name`` / ``suffix`` / ``description`` its route was given.
    """

    name: Any = None
    description: Any = None
    suffix: Any = None
    detail: bool | None = None
    basename: str | None = None
    action: str | None = None
    action_map: dict[str, str]

    @classmethod
    def as_view(cls, actions: dict[str, str] | None = None, **initkwargs: Any) -> Any:
        """The view function of one route: ``actions`` maps HTTP methods to action names."""
        # As DRF does: the route's initkwargs alone decide these (class-level values are reset).
        for attribute in _ROUTE_ATTRIBUTES:
            setattr(cls, attribute, None)

        if not actions:
            raise TypeError(
                "The `actions` argument must be provided when calling `.as_view()` "
                "on a ViewSet. For example `.as_view({'get': 'list'})`"
            )
        method_names: list[str] = getattr(cls, "http_method_names")  # noqa: B009
        for key in initkwargs:
            if key in method_names:
                raise TypeError(
                    f"You tried to pass in the {key} method name as a keyword argument "
                    f"to {cls.__name__}(). Don't do that."
                )
            if not hasattr(cls, key):
                raise TypeError(f"{cls.__name__}() received an invalid keyword {key!r}")
        if "name" in initkwargs and "suffix" in initkwargs:
            raise TypeError(
                f"{cls.__name__}() received both `name` and `suffix`, which are "
                "mutually exclusive arguments."
            )

        # A plain dict (a ``MethodMapper``'s ``get`` is a decorator); HEAD answers like GET.
        action_map = dict(actions)
        if "get" in action_map and "head" not in action_map:
            action_map["head"] = action_map["get"]
        is_async = _route_is_async(cls, action_map)
        # Set on the instance only where the route differs from the class's own decision.
        differs = is_async != getattr(cls, "view_is_async", False)
        cacheable = getattr(cls, "_allow_cacheable", True) and "http_method_names" not in initkwargs
        allow_cache: list[str] = []
        straight = getattr(cls, "_straight", False)

        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            self = cls(**initkwargs)
            self.action_map = action_map
            for method, action in action_map.items():
                setattr(self, method, getattr(self, action))
            if differs:
                self.view_is_async = is_async  # type: ignore[attr-defined]
            if allow_cache:
                self._route_allow = allow_cache[0]  # type: ignore[attr-defined]
            elif cacheable:
                allow_cache.append(", ".join(self.allowed_methods))  # type: ignore[attr-defined]
                self._route_allow = allow_cache[0]  # type: ignore[attr-defined]
            if straight:
                # What ``initialize_request`` records, which the straight path does not call.
                method = request.method.lower() if request.method else ""
                self.action = "metadata" if method == "options" else action_map.get(method)
            self.request = request  # type: ignore[attr-defined]
            self.args = args  # type: ignore[attr-defined]
            self.kwargs = kwargs  # type: ignore[attr-defined]
            return self.dispatch(request, *args, **kwargs)  # type: ignore[attr-defined]

        update_wrapper(view, cls, updated=())
        update_wrapper(view, cls.dispatch, assigned=())  # type: ignore[attr-defined]
        if is_async:
            markcoroutinefunction(view)
        # Introspected by routers, schema generators and the browsable API.
        view.cls = cls  # type: ignore[attr-defined]
        view.initkwargs = initkwargs  # type: ignore[attr-defined]
        view.actions = actions  # type: ignore[attr-defined]
        # Permission classes decide, not Django's LoginRequiredMiddleware (as in APIView).
        view.login_required = False  # type: ignore[attr-defined]
        # What ``csrf_exempt(view)`` marks, without its extra call per request.
        view.csrf_exempt = True  # type: ignore[attr-defined]
        return view

    @property
    def default_response_headers(self) -> dict[str, str]:
        """``Allow`` lists this route's methods (computed once per route), plus ``Vary``."""
        allow = self.__dict__.get("_route_allow")
        if allow is None:
            allow = ", ".join(self.allowed_methods)  # type: ignore[attr-defined]
        headers = {"Allow": allow}
        if len(self.renderer_classes) > 1:  # type: ignore[attr-defined]
            headers["Vary"] = "Accept"
        return headers

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        """Also record the action this request runs (``"metadata"`` for OPTIONS)."""
        api_request: Request = super().initialize_request(  # type: ignore[misc]
            request, *args, **kwargs
        )
        method = request.method.lower() if request.method else ""
        self.action = "metadata" if method == "options" else self.action_map.get(method)
        return api_request

    # The straight dispatch path honours these two overrides itself (see ``as_view``'s view).
    _straight_variants = {
        "initialize_request": initialize_request,
        "default_response_headers": default_response_headers,
    }

    def reverse_action(self, url_name: str, *args: Any, **kwargs: Any) -> str:
        """The URL of another route of this viewset, by its ``url_name`` (``"detail"``, ...).

        Arguments go to ``restframe.reverse.reverse``; the current request (for an absolute
        URL) and URL namespace are used unless given.
        """
        url_name = f"{self.basename}-{url_name}"
        request = getattr(self, "request", None)
        namespace = _namespace(request)
        if namespace:
            url_name = f"{namespace}:{url_name}"
        kwargs.setdefault("request", request)
        return reverse(url_name, *args, **kwargs)

    @classmethod
    def get_extra_actions(cls) -> list[Callable[..., Any]]:
        """The ``@action`` methods of this viewset, sorted by name."""
        found: dict[str, Any] = {}
        for klass in cls.__mro__:
            for attr_name, value in vars(klass).items():
                if attr_name not in found:
                    found[attr_name] = value
        actions = []
        for name in sorted(found):
            extra = found[name]
            if _is_extra_action(extra):
                _check_action_name(extra, name)
                actions.append(extra)
        return actions

    def get_extra_action_url_map(self) -> dict[str, str]:
        """``{view name: URL}`` of the extra actions on the same level (list or detail).

        Empty for a view not built by a router (its ``detail`` is unknown); actions whose URL
        cannot be reversed are left out.
        """
        action_urls: dict[str, str] = {}
        if self.detail is None:
            return action_urls
        request = getattr(self, "request", None)
        namespace = _namespace(request)
        for extra in self.get_extra_actions():
            if extra.detail != self.detail:  # type: ignore[attr-defined]
                continue
            url_name = f"{self.basename}-{extra.url_name}"  # type: ignore[attr-defined]
            if namespace:
                url_name = f"{namespace}:{url_name}"
            try:
                url = reverse(
                    url_name,
                    getattr(self, "args", ()),
                    getattr(self, "kwargs", {}),
                    request=request,
                )
            except NoReverseMatch:
                continue
            view: Any = self.__class__(**extra.kwargs)  # type: ignore[attr-defined]
            action_urls[view.get_view_name()] = url
        return action_urls


def _namespace(request: Any) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.namespace if match is not None else None


class ViewSet(ViewSetMixin, views.APIView):
    """The base viewset: defines no actions of its own."""


class GenericViewSet(ViewSetMixin, generics.GenericAPIView):
    """A viewset with ``GenericAPIView``'s helpers (queryset, serializer, look-up, pagination);
    mix in the action mixins you need."""


class ReadOnlyModelViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, GenericViewSet):
    """``list`` and ``retrieve``."""


class ModelViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    GenericViewSet,
):
    """``list``, ``create``, ``retrieve``, ``update``, ``partial_update`` and ``destroy``."""
