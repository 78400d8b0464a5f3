"""Versioning schemes through HTTP: the version each scheme reads, DRF's 404/406 bodies for a
version the API does not serve, and links that stay on the request's version.

Bodies, statuses and content types were compared with DRF 3.18 for the same requests.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from restframe import versioning
from restframe.request import Request
from restframe.test import APIClient, APIRequestFactory, AsyncAPIClient

pytestmark = pytest.mark.urls("tests.urls_versioning")

ALLOWED = {"ALLOWED_VERSIONS": ["1.0", "v1"]}
JSON = "application/json"


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def ok(response: Any, body: bytes) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == JSON
    assert response.content == body


def error(response: Any, status: int, message: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == JSON
    assert response.content == b'{"detail":"' + message.encode() + b'"}'


# --- AcceptHeaderVersioning ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept", ["application/json; version=1.0", 'application/json; version="1.0"']
)
def test_accept_header_version(client: APIClient, accept: str) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/accept/", HTTP_ACCEPT=accept)
    ok(
        response,
        b'{"version":"1.0","scheme":"AcceptHeaderVersioning","url":"http://testserver/other/"}',
    )


@pytest.mark.parametrize(
    "accept", ["application/json; version=2.0", "application/json", "*/*; version=9"]
)
def test_accept_header_invalid_version_is_406(client: APIClient, accept: str) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/accept/", HTTP_ACCEPT=accept)
    error(response, 406, 'Invalid version in \\"Accept\\" header.')
    assert response["Vary"] == "Accept"


def test_accept_header_error_keeps_the_negotiated_rendering(client: APIClient) -> None:
    """The 406 is rendered by the renderer the client negotiated (here with its indent)."""
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/accept/", HTTP_ACCEPT="application/json; version=2.0; indent=2")
    assert response.status_code == 406
    assert response.content == b'{\n  "detail": "Invalid version in \\"Accept\\" header."\n}'


def test_accept_header_error_as_problem_details(client: APIClient) -> None:
    with override_settings(REST_FRAMEWORK={**ALLOWED, "ERROR_FORMAT": "problem"}):
        response = client.get("/accept/", HTTP_ACCEPT="application/json; version=2.0")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Acceptable",
        "status": 406,
        "detail": 'Invalid version in "Accept" header.',
        "instance": "/accept/",
        "code": "not_acceptable",
    }


def test_accept_header_any_version_when_none_are_listed(client: APIClient) -> None:
    response = client.get("/accept/", HTTP_ACCEPT="application/json; version=7")
    ok(
        response,
        b'{"version":"7","scheme":"AcceptHeaderVersioning","url":"http://testserver/other/"}',
    )
    response = client.get("/accept/", HTTP_ACCEPT="application/json")
    ok(
        response,
        b'{"version":null,"scheme":"AcceptHeaderVersioning","url":"http://testserver/other/"}',
    )


def test_default_version_is_allowed_and_used(client: APIClient) -> None:
    settings = {"ALLOWED_VERSIONS": ["1.0", "2.0"], "DEFAULT_VERSION": "3.0"}
    with override_settings(REST_FRAMEWORK=settings):
        response = client.get("/accept/", HTTP_ACCEPT="application/json")
        ok(
            response,
            b'{"version":"3.0","scheme":"AcceptHeaderVersioning","url":"http://testserver/other/"}',
        )
        response = client.get("/query/?version=3.0")
    ok(
        response,
        b'{"version":"3.0","scheme":"QueryParameterVersioning",'
        b'"url":"http://testserver/other/?version=3.0"}',
    )


def test_version_param_setting(client: APIClient) -> None:
    settings = {"ALLOWED_VERSIONS": ["1.0", "2.0"], "DEFAULT_VERSION": "1.0", "VERSION_PARAM": "v"}
    with override_settings(REST_FRAMEWORK=settings):
        accept = client.get("/accept/", HTTP_ACCEPT="application/json; v=2.0")
        query = client.get("/query/?v=2.0")
        ignored = client.get("/query/?version=2.0")
    assert accept.json()["version"] == "2.0"
    assert query.json() == {
        "version": "2.0",
        "scheme": "QueryParameterVersioning",
        "url": "http://testserver/other/?v=2.0",
    }
    assert ignored.json()["version"] == "1.0"


# --- URLPathVersioning --------------------------------------------------------------------------


def test_url_path_version_and_reverse(client: APIClient) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/1.0/path/")
    ok(
        response,
        b'{"version":"1.0","scheme":"URLPathVersioning","url":"http://testserver/1.0/path-other/"}',
    )


def test_url_path_invalid_version_is_404(client: APIClient) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/2.0/path/")
    error(response, 404, "Invalid version in URL path.")


# --- NamespaceVersioning ------------------------------------------------------------------------


def test_namespace_version_and_reverse(client: APIClient) -> None:
    for prefix in ("v1", "v2"):
        response = client.get(f"/{prefix}/ns/")
        ok(
            response,
            b'{"version":"%s","scheme":"NamespaceVersioning","url":"http://testserver/%s/other/"}'
            % (prefix.encode(), prefix.encode()),
        )


def test_namespace_invalid_version_is_404(client: APIClient) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/v2/ns/")
    error(response, 404, "Invalid version in URL path. Does not match any version namespace.")


def test_namespace_outside_any_namespace_gets_the_default(client: APIClient) -> None:
    with override_settings(REST_FRAMEWORK={"DEFAULT_VERSION": "v1"}):
        response = client.get("/ns/")
    ok(
        response,
        b'{"version":"v1","scheme":"NamespaceVersioning","url":"http://testserver/v1/other/"}',
    )


# --- HostNameVersioning -------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["v1.example.com", "v1.example.com:8000"])
def test_host_name_version(client: APIClient, host: str) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/host/", HTTP_HOST=host)
    ok(
        response,
        b'{"version":"v1","scheme":"HostNameVersioning","url":"http://%s/other/"}' % host.encode(),
    )


def test_host_name_invalid_version_is_404(client: APIClient) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/host/", HTTP_HOST="v2.example.com")
    error(response, 404, "Invalid version in hostname.")


@pytest.mark.parametrize("host", ["example.com", "127.0.0.1", "a.b.example.com"])
def test_host_name_without_a_version_gets_the_default(client: APIClient, host: str) -> None:
    with override_settings(REST_FRAMEWORK={**ALLOWED, "DEFAULT_VERSION": "1.0"}):
        response = client.get("/host/", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json()["version"] == "1.0"


# --- QueryParameterVersioning -------------------------------------------------------------------


def test_query_parameter_version_and_reverse(client: APIClient) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/query/?version=1.0&other=x")
    ok(
        response,
        b'{"version":"1.0","scheme":"QueryParameterVersioning",'
        b'"url":"http://testserver/other/?version=1.0"}',
    )


@pytest.mark.parametrize("query", ["?version=2.0", "", "?version=", "?version=%FF"])
def test_query_parameter_invalid_version_is_404(client: APIClient, query: str) -> None:
    with override_settings(REST_FRAMEWORK=ALLOWED):
        response = client.get("/query/" + query)
    error(response, 404, "Invalid version in query parameter.")


def test_query_parameter_no_version_no_link_parameter(client: APIClient) -> None:
    response = client.get("/query/")
    ok(
        response,
        b'{"version":null,"scheme":"QueryParameterVersioning","url":"http://testserver/other/"}',
    )


def test_reverse_keeps_the_format_override(client: APIClient) -> None:
    response = client.get("/query/?version=1.0&format=json")
    assert response.json()["url"] == "http://testserver/other/?format=json&version=1.0"


async def test_async_view_versioning() -> None:
    client = AsyncAPIClient()
    with override_settings(REST_FRAMEWORK=ALLOWED):
        good = await client.get("/async-query/?version=v1")
        bad = await client.get("/async-query/?version=v9")
    assert good.status_code == 200
    assert good.json() == {"version": "v1", "url": "http://testserver/other/?version=v1"}
    assert bad.status_code == 404
    assert bad.content == b'{"detail":"Invalid version in query parameter."}'


# --- no scheme, and the scheme API itself -------------------------------------------------------


def test_no_scheme_means_no_version(client: APIClient) -> None:
    response = client.get("/other/")
    ok(response, b'{"version":null,"scheme":"NoneType","url":"http://testserver/other/"}')


def test_default_versioning_class_setting(client: APIClient) -> None:
    settings = {"DEFAULT_VERSIONING_CLASS": "restframe.versioning.QueryParameterVersioning"}
    with override_settings(REST_FRAMEWORK=settings):
        response = client.get("/default/?version=5")
    assert response.json() == {
        "version": "5",
        "scheme": "QueryParameterVersioning",
        "url": "http://testserver/other/?version=5",
    }
    assert client.get("/default/?version=5").json()["scheme"] == "NoneType"


def test_base_versioning_must_be_subclassed() -> None:
    with pytest.raises(NotImplementedError) as info:
        versioning.BaseVersioning().determine_version(None)
    assert str(info.value) == "BaseVersioning.determine_version() must be implemented."


@pytest.mark.parametrize(
    ("allowed", "default", "version", "expected"),
    [
        (None, None, "x", True),
        ([], None, None, True),
        (["1"], None, "1", True),
        (["1"], None, "2", False),
        (["1"], None, None, False),
        (["1"], "2", "2", True),
        (["1"], "2", None, False),
    ],
)
def test_is_allowed_version(allowed: Any, default: Any, version: Any, expected: bool) -> None:
    with override_settings(
        REST_FRAMEWORK={"ALLOWED_VERSIONS": allowed, "DEFAULT_VERSION": default}
    ):
        assert versioning.BaseVersioning().is_allowed_version(version) is expected


def test_class_attributes_override_settings(client: APIClient) -> None:
    class Scheme(versioning.QueryParameterVersioning):
        allowed_versions = ["a"]
        version_param = "api"
        default_version = "a"

    assert Scheme().is_allowed_version("a")
    assert not Scheme().is_allowed_version("b")
    request = Request(APIRequestFactory().get("/?api=b"))
    with pytest.raises(Exception) as info:
        Scheme().determine_version(request)
    assert info.value.status_code == 404  # type: ignore[attr-defined]


def test_scheme_reverse_without_request() -> None:
    for scheme in (versioning.URLPathVersioning, versioning.QueryParameterVersioning):
        assert scheme().reverse("other") == "/other/"
    assert versioning.NamespaceVersioning().reverse("other") == "/other/"


def test_url_path_reverse_does_not_change_the_callers_kwargs() -> None:
    request = Request(APIRequestFactory().get("/"))
    request.version = "1.0"
    kwargs: dict[str, Any] = {}
    url = versioning.URLPathVersioning().reverse("path-other", kwargs=kwargs, request=request)
    assert url == "http://testserver/1.0/path-other/"
    assert kwargs == {}


@pytest.mark.parametrize(
    ("path", "extra", "detail"),
    [
        ("/2.0/path/", {}, "Invalid version in URL path."),
        ("/v2/ns/", {}, "Invalid version in URL path. Does not match any version namespace."),
        ("/host/", {"HTTP_HOST": "v2.example.com"}, "Invalid version in hostname."),
        ("/query/?version=2.0", {}, "Invalid version in query parameter."),
    ],
)
def test_not_found_errors_as_problem_details(
    client: APIClient, path: str, extra: Any, detail: str
) -> None:
    with override_settings(REST_FRAMEWORK={**ALLOWED, "ERROR_FORMAT": "problem"}):
        response = client.get(path, **extra)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": detail,
        "instance": path.split("?")[0],
        "code": "not_found",
    }
