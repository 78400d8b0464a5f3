"""``get_wsgi_application()``: Django's WSGI entry point, answering what Django cannot.

A drop-in for ``django.core.wsgi.get_wsgi_application`` (``project/wsgi.py``)::

    from restframe.wsgi import get_wsgi_application

    application = get_wsgi_application()

Two things differ from Django's handler, both for input or failures that happen outside any
view or middleware:

* a request Django cannot build (a ``Content-Type`` it cannot parse, a charset that is no text
  encoding) gets a 400 from the URLconf's ``handler400`` — the negotiated API error with
  ``restframe.defaults.bad_request`` — and is logged as Django logs a ``BadRequest``, instead of
  the server's own 500 page with nothing logged;
* an exception that escapes Django's handler (say a broken middleware's error path) gets the
  negotiated 500 with an error id, reported once, instead of the server's page;
* start-up logs the configuration errors that would fail every request of some views (async
  views under ``ATOMIC_REQUESTS``, ``restframe.E007``), which app servers never check.

Request data that fails to parse reads as empty afterwards, so reporting the error (the
``ADMINS`` mail lists the query) cannot fail on it again.
"""

from __future__ import annotations

from typing import Any

import django
from django.core.handlers.wsgi import WSGIHandler as DjangoWSGIHandler
from django.core.handlers.wsgi import WSGIRequest as DjangoWSGIRequest
from django.http import HttpRequest, HttpResponseBase

from restframe._entrypoints import (
    MALFORMED_ATTR,
    SafeRequestMixin,
    answer_escaped,
    answer_malformed,
    log_startup_errors,
    without_content_type,
)

__all__ = ["WSGIHandler", "WSGIRequest", "get_wsgi_application"]


class WSGIRequest(SafeRequestMixin, DjangoWSGIRequest):
    """Django's ``WSGIRequest`` that can always be built, and whose data reads fail once."""

    def __init__(self, environ: dict[str, Any]) -> None:
        # Django writes the decoded path back into ``environ`` (its ``META``): keep the raw
        # values for a second build.
        raw = {key: environ[key] for key in _RAW_KEYS if key in environ}
        self._build(
            lambda: DjangoWSGIRequest.__init__(self, environ),
            lambda: DjangoWSGIRequest.__init__(self, without_content_type({**environ, **raw})),
        )


_RAW_KEYS = ("PATH_INFO", "SCRIPT_NAME")


class WSGIHandler(DjangoWSGIHandler):
    """Django's ``WSGIHandler`` with ``WSGIRequest`` above and a last-resort 500."""

    request_class = WSGIRequest

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        error = getattr(request, MALFORMED_ATTR, None)
        if error is not None:
            return answer_malformed(request, error)
        try:
            return super().get_response(request)
        except Exception as exc:
            return answer_escaped(request, exc)


def get_wsgi_application() -> WSGIHandler:
    """Set Django up and return the WSGI callable (as Django's function of the same name)."""
    django.setup(set_prefix=False)
    handler = WSGIHandler()
    log_startup_errors()
    return handler
