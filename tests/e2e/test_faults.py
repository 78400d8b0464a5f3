"""Issue 10's faults through real gunicorn (``restframe.wsgi``) and uvicorn (``restframe.asgi``).

One server of each kind runs ``tests.e2e.fault_settings`` with a ``got_request_exception``
receiver that raises, an ``async def`` ``EXCEPTION_HANDLER``, Django's ``mail_admins`` handler
and a broken ``500.html``. Every record goes to the server's stderr as one ``RECORD`` line, so a
test can count what was logged for its request.
"""

import json
import re
import time

import httpx
import pytest

from tests.e2e.views import SECRET

pytestmark = pytest.mark.e2e

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BAD_REQUEST = b'{"detail":"Bad request."}'
UNAVAILABLE = b'{"detail":"Service temporarily unavailable, try again later."}'
FAULTS = {
    "RESTFRAME_E2E_ASYNC_HANDLER": "1",
    "RESTFRAME_E2E_BROKEN_RECEIVER": "1",
    "RESTFRAME_E2E_MAIL_ADMINS": "1",
}


@pytest.fixture(scope="module", params=["gunicorn", "uvicorn"])
def server(request, gunicorn_server, uvicorn_server):
    factory = gunicorn_server if request.param == "gunicorn" else uvicorn_server
    server = factory("tests.e2e.fault_settings", env=FAULTS)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


def assert_clean_500(response):
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body == {"detail": "A server error occurred.", "error_id": body["error_id"]}
    assert SECRET.encode() not in response.content
    return body["error_id"]


# -- item 1: a receiver that raises ---------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/plain/crash/", "/plain/async-crash/", "/api/crash/", "/api/async-crash/"]
)
def test_raising_receiver_still_gives_a_clean_500_reported_once(server, client, path):
    error_id = assert_clean_500(client.get(path, headers={"Accept": "application/json"}))

    [record] = server.wait_for_log(rf"RECORD ERROR django\.request .*\(error id: {error_id}\)")
    assert record.group(0).startswith(f"RECORD ERROR django.request Internal Server Error: {path}")
    time.sleep(0.2)  # anything reported twice would be in the log by now
    log = server.logs()
    assert log.count(error_id) == 1
    assert log.count(f"(receiver bug for {path})") == 1


# -- item 2: an async EXCEPTION_HANDLER under APIExceptionMiddleware ------------------------


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        (
            "/plain/throttled/",
            429,
            b'{"detail":"Request was throttled. Expected available in 7 seconds."}',
        ),
        ("/plain/async-not-found/", 404, b'{"detail":"No async thing."}'),
        ("/plain/unavailable/", 503, UNAVAILABLE),
        ("/sync-cbv/not-found/", 404, b'{"detail":"Not found."}'),
        ("/async-cbv/unavailable/", 503, UNAVAILABLE),
    ],
)
def test_async_exception_handler_answers_api_errors(client, path, status, body):
    response = client.get(path)
    assert (response.status_code, response.content) == (status, body)
    assert response.headers["Content-Type"] == "application/json"


# -- item 3: a handled 5xx is reported by its record, without the signal ---------------------


@pytest.mark.parametrize("path", ["/plain/unavailable/", "/sync-fbv/unavailable/"])
def test_handled_503_is_one_record_and_no_signal(server, client, path):
    line = f"RECORD ERROR django.request Service Unavailable: {path}\n"
    before = server.logs().count(line)
    response = client.get(path)
    assert (response.status_code, response.content) == (503, UNAVAILABLE)
    server.wait_for_log(re.escape(line), count=before + 1)
    time.sleep(0.2)
    log = server.logs()
    assert log.count(line) == before + 1
    assert f"receiver bug for {path})" not in log


# -- item 4: unknown URL + CSRF cookie + multipart body without a boundary -------------------


@pytest.mark.parametrize("path", ["/nope/", "/plain/echo-csrf/"])
def test_unreadable_body_with_csrf_cookie_is_a_400_on_any_url(server, client, path):
    response = client.post(
        path,
        content=b"--x\r\n\r\n",
        headers={
            "Content-Type": "multipart/form-data",
            "Cookie": "csrftoken=" + "a" * 32,
            "Accept": "application/json",
        },
    )
    assert (response.status_code, response.content) == (400, BAD_REQUEST)
    server.wait_for_log(
        rf"RECORD WARNING django\.request Bad request \(Unable to parse request body\): {path}"
    )
    assert "error_id" not in response.text


# -- item 5: requests Django cannot build ----------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "url"),
    [
        # WSGI decodes the query with the charset while building the request; ASGI does not,
        # and the APIView's parser refuses the charset.
        ("application/json; charset=bz2_codec", "/sync-cbv/echo/?a=1"),
        ("application/json; charset*=unknown''x", "/plain/echo/"),
        ("application/json; charset*=unknown''x", "/async-cbv/echo/"),
        ("application/x-www-form-urlencoded; charset=bz2_codec", "/plain/echo/"),
    ],
)
def test_request_django_cannot_build_is_a_negotiated_400(client, content_type, url):
    for accept, expected_type in [
        ("application/json", "application/json"),
        ("application/problem+json", "application/problem+json"),
    ]:
        response = client.post(
            url, content=b"a=1", headers={"Content-Type": content_type, "Accept": accept}
        )
        assert response.status_code == 400
        assert response.headers["Content-Type"] == expected_type
        body = json.loads(response.content)
        assert "error_id" not in body
        if "plain" in url:
            assert body["detail"] == "Bad request."


# -- item 6: Django's mail handler re-reads a query it cannot parse ---------------------------


@pytest.mark.parametrize("path", ["/plain/query/", "/api/books/"])
def test_too_many_fields_is_a_fast_400_with_admins_mail(server, client, path):
    started = time.monotonic()
    response = client.get(path + "?" + "&" * 1001 + "a=1", headers={"Accept": "application/json"})
    elapsed = time.monotonic() - started

    assert (response.status_code, response.content) == (400, BAD_REQUEST)
    assert elapsed < 1.0
    server.wait_for_log(r"RECORD ERROR django\.security\.TooManyFieldsSent")
    assert "Internal Server Error" not in server.logs().split("TooManyFieldsSent")[-1]


# -- item 10: a broken 500.html still shows the error id -------------------------------------


def test_broken_500_template_falls_back_to_a_page_with_the_error_id(server, client):
    response = client.get("/plain/crash/", headers={"Accept": BROWSER})

    assert response.status_code == 500
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    shown = re.search(rb'<code id="error-id">([0-9a-f-]{36})</code>', response.content)
    assert shown is not None, response.content
    error_id = shown.group(1).decode()
    assert SECRET.encode() not in response.content
    server.wait_for_log(rf"RECORD ERROR django\.request .*\(error id: {error_id}\)")
    server.wait_for_log(r"RECORD ERROR restframe\.defaults The 500 error template")
