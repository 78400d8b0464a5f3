"""``APIExceptionMiddleware``: API errors from plain Django views, answered as an ``APIView`` would.

A function view or a Django class-based view that raises ``restframe.exceptions.NotFound``,
``Throttled`` and so on would otherwise become a 500. With this middleware in ``MIDDLEWARE`` the
exception goes through the configured ``EXCEPTION_HANDLER`` and its response is rendered as JSON
(or problem details): same status, headers and body as from an ``APIView``.

Django's own ``Http404`` and ``PermissionDenied`` are translated the same way for API clients
only; a browser (``Accept`` rating ``text/html`` above ``application/json``) keeps Django's
pages and ``handler404``/``handler403``. With ``DEBUG`` on, an API client gets the traceback of
an unhandled error as JSON instead of Django's HTML or plain-text page.

Works in sync and async stacks; the hook itself is pure CPU work. Django calls
``process_exception`` in a worker thread in an async stack, so an ``async def``
``EXCEPTION_HANDLER`` is run to completion there (on the server's event loop) in both.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync, iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import patch_vary_headers

from restframe.defaults import _wants_html, server_error_response
from restframe.exceptions import APIException
from restframe.renderers import JSONRenderer
from restframe.reporting import run_exception_reporter
from restframe.response import Response
from restframe.settings import api_settings

__all__ = ["APIExceptionMiddleware"]

_RENDERER = JSONRenderer()
# What Django answers with a 400 rather than a 500 (``response_for_exception``): never a server
# error, so never reported as one, in DEBUG too.
_CLIENT_ERRORS = (BadRequest, SuspiciousOperation, MultiPartParserError)
# The answer depends on ``Accept`` (JSON or problem details; a browser keeps Django's pages for
# ``Http404``/``PermissionDenied``): caches must key on it.
_VARY = ("Accept",)


class APIExceptionMiddleware:
    """Turn API exceptions raised in non-API views into API error responses."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        # Decided once, as Django does for its own middleware.
        self._async = iscoroutinefunction(get_response)
        if self._async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self._async:
            return self._acall(request)
        return self.get_response(request)

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = await self.get_response(request)
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        """The error response for ``exception``, or ``None`` to leave it to Django."""
        if isinstance(exception, APIException):
            return self.handle_api_exception(request, exception)
        if isinstance(exception, (Http404, DjangoPermissionDenied)):
            if _wants_html(request):
                return None
            return self.handle_api_exception(request, exception)
        if (
            settings.DEBUG
            and not settings.DEBUG_PROPAGATE_EXCEPTIONS
            and not isinstance(exception, _CLIENT_ERRORS)
            and not _wants_html(request)
        ):
            # Django's technical page is HTML or plain text; an API client gets JSON. The error
            # is still reported once, as an unhandled one.
            response = server_error_response(request, exception)
            patch_vary_headers(response, _VARY)
            # Not marked handled: the reporter reports it as a crash, with an error id.
            context: dict[str, Any] = {"view": None, "args": (), "kwargs": {}, "request": request}
            run_exception_reporter(exception, context, response)
            return response
        return None

    def handle_api_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        """Ask ``EXCEPTION_HANDLER`` for the response and render it as an ``APIView`` would.

        The handler's context has no view; its ``request`` is the Django request (the
        default handler reads ``Accept`` and the path from it).
        """
        handler = api_settings.EXCEPTION_HANDLER
        context: dict[str, Any] = {"view": None, "args": (), "kwargs": {}, "request": request}
        response = handler(exception, context)
        if inspect.isawaitable(response):
            response = async_to_sync(_awaited)(response)
        if response is None:
            return None
        if not isinstance(response, HttpResponseBase):
            # A broken custom handler: fail into Django's 500 path (logged there), never shown.
            raise TypeError(
                f"The exception handler {handler!r} returned {type(response).__name__}, "
                "not a response or None."
            ) from exception
        if isinstance(response, Response) and not response.is_rendered:
            response.accepted_renderer = _RENDERER
            response.accepted_media_type = (
                (response.content_type or _RENDERER.media_type)
                if response.problem
                else _RENDERER.media_type
            )
            response.renderer_context = context
            response.render()
        patch_vary_headers(response, _VARY)
        response.exception = True
        response._restframe_handled = True
        run_exception_reporter(exception, context, response)
        return response


async def _awaited(awaitable: Any) -> Any:
    return await awaitable
