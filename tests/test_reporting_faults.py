"""Reporting never changes the answer (issue 10): failing receivers and log handlers, ids that
must reach the log, and requests Django cannot build, through Django's test client and through
``restframe.wsgi`` / ``restframe.asgi`` called in-process as a server would.

The same faults through real gunicorn and uvicorn processes: ``tests/e2e/test_faults.py``.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import sys

import orjson
import pytest
from django.core import mail
from django.core.signals import got_request_exception
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from restframe.asgi import ASGIHandler
from restframe.wsgi import WSGIHandler
from tests import urls_errors

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
BAD_REQUEST = b'{"detail":"Bad request."}'
MIDDLEWARE = [
    "restframe.middleware.APIExceptionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]


def broken_404(request, exception):
    raise RuntimeError("the 404 view is broken")


def crash_in_view(request):
    raise RuntimeError("secret crash")


def read_query(request):
    return HttpResponse(str(len(request.GET)))


@csrf_exempt
def read_all(request):
    return HttpResponse(f"{len(request.GET)} {len(request.POST)}")


urlpatterns = [
    *urls_errors.urlpatterns,
    path("crash/", crash_in_view),
    path("query/", read_query),
    path("read-all/", read_all),
]
handler400 = urls_errors.handler400
handler404 = urls_errors.handler404
handler500 = urls_errors.handler500

pytestmark = pytest.mark.urls(__name__)


class BrokenReceiver:
    """Callable object: Django's ``send_robust`` cannot even log its failure (no
    ``__qualname__``)."""

    def __init__(self):
        self.calls = 0

    def __call__(self, sender, **kwargs):
        self.calls += 1
        raise RuntimeError("receiver bug")


@pytest.fixture
def broken_receiver():
    calls = []

    def broken(sender, **kwargs):
        calls.append(sender)
        raise RuntimeError("receiver bug")

    got_request_exception.connect(broken)
    yield calls
    got_request_exception.disconnect(broken)


class RaisingHandler(logging.Handler):
    """A log handler that fails, as ``AdminEmailHandler`` does on an unreadable request."""

    def emit(self, record):
        raise RuntimeError("handler bug")


@pytest.fixture
def raising_handler():
    handler = RaisingHandler()
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    for target in loggers:
        target.addHandler(handler)
    yield handler
    for target in loggers:
        target.removeHandler(handler)


def records(caplog, name="django.request", level=logging.ERROR):
    return [r for r in caplog.records if r.name == name and r.levelno >= level]


def body_of(response_content):
    return orjson.loads(response_content)


# --- item 1: a got_request_exception receiver that raises ---------------------------------


@pytest.mark.parametrize("url", ["/crash/", "/api/boom/", "/async/boom/"])
def test_raising_receiver_still_gets_a_clean_500_logged_once(url, broken_receiver, caplog):
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == 500
    body = body_of(response.content)
    assert body == {"detail": "A server error occurred.", "error_id": body["error_id"]}
    assert len(broken_receiver) == 1
    [record] = records(caplog)
    assert record.error_id == body["error_id"]
    assert record.getMessage() == f"Internal Server Error: {url} (error id: {body['error_id']})"
    [dispatch] = records(caplog, "django.dispatch")
    assert "receiver bug" in dispatch.getMessage()


def test_raising_callable_object_receiver_still_gets_a_clean_500(caplog):
    receiver = BrokenReceiver()
    got_request_exception.connect(receiver)
    try:
        response = Client(raise_request_exception=False).get("/crash/")
    finally:
        got_request_exception.disconnect(receiver)
    assert response.status_code == 500
    assert receiver.calls == 1
    [record] = records(caplog)
    assert record.error_id == body_of(response.content)["error_id"]


# --- item 4: an id shown to a client is always in the log ----------------------------------


@override_settings(ROOT_URLCONF="tests.test_reporting_faults_broken404")
def test_id_of_djangos_fallback_500_is_on_its_record(caplog):
    response = Client(raise_request_exception=False).get("/nope/")
    assert response.status_code == 500
    error_id = body_of(response.content)["error_id"]
    [record] = records(caplog)
    assert record.error_id == error_id
    assert error_id in record.getMessage()


@pytest.mark.parametrize("url", ["/nope/", "/read-post/"])
def test_unreadable_body_with_csrf_cookie_is_the_same_400_on_any_url(url, caplog):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    with override_settings(MIDDLEWARE=MIDDLEWARE):
        response = client.post(url, data=b"--x\r\n", content_type="multipart/form-data")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.content == BAD_REQUEST
    # What Django logs for a known URL's unreadable body, for the unknown one too.
    logged = [(r.name, r.levelname, r.getMessage()) for r in records(caplog, level=0)]
    assert logged == [
        ("django.request", "WARNING", f"Bad request (Unable to parse request body): {url}")
    ]


# --- item 6: a failing log handler never changes the answer ---------------------------------


def test_failing_log_handler_leaves_a_handled_503_alone(raising_handler, caplog):
    with override_settings(MIDDLEWARE=MIDDLEWARE):
        response = Client().get("/api/unavailable/")
    assert response.status_code == 503
    assert response.content == b'{"detail":"Service temporarily unavailable, try again later."}'
    [lost] = records(caplog, "restframe.reporting")
    assert lost.getMessage() == (
        "A log handler of 'django.request' failed; the record was: "
        "Service Unavailable: /api/unavailable/"
    )


# --- restframe.wsgi / restframe.asgi, called as a server calls them ------------------------


def wsgi(method="GET", path="/ok/", query="", headers=None, body=b""):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE",) else f"HTTP_{key}"] = value
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = int(status.split()[0])
        started["headers"] = dict(response_headers)

    content = b"".join(WSGIHandler()(environ, start_response))
    return started["status"], started["headers"], content


async def asgi(method="GET", path="/ok/", query="", headers=None, body=b""):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # the client stays connected until the answer is sent

    async def send(message):
        sent.append(message)

    await ASGIHandler()(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    headers_out = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], headers_out, content


MALFORMED = [
    "application/x-www-form-urlencoded; charset*=unknown''x",
    "application/x-www-form-urlencoded; charset=bz2_codec",
]


@pytest.mark.parametrize("content_type", MALFORMED)
async def test_request_django_cannot_build_or_decode_is_a_negotiated_400(content_type, caplog):
    headers = {"Content-Type": content_type}
    for status, response_headers, content in [
        wsgi("POST", "/read-all/", "a=1", headers, b"b=2"),
        await asgi("POST", "/read-all/", "a=1", headers, b"b=2"),
    ]:
        assert status == 400
        assert response_headers["Content-Type"] == "application/json"
        assert content == BAD_REQUEST
    logged = [(r.name, r.levelname, r.getMessage()) for r in records(caplog, level=0)]
    assert len(logged) == 2
    for name, level, message in logged:
        assert (name, level) == ("django.request", "WARNING")
        assert message.endswith(": /read-all/")


async def test_malformed_request_in_problem_details(caplog):
    headers = {"Content-Type": MALFORMED[0], "Accept": "application/problem+json"}
    for status, response_headers, content in [
        wsgi("POST", "/read-all/", "", headers, b"{}"),
        await asgi("POST", "/read-all/", "", headers, b"{}"),
    ]:
        assert status == 400
        assert response_headers["Content-Type"] == "application/problem+json"
        assert body_of(content) == {
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "detail": "Bad request.",
            "instance": "/read-all/",
            "code": "bad_request",
        }


async def test_well_formed_requests_are_untouched():
    assert wsgi("GET", "/ok/") == (200, wsgi("GET", "/ok/")[1], b"ok")
    status, _, content = await asgi("GET", "/ok/")
    assert (status, content) == (200, b"ok")


@override_settings(ADMINS=[("Ops", "ops@example.test")])
async def test_too_many_fields_read_by_the_view_mails_once(caplog):
    query = "&" * 1001 + "a=1"
    mail.outbox.clear()
    status, _, content = wsgi("GET", "/query/", query, {"Accept": "application/json"})
    assert (status, content) == (400, BAD_REQUEST)
    status, _, content = await asgi("GET", "/query/", query, {"Accept": "application/json"})
    assert (status, content) == (400, BAD_REQUEST)
    assert [m.subject for m in mail.outbox] == [
        "[Django] ERROR (EXTERNAL IP): The number of GET/POST parameters exceeded "
        "settings.DATA_UPLOAD_MAX_NUMBER_FIELDS."
    ] * 2


async def test_escaped_exception_is_a_clean_500_with_a_logged_id(raising_handler, caplog):
    """A crash whose ERROR record a handler fails on escapes Django's handler: the entry point
    answers the 500 itself, and the id it shows is in the log."""
    for status, headers, content in [
        wsgi("GET", "/crash/", "", {"Accept": "application/json"}),
        await asgi("GET", "/crash/", "", {"Accept": "application/json"}),
    ]:
        assert status == 500
        assert headers["Content-Type"] == "application/json"
        assert headers["Vary"] == "Accept"
        error_id = body_of(content)["error_id"]
        assert re.fullmatch(UUID, error_id)
        assert b"secret" not in content
        lost = [r.getMessage() for r in records(caplog, "restframe.reporting")]
        assert sum(f"(error id: {error_id})" in m for m in lost) == 1


async def test_malformed_request_with_a_non_ascii_path(caplog):
    """Django decodes the path into the WSGI environ while building: the second build must
    start from the raw one."""
    headers = {"Content-Type": MALFORMED[0], "Accept": "application/json"}
    status, _, content = wsgi("POST", b"/%E2%82%AC/".decode("latin-1"), "", headers)
    assert (status, content) == (400, BAD_REQUEST)
    environ_path = "/\u20ac/".encode().decode("latin-1")  # what a server puts in PATH_INFO
    status, _, content = wsgi("POST", environ_path, "", headers)
    assert (status, content) == (400, BAD_REQUEST)
