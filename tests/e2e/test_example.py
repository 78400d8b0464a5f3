"""The example project (``example/``) served for real, as ``make demo`` and its README promise:
under gunicorn (WSGI) and uvicorn (ASGI), its index and its error endpoints answer as documented.

Each server gets a freshly migrated SQLite file of its own (``EXAMPLE_DB``), as ``make demo``
migrates one, so the demo user exists and nothing is written into the checkout.
"""

import json
import os
import re
import shlex
import subprocess
import sys
import uuid

import httpx
import pytest

from tests.e2e.example_server import EXAMPLE, serve_example

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", params=["gunicorn", "uvicorn"])
def server(request, tmp_path_factory, gunicorn_server, uvicorn_server):
    server = serve_example(request.param, tmp_path_factory, gunicorn_server, uvicorn_server)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


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
        "reading_lists": f"{base}/api/sync/lists/",
        "reading_list": f"{base}/api/sync/lists/1/",
    }
    assert index["async"] == {
        key: url.replace("/sync/", "/async/") for key, url in index["sync"].items()
    }
    assert index["plain"] == {
        "service_unavailable": f"{base}/api/plain/maintenance/",
        "bad_request": f"{base}/api/plain/suspicious/",
        "server_error": f"{base}/api/plain/crash/",
        "csrf_failure": f"{base}/api/plain/feedback/",
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


def demo_help(base_url: str, flavour: str = "sync") -> list[tuple[str, list[str]]]:
    """Run ``manage.py demo_help``; return each ``curl`` command as (its heading, argv)."""
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "demo_help",
            "--base-url",
            base_url,
            "--flavour",
            flavour,
        ],
        cwd=EXAMPLE,
        # pytest-django exported the test suite's settings; the example has its own.
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "project.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    commands = []
    title = ""
    for line in result.stdout.splitlines():
        if line.startswith("# "):
            title = line[2:]
        elif "curl -i " in line:
            commands.append((title, shlex.split(line[line.index("curl -i ") :])))
    return commands


def test_demo_help_prints_a_curl_command_per_error():
    commands = [argv for _, argv in demo_help("http://example.test:9000")]
    text = [shlex.join(argv) for argv in commands]

    assert len(commands) >= 30
    assert all(argv[:2] == ["curl", "-i"] for argv in commands)
    for argv in commands:
        urls = [argument for argument in argv if argument.startswith("http")]
        assert len(urls) == 1
        assert urls[0].startswith("http://example.test:9000/api/")
    for fragment in (
        "-X DELETE",
        "Accept: text/csv",
        "-u demo:demo",
        "/crash/",
        "/burst/",
        "text/plain",
        "-X PUT",
        "-X PATCH",
        "/api/plain/suspicious/",
        "/api/plain/feedback/",
    ):
        assert any(fragment in command for command in text), fragment
    # Each error reachable from a browser is shown both ways.
    for path in ("no-such-thing/", "plain/maintenance/", "plain/suspicious/", "plain/crash/"):
        url = f"http://example.test:9000/api/{path}"
        assert f"curl -i -H 'Accept: text/html' {url}" in text
        assert f"curl -i -H 'Accept: application/json' {url}" in text


def as_request(argv: list[str]) -> tuple[str, str, dict]:
    """A ``curl`` command line as (method, url, httpx keyword arguments)."""
    method, headers, data, auth = "GET", {}, None, None
    arguments = iter(argv[1:])
    url = ""
    for argument in arguments:
        if argument == "-i":
            continue
        if argument == "-X":
            method = next(arguments)
        elif argument == "-H":
            name, value = next(arguments).split(": ", 1)
            headers[name] = value
        elif argument == "-d":
            data = next(arguments).encode()
            if method == "GET":
                method = "POST"
        elif argument == "-u":
            auth = tuple(next(arguments).split(":", 1))
        else:
            assert argument.startswith("http"), argument
            url = argument
    headers.setdefault("Accept", "*/*")  # what curl sends
    return method, url, {"headers": headers, "content": data, "auth": auth}


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_every_demo_help_command_answers_the_status_it_promises(server, flavour):
    commands = demo_help(server.url, flavour)
    checked = 0
    with httpx.Client(timeout=10) as http:
        for title, argv in commands:
            method, url, kwargs = as_request(argv)
            if "/burst/" in url or "/api/models/" in url:
                # The throttle needs several calls; the model commands write, so each flavour
                # would see the other's rows (test_example_models checks them on a fresh file).
                continue
            response = http.request(method, url, **kwargs)
            expected = int(title.split()[0]) if title.split()[0].isdigit() else None
            assert expected is not None, f"heading without a status: {title!r}"
            assert response.status_code == expected, (title, argv, response.content)
            accept = kwargs["headers"]["Accept"]
            content_type = response.headers["Content-Type"]
            if accept.startswith("text/html") and "/maintenance/" not in url:
                assert content_type == "text/html; charset=utf-8", (title, argv)
            elif accept == "application/json" or accept == "*/*":
                assert content_type == "application/json", (title, argv)
            if response.status_code >= 500:
                assert b"hunter2" not in response.content
            checked += 1
    assert checked >= 25


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


# -- The reading-list resource: serializer errors on create and update (sync and async) -------

BAD_LIST = {
    "name": "",
    "owner": {"name": "Bob", "email": "not-an-email"},
    "entries": [
        {"isbn": "9780981467344"},
        {"isbn": "123", "rating": 9},
        {"isbn": "9781449373320", "rating": 3},
    ],
    "tags": ["ok", "not a slug"],
}
GOOD_LIST = {
    "name": "To read",
    "owner": {"name": "Bob", "email": "bob@example.test"},
    "entries": [{"isbn": "9781449373320"}],
}
SLUG_ERROR = b'"Enter a valid \\"slug\\" consisting of letters, numbers, underscores or hyphens."'


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_create_reports_field_nested_list_and_non_field_errors(client, flavour):
    response = client.post(f"/api/{flavour}/lists/", json=BAD_LIST)

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.content == (
        b'{"name":["This field may not be blank."],'
        b'"owner":{"email":["Enter a valid email address."]},'
        b'"entries":{"1":{"isbn":["This value does not match the required pattern."],'
        b'"rating":["Ensure this value is less than or equal to 5."]},'
        b'"2":{"non_field_errors":["Only a finished book can be rated."]}},'
        b'"tags":{"1":[' + SLUG_ERROR + b"]}}"
    )


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_create_reports_problem_details_with_a_pointer_per_message(client, flavour):
    response = client.post(
        f"/api/{flavour}/lists/", json=BAD_LIST, headers={"Accept": "application/problem+json"}
    )

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["instance"] == f"/api/{flavour}/lists/"
    assert (problem["detail"], problem["code"]) == ("Invalid input.", "invalid")
    assert [(error["pointer"], error["code"]) for error in problem["errors"]] == [
        ("#/name", "blank"),
        ("#/owner/email", "invalid"),
        ("#/entries/1/isbn", "invalid"),
        ("#/entries/1/rating", "max_value"),
        ("#/entries/2", "invalid"),
        ("#/tags/1", "invalid"),
    ]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_list_level_non_field_error(client, flavour):
    twice = {**GOOD_LIST, "entries": [{"isbn": "9780981467344"}, {"isbn": "9780981467344"}]}
    response = client.post(f"/api/{flavour}/lists/", json=twice)

    assert response.status_code == 400
    assert response.content == (
        b'{"non_field_errors":["A reading list cannot hold the same book twice."]}'
    )


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_create_then_update(client, flavour):
    created = client.post(f"/api/{flavour}/lists/", json=GOOD_LIST)
    assert created.status_code == 201
    reading_list = json.loads(created.content)
    url = f"/api/{flavour}/lists/{reading_list['id']}/"
    assert reading_list == {
        "id": reading_list["id"],
        "name": "To read",
        "owner": {"name": "Bob", "email": "bob@example.test"},
        "entries": [{"isbn": "9781449373320", "finished": False}],
    }

    put = client.put(url, json={"name": "Renamed"})
    assert put.status_code == 400
    assert put.content == (
        b'{"owner":["This field is required."],"entries":["This field is required."]}'
    )

    patch = client.patch(url, json={"owner": {"name": "Bob", "email": "nope"}})
    assert patch.status_code == 400
    assert patch.content == b'{"owner":{"email":["Enter a valid email address."]}}'

    renamed = client.patch(url, json={"name": "Renamed"})
    assert renamed.status_code == 200
    assert json.loads(renamed.content) == {**reading_list, "name": "Renamed"}
    assert json.loads(client.get(url).content)["name"] == "Renamed"

    missing = client.put(f"/api/{flavour}/lists/999999/", json=GOOD_LIST)
    assert missing.status_code == 404
    assert missing.content == b'{"detail":"Reading list 999999 does not exist."}'


# -- Plain Django views and unknown URLs: negotiated errors everywhere -------------------------

HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}


@pytest.mark.parametrize("path", ["/api/no-such-thing/", "/elsewhere/"])
def test_an_unknown_url_is_json_for_api_clients_and_html_for_browsers(client, path):
    as_json = client.get(path, headers=JSON)
    as_html = client.get(path, headers=HTML)

    assert as_json.status_code == as_html.status_code == 404
    assert as_json.headers["Content-Type"] == "application/json"
    assert as_json.content == b'{"detail":"Not found."}'
    assert as_html.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<title>Page not found \xc2\xb7 restframe demo</title>" in as_html.content
    assert f'<code id="path">{path}</code>'.encode() in as_html.content
    for response in (as_json, as_html):
        assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("headers", [JSON, HTML, {}], ids=["json", "html", "no-accept"])
def test_an_api_exception_in_a_plain_view_answers_like_an_api_view(client, headers):
    response = client.get("/api/plain/maintenance/", headers=headers)

    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/json"
    assert response.content == b'{"detail":"Service temporarily unavailable, try again later."}'


def test_a_suspicious_operation_never_shows_its_text(client):
    as_json = client.get("/api/plain/suspicious/", headers=JSON)
    as_html = client.get("/api/plain/suspicious/", headers=HTML)

    assert as_json.status_code == as_html.status_code == 400
    assert as_json.content == b'{"detail":"Bad request."}'
    assert as_html.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Bad Request (400)</h1>" in as_html.content
    for response in (as_json, as_html):
        assert b"Tampered" not in response.content
        assert b"10.0.0.7" not in response.content


def test_a_csrf_failure_is_negotiated(client):
    as_json = client.post("/api/plain/feedback/", headers=JSON)
    as_html = client.post("/api/plain/feedback/", headers=HTML)

    assert as_json.status_code == as_html.status_code == 403
    assert as_json.content == b'{"detail":"CSRF Failed: CSRF cookie not set."}'
    assert as_html.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"CSRF verification failed. Request aborted." in as_html.content


@pytest.mark.parametrize("path", ["/api/plain/crash/", "/api/sync/crash/", "/api/async/crash/"])
def test_a_crash_shows_an_error_id_that_the_log_record_carries(server, client, path):
    as_json = client.get(path, headers=JSON)
    # What a browser sends: an APIView renders JSON only, so a bare text/html would be a 406.
    as_html = client.get(path, headers={"Accept": "text/html,*/*;q=0.8"})

    assert as_json.status_code == as_html.status_code == 500
    json_id = json.loads(as_json.content)["error_id"]
    assert as_json.content == (
        b'{"detail":"A server error occurred.","error_id":"' + json_id.encode() + b'"}'
    )
    assert as_html.headers["Content-Type"] == "text/html; charset=utf-8"
    shown = re.search(rb'<code id="error-id">([0-9a-f-]{36})</code>', as_html.content)
    assert shown is not None, as_html.content
    html_id = shown.group(1).decode()
    assert json_id != html_id
    for error_id, response in ((json_id, as_json), (html_id, as_html)):
        assert uuid.UUID(error_id).version == 4
        assert b"hunter2" not in response.content
        assert b"Traceback" not in response.content
        record = (
            rf"ERROR django\.request Internal Server Error: {re.escape(path)}"
            rf" \(error id: {error_id}\)"
        )
        server.wait_for_log(record)
        assert len(re.findall(record, server.stderr_path.read_text())) == 1
