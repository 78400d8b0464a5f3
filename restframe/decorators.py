"""``@api_view`` and the policy decorators: function-based API views.

``@api_view(["GET", "POST"])`` builds an ``APIView`` subclass around the function, so a function
view gets the same negotiation, checks and exception handling as a class. An ``async def``
function becomes an async view. The policy decorators (``@permission_classes`` …) only tag the
function; ``@api_view`` reads the tags, so they must sit below it.

``@action`` marks a viewset method as an extra route for routers; its ``mapping`` lets more HTTP
methods of the same URL go to other methods (``@reset.mapping.delete``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

from django.forms.utils import pretty_name

from restframe.views import APIView

__all__ = [
    "MethodMapper",
    "action",
    "api_view",
    "authentication_classes",
    "content_negotiation_class",
    "metadata_class",
    "parser_classes",
    "permission_classes",
    "renderer_classes",
    "schema",
    "throttle_classes",
    "throttle_scope",
    "versioning_class",
]

F = TypeVar("F", bound=Callable[..., Any])

# Policy attributes a decorator may tag a function with, copied onto the generated view class.
_POLICIES = (
    "renderer_classes",
    "parser_classes",
    "authentication_classes",
    "throttle_classes",
    "permission_classes",
    "content_negotiation_class",
    "metadata_class",
    "versioning_class",
    "schema",
)

_DECORATOR_ORDER_HELP = (
    "https://www.django-rest-framework.org/api-guide/views/#api-policy-decorators"
)


class _UsageError(TypeError, AssertionError):
    """``@api_view`` used wrongly. Also an ``AssertionError``, the type DRF raises for it."""


def api_view(http_method_names: Sequence[str] | None = None) -> Callable[[Callable[..., Any]], Any]:
    """Turn a function into an API view answering ``http_method_names`` (default ``["GET"]``)."""
    if callable(http_method_names):
        # Bare ``@api_view``: the function itself was passed. As in DRF, the decorated name is
        # then a view that fails when called, with the fix in its message.
        def misused_api_view(*args: Any, **kwargs: Any) -> NoReturn:
            raise _UsageError(
                "@api_view missing list of allowed HTTP methods: use @api_view() or "
                "@api_view(['GET', ...])."
            )

        return misused_api_view
    if http_method_names is not None and not isinstance(http_method_names, (list, tuple)):
        # A bare string would otherwise become one method per letter.
        raise _UsageError(
            f"@api_view expected a list of strings, received {type(http_method_names).__name__}"
        )
    methods = ["GET"] if http_method_names is None else list(http_method_names)

    def decorator(func: Callable[..., Any]) -> Any:
        if inspect.iscoroutinefunction(func):

            async def handler(self: APIView, *args: Any, **kwargs: Any) -> Any:
                return await func(*args, **kwargs)

        else:

            def handler(self: APIView, *args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
                return func(*args, **kwargs)

        namespace: dict[str, Any] = {
            "__doc__": func.__doc__,
            "__module__": func.__module__,
            # The caller's order, then OPTIONS: the ``Allow`` header lists methods in this order.
            "http_method_names": list(dict.fromkeys([m.lower() for m in methods] + ["options"])),
        }
        for method in methods:
            namespace[method.lower()] = handler
        for policy in _POLICIES:
            if hasattr(func, policy):
                namespace[policy] = getattr(func, policy)
        # ``ScopedRateThrottle`` reads it; DRF's wrapped views always have it.
        namespace["throttle_scope"] = getattr(func, "throttle_scope", None)

        view_class: type[APIView] = type(func.__name__, (APIView,), namespace)
        view_class.__qualname__ = getattr(func, "__qualname__", func.__name__)
        return view_class.as_view()

    return decorator


def _tag(attribute: str, value: Any) -> Callable[[F], F]:
    def decorator(func: F) -> F:
        # Above ``@api_view`` the tag would land on the finished view and be silently ignored.
        view_class = getattr(func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            raise TypeError(
                f"@{attribute} must come after (below) the @api_view decorator. "
                "The correct order is:\n\n"
                "    @api_view(['GET'])\n"
                f"    @{attribute}(...)\n"
                "    def my_view(request):\n"
                "        ...\n\n"
                f"See {_DECORATOR_ORDER_HELP}"
            )
        setattr(func, attribute, value)
        return func

    return decorator


def renderer_classes(renderer_classes: Sequence[type]) -> Callable[[F], F]:
    return _tag("renderer_classes", renderer_classes)


def parser_classes(parser_classes: Sequence[type]) -> Callable[[F], F]:
    return _tag("parser_classes", parser_classes)


def authentication_classes(authentication_classes: Sequence[type]) -> Callable[[F], F]:
    return _tag("authentication_classes", authentication_classes)


def throttle_classes(throttle_classes: Sequence[type]) -> Callable[[F], F]:
    return _tag("throttle_classes", throttle_classes)


def throttle_scope(throttle_scope: str) -> Callable[[F], F]:
    """The scope ``ScopedRateThrottle`` rates this view under."""
    return _tag("throttle_scope", throttle_scope)


def permission_classes(permission_classes: Sequence[Any]) -> Callable[[F], F]:
    return _tag("permission_classes", permission_classes)


def content_negotiation_class(content_negotiation_class: type) -> Callable[[F], F]:
    return _tag("content_negotiation_class", content_negotiation_class)


def metadata_class(metadata_class: type | None) -> Callable[[F], F]:
    return _tag("metadata_class", metadata_class)


def versioning_class(versioning_class: type | None) -> Callable[[F], F]:
    return _tag("versioning_class", versioning_class)


def schema(view_inspector: Any) -> Callable[[F], F]:
    return _tag("schema", view_inspector)


def action(
    methods: Sequence[str] | None = None,
    detail: bool | None = None,
    url_path: str | None = None,
    url_name: str | None = None,
    **kwargs: Any,
) -> Callable[[F], F]:
    """Mark a viewset method as a routable extra action.

    ``detail`` (required) says whether the route is on one object (``/items/{pk}/url_path/``) or
    the collection (``/items/url_path/``). Remaining ``kwargs`` become the view's initkwargs for
    that route only (``permission_classes=[...]``, ``serializer_class=...``).
    """
    method_names = ["get"] if methods is None else [method.lower() for method in methods]
    if detail is None:
        raise _UsageError("@action() missing required argument: 'detail'")
    if "name" in kwargs and "suffix" in kwargs:
        raise TypeError("`name` and `suffix` are mutually exclusive arguments.")

    def decorator(func: F) -> F:
        name = func.__name__
        extra: Any = func
        extra.mapping = MethodMapper(func, method_names)
        extra.detail = detail
        extra.url_path = url_path or name
        extra.url_name = url_name or name.replace("_", "-")
        extra.kwargs = kwargs
        # As in DRF: a view name unless a suffix was given, and the docstring as the description
        # (it wins over a ``description`` argument).
        if "name" not in kwargs and "suffix" not in kwargs:
            kwargs["name"] = pretty_name(name)
        kwargs["description"] = func.__doc__ or None
        return func

    return decorator


class MethodMapper(dict[str, str]):
    """An extra action's ``{http method: viewset method name}``, extendable by decoration.

    ``@my_action.mapping.delete`` on another method routes DELETE on the same URL to it; each
    method must get its own name (unlike ``@property``'s setter idiom), or the mapping would
    point back at the action itself.
    """

    def __init__(self, action: Callable[..., Any], methods: Sequence[str]) -> None:
        super().__init__()
        self.action = action
        for method in methods:
            self[method] = action.__name__

    def _map(self, method: str, func: F) -> F:
        if method in self:
            raise _UsageError(f"Method '{method}' has already been mapped to '.{self[method]}'.")
        if func.__name__ == self.action.__name__:
            raise _UsageError(
                "Method mapping does not behave like the property decorator. You "
                "cannot use the same method name for each mapping declaration."
            )
        self[method] = func.__name__
        return func

    def get(self, func: F) -> F:  # type: ignore[override]
        return self._map("get", func)

    def post(self, func: F) -> F:
        return self._map("post", func)

    def put(self, func: F) -> F:
        return self._map("put", func)

    def patch(self, func: F) -> F:
        return self._map("patch", func)

    def delete(self, func: F) -> F:
        return self._map("delete", func)

    def head(self, func: F) -> F:
        return self._map("head", func)

    def options(self, func: F) -> F:
        return self._map("options", func)

    def trace(self, func: F) -> F:
        return self._map("trace", func)
