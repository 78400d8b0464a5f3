"""Negotiated Django error views (``restframe.defaults``): browsers get Django's pages byte for
byte, every other client the API error format; nothing leaks; failures still answer a clean 500."""

from __future__ import annotations

import logging
import re
import sys
import uuid
from pathlib import Path

import orjson
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.signals import got_request_exception
from django.http import Http404
from django.test import Client, RequestFactory, override_settings
from django.urls import Resolver404
from django.utils import translation
from django.views import csrf as django_csrf
from django.views import defaults as django_defaults
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from restframe import defaults

pytestmark = pytest.mark.urls("tests.urls_errors")

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JSON = "application/json"
PROBLEM = "application/problem+json"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

_TEMPLATE_OPTIONS = {
    "context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
    ]
}
CUSTOM_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [str(Path(__file__).parent / "templates_errors")],
        "APP_DIRS": True,
        "OPTIONS": _TEMPLATE_OPTIONS,
    }
]

rf = RequestFactory()
INLINE_500 = (
    django_defaults.ERROR_PAGE_TEMPLATE % {"title": "Server Error (500)", "details": ""}
).encode()


def inline_500_with_id(error_id):
    details = f'Error id: <code id="error-id">{error_id}</code>'
    return (
        django_defaults.ERROR_PAGE_TEMPLATE % {"title": "Server Error (500)", "details": details}
    ).encode()


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def received():
    """Every ``got_request_exception`` delivery: (request, exception being handled)."""
    calls = []

    def receiver(sender, request=None, **kwargs):
        calls.append((request, sys.exception()))

    got_request_exception.connect(receiver)
    yield calls
    got_request_exception.disconnect(receiver)


def request_records(caplog, level=logging.ERROR):
    return [r for r in caplog.records if r.name == "django.request" and r.levelno == level]


def json_of(response):
    return orjson.loads(response.content)


# --- who gets HTML -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        (JSON, False),
        (PROBLEM, False),
        ("text/html, application/json", False),  # a tie is not a preference
        ("text/html;q=0.9, application/json", False),
        ("text/*, application/json;q=0.5", True),
        ("text/html", True),
        (BROWSER, True),
        ("application/json;q=0.1, */*", True),  # */* gives text/html 1.0
        ("text/plain", False),
    ],
)
def test_who_gets_html(client, accept, html):
    extra = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = client.get("/nowhere/", **extra)
    assert response.status_code == 404
    if html:
        assert response["Content-Type"] == "text/html; charset=utf-8"
    else:
        assert response["Content-Type"] in (JSON, PROBLEM)


# --- 404 -----------------------------------------------------------------------------------


def test_404_unknown_url_api(client):
    response = client.get("/nowhere/", HTTP_ACCEPT=JSON)
    assert response.status_code == 404
    assert response.content == b'{"detail":"Not found."}'
    assert response["Content-Type"] == JSON
    assert response["Vary"] == "Accept"


def test_404_raised_message_is_kept(client):
    response = client.get("/not-found/")
    assert response.content == b'{"detail":"No such thing."}'
    response = client.get("/not-found-bare/")
    assert response.content == b'{"detail":"Not found."}'


def test_404_problem(client):
    response = client.get("/nowhere/?secret=1", HTTP_ACCEPT=PROBLEM)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.content == (
        b'{"type":"about:blank","title":"Not Found","status":404,"detail":"Not found.",'
        b'"instance":"/nowhere/","code":"not_found"}'
    )


@override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"})
@pytest.mark.parametrize("accept", [None, JSON, "*/*"])
def test_404_problem_format_for_every_api_client(client, accept):
    extra = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = client.get("/not-found/", **extra)
    assert response["Content-Type"] == PROBLEM
    assert json_of(response)["detail"] == "No such thing."


@override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"})
def test_404_problem_format_browser_still_gets_html(client):
    response = client.get("/nowhere/", HTTP_ACCEPT=BROWSER)
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_404_browser_gets_djangos_page_byte_for_byte(client):
    response = client.get("/nowhere/", HTTP_ACCEPT=BROWSER)
    request = rf.get("/nowhere/", HTTP_ACCEPT=BROWSER)
    expected = django_defaults.page_not_found(request, Resolver404({"path": "nowhere/"}))
    assert response.status_code == 404
    assert response.content == expected.content
    assert b"The requested resource was not found on this server." in response.content


@override_settings(TEMPLATES=CUSTOM_TEMPLATES)
def test_404_browser_gets_the_projects_template(client):
    response = client.get("/not-found/", HTTP_ACCEPT=BROWSER)
    assert response.content == b"Custom 404 for /not-found/: No such thing.\n"


@override_settings(TEMPLATES=CUSTOM_TEMPLATES)
def test_404_api_client_ignores_the_template(client):
    assert client.get("/not-found/").content == b'{"detail":"No such thing."}'


@override_settings(TEMPLATES=CUSTOM_TEMPLATES)
def test_404_markup_in_path_is_escaped_everywhere(client):
    path = "/<script>alert(1)</script>/\x01\u2028"
    html = client.get(path, HTTP_ACCEPT=BROWSER).content
    assert b"<script>" not in html
    assert html.startswith(b"Custom 404 for /%3Cscript%3Ealert%281%29%3C/script%3E/%01%E2%80%A8:")
    problem = json_of(client.get(path, HTTP_ACCEPT=PROBLEM))
    assert problem["instance"] == "/%3Cscript%3Ealert(1)%3C/script%3E/%01%E2%80%A8"
    assert client.get(path).content == b'{"detail":"Not found."}'


def test_404_direct_call_signature():
    request = rf.get("/x/")
    response = defaults.page_not_found(request, Http404("Gone fishing."))
    assert response.status_code == 404
    assert response.content == b'{"detail":"Gone fishing."}'


# --- 403 -----------------------------------------------------------------------------------


def test_403_message_is_kept(client):
    response = client.get("/denied/")
    assert response.status_code == 403
    assert response.content == b'{"detail":"Go away."}'
    assert response["Content-Type"] == JSON


def test_403_default_message(client):
    response = client.get("/denied-bare/")
    assert response.content == b'{"detail":"You do not have permission to perform this action."}'


def test_403_problem(client):
    body = json_of(client.get("/denied/", HTTP_ACCEPT=PROBLEM))
    assert body == {
        "type": "about:blank",
        "title": "Forbidden",
        "status": 403,
        "detail": "Go away.",
        "instance": "/denied/",
        "code": "permission_denied",
    }


def test_403_browser_gets_djangos_page(client):
    response = client.get("/denied/", HTTP_ACCEPT=BROWSER)
    expected = django_defaults.permission_denied(rf.get("/"), DjangoPermissionDenied("Go away."))
    assert response.status_code == 403
    assert response.content == expected.content


@override_settings(TEMPLATES=CUSTOM_TEMPLATES)
def test_403_browser_gets_the_projects_template(client):
    assert client.get("/denied/", HTTP_ACCEPT=BROWSER).content == b"Custom 403: Go away.\n"


# --- 400 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/suspicious/", "/bad/"])
def test_400_never_shows_the_exception_text(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.content == b'{"detail":"Bad request."}'
    assert response["Content-Type"] == JSON
    problem = client.get(url, HTTP_ACCEPT=PROBLEM)
    assert json_of(problem) == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Bad request.",
        "instance": url,
        "code": "bad_request",
    }
    assert b"secret" not in problem.content


def test_400_browser_gets_djangos_page(client):
    response = client.get("/suspicious/", HTTP_ACCEPT=BROWSER)
    expected = django_defaults.bad_request(rf.get("/"), Exception())
    assert response.content == expected.content
    assert b"secret" not in response.content


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_400_oversized_body_outside_an_apiview(client):
    # The view reads request.POST: Django raises RequestDataTooBig (a SuspiciousOperation).
    response = client.post("/read-post/", {"field": "x" * 100})
    assert response.status_code == 400
    assert response.content == b'{"detail":"Bad request."}'


# --- 500 -----------------------------------------------------------------------------------


def test_500_api_body_error_id_log_and_signal(client, caplog, received):
    response = client.get("/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == JSON
    body = json_of(response)
    assert list(body) == ["detail", "error_id"]
    assert body["detail"] == "A server error occurred."
    assert UUID_RE.match(body["error_id"])
    assert response.content == (
        b'{"detail":"A server error occurred.","error_id":"' + body["error_id"].encode() + b'"}'
    )
    assert b"secret" not in response.content
    records = request_records(caplog)
    assert len(records) == 1
    assert records[0].error_id == body["error_id"]
    assert body["error_id"] in records[0].getMessage()
    assert (
        records[0].getMessage() == f"Internal Server Error: /boom/ (error id: {body['error_id']})"
    )
    assert records[0].exc_info[0] is ValueError
    assert len(received) == 1
    assert isinstance(received[0][1], ValueError)


def test_500_problem(client, caplog):
    response = client.get("/boom/", HTTP_ACCEPT=PROBLEM)
    assert response["Content-Type"] == PROBLEM
    body = json_of(response)
    assert list(body) == [
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "code",
        "error_id",
    ]
    assert body["title"] == "Internal Server Error"
    assert (body["status"], body["code"], body["instance"]) == (500, "error", "/boom/")
    assert request_records(caplog)[0].error_id == body["error_id"]


def test_500_each_request_its_own_id(client):
    first = json_of(client.get("/boom/"))["error_id"]
    second = json_of(client.get("/boom/"))["error_id"]
    assert first != second


def test_500_browser_without_template_gets_djangos_inline_page(client):
    response = client.get("/boom/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 500
    assert response.content == django_defaults.server_error(rf.get("/")).content == INLINE_500
    assert response["Content-Type"] == "text/html; charset=utf-8"


@override_settings(TEMPLATES=CUSTOM_TEMPLATES)
def test_500_browser_template_gets_the_error_id(client, caplog):
    response = client.get("/boom/", HTTP_ACCEPT=BROWSER)
    error_id = request_records(caplog)[0].error_id
    assert response.content == f"Custom 500, quote {error_id}\n".encode()


@override_settings(ADMINS=[("Ops", "ops@example.com")])
def test_500_admin_mail_shows_the_error_id(client):
    body = json_of(client.get("/boom/"))
    assert len(mail.outbox) == 1
    assert body["error_id"] in mail.outbox[0].subject
    assert body["error_id"] in mail.outbox[0].body


def test_500_direct_call_outside_an_exception():
    response = defaults.server_error(rf.get("/x/"))
    body = json_of(response)
    assert body["detail"] == "A server error occurred."
    assert UUID_RE.match(body["error_id"])


@override_settings(TEMPLATES=CUSTOM_TEMPLATES)
def test_500_broken_template_falls_back_and_is_logged(caplog):
    request = rf.get("/", HTTP_ACCEPT=BROWSER)
    response = defaults.server_error(request, template_name="broken.html")
    assert response.status_code == 500
    # Django's page, still showing the id the template would have shown (issue 10, item 10).
    assert response.content == inline_500_with_id(request._restframe_error_id)
    logged = [r for r in caplog.records if r.name == "restframe.defaults"]
    assert len(logged) == 1 and logged[0].exc_info is not None


def test_500_missing_custom_template_falls_back_and_is_logged(caplog):
    request = rf.get("/", HTTP_ACCEPT=BROWSER)
    response = defaults.server_error(request, template_name="nope.html")
    assert response.status_code == 500
    assert response.content == inline_500_with_id(request._restframe_error_id)
    assert [r.name for r in caplog.records] == ["restframe.defaults"]


# --- DEBUG ---------------------------------------------------------------------------------


@override_settings(DEBUG=True)
def test_debug_api_client_gets_the_traceback_as_json():
    request = rf.get("/x/")
    try:
        raise ValueError("debug detail")
    except ValueError:
        response = defaults.server_error(request)
    body = json_of(response)
    assert body["detail"] == "A server error occurred."
    assert body["exception"] == "ValueError: debug detail"
    assert 'raise ValueError("debug detail")' in body["traceback"]
    assert UUID_RE.match(body["error_id"])


@override_settings(DEBUG=True)
def test_debug_browser_gets_djangos_technical_page():
    request = rf.get("/x/", HTTP_ACCEPT=BROWSER)
    try:
        raise ValueError("debug detail")
    except ValueError:
        response = defaults.server_error(request)
    assert response.status_code == 500
    assert b"<title>ValueError" in response.content


def test_no_traceback_without_debug():
    try:
        raise ValueError("hidden detail")
    except ValueError:
        response = defaults.server_error(rf.get("/x/"))
    assert list(json_of(response)) == ["detail", "error_id"]
    assert b"hidden" not in response.content


# --- CSRF ----------------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@override_settings(CSRF_FAILURE_VIEW="restframe.defaults.csrf_failure")
def test_csrf_failure_api(csrf_client):
    response = csrf_client.post("/ok/", {"a": "b"})
    assert response.status_code == 403
    assert response.content == b'{"detail":"CSRF Failed: CSRF cookie not set."}'
    assert response["Content-Type"] == JSON


@override_settings(CSRF_FAILURE_VIEW="restframe.defaults.csrf_failure")
def test_csrf_failure_problem(csrf_client):
    response = csrf_client.post("/ok/", {"a": "b"}, HTTP_ACCEPT=PROBLEM)
    assert json_of(response)["detail"] == "CSRF Failed: CSRF cookie not set."
    assert json_of(response)["code"] == "permission_denied"


@override_settings(CSRF_FAILURE_VIEW="restframe.defaults.csrf_failure")
def test_csrf_failure_browser_gets_djangos_page(csrf_client):
    response = csrf_client.post("/ok/", {"a": "b"}, HTTP_ACCEPT=BROWSER)
    expected = django_csrf.csrf_failure(rf.post("/ok/"), reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert response.content == expected.content


# --- failures inside the views -------------------------------------------------------------


@override_settings(TEMPLATES=CUSTOM_TEMPLATES)
@pytest.mark.parametrize(
    "call",
    [
        lambda r: defaults.page_not_found(r, Http404(), template_name="broken.html"),
        lambda r: defaults.permission_denied(
            r, DjangoPermissionDenied(), template_name="broken.html"
        ),
        lambda r: defaults.bad_request(r, Exception(), template_name="broken.html"),
        lambda r: defaults.csrf_failure(r, "x", template_name="broken.html"),
        lambda r: defaults.page_not_found(r, Http404(), template_name="missing.html"),
    ],
)
def test_failing_error_view_answers_a_clean_500(call, caplog, received):
    request = rf.get("/x/", HTTP_ACCEPT=BROWSER)
    response = call(request)
    assert response.status_code == 500
    assert response.content == b"Custom 500, quote " + request._restframe_error_id.encode() + b"\n"
    records = request_records(caplog)
    assert len(records) == 1
    assert records[0].error_id == request._restframe_error_id
    assert records[0].exc_info is not None
    assert len(received) == 1 and received[0][0] is request


@override_settings(TEMPLATES=CUSTOM_TEMPLATES)
def test_broken_template_does_not_concern_api_clients():
    request = rf.get("/x/", HTTP_ACCEPT="text/html;q=0.9, application/json")
    response = defaults.page_not_found(request, Http404(), template_name="broken.html")
    assert response.status_code == 404
    assert response.content == b'{"detail":"Not found."}'


def test_failure_in_the_api_branch_answers_a_json_500(monkeypatch, caplog, received):
    def broken(*args, **kwargs):
        raise RuntimeError("secret failure")

    monkeypatch.setattr(defaults.exceptions, "NotFound", broken)
    request = rf.get("/x/")
    response = defaults.page_not_found(request, Http404())
    assert response.status_code == 500
    assert response["Content-Type"] == JSON
    assert json_of(response) == {
        "detail": "A server error occurred.",
        "error_id": request._restframe_error_id,
    }
    records = request_records(caplog)
    assert len(records) == 1 and records[0].exc_info[0] is RuntimeError
    assert records[0].error_id == request._restframe_error_id
    assert len(received) == 1


def test_broken_receiver_never_breaks_the_answer(caplog):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver bug")

    got_request_exception.connect(broken)
    try:
        with override_settings(TEMPLATES=CUSTOM_TEMPLATES):
            response = defaults.page_not_found(
                rf.get("/x/", HTTP_ACCEPT=BROWSER), Http404(), template_name="broken.html"
            )
    finally:
        got_request_exception.disconnect(broken)
    assert response.status_code == 500
    assert any(r.name == "django.dispatch" for r in caplog.records)
    assert len(request_records(caplog)) == 1


# --- robustness ----------------------------------------------------------------------------

_header_text = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60
) | st.sampled_from(
    [
        BROWSER,
        "text/html;q=abc",
        "text/html;q=2",
        'text/html;x="unterminated, application/json',
        "*/*;q=0.5, text/*;q=0.9",
        ";;,,",
        "application/problem+json;q=0.3, application/json;q=0.2",
    ]
)
_language = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30) | (
    st.sampled_from(["fr", "de-DE,de;q=0.9", "zh-Hans", "pt-BR", "ko", "*", "x" * 200])
)


@override_settings(
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
)
@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    accept=_header_text,
    language=_language,
    url=st.sampled_from(["/nowhere/", "/not-found/", "/denied/", "/bad/"]),
)
def test_any_accept_and_language_never_5xx(client, accept, language, url):
    # LocaleMiddleware leaves its language active in the thread: restore ours afterwards.
    with translation.override("en-us"):
        response = client.get(url, HTTP_ACCEPT=accept, HTTP_ACCEPT_LANGUAGE=language)
    assert 400 <= response.status_code < 500
    content_type = response["Content-Type"]
    assert content_type in (JSON, PROBLEM, "text/html; charset=utf-8")
    if content_type != "text/html; charset=utf-8":
        orjson.loads(response.content)


LOCALE_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
]


@override_settings(MIDDLEWARE=LOCALE_MIDDLEWARE)
def test_messages_and_titles_follow_accept_language(client):
    with translation.override("en-us"):
        drf = client.get("/nowhere/", HTTP_ACCEPT_LANGUAGE="fr")
        problem = client.get("/bad/", HTTP_ACCEPT=PROBLEM, HTTP_ACCEPT_LANGUAGE="fr")
    with translation.override("fr"):
        assert drf.content == orjson.dumps({"detail": translation.gettext("Not found.")})
        assert json_of(problem)["title"] == translation.gettext("Bad Request")
        assert json_of(problem)["detail"] == translation.gettext("Bad request.")
    assert drf.content != b'{"detail":"Not found."}'  # fr catalogue shipped
    assert json_of(problem)["title"] != "Bad Request"


def test_error_id_is_uuid4():
    request = rf.get("/")
    response = defaults.server_error(request)
    assert uuid.UUID(json_of(response)["error_id"]).version == 4
