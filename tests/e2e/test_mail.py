"""E-mail to ``ADMINS``: one mail per server error, carrying the error id the client saw.

Two levels: Django's locmem backend through the test client (every kind of 5xx view), and a real
gunicorn process mailing a real SMTP server (``aiosmtpd``) over the network.
"""

import email
import email.policy
import json
import re
import threading
import time
import uuid

import httpx
import pytest
from django.core import mail
from django.test import Client, override_settings

from tests.e2e.views import SECRET
from tests.plugins.servers import REPO_ROOT, free_port

ADMINS = [("Operator", "ops@example.test")]
API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "restframe.middleware.APIExceptionMiddleware",
]
HTML_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_ROOT / "tests" / "e2e" / "mail_templates"],
    }
]
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CRASHES = ["/crash/sync/", "/crash/async/", "/crash/plain/"]
UNAVAILABLE = ["/unavailable/api/", "/unavailable/plain/"]
UNAVAILABLE_BODY = b'{"detail":"Service temporarily unavailable, try again later."}'
LEAKS = (SECRET, "Traceback", "RuntimeError", ".py")


def assert_no_leak(body: bytes) -> None:
    text = body.decode()
    for leak in LEAKS:
        assert leak not in text


# -- Django's locmem backend, through the test client ------------------------------------------


@pytest.fixture
def client():
    with override_settings(
        ADMINS=ADMINS,
        ROOT_URLCONF="tests.e2e.mail_urls",
        MIDDLEWARE=API_MIDDLEWARE,
        TEMPLATES=HTML_TEMPLATES,
    ):
        mail.outbox.clear()
        yield Client(raise_request_exception=False)


@pytest.mark.parametrize("path", CRASHES)
def test_an_unhandled_error_mails_admins_once_with_its_error_id(client, path):
    response = client.get(path, headers={"Accept": "application/json"})

    assert response.status_code == 500
    error_id = json.loads(response.content)["error_id"]
    assert response.content == (
        b'{"detail":"A server error occurred.","error_id":"' + error_id.encode() + b'"}'
    )
    assert_no_leak(response.content)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ops@example.test"]
    assert message.subject == (
        f"[Django] ERROR (EXTERNAL IP): Internal Server Error: {path} (error id: {error_id})"
    )
    assert f"(error id: {error_id})" in message.body
    # The operator, not the client, gets the traceback.
    assert SECRET in message.body


@pytest.mark.parametrize("path", CRASHES)
def test_the_500_page_and_the_mail_show_the_same_error_id(client, path):
    response = client.get(path, headers={"Accept": BROWSER_ACCEPT})

    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    shown = re.search(rb'<code id="error-id">([^<]+)</code>', response.content)
    assert shown is not None, response.content
    error_id = shown.group(1).decode()
    assert str(uuid.UUID(error_id)) == error_id
    assert_no_leak(response.content)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith(f"Internal Server Error: {path} (error id: {error_id})")


@pytest.mark.parametrize("path", UNAVAILABLE)
def test_a_handled_503_mails_admins_once(client, path):
    response = client.get(path)

    assert response.status_code == 503
    assert response.content == UNAVAILABLE_BODY
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    # DRF's body has no error id, so neither has the report.
    assert message.subject == f"[Django] ERROR (EXTERNAL IP): Service Unavailable: {path}"
    assert "error id" not in message.body


def test_client_errors_mail_nobody(client):
    response = client.get("/no-such-url/")

    assert response.status_code == 404
    assert response.content == b'{"detail":"Not found."}'
    assert mail.outbox == []


def test_without_admins_nothing_is_mailed(client):
    with override_settings(ADMINS=[]):
        response = client.get("/crash/sync/")

    assert response.status_code == 500
    assert mail.outbox == []


# -- A real SMTP server receiving mail from a real gunicorn process ----------------------------


class Inbox:
    """``aiosmtpd`` handler: keeps every message it receives, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        with self._lock:
            return list(self.messages)


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.mark.e2e
def test_gunicorn_mails_each_crash_once_over_smtp(smtp_sink, gunicorn_server):
    inbox, port = smtp_sink
    server = gunicorn_server(
        "tests.e2e.mail_settings",
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)},
    )
    # The readiness probe's 404 is a client error: no mail.
    assert inbox.messages == []
    paths = [*CRASHES, "/crash/sync/"]
    error_ids = []
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            for path in paths:
                response = http.get(path, headers={"Accept": "application/json"})
                assert response.status_code == 500
                assert response.headers["Content-Type"] == "application/json"
                assert_no_leak(response.content)
                body = json.loads(response.content)
                assert body == {"detail": "A server error occurred.", "error_id": body["error_id"]}
                error_ids.append(body["error_id"])
            received = inbox.wait_for(len(paths))
            # Anything sent twice would have arrived by now: the mail goes out before the
            # response does.
            time.sleep(0.3)
            received = list(inbox.messages)
    finally:
        server.stop()

    assert len(set(error_ids)) == len(paths)
    assert len(received) == len(paths), server.logs()
    subjects = sorted(str(message["Subject"]) for message in received)
    assert subjects == sorted(
        f"[Django] ERROR (EXTERNAL IP): Internal Server Error: {path} (error id: {error_id})"
        for path, error_id in zip(paths, error_ids, strict=True)
    )
    for message in received:
        assert message["To"] == "ops@example.test"
        assert message["From"] == "api@example.test"
        match = re.search(r"\(error id: ([0-9a-f-]{36})\)", message["Subject"])
        assert match is not None
        assert f"(error id: {match.group(1)})" in message.get_content()
        assert SECRET in message.get_content()


@pytest.mark.e2e
def test_gunicorn_mails_a_handled_503_once_over_smtp(smtp_sink, gunicorn_server):
    inbox, port = smtp_sink
    server = gunicorn_server(
        "tests.e2e.mail_settings",
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)},
    )
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            responses = [http.get(path) for path in UNAVAILABLE]
        inbox.wait_for(len(UNAVAILABLE))
        time.sleep(0.3)
        received = list(inbox.messages)
    finally:
        server.stop()

    assert [(r.status_code, r.content) for r in responses] == [(503, UNAVAILABLE_BODY)] * 2
    assert sorted(str(message["Subject"]) for message in received) == sorted(
        f"[Django] ERROR (EXTERNAL IP): Service Unavailable: {path}" for path in UNAVAILABLE
    )


@pytest.mark.e2e
def test_the_example_project_mails_its_admins_once_per_crash(smtp_sink, gunicorn_server):
    inbox, port = smtp_sink
    server = gunicorn_server(
        "project.settings",
        app="project.wsgi:application",
        pythonpath=[REPO_ROOT / "example"],
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)},
    )
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            crash = http.get("/api/plain/crash/", headers={"Accept": "application/json"})
            unavailable = http.get("/api/sync/maintenance/")
        inbox.wait_for(2)
        time.sleep(0.3)
        received = list(inbox.messages)
    finally:
        server.stop()

    assert (crash.status_code, unavailable.status_code) == (500, 503)
    error_id = json.loads(crash.content)["error_id"]
    assert sorted(str(message["Subject"]) for message in received) == [
        "[Django] ERROR (EXTERNAL IP): Internal Server Error: /api/plain/crash/"
        f" (error id: {error_id})",
        "[Django] ERROR (EXTERNAL IP): Service Unavailable: /api/sync/maintenance/",
    ]
    assert all(message["To"] == "admin@example.test" for message in received)
