"""One endpoint per error case, built four times: sync and async ``APIView``, sync and async
``@api_view``. The behaviour of each case is written once; the flavours only wrap it, so every
flavour must answer byte for byte the same.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404

from restframe import exceptions
from restframe.authentication import BasicAuthentication, SessionAuthentication
from restframe.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from restframe.permissions import BasePermission, IsAuthenticated
from restframe.response import Response
from restframe.throttling import AnonRateThrottle
from restframe.views import APIView

FLAVOURS = ("sync-cbv", "async-cbv", "sync-fbv", "async-fbv")

SECRET = "hunter2 at /srv/app/settings.py"


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "Service temporarily unavailable, try again later."
    default_code = "service_unavailable"


class DenyAll(BasePermission):
    def has_permission(self, request, view):
        return False


def ok(request):
    # ``?pause=<seconds>`` keeps a sync worker busy after the policy checks have run, so a test
    # can make the next request land on another gunicorn worker.
    pause = request.query_params.get("pause")
    if pause:
        time.sleep(float(pause))
    return Response({"ok": True})


def echo(request):
    return Response(request.data)


def not_found(request):
    raise exceptions.NotFound()


def django_404(request):
    raise Http404("No Book matches the given query.")


def invalid(request):
    raise exceptions.ValidationError(
        {
            "email": ["Enter a valid email address."],
            "age": ["Ensure this value is greater than or equal to 0."],
        }
    )


def unavailable(request):
    raise ServiceUnavailable()


def crash(request):
    raise RuntimeError(SECRET)


@dataclass(frozen=True)
class Endpoint:
    """What one URL does: handler per method, and the policies it overrides."""

    name: str
    handlers: dict[str, Callable]
    policies: dict[str, list] = field(default_factory=dict)


def throttle_for(flavour: str) -> type:
    """A throttle with the ``e2e`` rate but its own history per flavour (the key holds the class
    name), so each flavour starts with a fresh allowance."""
    return type(
        f"E2EThrottle_{flavour.replace('-', '_')}",
        (AnonRateThrottle,),
        {"scope": "e2e", "get_cache_key": _scoped_cache_key(flavour)},
    )


def _scoped_cache_key(flavour: str) -> Callable:
    def get_cache_key(self, request, view):
        return f"e2e-throttle-{flavour}-{self.get_ident(request)}"

    return get_cache_key


def endpoints(flavour: str) -> list[Endpoint]:
    return [
        Endpoint("ok", {"get": ok}),
        Endpoint("echo", {"get": ok, "post": echo}),
        Endpoint("not-found", {"get": not_found}),
        Endpoint("django-404", {"get": django_404}),
        Endpoint("invalid", {"post": invalid}),
        Endpoint(
            "basic",
            {"get": ok},
            {
                "authentication_classes": [BasicAuthentication],
                "permission_classes": [IsAuthenticated],
            },
        ),
        Endpoint(
            "session",
            {"get": ok},
            {
                "authentication_classes": [SessionAuthentication],
                "permission_classes": [IsAuthenticated],
            },
        ),
        Endpoint(
            "forbidden",
            {"get": ok},
            {"authentication_classes": [], "permission_classes": [DenyAll]},
        ),
        Endpoint("throttled", {"get": ok}, {"throttle_classes": [throttle_for(flavour)]}),
        Endpoint("unavailable", {"get": unavailable}),
        Endpoint("crash", {"get": crash}),
    ]


def _as_method(behaviour: Callable, is_async: bool) -> Callable:
    if is_async:

        async def method(self, request, *args, **kwargs):
            return behaviour(request)

    else:

        def method(self, request, *args, **kwargs):
            return behaviour(request)

    return method


def _as_function(behaviour: Callable, is_async: bool) -> Callable:
    if is_async:

        async def view(request, *args, **kwargs):
            return behaviour(request)

    else:

        def view(request, *args, **kwargs):
            return behaviour(request)

    return view


def build_view(flavour: str, endpoint: Endpoint) -> Callable:
    """The Django view for ``endpoint`` in the given flavour."""
    is_async = flavour.startswith("async")
    name = f"{endpoint.name.title().replace('-', '')}{'Async' if is_async else 'Sync'}"
    if flavour.endswith("cbv"):
        attrs: dict = {
            method: _as_method(behaviour, is_async)
            for method, behaviour in endpoint.handlers.items()
        }
        attrs.update(endpoint.policies)
        return type(name, (APIView,), attrs).as_view()

    # An @api_view function has a single body; dispatch on the method inside it.
    def behaviour(request):
        return endpoint.handlers[request.method.lower()](request)

    view = _as_function(behaviour, is_async)
    view.__name__ = view.__qualname__ = name
    for decorator, value in (
        (authentication_classes, endpoint.policies.get("authentication_classes")),
        (permission_classes, endpoint.policies.get("permission_classes")),
        (throttle_classes, endpoint.policies.get("throttle_classes")),
    ):
        if value is not None:
            view = decorator(value)(view)
    methods = [method.upper() for method in endpoint.handlers]
    return api_view(methods)(view)
