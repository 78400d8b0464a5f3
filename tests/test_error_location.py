"""Where invalid input came from, in problem details' ``errors`` entries.

A serializer that validated ``request.query_params`` yields ``{"parameter": ...}`` entries, one that
validated ``request.headers`` yields ``{"header": ...}`` entries, and a body keeps its JSON
Pointers. ``exc.location`` states the place for a hand-raised error. DRF's bodies never change.
The views and URLs live in this module (``pytest.mark.urls``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path

from restframe import serializers
from restframe.exceptions import ValidationError
from restframe.formatters import problem_body
from restframe.response import Response
from restframe.test import APIClient, AsyncAPIClient
from restframe.views import APIView

pytestmark = pytest.mark.urls("tests.test_error_location")

PROBLEM = "application/problem+json"
MIN_PAGE = "Ensure this value is greater than or equal to 1."


# --- views ------------------------------------------------------------------------------------


class FilterSerializer(serializers.Serializer):
    page = serializers.IntegerField(min_value=1)
    tags = serializers.ListField(child=serializers.IntegerField(), required=False)
    order = serializers.ChoiceField(choices=["asc", "desc"], required=False)
    filter = serializers.DictField(child=serializers.IntegerField(), required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("order") == "desc" and attrs["page"] > 9:
            raise serializers.ValidationError("Descending order stops at page 9.")
        return attrs


class HeaderSerializer(serializers.Serializer):
    x_request_id = serializers.UUIDField()
    if_match = serializers.CharField()


class SyncItems(APIView):
    def get(self, request: Any) -> Response:
        FilterSerializer(data=request.query_params).is_valid(raise_exception=True)
        return Response({"ok": True})

    def post(self, request: Any) -> Response:
        FilterSerializer(data=request.data).is_valid(raise_exception=True)
        return Response({"ok": True})

    def put(self, request: Any) -> Response:
        # A copy of the query is not the request's query: its errors point into a body.
        FilterSerializer(data=request.query_params.dict()).is_valid(raise_exception=True)
        return Response({"ok": True})


class AsyncItems(APIView):
    async def get(self, request: Any) -> Response:
        FilterSerializer(data=request.query_params).is_valid(raise_exception=True)
        return Response({"ok": True})

    async def post(self, request: Any) -> Response:
        FilterSerializer(data=request.data).is_valid(raise_exception=True)
        return Response({"ok": True})


class SyncHeaders(APIView):
    def get(self, request: Any) -> Response:
        HeaderSerializer(data=request.headers).is_valid(raise_exception=True)
        return Response({"ok": True})


class AsyncHeaders(APIView):
    async def get(self, request: Any) -> Response:
        HeaderSerializer(data=request.headers).is_valid(raise_exception=True)
        return Response({"ok": True})


class InvalidHeader(ValidationError):
    """The subclass way of stating a location once for many raises."""

    location = "header"


def _explicit(request: Any) -> Response:
    kind = request.query_params.get("kind")
    if kind == "header-class":
        raise InvalidHeader({"x_api_version": ["Unsupported version."]}, code="unsupported")
    if kind == "body-over-query":
        # The query serializer's errors, declared to be about the body after all.
        serializer = FilterSerializer(data=request.query_params)
        serializer.is_valid()
        exc = ValidationError(serializer.errors)
        exc.location = "body"
        raise exc
    detail: Any = {"slug": ["No such item."]} if kind == "path" else ["Too many parameters."]
    if kind == "query":
        detail = {"page": ["Past the last page."], "non_field_errors": ["Bad combination."]}
    exc = ValidationError(detail)
    exc.location = kind
    raise exc


class SyncExplicit(APIView):
    def get(self, request: Any) -> Response:
        return _explicit(request)


class AsyncExplicit(APIView):
    async def get(self, request: Any) -> Response:
        return _explicit(request)


def plain_django_view(request: HttpRequest) -> HttpResponse:
    """Not an ``APIView``: ``APIExceptionMiddleware`` renders its errors."""
    FilterSerializer(data=request.GET).is_valid(raise_exception=True)
    return HttpResponse("ok")


urlpatterns = [
    path("sync/items/", SyncItems.as_view()),
    path("async/items/", AsyncItems.as_view()),
    path("sync/headers/", SyncHeaders.as_view()),
    path("async/headers/", AsyncHeaders.as_view()),
    path("sync/explicit/", SyncExplicit.as_view()),
    path("async/explicit/", AsyncExplicit.as_view()),
    path("plain/items/", plain_django_view),
]


# --- helpers ----------------------------------------------------------------------------------

MODES = ["sync", "async"]


def call(mode: str, method: str, url: str, **kwargs: Any) -> Any:
    """One request through ``restframe.test``'s sync or async client."""
    if mode == "async":
        client: Any = AsyncAPIClient(raise_request_exception=False)
        return async_to_sync(getattr(client, method))(f"/async/{url}", **kwargs)
    client = APIClient(raise_request_exception=False)
    return getattr(client, method)(f"/sync/{url}", **kwargs)


def problem_format() -> Any:
    return override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"})


def expected(instance: str, errors: bytes) -> bytes:
    return (
        b'{"type":"about:blank","title":"Bad Request","status":400,"detail":"Invalid input.",'
        b'"instance":"' + instance.encode() + b'","code":"invalid","errors":' + errors + b"}"
    )


def assert_problem(response: Any, body: bytes) -> None:
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.content == body


# --- inferred from the serializer ---------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_query_serializer_errors_name_the_parameter(mode: str) -> None:
    # A repeated parameter's failing value names the parameter; its index is dropped.
    with problem_format():
        response = call(mode, "get", "items/?page=0&tags=1&tags=x&order=up")
    assert_problem(
        response,
        expected(
            f"/{mode}/items/",
            b'[{"parameter":"page","detail":"' + MIN_PAGE.encode() + b'","code":"min_value"},'
            b'{"parameter":"tags","detail":"A valid integer is required.","code":"invalid"},'
            b'{"parameter":"order","detail":"\\"up\\" is not a valid choice.",'
            b'"code":"invalid_choice"}]',
        ),
    )


@pytest.mark.parametrize("mode", MODES)
def test_nested_query_value_names_the_top_level_parameter(mode: str) -> None:
    # ``filter.status`` is read by the ``filter`` field: the entry names ``filter``.
    with problem_format():
        response = call(mode, "get", "items/?page=1&filter.status=x")
    assert_problem(
        response,
        expected(
            f"/{mode}/items/",
            b'[{"parameter":"filter","detail":"A valid integer is required.","code":"invalid"}]',
        ),
    )


@pytest.mark.parametrize("mode", MODES)
def test_missing_query_parameter_is_named(mode: str) -> None:
    with problem_format():
        response = call(mode, "get", "items/")
    assert_problem(
        response,
        expected(
            f"/{mode}/items/",
            b'[{"parameter":"page","detail":"This field is required.","code":"required"}]',
        ),
    )


@pytest.mark.parametrize("mode", MODES)
def test_query_non_field_errors_name_no_parameter(mode: str) -> None:
    # Not tied to one parameter: no "parameter", and no "pointer" (there is no body to point into).
    with problem_format():
        response = call(mode, "get", "items/?page=10&order=desc")
    assert_problem(
        response,
        expected(
            f"/{mode}/items/",
            b'[{"detail":"Descending order stops at page 9.","code":"invalid"}]',
        ),
    )


@pytest.mark.parametrize("mode", MODES)
def test_header_serializer_errors_name_the_header(mode: str) -> None:
    # Field names read headers as Django's ``request.headers`` does (``_`` for ``-``); the
    # entry gives the header's own spelling.
    with problem_format():
        response = call(mode, "get", "headers/", headers={"X-Request-ID": "nope"})
    assert_problem(
        response,
        expected(
            f"/{mode}/headers/",
            b'[{"header":"X-Request-Id","detail":"Must be a valid UUID.","code":"invalid"},'
            b'{"header":"If-Match","detail":"This field is required.","code":"required"}]',
        ),
    )


@pytest.mark.parametrize("mode", MODES)
def test_json_body_errors_keep_pointers(mode: str) -> None:
    with problem_format():
        response = call(
            mode,
            "post",
            "items/?page=0",
            data=json.dumps({"page": 0, "tags": [1, "x"]}),
            content_type="application/json",
        )
    assert_problem(
        response,
        expected(
            f"/{mode}/items/",
            b'[{"pointer":"#/page","detail":"' + MIN_PAGE.encode() + b'","code":"min_value"},'
            b'{"pointer":"#/tags/1","detail":"A valid integer is required.","code":"invalid"}]',
        ),
    )


@pytest.mark.parametrize("mode", MODES)
def test_form_body_errors_keep_pointers(mode: str) -> None:
    # A form body is a QueryDict like the query: only the request's own query counts as one.
    with problem_format():
        response = call(
            mode,
            "post",
            "items/?page=1",
            data="page=0&order=desc",
            content_type="application/x-www-form-urlencoded",
        )
    assert_problem(
        response,
        expected(
            f"/{mode}/items/",
            b'[{"pointer":"#/page","detail":"' + MIN_PAGE.encode() + b'","code":"min_value"}]',
        ),
    )


def test_a_copy_of_the_query_is_a_body() -> None:
    with problem_format():
        response = call("sync", "put", "items/?page=0")
    assert_problem(
        response,
        expected(
            "/sync/items/",
            b'[{"pointer":"#/page","detail":"' + MIN_PAGE.encode() + b'","code":"min_value"}]',
        ),
    )


def test_accept_problem_json_gets_parameters_too() -> None:
    response = call("sync", "get", "items/?page=0", headers={"Accept": PROBLEM})
    assert_problem(
        response,
        expected(
            "/sync/items/",
            b'[{"parameter":"page","detail":"' + MIN_PAGE.encode() + b'","code":"min_value"}]',
        ),
    )


def test_plain_django_view_through_middleware() -> None:
    middleware = ["restframe.middleware.APIExceptionMiddleware"]
    with override_settings(MIDDLEWARE=middleware), problem_format():
        response = APIClient(raise_request_exception=False).get("/plain/items/?page=0")
    assert_problem(
        response,
        expected(
            "/plain/items/",
            b'[{"parameter":"page","detail":"' + MIN_PAGE.encode() + b'","code":"min_value"}]',
        ),
    )


# --- the DRF format does not change ---------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("url", "kwargs", "body"),
    [
        (
            "items/?page=0&tags=1&tags=x",
            {},
            b'{"page":["'
            + MIN_PAGE.encode()
            + b'"],"tags":{"1":["A valid integer is required."]}}',
        ),
        (
            "items/?page=1&filter.status=x",
            {},
            b'{"filter":{"status":["A valid integer is required."]}}',
        ),
        (
            "items/?page=10&order=desc",
            {},
            b'{"non_field_errors":["Descending order stops at page 9."]}',
        ),
        (
            "headers/",
            {"headers": {"If-Match": "*"}},
            b'{"x_request_id":["This field is required."]}',
        ),
        (
            "explicit/?kind=query",
            {},
            b'{"page":["Past the last page."],"non_field_errors":["Bad combination."]}',
        ),
        ("explicit/?kind=header-class", {}, b'{"x_api_version":["Unsupported version."]}'),
    ],
)
def test_drf_format_unchanged(mode: str, url: str, kwargs: dict[str, Any], body: bytes) -> None:
    response = call(mode, "get", url, **kwargs)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.content == body


# --- stated by the raiser -------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("kind", "errors"),
    [
        (
            "query",
            b'[{"parameter":"page","detail":"Past the last page.","code":"invalid"},'
            b'{"detail":"Bad combination.","code":"invalid"}]',
        ),
        ("path", b'[{"parameter":"slug","detail":"No such item.","code":"invalid"}]'),
        ("header", b'[{"detail":"Too many parameters.","code":"invalid"}]'),
        (
            "header-class",
            b'[{"header":"X-Api-Version","detail":"Unsupported version.","code":"unsupported"}]',
        ),
        (
            "body-over-query",
            b'[{"pointer":"#/page","detail":"This field is required.","code":"required"}]',
        ),
        # Not a known location: JSON Pointers, as for a body.
        ("cookie", b'[{"pointer":"#","detail":"Too many parameters.","code":"invalid"}]'),
    ],
)
def test_explicit_location(mode: str, kind: str, errors: bytes) -> None:
    with problem_format():
        response = call(mode, "get", f"explicit/?kind={kind}")
    assert_problem(response, expected(f"/{mode}/explicit/", errors))


def test_location_is_not_set_by_default() -> None:
    # As DRF's: nothing new appears on the exception unless the project sets it.
    assert not hasattr(ValidationError("x"), "location")
    assert not hasattr(ValidationError({"a": ["x"]}), "location")


def test_header_serializer_without_a_request() -> None:
    # Headers are recognised by their type; the query needs the request to compare with.
    request = RequestFactory().get("/h/?page=0", HTTP_IF_MATCH="*")
    headers = HeaderSerializer(data=request.headers)
    headers.is_valid()
    query = FilterSerializer(data=request.GET)
    query.is_valid()
    assert problem_body(ValidationError(headers.errors))["errors"] == [
        {"header": "X-Request-Id", "detail": "This field is required.", "code": "required"}
    ]
    assert problem_body(ValidationError(query.errors))["errors"] == [
        {"pointer": "#/page", "detail": MIN_PAGE, "code": "min_value"}
    ]
    assert problem_body(ValidationError(query.errors), request)["errors"] == [
        {"parameter": "page", "detail": MIN_PAGE, "code": "min_value"}
    ]
