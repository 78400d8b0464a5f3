"""``APIExceptionMiddleware``: API errors raised in plain Django views (sync and async)."""

from __future__ import annotations

import logging
import sys

import orjson
import pytest
from asgiref.sync import iscoroutinefunction
from django.core.signals import got_request_exception
from django.test import AsyncClient, Client, override_settings

from restframe.middleware import APIExceptionMiddleware

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JSON = "application/json"
PROBLEM = "application/problem+json"

MIDDLEWARE = [
    "restframe.middleware.APIExceptionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

pytestmark = [pytest.mark.urls("tests.urls_errors"), pytest.mark.usefixtures("with_middleware")]


@pytest.fixture
def with_middleware():
    with override_settings(MIDDLEWARE=MIDDLEWARE):
        yield


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def async_client():
    return AsyncClient(raise_request_exception=False)


@pytest.fixture
def received():
    calls = []

    def receiver(sender, request=None, **kwargs):
        calls.append((request, sys.exception()))

    got_request_exception.connect(receiver)
    yield calls
    got_request_exception.disconnect(receiver)


def request_errors(caplog):
    return [r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR]


# --- construction --------------------------------------------------------------------------


def test_sync_and_async_capable():
    assert APIExceptionMiddleware.sync_capable is True
    assert APIExceptionMiddleware.async_capable is True

    def sync_next(request):
        return "sync"

    async def async_next(request):
        return "async"

    assert not iscoroutinefunction(APIExceptionMiddleware(sync_next))
    assert iscoroutinefunction(APIExceptionMiddleware(async_next))


# --- API exceptions from plain views -------------------------------------------------------


def test_throttled(client, caplog, received):
    response = client.get("/throttled/")
    assert response.status_code == 429
    assert response.content == (
        b'{"detail":"Request was throttled. Expected available in 3 seconds."}'
    )
    assert response["Content-Type"] == JSON
    assert response["Retry-After"] == "3"
    assert received == []
    assert request_errors(caplog) == []


def test_validation_error(client):
    response = client.get("/invalid/")
    assert response.status_code == 400
    assert response.content == b'{"email":["Enter a valid email address."]}'


def test_authentication_header_is_kept(client):
    response = client.get("/needs-auth/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="api"'
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'


def test_problem_details_when_preferred(client):
    response = client.get("/throttled/?x=1", HTTP_ACCEPT=PROBLEM)
    assert response["Content-Type"] == PROBLEM
    assert response["Retry-After"] == "3"
    assert response.content == (
        b'{"type":"about:blank","title":"Too Many Requests","status":429,'
        b'"detail":"Request was throttled. Expected available in 3 seconds.",'
        b'"instance":"/throttled/","code":"throttled"}'
    )


@override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"})
def test_problem_format_setting(client):
    response = client.get("/invalid/", HTTP_ACCEPT=JSON)
    assert response["Content-Type"] == PROBLEM
    assert orjson.loads(response.content)["errors"] == [
        {"pointer": "#/email", "detail": "Enter a valid email address.", "code": "invalid"}
    ]


def test_api_exception_for_a_browser_too(client):
    # DRF's exception is an API answer whatever the client: no 500 for a browser.
    response = client.get("/throttled/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 429
    assert response["Content-Type"] == JSON


def test_handled_5xx_is_reported_once(client, caplog, received):
    response = client.get("/unavailable/")
    assert response.status_code == 503
    assert response.content == b'{"detail":"Service temporarily unavailable, try again later."}'
    assert received == []  # handled: no signal (Django's test client would re-raise it)
    records = request_errors(caplog)
    assert len(records) == 1
    assert records[0].getMessage() == "Service Unavailable: /unavailable/"
    assert records[0].exc_info is not None
    assert not hasattr(records[0], "error_id")
    assert response._restframe_handled is True


def test_custom_exception_handler_is_used(client):
    with override_settings(
        REST_FRAMEWORK={"EXCEPTION_HANDLER": "tests.test_middleware.declining_handler"}
    ):
        response = client.get("/throttled/")
    # The handler declined: Django's 500 path (restframe.defaults.server_error) answers.
    assert response.status_code == 500
    assert list(orjson.loads(response.content)) == ["detail", "error_id"]


def declining_handler(exc, context):
    assert context == {"view": None, "args": (), "kwargs": {}, "request": context["request"]}
    return None


# --- Django's Http404 / PermissionDenied ---------------------------------------------------


def test_http404_for_api_clients(client):
    response = client.get("/not-found/")
    assert response.status_code == 404
    assert response.content == b'{"detail":"No such thing."}'


def test_permission_denied_for_api_clients(client):
    response = client.get("/denied/")
    assert response.status_code == 403
    assert response.content == b'{"detail":"Go away."}'


@override_settings(DEBUG=True)
def test_http404_in_debug_api_client_gets_json(client):
    response = client.get("/not-found/")
    assert response.content == b'{"detail":"No such thing."}'


@override_settings(DEBUG=True)
def test_http404_in_debug_browser_keeps_djangos_technical_page(client):
    response = client.get("/not-found/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b"No such thing." in response.content
    assert (
        b"Django tried these URL patterns" in response.content or b"Raised by" in response.content
    )


# --- unhandled errors ----------------------------------------------------------------------


def test_unhandled_error_is_left_to_django(client, caplog, received):
    response = client.get("/boom/")
    body = orjson.loads(response.content)
    assert response.status_code == 500
    assert list(body) == ["detail", "error_id"]
    assert len(received) == 1
    records = request_errors(caplog)
    assert len(records) == 1 and records[0].error_id == body["error_id"]


@override_settings(DEBUG=True)
def test_debug_api_client_gets_a_json_traceback(client, caplog, received):
    response = client.get("/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == JSON
    body = orjson.loads(response.content)
    assert list(body) == ["detail", "error_id", "exception", "traceback"]
    assert body["exception"] == "ValueError: secret boom /srv/app/settings.py"
    assert "Traceback (most recent call last)" in body["traceback"]
    assert len(received) == 1
    records = request_errors(caplog)
    assert len(records) == 1 and records[0].error_id == body["error_id"]


@override_settings(DEBUG=True)
def test_debug_browser_gets_djangos_technical_page(client, caplog, received):
    response = client.get("/boom/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 500
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert b"secret boom" in response.content
    assert len(received) == 1
    assert len(request_errors(caplog)) == 1


# --- async ---------------------------------------------------------------------------------


async def test_async_throttled(async_client):
    response = await async_client.get("/async/throttled/")
    assert response.status_code == 429
    assert response["Retry-After"] == "7"
    assert response.content == (
        b'{"detail":"Request was throttled. Expected available in 7 seconds."}'
    )


async def test_async_http404(async_client):
    response = await async_client.get("/async/not-found/", headers={"Accept": PROBLEM})
    assert response["Content-Type"] == PROBLEM
    assert orjson.loads(response.content)["detail"] == "No async thing."


async def test_async_handled_5xx_reported_once(async_client, caplog, received):
    response = await async_client.get("/async/unavailable/")
    assert response.status_code == 503
    assert received == []
    assert len(request_errors(caplog)) == 1


async def test_async_unhandled(async_client, caplog, received):
    response = await async_client.get("/async/boom/")
    assert response.status_code == 500
    body = orjson.loads(response.content)
    assert body["detail"] == "A server error occurred."
    assert len(received) == 1
    records = request_errors(caplog)
    assert len(records) == 1 and records[0].error_id == body["error_id"]


# --- an ``async def`` EXCEPTION_HANDLER (issue 10, item 2) ---------------------------------


async def async_exception_handler(exc, context):
    from restframe.handlers import exception_handler

    return exception_handler(exc, context)


ASYNC_HANDLER = override_settings(
    REST_FRAMEWORK={"EXCEPTION_HANDLER": "tests.test_middleware.async_exception_handler"}
)


@ASYNC_HANDLER
@pytest.mark.parametrize(
    ("url", "status", "body"),
    [
        (
            "/throttled/",
            429,
            b'{"detail":"Request was throttled. Expected available in 3 seconds."}',
        ),
        ("/not-found/", 404, b'{"detail":"No such thing."}'),
        ("/unavailable/", 503, b'{"detail":"Service temporarily unavailable, try again later."}'),
    ],
)
def test_async_exception_handler_in_a_sync_stack(client, caplog, url, status, body):
    response = client.get(url)
    assert (response.status_code, response.content) == (status, body)
    assert not [r for r in caplog.records if "never awaited" in r.getMessage()]


@ASYNC_HANDLER
async def test_async_exception_handler_in_an_async_stack(async_client, caplog, received):
    throttled = await async_client.get("/async/throttled/")
    missing = await async_client.get("/async/not-found/")
    unavailable = await async_client.get("/async/unavailable/")
    assert (throttled.status_code, throttled["Retry-After"]) == (429, "7")
    assert missing.content == b'{"detail":"No async thing."}'
    assert unavailable.status_code == 503
    assert received == []
    assert len(request_errors(caplog)) == 1  # the 503, once


# --- a handled 5xx and Django's own test client (issue 10, item 3) --------------------------


def test_djangos_test_client_gets_a_handled_503_back():
    """A DRF project's tests use ``self.client`` (re-raises what ``got_request_exception``
    carries): a handled 503 must come back as a response."""
    response = Client().get("/unavailable/")
    assert response.status_code == 503
    assert response.content == b'{"detail":"Service temporarily unavailable, try again later."}'
    api = Client().get("/api/unavailable/")
    assert api.status_code == 503


def test_djangos_test_client_still_raises_a_crash():
    with pytest.raises(ValueError, match="secret boom"):
        Client().get("/boom/")
