"""``get_asgi_application()``: Django's ASGI entry point, answering what Django cannot.

A drop-in for ``django.core.asgi.get_asgi_application`` (``project/asgi.py``)::

    from restframe.asgi import get_asgi_application

    application = get_asgi_application()

As ``restframe.wsgi``: a request Django cannot build gets a 400 from ``handler400`` (the
negotiated API error with ``restframe.defaults.bad_request``), logged as Django logs a
``BadRequest``; an exception that escapes Django's handler gets the negotiated 500 with an error
id, reported once; request data that fails to parse reads as empty afterwards.
"""

from __future__ import annotations

from typing import Any

import django
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler as DjangoASGIHandler
from django.core.handlers.asgi import ASGIRequest as DjangoASGIRequest
from django.http import HttpRequest, HttpResponseBase

from restframe._entrypoints import (
    MALFORMED_ATTR,
    SafeRequestMixin,
    answer_escaped,
    answer_malformed,
    log_startup_errors,
)

__all__ = ["ASGIHandler", "ASGIRequest", "get_asgi_application"]


class ASGIRequest(SafeRequestMixin, DjangoASGIRequest):
    """Django's ``ASGIRequest`` that can always be built, and whose data reads fail once."""

    def __init__(self, scope: dict[str, Any], body_file: Any) -> None:
        self._build(
            lambda: DjangoASGIRequest.__init__(self, scope, body_file),
            lambda: DjangoASGIRequest.__init__(self, _without_content_type(scope), body_file),
        )


def _without_content_type(scope: dict[str, Any]) -> dict[str, Any]:
    headers = [
        (name, value)
        for name, value in scope.get("headers", ())
        if name.lower() not in (b"content-type", b"content-length")
    ]
    return {**scope, "headers": headers}


class ASGIHandler(DjangoASGIHandler):
    """Django's ``ASGIHandler`` with ``ASGIRequest`` above and a last-resort 500."""

    request_class = ASGIRequest

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        error = getattr(request, MALFORMED_ATTR, None)
        if error is not None:
            response: HttpResponseBase = await sync_to_async(
                answer_malformed, thread_sensitive=True
            )(request, error)
            return response
        try:
            return await super().get_response_async(request)
        except Exception as exc:
            return await sync_to_async(answer_escaped, thread_sensitive=True)(request, exc)


def get_asgi_application() -> ASGIHandler:
    """Set Django up and return the ASGI callable (as Django's function of the same name)."""
    django.setup(set_prefix=False)
    handler = ASGIHandler()
    log_startup_errors()
    return handler
