"""The reporting policy: ``EXCEPTION_REPORTER`` and the default reporter's two settings.

Through HTTP: sync and async ``APIView``s and ``APIExceptionMiddleware`` in front of plain Django
views. What a user sees: the response (unchanged by any policy), ``got_request_exception``
receivers, and the records on ``django.request`` and ``restframe.reporting``.
"""

from __future__ import annotations

import sys

import orjson
import pytest
from django.core.signals import got_request_exception
from django.test import Client, override_settings
from django.urls import path

from restframe import exceptions
from restframe.checks import check_import_strings, check_reporting
from restframe.reporting import report_exception
from restframe.test import APIClient, AsyncAPIClient
from restframe.views import APIView


class Unavailable(exceptions.APIException):
    status_code = 503
    default_detail = "Upstream is down."
    default_code = "upstream_down"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "Version mismatch."
    default_code = "conflict"


ERRORS = {
    "503": Unavailable,
    "409": Conflict,
    "404": exceptions.NotFound,
}
BODIES = {
    "503": b'{"detail":"Upstream is down."}',
    "409": b'{"detail":"Version mismatch."}',
    "404": b'{"detail":"Not found."}',
}
PHRASES = {"503": "Service Unavailable", "409": "Conflict", "404": "Not Found"}


class SyncView(APIView):
    def get(self, request, kind):
        raise ERRORS[kind]()


class AsyncView(APIView):
    async def get(self, request, kind):
        raise ERRORS[kind]()


def plain(request, kind):
    raise ERRORS[kind]()


def crash(request):
    raise ValueError("secret crash")


urlpatterns = [
    path("sync/<str:kind>/", SyncView.as_view()),
    path("async/<str:kind>/", AsyncView.as_view()),
    path("plain/<str:kind>/", plain),
    path("crash/", crash),
]

MIDDLEWARE = [
    "restframe.middleware.APIExceptionMiddleware",
    "django.middleware.common.CommonMiddleware",
]

pytestmark = pytest.mark.urls(__name__)

# What custom reporters in this module saw: (exception class, view class, request path, status).
calls: list[tuple[str, str | None, str, int]] = []


def recording_reporter(exc, context, response):
    """A custom reporter: note the call, then do what the default does."""
    view = context["view"]
    calls.append(
        (
            type(exc).__name__,
            type(view).__name__ if view is not None else None,
            context["request"].path,
            response.status_code,
        )
    )
    report_exception(exc, context, response)


def broken_reporter(exc, context, response):
    raise RuntimeError("reporter bug")


async def async_reporter(exc, context, response):
    return None


@pytest.fixture(autouse=True)
def middleware():
    calls.clear()
    with override_settings(MIDDLEWARE=MIDDLEWARE):
        yield


@pytest.fixture
def received():
    signals = []

    def receiver(sender, request=None, **kwargs):
        signals.append((request.path, type(sys.exception()).__name__))

    got_request_exception.connect(receiver)
    yield signals
    got_request_exception.disconnect(receiver)


def log(caplog):
    """(logger, level, message, has a traceback) of every reporting-related record."""
    return [
        (r.name, r.levelname, r.getMessage(), r.exc_info is not None)
        for r in caplog.records
        if r.name in ("django.request", "restframe.reporting")
    ]


async def fetch(where, kind):
    url = f"/{where}/{kind}/"
    if where == "async":
        return await AsyncAPIClient().get(url)
    return APIClient().get(url)


WHERE = ["sync", "async", "plain"]


# --- the default: 5xx reported once, 4xx left to Django ------------------------------------


@pytest.mark.parametrize("where", WHERE)
async def test_default_reports_a_5xx_once_with_its_traceback(where, caplog, received):
    response = await fetch(where, "503")
    assert (response.status_code, response.content) == (503, BODIES["503"])
    assert received == []  # a handled 5xx sends no signal (SPEC §0.3)
    assert log(caplog) == [
        ("django.request", "ERROR", f"Service Unavailable: /{where}/503/", True),
    ]


@pytest.mark.parametrize("where", WHERE)
async def test_default_leaves_a_4xx_to_djangos_warning(where, caplog, received):
    response = await fetch(where, "409")
    assert (response.status_code, response.content) == (409, BODIES["409"])
    assert received == []
    assert log(caplog) == [("django.request", "WARNING", f"Conflict: /{where}/409/", False)]


# --- EXCEPTION_REPORTER: called once for every error response -----------------------------


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("kind", ["503", "409", "404"])
async def test_reporter_is_called_once_per_error_response(where, kind, caplog, received):
    with override_settings(REST_FRAMEWORK={"EXCEPTION_REPORTER": f"{__name__}.recording_reporter"}):
        response = await fetch(where, kind)
    assert (response.status_code, response.content) == (int(kind), BODIES[kind])
    view = {"sync": "SyncView", "async": "AsyncView", "plain": None}[where]
    name = ERRORS[kind].__name__
    assert calls == [(name, view, f"/{where}/{kind}/", int(kind))]
    # It called the default: the same reports as without it.
    if kind == "503":
        assert received == []
        expected = [("django.request", "ERROR", f"Service Unavailable: /{where}/503/", True)]
    else:
        assert received == []
        expected = [("django.request", "WARNING", f"{PHRASES[kind]}: /{where}/{kind}/", False)]
    assert log(caplog) == expected


@pytest.mark.parametrize("where", WHERE)
async def test_a_raising_reporter_is_logged_and_the_answer_stands(where, caplog, received):
    with override_settings(REST_FRAMEWORK={"EXCEPTION_REPORTER": f"{__name__}.broken_reporter"}):
        response = await fetch(where, "503")
    assert (response.status_code, response.content) == (503, BODIES["503"])
    assert received == []
    assert log(caplog) == [
        (
            "restframe.reporting",
            "ERROR",
            f"The exception reporter {broken_reporter!r} failed.",
            True,
        ),
        # Unreported, the 5xx still shows in Django's own log line (no traceback, no signal).
        ("django.request", "ERROR", f"Service Unavailable: /{where}/503/", False),
    ]
    failure = next(r for r in caplog.records if r.name == "restframe.reporting")
    assert str(failure.exc_info[1]) == "reporter bug"


# --- REPORT_STATUS_CODES ----------------------------------------------------------------


@pytest.mark.parametrize("where", WHERE)
async def test_report_status_codes_adds_a_4xx(where, caplog, received):
    with override_settings(REST_FRAMEWORK={"REPORT_STATUS_CODES": [*range(500, 600), 409]}):
        conflict = await fetch(where, "409")
        not_found = await fetch(where, "404")
    assert (conflict.status_code, conflict.content) == (409, BODIES["409"])
    assert (not_found.status_code, not_found.content) == (404, BODIES["404"])
    assert received == []
    assert log(caplog) == [
        # Reported like a 5xx: one ERROR record with the traceback, Django's WARNING replaced.
        ("django.request", "ERROR", f"Conflict: /{where}/409/", True),
        ("django.request", "WARNING", f"Not Found: /{where}/404/", False),
    ]
    conflict_record = caplog.records[0]
    assert conflict_record.status_code == 409
    assert not hasattr(conflict_record, "error_id")  # a handled error: DRF's body, no id


@pytest.mark.parametrize("where", WHERE)
async def test_report_status_codes_can_leave_out_a_5xx(where, caplog, received):
    codes = [code for code in range(500, 600) if code != 503]
    with override_settings(REST_FRAMEWORK={"REPORT_STATUS_CODES": codes}):
        response = await fetch(where, "503")
    assert (response.status_code, response.content) == (503, BODIES["503"])
    assert received == []
    assert log(caplog) == [
        ("django.request", "ERROR", f"Service Unavailable: /{where}/503/", False),
    ]


# --- REPORT_WITHOUT_TRACEBACK -------------------------------------------------------------


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("item", [f"{__name__}.Unavailable", 503, exceptions.APIException])
async def test_report_without_traceback(where, item, caplog, received):
    with override_settings(REST_FRAMEWORK={"REPORT_WITHOUT_TRACEBACK": [item]}):
        response = await fetch(where, "503")
    assert (response.status_code, response.content) == (503, BODIES["503"])
    # Receivers (error trackers) still get the exception; only the log record loses the stack.
    assert received == []  # a handled 5xx sends no signal (SPEC §0.3)
    assert log(caplog) == [
        ("django.request", "ERROR", f"Service Unavailable: /{where}/503/", False),
    ]


@pytest.mark.parametrize("item", [f"{__name__}.Conflict", 502])
def test_report_without_traceback_matches_only_what_it_names(item, caplog):
    with override_settings(REST_FRAMEWORK={"REPORT_WITHOUT_TRACEBACK": [item]}):
        APIClient().get("/sync/503/")
    assert log(caplog) == [("django.request", "ERROR", "Service Unavailable: /sync/503/", True)]


# --- the middleware's DEBUG 500 for an API client: a crash, with its error id -------------


@override_settings(DEBUG=True)
def test_debug_crash_goes_through_the_reporter_with_its_error_id(caplog, received):
    with override_settings(REST_FRAMEWORK={"EXCEPTION_REPORTER": f"{__name__}.recording_reporter"}):
        response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    body = orjson.loads(response.content)
    assert body["exception"] == "ValueError: secret crash"
    assert calls == [("ValueError", None, "/crash/", 500)]
    assert received == [("/crash/", "ValueError")]
    assert log(caplog) == [
        (
            "django.request",
            "ERROR",
            f"Internal Server Error: /crash/ (error id: {body['error_id']})",
            True,
        )
    ]


@override_settings(DEBUG=True, REST_FRAMEWORK={"REPORT_WITHOUT_TRACEBACK": ["builtins.ValueError"]})
def test_debug_crash_without_traceback_keeps_its_error_id(caplog, received):
    response = Client(raise_request_exception=False).get("/crash/")
    body = orjson.loads(response.content)
    assert received == [("/crash/", "ValueError")]
    assert log(caplog) == [
        (
            "django.request",
            "ERROR",
            f"Internal Server Error: /crash/ (error id: {body['error_id']})",
            False,
        )
    ]
    assert caplog.records[0].error_id == body["error_id"]


def test_djangos_own_500_path_is_not_the_hooks(caplog, received):
    """An unhandled crash outside DEBUG goes to Django (handler500): the reporter never sees it."""
    with override_settings(REST_FRAMEWORK={"EXCEPTION_REPORTER": f"{__name__}.recording_reporter"}):
        response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    assert calls == []
    assert received == [("/crash/", "ValueError")]
    assert [(name, level, exc) for name, level, _, exc in log(caplog)] == [
        ("django.request", "ERROR", True)
    ]


# --- system checks ------------------------------------------------------------------------


def test_default_settings_pass_the_checks():
    assert check_reporting() == []
    assert check_import_strings() == []


@pytest.mark.parametrize(
    ("settings", "ids"),
    [
        ({"EXCEPTION_REPORTER": f"{__name__}.ERRORS"}, ["restframe.E004"]),
        ({"EXCEPTION_REPORTER": f"{__name__}.async_reporter"}, ["restframe.E004"]),
        ({"REPORT_STATUS_CODES": "5xx"}, ["restframe.E005"]),
        ({"REPORT_STATUS_CODES": 500}, ["restframe.E005"]),
        ({"REPORT_STATUS_CODES": [500, 1000]}, ["restframe.E005"]),
        ({"REPORT_WITHOUT_TRACEBACK": ["builtins.int"]}, ["restframe.E006"]),
        ({"REPORT_WITHOUT_TRACEBACK": [503, "503"]}, []),  # "503" cannot import: E001 says so
        ({"REPORT_STATUS_CODES": [409, 500], "REPORT_WITHOUT_TRACEBACK": [KeyError, 503]}, []),
    ],
)
def test_bad_reporting_settings_fail_the_checks(settings, ids):
    with override_settings(REST_FRAMEWORK=settings):
        assert [error.id for error in check_reporting()] == ids


def test_unimportable_reporter_is_named_by_e001():
    with override_settings(REST_FRAMEWORK={"EXCEPTION_REPORTER": "nowhere.report"}):
        errors = check_import_strings()
        assert [e.id for e in errors] == ["restframe.E001"]
        assert "'EXCEPTION_REPORTER'" in errors[0].msg
        assert check_reporting() == []
