"""Server-error reporting (``restframe.reporting``): signal and log exactly once, error ids."""

from __future__ import annotations

import logging
import sys
import uuid

import pytest
from django.core.signals import got_request_exception
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from restframe import reporting
from restframe.reporting import ErrorIdFilter, error_id_for, report_server_error

rf = RequestFactory()


@pytest.fixture
def received():
    calls = []

    def receiver(sender, request=None, **kwargs):
        calls.append((request, sys.exception()))

    got_request_exception.connect(receiver)
    yield calls
    got_request_exception.disconnect(receiver)


def request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


# --- error ids -----------------------------------------------------------------------------


def test_error_id_is_made_once_per_request():
    request = rf.get("/")
    first = error_id_for(request)
    assert uuid.UUID(first).version == 4
    assert error_id_for(request) == first
    assert error_id_for(rf.get("/")) != first


def test_error_id_is_shared_with_the_wrapping_request():
    from restframe.request import Request

    http_request = rf.get("/")
    assert error_id_for(Request(http_request)) == error_id_for(http_request)


def test_error_id_without_request_is_fresh():
    assert error_id_for(None) != error_id_for(None)


# --- report_server_error -------------------------------------------------------------------


def test_handled_report_logs_once_and_sends_no_signal(caplog, received):
    """SPEC §0.3: a handled 5xx is an answer; only its ERROR record (with exc_info) reports it.
    Django's test client re-raises whatever ``got_request_exception`` carries."""
    request = rf.get("/svc/")
    response = HttpResponse(status=503)
    try:
        raise RuntimeError("down")
    except RuntimeError as exc:
        report_server_error(request, exc, response)
        error = exc
    assert received == []
    records = request_records(caplog)
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Service Unavailable: /svc/"
    assert record.status_code == 503
    assert record.request is request
    assert record.exc_info[1] is error
    assert not hasattr(record, "error_id")  # a handled error has no id (DRF's body has none)
    assert response._has_been_logged is True
    assert response._restframe_handled is True


def test_unhandled_report_sends_the_signal_once(caplog, received):
    request = rf.get("/svc/")
    try:
        raise RuntimeError("down")
    except RuntimeError as exc:
        report_server_error(request, exc, HttpResponse(status=500), handled=False)
        error = exc
    assert received == [(request, error)]
    assert len(request_records(caplog)) == 1


def test_report_outside_an_except_block_still_gives_receivers_the_exception(caplog, received):
    try:
        raise RuntimeError("down")
    except RuntimeError as exc:
        error = exc
    traceback_before = error.__traceback__
    report_server_error(rf.get("/"), error, HttpResponse(status=500), handled=False)
    assert received[0][1] is error
    assert error.__traceback__ is traceback_before
    assert error.__context__ is None
    assert request_records(caplog)[0].exc_info[1] is error


def test_report_is_idempotent(caplog, received):
    request, response = rf.get("/"), HttpResponse(status=500)
    exc = RuntimeError("x")
    report_server_error(request, exc, response, handled=False)
    report_server_error(request, exc, response, handled=False)
    assert len(received) == 1
    assert len(request_records(caplog)) == 1


def test_report_unwraps_a_restframe_request(caplog, received):
    from restframe.request import Request

    http_request = rf.get("/wrapped/")
    report_server_error(
        Request(http_request), RuntimeError(), HttpResponse(status=502), handled=False
    )
    assert received[0][0] is http_request
    assert request_records(caplog)[0].request is http_request


def test_report_without_request(caplog, received):
    report_server_error(None, RuntimeError(), HttpResponse(status=500), handled=False)
    assert received[0][0] is None
    assert request_records(caplog)[0].getMessage() == "Internal Server Error: "


def test_report_escapes_control_characters_in_the_path(caplog):
    report_server_error(rf.get("/a\x1b[31m\x07b"), RuntimeError(), HttpResponse(status=500))
    assert request_records(caplog)[0].getMessage() == r"Internal Server Error: /a\x1b[31m\x07b"


def test_failing_receiver_is_logged_and_harmless(caplog):
    def broken(sender, **kwargs):
        raise ValueError("receiver bug")

    got_request_exception.connect(broken)
    try:
        response = HttpResponse(status=500)
        report_server_error(rf.get("/"), RuntimeError(), response, handled=False)
    finally:
        got_request_exception.disconnect(broken)
    assert response._has_been_logged is True
    assert [r.name for r in caplog.records].count("django.dispatch") == 1
    assert len(request_records(caplog)) == 1


def test_unhandled_report_carries_the_error_id(caplog):
    request = rf.get("/x/")
    response = HttpResponse(status=500)
    report_server_error(request, RuntimeError(), response, handled=False)
    record = request_records(caplog)[0]
    assert record.error_id == error_id_for(request)
    assert record.getMessage() == f"Internal Server Error: /x/ (error id: {record.error_id})"
    assert not hasattr(response, "_restframe_handled")


# --- the filter ----------------------------------------------------------------------------


def test_filter_is_installed_once_on_django_request():
    logger = logging.getLogger("django.request")
    reporting.install_error_id_filter()
    reporting.install_error_id_filter()
    assert sum(isinstance(f, ErrorIdFilter) for f in logger.filters) == 1


def _record(msg="%s: %s", args=("Internal Server Error", "/p"), **extra):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def _crash_info():
    try:
        raise ValueError("boom")
    except ValueError:
        return sys.exc_info()


def test_filter_adds_the_id_once():
    request = rf.get("/p")
    record = _record(status_code=500, request=request, exc_info=_crash_info())
    f = ErrorIdFilter()
    assert f.filter(record) is True
    assert f.filter(record) is True
    assert record.error_id == error_id_for(request)
    assert record.getMessage() == f"Internal Server Error: /p (error id: {record.error_id})"


@pytest.mark.parametrize(
    "extra",
    [
        {"status_code": 404},
        {"status_code": 500},  # no request
        {"status_code": 500, "restframe_handled": True},
        {"status_code": 503, "exc_info": None},  # a 5xx response the view returned itself
        {},
    ],
)
def test_filter_leaves_other_records_alone(extra):
    if extra.get("status_code", 0) >= 500 and len(extra) > 1:
        extra = {**extra, "request": rf.get("/")}
    record = _record(**extra)
    assert ErrorIdFilter().filter(record) is True
    assert not hasattr(record, "error_id")
    assert record.getMessage() == "Internal Server Error: /p"


def test_filter_with_literal_message():
    request = rf.get("/p")
    record = _record(
        msg="100% broken", args=(), status_code=500, request=request, exc_info=_crash_info()
    )
    ErrorIdFilter().filter(record)
    assert record.getMessage() == f"100% broken (error id: {error_id_for(request)})"


# --- end to end through an APIView ---------------------------------------------------------


@pytest.mark.urls("tests.urls_errors")
def test_apiview_handled_5xx_reported_once_body_unchanged(caplog, received):
    from restframe.test import APIClient

    response = APIClient().get("/api/unavailable/")  # does not re-raise a handled error
    assert response.status_code == 503
    assert response.content == b'{"detail":"Service temporarily unavailable, try again later."}'
    assert received == []
    records = [r for r in request_records(caplog) if r.levelno >= logging.ERROR]
    assert len(records) == 1
    assert records[0].getMessage() == "Service Unavailable: /api/unavailable/"
    assert not hasattr(records[0], "error_id")


@pytest.mark.urls("tests.urls_errors")
def test_apiview_unhandled_error_gets_an_id_everywhere(caplog, received):
    import orjson
    from django.test import Client

    response = Client(raise_request_exception=False).get("/api/boom/")
    assert response.status_code == 500
    body = orjson.loads(response.content)
    assert body == {"detail": "A server error occurred.", "error_id": body["error_id"]}
    assert len(received) == 1 and isinstance(received[0][1], ValueError)
    records = [r for r in request_records(caplog) if r.levelno >= logging.ERROR]
    assert len(records) == 1
    assert records[0].error_id == body["error_id"]
    assert body["error_id"] in records[0].getMessage()


async def test_async_receiver_inside_a_running_loop_never_breaks_reporting(caplog):
    # send_robust cannot run async receivers from the event loop's own thread; the report
    # must still log the error once and mark the response.
    async def areceiver(sender, **kwargs):
        return None

    got_request_exception.connect(areceiver)
    try:
        response = HttpResponse(status=500)
        report_server_error(rf.get("/loop/"), RuntimeError("x"), response, handled=False)
    finally:
        got_request_exception.disconnect(areceiver)
    assert response._has_been_logged is True
    assert len(request_records(caplog)) == 1
    assert [r.name for r in caplog.records if r.name == "restframe.reporting"] == [
        "restframe.reporting"
    ]


# --- a 5xx the view returns itself ---------------------------------------------------------


def _returns_503(request):
    return HttpResponse("down for maintenance", status=503)


urlpatterns = [path("returns-503/", _returns_503)]


@pytest.mark.urls(__name__)
def test_returned_5xx_has_no_error_id_on_its_record(client, caplog):
    """No error happened and no body shows an id: the record carries none either."""
    response = client.get("/returns-503/")
    assert (response.status_code, response.content) == (503, b"down for maintenance")
    [record] = [r for r in request_records(caplog) if r.levelno >= logging.ERROR]
    assert record.getMessage() == "Service Unavailable: /returns-503/"
    assert not hasattr(record, "error_id")
