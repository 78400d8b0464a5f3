"""Every error case through real gunicorn (WSGI) and uvicorn (ASGI) processes.

Each case is requested from the four flavours of the same endpoint (sync/async ``APIView``,
sync/async ``@api_view``) and must give DRF's status, headers and body bytes on the wire.
"""

import json
import re
import uuid
from dataclasses import dataclass, field

import httpx
import pytest

from tests.e2e.views import FLAVOURS, SECRET

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", params=["gunicorn", "uvicorn"])
def client(request, gunicorn_server, uvicorn_server):
    factory = gunicorn_server if request.param == "gunicorn" else uvicorn_server
    server = factory("tests.e2e.settings")
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http
    server.stop()


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    request: dict = field(default_factory=dict)
    # Allow for class-based views; DRF's @api_view lists HEAD only if asked for it (below).
    allow: str | None = None


CASES = {
    "not_found": Case(
        "not-found", "GET", 404, b'{"detail":"Not found."}', allow="GET, HEAD, OPTIONS"
    ),
    "django_http404_keeps_message": Case(
        "django-404",
        "GET",
        404,
        b'{"detail":"No Book matches the given query."}',
        allow="GET, HEAD, OPTIONS",
    ),
    "validation_error_dict": Case(
        "invalid",
        "POST",
        400,
        b'{"email":["Enter a valid email address."],'
        b'"age":["Ensure this value is greater than or equal to 0."]}',
        request={"content": b"{}", "headers": {"Content-Type": "application/json"}},
        allow="POST, OPTIONS",
    ),
    "method_not_allowed": Case(
        "echo",
        "DELETE",
        405,
        b'{"detail":"Method \\"DELETE\\" not allowed."}',
        allow="GET, POST, HEAD, OPTIONS",
    ),
    "malformed_json": Case(
        "echo",
        "POST",
        400,
        b'{"detail":"JSON parse error - Expecting property name enclosed in double quotes:'
        b' line 1 column 2 (char 1)"}',
        request={"content": b"{bad", "headers": {"Content-Type": "application/json"}},
        allow="GET, POST, HEAD, OPTIONS",
    ),
    "unsupported_media_type": Case(
        "echo",
        "POST",
        415,
        b'{"detail":"Unsupported media type \\"text/plain; charset=utf-8\\" in request."}',
        request={"content": b"hi", "headers": {"Content-Type": "text/plain; charset=utf-8"}},
        allow="GET, POST, HEAD, OPTIONS",
    ),
    "not_acceptable": Case(
        "echo",
        "GET",
        406,
        b'{"detail":"Could not satisfy the request Accept header."}',
        request={"headers": {"Accept": "application/xml"}},
        allow="GET, POST, HEAD, OPTIONS",
    ),
    "basic_not_authenticated": Case(
        "basic",
        "GET",
        401,
        b'{"detail":"Authentication credentials were not provided."}',
        headers={"WWW-Authenticate": 'Basic realm="api"'},
        allow="GET, HEAD, OPTIONS",
    ),
    "basic_malformed_header": Case(
        "basic",
        "GET",
        401,
        b'{"detail":"Invalid basic header. No credentials provided."}',
        headers={"WWW-Authenticate": 'Basic realm="api"'},
        request={"headers": {"Authorization": "Basic"}},
        allow="GET, HEAD, OPTIONS",
    ),
    "session_not_authenticated_is_403": Case(
        "session",
        "GET",
        403,
        b'{"detail":"Authentication credentials were not provided."}',
        absent=("WWW-Authenticate",),
        allow="GET, HEAD, OPTIONS",
    ),
    "permission_denied": Case(
        "forbidden",
        "GET",
        403,
        b'{"detail":"You do not have permission to perform this action."}',
        absent=("WWW-Authenticate",),
        allow="GET, HEAD, OPTIONS",
    ),
    "custom_503": Case(
        "unavailable",
        "GET",
        503,
        b'{"detail":"Service temporarily unavailable, try again later."}',
        absent=("Retry-After",),
        allow="GET, HEAD, OPTIONS",
    ),
}


def allowed(response: httpx.Response) -> set[str]:
    return {method.strip() for method in response.headers["Allow"].split(",")}


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_error_case(client, flavour, case):
    response = client.request(case.method, f"/{flavour}/{case.endpoint}/", **case.request)

    assert response.status_code == case.status
    assert response.headers["Content-Type"] == "application/json"
    assert response.content == case.body
    assert response.headers["Content-Length"] == str(len(case.body))
    for name, value in case.headers.items():
        assert response.headers[name] == value
    for name in case.absent:
        assert name not in response.headers
    if flavour.endswith("cbv"):
        assert response.headers["Allow"] == case.allow
    else:
        # @api_view allows what it lists plus OPTIONS; DRF's order there is a set's order.
        assert allowed(response) == set(case.allow.split(", ")) - {"HEAD"}


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_throttled_has_retry_after(client, flavour):
    # The e2e rate is 1/min, with one history per flavour in each server process.
    first = client.get(f"/{flavour}/throttled/")
    second = client.get(f"/{flavour}/throttled/")

    assert first.status_code == 200
    assert first.content == b'{"ok":true}'
    assert second.status_code == 429
    assert second.headers["Content-Type"] == "application/json"
    assert second.headers["Retry-After"] == "60"
    assert (
        second.content == b'{"detail":"Request was throttled. Expected available in 60 seconds."}'
    )


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_unhandled_error_is_a_generic_500_with_an_error_id(client, flavour):
    response = client.get(f"/{flavour}/crash/")

    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert list(body) == ["detail", "error_id"]
    assert body["detail"] == "A server error occurred."
    assert str(uuid.UUID(body["error_id"])) == body["error_id"]
    assert b"hunter2" not in response.content
    assert b"RuntimeError" not in response.content
    assert b"Traceback" not in response.content
    assert SECRET.encode() not in response.content


def test_each_unhandled_error_gets_its_own_id(client):
    first = json.loads(client.get("/sync-cbv/crash/").content)["error_id"]
    second = json.loads(client.get("/async-cbv/crash/").content)["error_id"]

    assert first != second


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_success_is_untouched(client, flavour):
    response = client.get(f"/{flavour}/ok/")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.content == b'{"ok":true}'


def test_unknown_url_is_a_json_404_for_api_clients(client):
    response = client.get("/no/such/url/", headers={"Accept": "application/json"})

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.content == b'{"detail":"Not found."}'


def test_unknown_url_is_djangos_html_404_for_browsers(client):
    response = client.get(
        "/no/such/url/",
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    )

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert re.search(rb"<title>Not Found</title>", response.content)
    assert b"The requested resource was not found on this server." in response.content
