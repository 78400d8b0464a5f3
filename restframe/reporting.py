"""Server-error reporting: every 5xx reaches Django's signal and log exactly once.

Django reports what it handles itself (an uncaught exception: ``got_request_exception`` plus an
ERROR record on ``django.request``), and ``ADMINS`` mail and error trackers hang off those two.
A 5xx that restframe renders itself (say a handled ``APIException`` with status 503) never
reaches that code, so ``report_server_error`` logs its one ERROR record (with the traceback) and
marks the response so nothing reports it a second time. Only an *unhandled* error sends the
signal, as in Django: Django's test client re-raises whatever the signal carries, and a handled
503 is an answer, not a crash.

Reporting never changes the answer: a receiver or a log handler that raises is logged (or, when
logging itself fails, written to ``stderr``) and the client still gets the response it would
have got. ``install_error_id_filter`` also makes ``got_request_exception`` deliver to every
receiver once even if one raises (Django's own sending lets the failure escape, so each
exception-converting middleware layer reports the request again and the server answers its own
500 page).

Which error responses are reported is a policy: ``REST_FRAMEWORK["EXCEPTION_REPORTER"]`` is called
once for every error response an ``APIView`` or ``APIExceptionMiddleware`` answers, whatever its
status. The default, ``report_exception``, reports the statuses in ``REPORT_STATUS_CODES`` (5xx)
and logs those matching ``REPORT_WITHOUT_TRACEBACK`` without a traceback. Django's own
uncaught-exception path (``handler500``) never goes through it: Django reports that itself.

Each unhandled error gets an error id (``error_id_for``): the 500 body and ``500.html`` show it,
and ``ErrorIdFilter`` (installed on ``django.request`` by the app config) puts it on the log
record and into its message, so what a user quotes leads an operator to the traceback.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import uuid
from typing import Any

from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponseBase

from restframe.settings import api_settings

__all__ = [
    "ErrorIdFilter",
    "error_id_for",
    "install_error_id_filter",
    "log_safely",
    "make_signal_robust",
    "report_exception",
    "report_server_error",
    "run_exception_reporter",
]

request_logger = logging.getLogger("django.request")
logger = logging.getLogger("restframe.reporting")

_ERROR_ID_ATTR = "_restframe_error_id"
# On every record ``report_server_error`` logs: True for a handled API error (the body is DRF's,
# with no error id, so the record gets none either), False for a crash (the record gets the id,
# with or without a traceback). Django's own records do not have it.
_HANDLED_ATTR = "restframe_handled"


def _http_request(request: Any) -> HttpRequest | None:
    """The Django request behind ``request`` (a ``restframe.request.Request`` wraps one)."""
    if request is None or isinstance(request, HttpRequest):
        return request
    inner = getattr(request, "_request", None)
    return inner if isinstance(inner, HttpRequest) else None


def error_id_for(request: Any) -> str:
    """The error id of this request: a UUID4 string, made on first use and then kept.

    Stored on the underlying ``HttpRequest`` so the error view, the log filter and anything else
    in the same request agree on it. Without a request every call gives a fresh id.
    """
    http_request = _http_request(request)
    if http_request is None:
        return str(uuid.uuid4())
    error_id: str | None = getattr(http_request, _ERROR_ID_ATTR, None)
    if error_id is None:
        error_id = str(uuid.uuid4())
        setattr(http_request, _ERROR_ID_ATTR, error_id)
    return error_id


def report_server_error(
    request: Any,
    exc: BaseException,
    response: HttpResponseBase,
    *,
    handled: bool = True,
    traceback: bool = True,
) -> None:
    """Report an error response restframe answered itself (a 5xx, or any status the reporting
    policy names), as Django reports the 5xx it answers.

    Logs one ERROR record on ``django.request`` with the traceback, then sets
    ``response._has_been_logged`` so Django's handler does not log it again.

    ``handled=True`` (an API error the exception handler answered) sends no signal, as Django
    sends none for a response it did not have to make up, and sets
    ``response._restframe_handled``. ``handled=False`` is for a crash restframe turned into a
    500 page itself: it sends ``got_request_exception`` once (a failing receiver is logged and
    never breaks the response), and its record carries the request's error id like any
    unhandled error's.

    ``traceback=False`` logs the record without ``exc_info`` (an expected failure whose stack
    says nothing); the signal's receivers still see the exception.
    """
    if getattr(response, "_has_been_logged", False):
        return
    http_request = _http_request(request)
    if not handled:
        try:
            _send_signal(http_request, exc)
        except Exception:
            # send_robust already isolates receivers; this catches what it cannot (e.g. async
            # receivers while an event loop runs in this thread). Reporting never breaks the
            # answer.
            log_safely(logger, logging.ERROR, "Sending got_request_exception failed.", exc=True)
    path = http_request.path if http_request is not None else ""
    log_safely(
        request_logger,
        logging.ERROR,
        "%s: %s",
        response.reason_phrase,
        _escape(path),
        extra={
            "status_code": response.status_code,
            "request": http_request,
            _HANDLED_ATTR: handled,
        },
        exc_info=exc if traceback else None,
    )
    response._has_been_logged = True  # type: ignore[attr-defined]
    if handled:
        response._restframe_handled = True  # type: ignore[attr-defined]


def report_exception(
    exc: BaseException, context: dict[str, Any], response: HttpResponseBase
) -> None:
    """The default ``EXCEPTION_REPORTER``: report what ``REPORT_STATUS_CODES`` names (5xx).

    A reported response goes through ``report_server_error`` (signal once, one ERROR record on
    ``django.request``); one whose exception or status is in ``REPORT_WITHOUT_TRACEBACK`` is
    logged without its traceback. Anything else is left to Django, which logs every 4xx/5xx
    response it sends (``log_response``: WARNING for 4xx, ERROR for 5xx, no traceback).

    A custom reporter usually calls this, then adds or skips behaviour around it.
    """
    status_code = response.status_code
    if status_code not in api_settings.REPORT_STATUS_CODES:
        return
    report_server_error(
        context.get("request"),
        exc,
        response,
        # Set by the view and the middleware for an error the exception handler answered;
        # absent on the middleware's DEBUG 500 for a crash, which then gets an error id.
        handled=getattr(response, "_restframe_handled", False),
        traceback=not _without_traceback(exc, status_code),
    )


def _without_traceback(exc: BaseException, status_code: int) -> bool:
    for item in api_settings.REPORT_WITHOUT_TRACEBACK:
        if isinstance(item, int):
            if item == status_code:
                return True
        elif isinstance(exc, item):
            return True
    return False


def run_exception_reporter(
    exc: BaseException, context: dict[str, Any], response: HttpResponseBase
) -> None:
    """Call ``EXCEPTION_REPORTER`` for an error response; if it raises, log that and go on.

    Reporting must never change the answer: the client gets the error response either way, and
    a 4xx/5xx the broken reporter did not report is still logged by Django's ``log_response``.
    """
    reporter = api_settings.EXCEPTION_REPORTER
    try:
        reporter(exc, context, response)
    except Exception:
        log_safely(logger, logging.ERROR, "The exception reporter %r failed.", reporter, exc=True)


def log_safely(
    target: logging.Logger,
    level: int,
    msg: str,
    *args: Any,
    exc: bool = False,
    **kwargs: Any,
) -> None:
    """``target.log(level, msg, *args, **kwargs)`` that never raises.

    A handler that fails (``AdminEmailHandler`` re-reading a request whose data cannot be
    parsed, say) must not turn the answer being reported into another one. The failure is
    reported on ``restframe.reporting`` with the text of the lost record (and the request's
    error id, so an id shown to a client is still in the log), or on ``stderr`` if that fails
    too.
    """
    if exc:
        kwargs.setdefault("exc_info", True)
    try:
        target.log(level, msg, *args, **kwargs)
    except Exception as failure:
        _handler_failed(target, failure, _lost_text(msg, args, kwargs.get("extra")))


def _lost_text(msg: str, args: tuple[Any, ...], extra: Any) -> str:
    try:
        text = msg % args if args else msg
    except Exception:
        text = msg
    request = extra.get("request") if isinstance(extra, dict) else None
    error_id = getattr(_http_request(request), _ERROR_ID_ATTR, None)
    if error_id is not None and (extra or {}).get(_HANDLED_ATTR) is not True:
        text = f"{text} (error id: {error_id})"
    return text


def _handler_failed(target: logging.Logger, failure: BaseException, lost: str) -> None:
    if target is not logger:
        try:
            logger.error(
                "A log handler of %r failed; the record was: %s",
                target.name,
                lost,
                exc_info=failure,
            )
            return
        except Exception:
            pass
    with contextlib.suppress(Exception):
        sys.stderr.write(
            f"restframe: a log handler of {target.name!r} failed ({type(failure).__name__}: "
            f"{failure}); the record was: {lost}\n"
        )


def _send_signal(http_request: HttpRequest | None, exc: BaseException) -> None:
    if sys.exception() is exc:
        got_request_exception.send_robust(sender=None, request=http_request)
        return
    # Receivers (error trackers, Django's test client) read ``sys.exc_info()``: make ``exc`` the
    # exception being handled while they run.
    traceback, context = exc.__traceback__, exc.__context__
    try:
        raise exc
    except BaseException:
        got_request_exception.send_robust(sender=None, request=http_request)
    finally:
        # Raising added this frame (and maybe a context); the report shows the original.
        exc.__traceback__, exc.__context__ = traceback, context


def _escape(text: str) -> str:
    """Control characters escaped, as Django's ``log_response`` does for the path."""
    return text.encode("unicode_escape").decode("ascii")


class ErrorIdFilter(logging.Filter):
    """Put the request's error id on 5xx ``django.request`` records of unhandled errors (those
    logged with the exception, or by ``report_server_error(handled=False)``).

    The id goes on the record as ``record.error_id`` and into its message, because
    ``AdminEmailHandler`` and most log shippers only show the message. Records of handled API
    errors (DRF's body, no id) are left alone. Never rejects a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "error_id", None) is not None:
            return True
        handled = getattr(record, _HANDLED_ATTR, None)
        if handled:
            return True
        status_code = getattr(record, "status_code", None)
        if not isinstance(status_code, int) or status_code < 500:
            return True
        request = getattr(record, "request", None)
        if request is None:
            return True
        if not record.exc_info and handled is None:
            # Django's record of a 5xx response. An id is due only if one was made for this
            # request (a 500 page or body showed it: say Django fell back to ``handler500``
            # when another error view failed); a 5xx the view returned itself has none.
            http_request = _http_request(request)
            if getattr(http_request, _ERROR_ID_ATTR, None) is None:
                return True
        error_id = error_id_for(request)
        record.error_id = error_id
        if isinstance(record.args, tuple) and record.args:
            record.msg = f"{record.msg} (error id: %s)"
            record.args = (*record.args, error_id)
        else:
            # A mapping or no args: format now and append the id as literal text.
            record.msg = f"{record.getMessage()} (error id: {error_id})"
            record.args = None
        return True


_filter = ErrorIdFilter()


def install_error_id_filter() -> None:
    """Attach the error-id filter to ``django.request`` and make ``got_request_exception``
    robust (both idempotent; the app config calls this once logging is configured)."""
    if _filter not in request_logger.filters:
        request_logger.addFilter(_filter)
    make_signal_robust()


def make_signal_robust() -> None:
    """Let ``got_request_exception.send`` deliver to every receiver once, whatever they raise.

    Django sends the signal from each exception-converting layer of its middleware stack; a
    receiver that raises there escapes the layer, the next layer reports *that* as a new
    crash, and so on, until the server answers its own 500 page with nothing logged. Sent
    robustly, a failing receiver is logged on ``django.dispatch`` (by ``send_robust``) and
    Django goes on to log the error and render ``handler500``.
    """
    if got_request_exception.__dict__.get("send") is not None:
        return

    def send(sender: Any, **named: Any) -> list[tuple[Any, Any]]:
        try:
            return got_request_exception.send_robust(sender, **named)
        except Exception:
            # send_robust's own report of a failing receiver can fail (it reads the receiver's
            # ``__qualname__``, which a callable object lacks); the receivers after it are
            # skipped then, and the request is still answered.
            log_safely(logger, logging.ERROR, "Sending got_request_exception failed.", exc=True)
            return []

    got_request_exception.send = send  # type: ignore[method-assign]
