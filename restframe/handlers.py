"""The exception handler: turn an exception raised in an API view into an error response.

Read top to bottom, this module is the error path after a view raises:

0. handlers registered for the exception's class (walking its MRO) or, once mapped, for its
   status code — on the view (``APIView.exception_handlers``) first, then project-wide
   (``register_exception_handler``) — may answer, or turn the exception into an API exception;
1. ``to_api_exception`` maps Django's exceptions onto API exceptions (or gives up: ``None``),
   including a unique violation the database reports (``IntegrityError``) → 409
   ``already_exists``, on by default;
2. ``error_headers`` carries ``WWW-Authenticate`` and ``Retry-After`` over to the response;
3. the body comes from ``restframe.formatters`` — DRF's shape, or RFC 9457 problem details;
4. ``set_rollback`` marks open ``ATOMIC_REQUESTS`` transactions for rollback, so a failing request
   never leaves a partial write behind.

``exception_handler`` is the default value of ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``; it returns
``None`` for anything it does not handle, and the view re-raises it into Django's 500 path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connections
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponseBase

from restframe import exceptions
from restframe.formatters import PROBLEM_CONTENT_TYPE, drf_body, problem_body
from restframe.request import Request
from restframe.response import Response
from restframe.settings import api_settings
from restframe.utils.mediatypes import prefers

__all__ = [
    "error_headers",
    "exception_handler",
    "is_unique_violation",
    "register_exception_handler",
    "set_rollback",
    "to_api_exception",
]


def exception_handler(exc: Exception, context: dict[str, Any] | None) -> Response | None:
    """Return the error response for ``exc``, or ``None`` to let Django handle it as a 500.

    Beyond DRF, on by default: a unique violation the database reports (``IntegrityError``
    from two requests racing past ``UniqueValidator``) is a 409 ``{"detail": "A resource with
    these unique values already exists."}`` (code ``already_exists``), with ``set_rollback()``
    applied and logged as any 4xx, never a 500 (``HANDLE_UNIQUE_VIOLATION = False`` restores
    DRF's 500). See ``to_api_exception``.
    """
    if context is None:  # DRF's handler never reads it; callers pass None in tests and scripts
        context = {}
    if _registered or getattr(context.get("view"), "exception_handlers", None):
        answer = _run_registered(exc, context)
        if isinstance(answer, HttpResponseBase):
            return answer  # type: ignore[return-value]
        exc = answer
    api_exc = to_api_exception(exc)
    if api_exc is None:
        return None
    headers = error_headers(api_exc)
    request = context.get("request")
    if _use_problem(request):
        response = Response(
            problem_body(api_exc, request),
            status=api_exc.status_code,
            headers=headers,
            content_type=PROBLEM_CONTENT_TYPE,
        )
        response.problem = True
    else:
        response = Response(drf_body(api_exc), status=api_exc.status_code, headers=headers)
    set_rollback()
    return response


# --- registered handlers (restframe; Starlette/django-ninja style) -----------------------------

RegisteredHandler = Callable[[Exception, dict[str, Any]], Any]
# Keys are exception classes and status codes alike; the lookup tries classes first.
_registered: dict[type[BaseException] | int, RegisteredHandler] = {}


def register_exception_handler(
    key: type[BaseException] | int,
) -> Callable[[RegisteredHandler], RegisteredHandler]:
    """Register ``handler(exc, context)`` for an exception class (and its subclasses) or a status.

    The handler returns a response (sent as is), an exception (handled from there on, e.g. a
    third-party error turned into an ``APIException``) or ``None`` (carry on as if it were not
    registered). A view's ``exception_handlers = {key: handler}`` is consulted first.
    """

    def decorator(handler: RegisteredHandler) -> RegisteredHandler:
        _registered[key] = handler
        return handler

    return decorator


def _lookup(exc: Exception, by_key: dict[Any, RegisteredHandler]) -> RegisteredHandler | None:
    for cls in type(exc).__mro__:
        handler = by_key.get(cls)
        if handler is not None:
            return handler
    status_code = getattr(exc, "status_code", None)
    if status_code is None:
        mapped = to_api_exception(exc)
        status_code = getattr(mapped, "status_code", None)
    return by_key.get(status_code) if status_code is not None else None


def _run_registered(exc: Exception, context: dict[str, Any]) -> Any:
    """The first registered handler's answer (response or exception); ``exc`` when none answers."""
    view_handlers = getattr(context.get("view"), "exception_handlers", None)
    for registry in (view_handlers, _registered):
        handler = _lookup(exc, registry) if registry else None
        if handler is None:
            continue
        answer = handler(exc, context)
        if answer is not None:
            return answer
    return exc


def to_api_exception(exc: Exception) -> exceptions.APIException | None:
    """The API exception that stands for ``exc``, or ``None`` when it is not an API error.

    ``Http404`` and Django's ``PermissionDenied`` keep their messages (DRF ≥ 3.15). Django's
    ``ValidationError`` and ``ProtectedError``/``RestrictedError`` are mapped only when the project
    opts in (``HANDLE_DJANGO_VALIDATION_ERROR``, ``HANDLE_PROTECTED_ERROR``): DRF leaves them to
    the 500 path, and switching must not change that silently.

    An ``IntegrityError`` that is a *unique* violation (two requests passed ``UniqueValidator``
    and both saved; the database refused the second) becomes ``AlreadyExists`` — 409, code
    ``already_exists`` — unless ``HANDLE_UNIQUE_VIOLATION`` is ``False``. This one is on by
    default, unlike the two above: DRF answers a 500 that reports a server bug where there is
    none, and only a race reaches it (the validator answers 400 otherwise). Other integrity
    errors (``NOT NULL``, foreign keys, checks) are bugs and stay 500s.
    """
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, DjangoValidationError) and api_settings.HANDLE_DJANGO_VALIDATION_ERROR:
        return exceptions.ValidationError(_django_validation_detail(exc))
    if isinstance(exc, (ProtectedError, RestrictedError)) and api_settings.HANDLE_PROTECTED_ERROR:
        return exceptions.Conflict(code="protected")
    if (
        isinstance(exc, IntegrityError)
        and api_settings.HANDLE_UNIQUE_VIOLATION
        and is_unique_violation(exc)
    ):
        return exceptions.AlreadyExists()
    return None


# SQLSTATE (PostgreSQL, and psycopg's ``sqlstate``/``pgcode``), MySQL error numbers, SQLite's
# extended result names: a duplicate key, and nothing else.
_UNIQUE_SQLSTATE = "23505"
_UNIQUE_MYSQL = frozenset((1062, 1586, 1169))
_UNIQUE_SQLITE = frozenset(("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"))
_UNIQUE_TEXT = ("UNIQUE constraint failed", "duplicate key", "Duplicate entry", "ORA-00001")


def is_unique_violation(exc: IntegrityError) -> bool:
    """Whether the database refused the write for a duplicate key (not ``NOT NULL``, a foreign
    key or a check). Reads the driver's error (Django keeps it as ``__cause__``): its SQLSTATE,
    error number or SQLite result name, else the message."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if isinstance(sqlstate, str):
        return sqlstate == _UNIQUE_SQLSTATE
    name = getattr(cause, "sqlite_errorname", None)
    if isinstance(name, str) and name.startswith("SQLITE_CONSTRAINT"):
        return name in _UNIQUE_SQLITE
    args = getattr(cause, "args", ())
    if args and type(args[0]) is int:
        return args[0] in _UNIQUE_MYSQL
    text = str(cause)
    return any(marker in text for marker in _UNIQUE_TEXT)


def error_headers(exc: exceptions.APIException) -> dict[str, str]:
    """Headers an error response must carry: the auth challenge and the throttle wait."""
    headers: dict[str, str] = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = f"{int(wait)}"
    return headers


def set_rollback() -> None:
    """Mark every open ``ATOMIC_REQUESTS`` transaction for rollback."""
    # Read the settings dicts first: most projects have no ATOMIC_REQUESTS database, and
    # asking the handler for its open connections costs more than the whole check.
    for db in connections.settings.values():
        if db.get("ATOMIC_REQUESTS"):
            break
    else:
        return
    for connection in connections.all(initialized_only=True):
        if connection.settings_dict["ATOMIC_REQUESTS"] and connection.in_atomic_block:
            connection.set_rollback(True)


_HTML_FORMATS = frozenset(("html", "api", "admin"))
_JSON = "application/json"


def _use_problem(request: Any) -> bool:
    """Problem details when the client prefers them over JSON, or when ``ERROR_FORMAT`` is
    ``"problem"`` and the view did not negotiate an HTML renderer (a browser keeps DRF's shape)."""
    if request is None:
        return bool(api_settings.ERROR_FORMAT == "problem")
    # (A view's request: read straight off the Django request, as ``Request.META`` would.)
    meta = request._request.META if type(request) is Request else request.META
    accept = meta.get("HTTP_ACCEPT")
    if accept and prefers(accept, PROBLEM_CONTENT_TYPE, _JSON):
        return True
    if api_settings.ERROR_FORMAT != "problem":
        return False
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", None) not in _HTML_FORMATS


def _django_validation_detail(exc: DjangoValidationError) -> Any:
    """Django ``ValidationError`` → error detail; model-wide errors use the non-field key."""
    from restframe.fields import get_error_detail  # opt-in, rare path: keep fields off import

    detail = get_error_detail(exc)
    if isinstance(detail, dict) and "__all__" in detail:
        detail = dict(detail)
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
    return detail
