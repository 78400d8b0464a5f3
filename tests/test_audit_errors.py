"""Audit of the error layer beyond DRF: problem pointers shaped by the serializer that produced
the errors, Django's 400s under ``DEBUG`` with ``APIExceptionMiddleware``, and the catalog's
completeness. Views live here (``urlpatterns`` below)."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import pytest
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.signals import got_request_exception
from django.http import Http404, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from restframe import exceptions, serializers
from restframe.catalog import entries
from restframe.renderers import JSONRenderer
from restframe.response import Response
from restframe.test import APIClient
from restframe.views import APIView
from tests.interpreter import run_python

pytestmark = pytest.mark.urls(__name__)

JSON = "application/json"
PROBLEM = "application/problem+json"


# --- views ---------------------------------------------------------------------------------


class PartSerializer(serializers.Serializer):
    size = serializers.IntegerField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["size"] > 9:
            raise serializers.ValidationError("Too big.", code="too_big")
        return attrs


class ShapesSerializer(serializers.Serializer):
    part = PartSerializer(required=False)
    parts = PartSerializer(many=True, required=False)
    limits = serializers.DictField(child=serializers.IntegerField(), required=False)
    nested = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()), required=False
    )
    named = serializers.DictField(child=PartSerializer(), required=False)
    listed = serializers.ListField(child=PartSerializer(), required=False)


class Validate(APIView):
    authentication_classes: list[Any] = []
    renderer_classes = [JSONRenderer]
    many = False

    def post(self, request: Any) -> Response:
        if self.many:
            serializer: Any = PartSerializer(data=request.data, many=True)
        else:
            serializer = ShapesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.data)


class HandBuilt(APIView):
    """A detail with no serializer behind it: the non-field key is taken as such everywhere."""

    authentication_classes: list[Any] = []
    renderer_classes = [JSONRenderer]

    def post(self, request: Any) -> Response:
        raise exceptions.ValidationError(
            {"items": {"0": {"non_field_errors": ["Out of stock."]}}, "non_field_errors": ["No."]}
        )


def suspicious(request: Any) -> HttpResponse:
    raise SuspiciousOperation("secret suspicious detail")


def bad(request: Any) -> HttpResponse:
    raise BadRequest("secret bad request detail")


def read_post(request: Any) -> HttpResponse:
    return HttpResponse(str(len(request.POST)))


def boom(request: Any) -> HttpResponse:
    raise ValueError("secret boom")


def not_found(request: Any) -> HttpResponse:
    raise Http404("No such thing.")


def throttled(request: Any) -> HttpResponse:
    raise exceptions.Throttled(3)


urlpatterns = [
    path("shapes/", Validate.as_view()),
    path("many/", Validate.as_view(many=True)),
    path("hand-built/", HandBuilt.as_view()),
    path("suspicious/", suspicious),
    path("bad/", bad),
    path("read-post/", read_post),
    path("boom/", boom),
    path("not-found/", not_found),
    path("throttled/", throttled),
]


# --- helpers -------------------------------------------------------------------------------


def problem_errors(url: str, body: Any, **settings: Any) -> list[dict[str, Any]]:
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem", **settings}):
        response = APIClient().post(url, body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = json.loads(response.content)
    assert (problem["detail"], problem["code"]) == ("Invalid input.", "invalid")
    errors: list[dict[str, Any]] = problem["errors"]
    return errors


def integer_error(pointer: str) -> dict[str, Any]:
    return {"pointer": pointer, "detail": "A valid integer is required.", "code": "invalid"}


def too_big(pointer: str) -> dict[str, Any]:
    return {"pointer": pointer, "detail": "Too big.", "code": "too_big"}


@pytest.fixture
def received():
    calls: list[Any] = []

    def receiver(sender: Any, request: Any = None, **kwargs: Any) -> None:
        calls.append(request)

    got_request_exception.connect(receiver)
    yield calls
    got_request_exception.disconnect(receiver)


# --- problem pointers: the serializer's shape decides what the non-field key is -----------------


def test_dict_field_member_named_like_the_non_field_key_inside_a_dict_field():
    body = {"nested": {"non_field_errors": {"non_field_errors": "x"}}}
    assert APIClient().post("/shapes/", body, format="json").content == (
        b'{"nested":{"non_field_errors":{"non_field_errors":["A valid integer is required."]}}}'
    )
    assert problem_errors("/shapes/", body) == [
        integer_error("#/nested/non_field_errors/non_field_errors")
    ]


def test_dict_field_of_serializers_member_and_nested_non_field_error():
    # The member "non_field_errors" is the client's key; inside it, the serializer's own
    # non-field error points at that member's object.
    body = {"named": {"non_field_errors": {"size": 10}, "a/b~c": {"size": 10}}}
    assert problem_errors("/shapes/", body) == [
        too_big("#/named/non_field_errors"),
        too_big("#/named/a~1b~0c"),
    ]


def test_nested_serializer_non_field_errors_point_at_their_object():
    body = {"part": {"size": 10}, "parts": [{"size": 1}, {"size": 10}], "listed": [{"size": 10}]}
    assert problem_errors("/shapes/", body) == [
        too_big("#/part"),
        too_big("#/parts/1"),
        too_big("#/listed/0"),
    ]


def test_many_serializer_at_the_top():
    assert problem_errors("/many/", [{"size": 10}, {"size": "x"}]) == [
        too_big("#/0"),
        integer_error("#/1/size"),
    ]
    assert problem_errors("/many/", "nope") == [
        {
            "pointer": "#",
            "detail": 'Expected a list of items but got type "str".',
            "code": "not_a_list",
        }
    ]


def test_custom_non_field_key_and_a_dict_member_so_named():
    body = {"limits": {"__all__": "x"}, "part": {"size": 10}}
    errors = problem_errors("/shapes/", body, NON_FIELD_ERRORS_KEY="__all__")
    assert errors == [too_big("#/part"), integer_error("#/limits/__all__")]


def test_hand_built_detail_keeps_the_non_field_key_at_every_depth():
    assert problem_errors("/hand-built/", {}) == [
        {"pointer": "#/items/0", "detail": "Out of stock.", "code": "invalid"},
        {"pointer": "#", "detail": "No.", "code": "invalid"},
    ]


# --- APIExceptionMiddleware under DEBUG: Django's 400s stay 400s --------------------------------

MIDDLEWARE = [
    "restframe.middleware.APIExceptionMiddleware",
    "django.middleware.common.CommonMiddleware",
]


@override_settings(DEBUG=True, MIDDLEWARE=MIDDLEWARE)
@pytest.mark.parametrize(
    ("url", "exception"), [("/suspicious/", "SuspiciousOperation"), ("/bad/", "BadRequest")]
)
def test_debug_middleware_leaves_djangos_400s_to_django(url, exception, caplog, received):
    response = Client(raise_request_exception=False).get(url, HTTP_ACCEPT=JSON)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.startswith(f"{exception} at {url}\n".encode())
    assert received == []
    assert not [
        r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR
    ]


@override_settings(DEBUG=True, MIDDLEWARE=MIDDLEWARE)
def test_debug_middleware_unparseable_multipart_body_is_a_400(caplog, received):
    response = Client(raise_request_exception=False).post(
        "/read-post/", b"--x\r\n", content_type="multipart/form-data", HTTP_ACCEPT=JSON
    )
    assert response.status_code == 400
    assert received == []


@override_settings(DEBUG=True, MIDDLEWARE=MIDDLEWARE)
def test_debug_middleware_still_answers_crashes_as_json(caplog, received):
    response = Client(raise_request_exception=False).get("/boom/", HTTP_ACCEPT=JSON)
    assert response.status_code == 500
    body = json.loads(response.content)
    assert body["exception"] == "ValueError: secret boom"
    assert len(received) == 1


@override_settings(MIDDLEWARE=MIDDLEWARE)
@pytest.mark.parametrize(
    ("url", "accept", "content_type", "body"),
    [
        ("/not-found/", JSON, JSON, b'{"detail":"No such thing."}'),
        (
            "/throttled/",
            PROBLEM,
            PROBLEM,
            b'{"type":"about:blank","title":"Too Many Requests","status":429,'
            b'"detail":"Request was throttled. Expected available in 3 seconds.",'
            b'"instance":"/throttled/","code":"throttled"}',
        ),
    ],
)
def test_middleware_answers_vary_on_accept(url, accept, content_type, body):
    # A browser asking for the same URL gets Django's page, another client problem details:
    # a shared cache must not hand one the other's answer.
    response = Client(raise_request_exception=False).get(url, HTTP_ACCEPT=accept)
    assert response["Content-Type"] == content_type
    assert response.content == body
    assert response["Vary"] == "Accept"


@override_settings(DEBUG=True, MIDDLEWARE=MIDDLEWARE)
def test_debug_middleware_json_traceback_varies_on_accept():
    response = Client(raise_request_exception=False).get("/boom/", HTTP_ACCEPT=JSON)
    assert response["Vary"] == "Accept"


# --- the catalog lists every code restframe answers with ------------------------------------


def by_key() -> dict[tuple[str, str], dict[str, Any]]:
    return {(e.source, e.code): e.as_dict() for e in entries()}


def test_catalog_lists_the_protected_error_mapping():
    assert by_key()[("restframe.handlers.to_api_exception", "protected")] == {
        "code": "protected",
        "status": 409,
        "message": "This resource cannot be changed because other resources depend on it.",
        "title": "Conflict",
        "source": "restframe.handlers.to_api_exception",
    }


def test_catalog_lists_the_null_character_message():
    source = "django.core.validators.ProhibitNullCharactersValidator"
    assert by_key()[(source, "null_characters_not_allowed")] == {
        "code": "null_characters_not_allowed",
        "status": 400,
        "message": "Null characters are not allowed.",
        "title": "Bad Request",
        "source": source,
    }


def test_errorcatalog_lists_the_throttle_cache_error_in_a_fresh_process():
    # In a fresh process nothing has imported restframe.throttling yet (the test suite has).
    script = (
        "import django, io\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "out = io.StringIO()\n"
        "call_command('errorcatalog', stdout=out)\n"
        "print(out.getvalue())\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    out = run_python(script, env=env)
    assert {
        "code": "service_unavailable",
        "status": 503,
        "message": "Service temporarily unavailable, try again later.",
        "title": "Service Unavailable",
        "source": "restframe.throttling.ThrottleCacheUnavailable",
    } in json.loads(out)
