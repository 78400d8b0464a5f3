"""What ``restframe.wsgi`` and ``restframe.asgi`` share: requests that survive bad input, and
the answers for what Django's own handler cannot answer.

Django builds the request before any middleware runs. A ``Content-Type`` it cannot parse
(``charset*=unknown''x``) or a charset that is not a text encoding (``charset=bz2_codec`` with a
query string) raises right there, and the server answers its own 500 with nothing logged.
``SafeRequestMixin`` builds such a request without its ``Content-Type`` and remembers the
failure; the handler then answers it as Django answers a ``BadRequest`` raised by a view
(``response_for_exception``: ``handler400``, logged on ``django.request``).

The mixin also makes the request's data safe to read twice: once ``GET``, ``POST`` or ``FILES``
failed to parse (too many fields, an undecodable charset), later reads give an empty value, as
Django already does for a broken multipart body. Reporting reads them again (the ``ADMINS``
mail lists the query), and a second failure there would replace the 400 by a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.urls import set_urlconf
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDict

__all__ = [
    "MALFORMED_ATTR",
    "SafeRequestMixin",
    "answer_escaped",
    "answer_malformed",
    "log_startup_errors",
]

MALFORMED_ATTR = "_restframe_malformed"
# What parsing a header or decoding the query raises for bad input (UnicodeError included;
# ``TooManyFieldsSent`` when a charset makes Django parse the query while building).
_PARSE_ERRORS = (ValueError, LookupError, BadRequest, SuspiciousOperation)


class _GuardedQuery:
    """``GET`` (Django's cached property), empty after a failed parse; a non-data descriptor
    like the original, so assigning or deleting ``request.GET`` keeps working."""

    def __init__(self, original: Any) -> None:
        self.original = original

    def __get__(self, request: Any, owner: type | None = None) -> Any:
        if request is None:
            return self
        try:
            return self.original.__get__(request, owner)
        except Exception as exc:
            request.__dict__["GET"] = QueryDict()
            raise _as_client_error(exc)


class _GuardedBody:
    """``POST`` / ``FILES``, empty after a failed parse (Django does this for multipart errors
    only)."""

    def __init__(self, original: property) -> None:
        self.original = original

    def __get__(self, request: Any, owner: type | None = None) -> Any:
        if request is None:
            return self
        try:
            return self.original.__get__(request, owner)
        except Exception as exc:
            if not hasattr(request, "_post"):
                request._post = QueryDict()
            if not hasattr(request, "_files"):
                request._files = MultiValueDict()
            raise _as_client_error(exc)

    def __set__(self, request: Any, value: Any) -> None:
        self.original.__set__(request, value)


def _as_client_error(exc: Exception) -> Exception:
    """Input that cannot be decoded is the client's error (400), not a crash (500)."""
    if isinstance(exc, (ValueError, LookupError)):
        error = BadRequest(f"Request data cannot be decoded ({type(exc).__name__}: {exc})")
        error.__cause__ = exc
        return error
    return exc


class SafeRequestMixin:
    """Mixed into Django's ``WSGIRequest`` / ``ASGIRequest``: see the module docstring."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in cls.__mro__[1:]:
            if base is SafeRequestMixin or not issubclass(base, HttpRequest):
                continue
            if "GET" in base.__dict__ and "GET" not in cls.__dict__:
                cls.GET = _GuardedQuery(base.__dict__["GET"])  # type: ignore[attr-defined]
            for name in ("POST", "FILES"):
                if name in base.__dict__ and name not in cls.__dict__:
                    setattr(cls, name, _GuardedBody(base.__dict__[name]))

    def _build(self, build: Any, sanitized: Any) -> None:
        """Run Django's ``__init__`` (``build()``); if the input breaks it, build the request
        again from ``sanitized()`` (no ``Content-Type``) and remember why."""
        try:
            build()
        except _PARSE_ERRORS as exc:
            self.__dict__.clear()
            sanitized()
            if isinstance(exc, SuspiciousOperation):
                error: Exception = exc  # reported as Django reports it (django.security)
            else:
                error = BadRequest(f"Malformed Content-Type header ({type(exc).__name__}: {exc})")
            setattr(self, MALFORMED_ATTR, error)


def answer_malformed(request: HttpRequest, error: Exception) -> HttpResponseBase:
    """The 400 for a request Django could not build, as Django answers a ``BadRequest``: the
    URLconf's ``handler400`` (negotiated with ``restframe.defaults.bad_request``), logged by
    ``response_for_exception``. No middleware runs: the request never got that far."""
    set_urlconf(settings.ROOT_URLCONF)
    response: HttpResponseBase = response_for_exception(request, error)
    response._resource_closers.append(request.close)  # type: ignore[attr-defined]
    return response


def answer_escaped(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A clean 500 for an exception that escaped Django's handler (a broken error view or
    middleware, a failing reporter): the negotiated 500 with its error id, reported once."""
    # Imported here: the entry point modules are imported before Django is set up.
    from restframe.defaults import server_error_response
    from restframe.reporting import report_server_error

    response = server_error_response(request, exc)
    patch_vary_headers(response, ("Accept",))  # JSON, problem details or HTML by Accept
    report_server_error(request, exc, response, handled=False)
    response._resource_closers.append(request.close)  # type: ignore[attr-defined]
    return response


def log_startup_errors() -> None:
    """Log what would make every request of some views fail (``restframe.E007``: async views
    under ``ATOMIC_REQUESTS``) when the server loads the application: app servers do not run
    system checks, and the views would otherwise only show up as 500s."""
    import logging

    from restframe.checks import check_atomic_requests_async_views

    for error in check_atomic_requests_async_views():
        logging.getLogger("restframe.checks").error("%s: %s %s", error.id, error.msg, error.hint)


def without_content_type(environ: Mapping[str, Any]) -> dict[str, Any]:
    """``environ`` with no ``Content-Type`` and no body."""
    return {**environ, "CONTENT_TYPE": "", "CONTENT_LENGTH": "0"}
