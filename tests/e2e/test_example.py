"""The example project (``example/``) served for real, as ``make demo`` and its README promise:
under gunicorn (WSGI) and uvicorn (ASGI), its index and its error endpoints answer as documented.

Only endpoints that never touch the database are requested, so the example's SQLite file is
neither needed nor created.
"""

import json
import os
import subprocess
import sys
import uuid

import httpx
import pytest

from tests.plugins.servers import REPO_ROOT

pytestmark = pytest.mark.e2e

EXAMPLE = REPO_ROOT / "example"


@pytest.fixture(scope="module", params=["gunicorn", "uvicorn"])
def client(request, gunicorn_server, uvicorn_server):
    if request.param == "gunicorn":
        server = gunicorn_server(
            "project.settings", app="project.wsgi:application", pythonpath=[EXAMPLE]
        )
    else:
        server = uvicorn_server(
            "project.settings", app="project.asgi:application", pythonpath=[EXAMPLE]
        )
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http
    server.stop()


def test_index_lists_every_endpoint_twice(client):
    response = client.get("/api/")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    index = json.loads(response.content)
    base = str(client.base_url).rstrip("/")
    assert index["sync"] == {
        "books": f"{base}/api/sync/books/",
        "book": f"{base}/api/sync/books/1/",
        "basic_auth": f"{base}/api/sync/basic/",
        "session_auth": f"{base}/api/sync/session/",
        "permission_denied": f"{base}/api/sync/archive/",
        "throttled": f"{base}/api/sync/burst/",
        "service_unavailable": f"{base}/api/sync/maintenance/",
        "server_error": f"{base}/api/sync/crash/",
    }
    assert index["async"] == {
        key: url.replace("/sync/", "/async/") for key, url in index["sync"].items()
    }


FLAVOURS = ["sync", "async"]


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "body", "headers"),
    [
        ("GET", "books/42/", {}, 404, b'{"detail":"Book 42 does not exist."}', {}),
        (
            "POST",
            "books/",
            {"json": {"title": "", "isbn": "123", "year": 1200}},
            400,
            b'{"title":["This field may not be blank."],'
            b'"isbn":["This value does not match the required pattern."],'
            b'"year":["Ensure this value is greater than or equal to 1450."]}',
            {},
        ),
        (
            "DELETE",
            "books/",
            {},
            405,
            b'{"detail":"Method \\"DELETE\\" not allowed."}',
            {"Allow": "GET, POST, HEAD, OPTIONS"},
        ),
        (
            "POST",
            "books/",
            {"content": b"hello", "headers": {"Content-Type": "text/plain"}},
            415,
            b'{"detail":"Unsupported media type \\"text/plain\\" in request."}',
            {},
        ),
        (
            "GET",
            "books/1/",
            {"headers": {"Accept": "text/csv"}},
            406,
            b'{"detail":"Could not satisfy the request Accept header."}',
            {},
        ),
        (
            "GET",
            "basic/",
            {},
            401,
            b'{"detail":"Authentication credentials were not provided."}',
            {"WWW-Authenticate": 'Basic realm="api"'},
        ),
        (
            "GET",
            "session/",
            {},
            403,
            b'{"detail":"Authentication credentials were not provided."}',
            {},
        ),
        (
            "GET",
            "maintenance/",
            {},
            503,
            b'{"detail":"Service temporarily unavailable, try again later."}',
            {},
        ),
    ],
    ids=["404", "400-validation", "405", "415", "406", "401-basic", "403-session", "503"],
)
def test_error_endpoint(client, flavour, method, path, kwargs, status, body, headers):
    response = client.request(method, f"/api/{flavour}/{path}", **kwargs)

    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.content == body
    for name, value in headers.items():
        assert response.headers[name] == value


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_crash_is_a_generic_500(client, flavour):
    response = client.get(f"/api/{flavour}/crash/")

    assert response.status_code == 500
    body = json.loads(response.content)
    assert body["detail"] == "A server error occurred."
    uuid.UUID(body["error_id"])
    assert b"hunter2" not in response.content


def test_unknown_url_is_json(client):
    response = client.get("/api/no-such-thing/")

    assert response.status_code == 404
    assert response.content == b'{"detail":"Not found."}'


def test_demo_help_prints_a_curl_command_per_error():
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_help", "--base-url", "http://example.test:9000"],
        cwd=EXAMPLE,
        # pytest-django exported the test suite's settings; the example has its own.
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "project.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    commands = [
        line.strip() for line in result.stdout.splitlines() if line.strip().startswith("curl ")
    ]
    assert len(commands) >= 15
    assert all("http://example.test:9000/api/" in command for command in commands)
    for fragment in (
        "-X DELETE",
        "Accept: text/csv",
        "-u demo:demo",
        "/crash/",
        "/burst/",
        "text/plain",
    ):
        assert any(fragment in command for command in commands), fragment


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_problem_details_when_the_client_prefers_them(client, flavour):
    response = client.get(
        f"/api/{flavour}/books/42/",
        headers={"Accept": "application/problem+json, application/json;q=0.9"},
    )

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.content == (
        b'{"type":"about:blank","title":"Not Found","status":404,'
        b'"detail":"Book 42 does not exist.","instance":"/api/' + flavour.encode() + b'/books/42/",'
        b'"code":"not_found"}'
    )
