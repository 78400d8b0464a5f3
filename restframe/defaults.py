"""Django's error views, negotiated: browsers get Django's pages, API clients get API errors.

Point the root URLconf's ``handler400``/``handler403``/``handler404``/``handler500`` at these
views and ``CSRF_FAILURE_VIEW`` at ``csrf_failure``. A client whose ``Accept`` rates ``text/html``
strictly above ``application/json`` is a browser and gets exactly what Django's own view gives;
everyone else (no ``Accept``, ``*/*``, a tie, ``application/json``) gets the API's error format:
DRF's ``{"detail": ...}`` bodies or RFC 9457 problem details.

The 500 view gives each error an id (``restframe.reporting.error_id_for``) that appears in the
body, in ``500.html``'s context and on the ``django.request`` log record. None of these views
ever shows exception text, a traceback or a path outside ``DEBUG``, and a failure inside one of
them (a broken template, say) still ends in a clean 500 whose cause is logged.
"""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.http.multipartparser import MultiPartParserError
from django.template import TemplateDoesNotExist, loader
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views import csrf as django_csrf
from django.views import debug as django_debug
from django.views import defaults as django_defaults
from django.views.decorators.csrf import requires_csrf_token as _requires_csrf_token

from restframe import exceptions, status
from restframe.formatters import PROBLEM_CONTENT_TYPE, drf_body, problem_body, wants_problem
from restframe.renderers import JSONRenderer
from restframe.reporting import error_id_for, log_safely, report_server_error
from restframe.utils.mediatypes import prefers

__all__ = [
    "DjangoBadRequest",
    "bad_request",
    "csrf_failure",
    "page_not_found",
    "permission_denied",
    "server_error",
    "server_error_response",
]

logger = logging.getLogger("restframe.defaults")

_HTML = "text/html"
_JSON = "application/json"
_VARY = ("Accept",)
# Same bytes as an APIView's error bodies (compact UTF-8 via orjson, the JSON settings honoured).
_RENDERER = JSONRenderer()
# What Django answers with a 400 (``response_for_exception``): a request body that cannot be
# parsed, too many fields, an oversized body, a bad header.
_CLIENT_ERRORS = (BadRequest, SuspiciousOperation, MultiPartParserError)
_ANSWERING_BAD_REQUEST = "_restframe_answering_bad_request"


def requires_csrf_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Django's ``requires_csrf_token``, except that a body the CSRF check cannot read answers
    the 400 Django gives on a known URL, instead of breaking the error view.

    The check reads ``request.POST`` for the token when the request has a CSRF cookie; a
    ``multipart/form-data`` body without a boundary, too many fields or an oversized body then
    raise inside ``handler404`` (say), and Django would fall back to a 500. Here the error goes
    through Django's own ``response_for_exception`` (its ``django.security`` record and
    ``handler400``), as it would have from a view.
    """
    checked = _requires_csrf_token(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, _ANSWERING_BAD_REQUEST, False):
            # Already answering such an error: the token cannot be read, so skip the check.
            return view(request, *args, **kwargs)
        try:
            return checked(request, *args, **kwargs)
        except _CLIENT_ERRORS as exc:
            setattr(request, _ANSWERING_BAD_REQUEST, True)
            response: HttpResponse = response_for_exception(request, exc)
            return response

    return wrapper


class DjangoBadRequest(exceptions.APIException):
    """What an API client sees for Django's 400s (``SuspiciousOperation``, ``BadRequest``, an
    oversized body outside an ``APIView``): never the exception's own text."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Bad request.")
    default_code = "bad_request"


def _negotiated(
    request: HttpRequest,
    page: Callable[[], HttpResponse],
    error: Callable[[], exceptions.APIException],
) -> HttpResponse:
    """Django's ``page()`` for a browser, the API's body for ``error()`` otherwise; a failure
    in either ends in a clean, logged 500."""
    try:
        response = page() if _wants_html(request) else _api_response(request, error())
    except Exception as exc:
        return _failed(request, exc)
    patch_vary_headers(response, _VARY)
    return response


@requires_csrf_token
def page_not_found(
    request: HttpRequest, exception: Exception, template_name: str = "404.html"
) -> HttpResponse:
    """``handler404``: Django's page for browsers, ``{"detail": "Not found."}`` for API clients.

    An ``Http404("message")`` raised by a view keeps its message (DRF's mapping); an unmatched
    URL (``Resolver404``) gets the default one.
    """
    return _negotiated(
        request,
        lambda: django_defaults.page_not_found(request, exception, template_name),
        lambda: exceptions.NotFound(_message_of(exception)),
    )


@requires_csrf_token
def permission_denied(
    request: HttpRequest, exception: Exception, template_name: str = "403.html"
) -> HttpResponse:
    """``handler403``: Django's page for browsers, DRF's ``PermissionDenied`` body otherwise."""
    return _negotiated(
        request,
        lambda: django_defaults.permission_denied(request, exception, template_name),
        lambda: exceptions.PermissionDenied(_message_of(exception)),
    )


@requires_csrf_token
def bad_request(
    request: HttpRequest, exception: Exception, template_name: str = "400.html"
) -> HttpResponse:
    """``handler400``: Django's page for browsers, ``{"detail": "Bad request."}`` otherwise.

    The exception's text is never shown: it may describe the attack or the server's limits.
    """
    return _negotiated(
        request,
        lambda: django_defaults.bad_request(request, exception, template_name),
        lambda: DjangoBadRequest(),
    )


@requires_csrf_token
def csrf_failure(
    request: HttpRequest, reason: str = "", template_name: str = "403_csrf.html"
) -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: Django's page for browsers, ``{"detail": "CSRF Failed: …"}``
    (what DRF's ``SessionAuthentication`` answers) otherwise."""
    return _negotiated(
        request,
        lambda: django_csrf.csrf_failure(request, reason, template_name),
        lambda: exceptions.PermissionDenied(f"CSRF Failed: {reason}"),
    )


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: ``500.html`` (with ``error_id`` in its context) or Django's inline page
    for browsers; ``{"detail": "A server error occurred.", "error_id": "…"}`` otherwise.

    Django has already reported the error when it calls this view; this view only answers.
    """
    response = server_error_response(request, sys.exception(), template_name)
    patch_vary_headers(response, _VARY)
    return response


def server_error_response(
    request: HttpRequest, exc: BaseException | None, template_name: str = "500.html"
) -> HttpResponse:
    """The negotiated 500 for ``exc`` (which may be unknown); never raises.

    With ``DEBUG`` on and ``exc`` known, browsers get Django's technical page and API clients a
    JSON body that also holds the traceback; without ``DEBUG`` nothing about ``exc`` is shown.
    """
    error_id = error_id_for(request)
    debug = settings.DEBUG and exc is not None
    if _wants_html(request):
        if debug and exc is not None:
            return django_debug.technical_500_response(request, type(exc), exc, exc.__traceback__)
        return _server_error_page(template_name, error_id)
    extra: dict[str, Any] | None = None
    if debug and exc is not None:
        extra = {
            "exception": f"{type(exc).__name__}: {exc}",
            "traceback": "".join(traceback.format_exception(exc)),
        }
    return _api_response(request, exceptions.APIException(), error_id=error_id, extra=extra)


def _server_error_page(template_name: str, error_id: str) -> HttpResponse:
    """The project's ``500.html`` with ``error_id``, else Django's inline page.

    Without a ``500.html`` the inline page is Django's, byte for byte. Unlike Django's view, a
    missing custom template or a template that fails to load or render does not raise (there is
    no error view left to fall back to): it is logged and the inline page is served, showing the
    error id the template would have shown.
    """
    try:
        template = loader.get_template(template_name)
    except TemplateDoesNotExist:
        if template_name == django_defaults.ERROR_500_TEMPLATE_NAME:
            return _inline_500()
        log_safely(
            logger,
            logging.ERROR,
            "The 500 error template %r does not exist.",
            template_name,
            exc=True,
        )
        return _inline_500(error_id)
    except Exception:
        log_safely(
            logger,
            logging.ERROR,
            "The 500 error template %r failed to load.",
            template_name,
            exc=True,
        )
        return _inline_500(error_id)
    try:
        body = template.render({"error_id": error_id})
    except Exception:
        log_safely(
            logger,
            logging.ERROR,
            "The 500 error template %r failed to render.",
            template_name,
            exc=True,
        )
        return _inline_500(error_id)
    return HttpResponseServerError(body)


def _inline_500(error_id: str | None = None) -> HttpResponse:
    """Django's inline 500 page; with ``error_id`` (a project template failed) it shows the id,
    so the user can still quote it."""
    if error_id is None:
        details = ""
    else:
        details = f'{escape(_("Error id"))}: <code id="error-id">{escape(error_id)}</code>'
    return HttpResponseServerError(
        django_defaults.ERROR_PAGE_TEMPLATE % {"title": "Server Error (500)", "details": details}
    )


def _failed(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An error view broke: answer a clean 500 and report the breakage as an unhandled error."""
    response = server_error_response(request, exc)
    patch_vary_headers(response, _VARY)
    try:
        report_server_error(request, exc, response, handled=False)
    except Exception:
        log_safely(logger, logging.ERROR, "Reporting a failure of an error view failed.", exc=True)
    return response


def _wants_html(request: HttpRequest) -> bool:
    """A browser: ``text/html`` rated strictly above ``application/json``."""
    accept = request.META.get("HTTP_ACCEPT")
    return bool(accept) and prefers(str(accept), _HTML, _JSON)


def _message_of(exception: BaseException | None) -> str | Promise | None:
    """The exception's message if it was given one (``Resolver404``'s dict does not count)."""
    args = getattr(exception, "args", None)
    if args and isinstance(args[0], (str, Promise)):
        return args[0]
    return None


def _api_response(
    request: HttpRequest,
    exc: exceptions.APIException,
    *,
    error_id: str | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """``exc`` rendered in the API error format the request asks for."""
    if wants_problem(request):
        body = problem_body(exc, request, error_id=error_id)
        content_type = PROBLEM_CONTENT_TYPE
    else:
        body = drf_body(exc)
        if error_id is not None:
            body = {**body, "error_id": error_id}
        content_type = _JSON
    if extra:
        body = {**body, **extra}
    return HttpResponse(_RENDERER.render(body), status=exc.status_code, content_type=content_type)
