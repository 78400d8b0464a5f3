"""The view layer's own additions: JSON nesting limit over HTTP, ``APIView.schema``, and the
shared settings-backed class attributes."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from django.test import override_settings

from restframe import filters, generics, pagination, versioning
from restframe.parsers import JSONParser
from restframe.schemas.inspectors import DefaultSchema, ViewInspector
from restframe.schemas.openapi import AutoSchema
from restframe.settings import FromSettings
from restframe.test import APIClient, AsyncAPIClient
from restframe.views import APIView

pytestmark = pytest.mark.urls("tests.urls_views")

MODES = ["sync", "async"]


def post_json(mode, body: bytes):
    kwargs = {"data": body, "content_type": "application/json"}
    if mode == "sync":
        return APIClient(raise_request_exception=False).post("/sync/echo", **kwargs)
    client = AsyncAPIClient(raise_request_exception=False)
    return async_to_sync(client.post)("/async/echo", **kwargs)


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("depth", [1000, 513, 5000])
def test_json_nested_beyond_the_limit_is_a_400(mode, depth):
    response = post_json(mode, nested(depth))
    assert response.status_code == 400
    assert response.content == b'{"detail":"JSON parse error - nesting deeper than 512 levels."}'


@pytest.mark.parametrize("mode", MODES)
def test_json_nested_objects_beyond_the_limit_is_a_400(mode):
    body = b'{"a":' * 600 + b"1" + b"}" * 600
    response = post_json(mode, body)
    assert response.status_code == 400
    assert json.loads(response.content)["detail"].endswith("nesting deeper than 512 levels.")


@pytest.mark.parametrize("mode", MODES)
def test_json_nested_up_to_the_limit_is_echoed(mode):
    response = post_json(mode, nested(512))
    assert response.status_code == 200
    assert response.content == b'{"received":' + nested(512) + b"}"


@pytest.mark.parametrize("mode", MODES)
def test_wide_json_with_many_brackets_is_accepted(mode):
    body = json.dumps([{"a": [1, {"b": []}]} for _ in range(600)]).encode()
    response = post_json(mode, body)
    assert response.status_code == 200
    assert json.loads(response.content) == {"received": json.loads(body)}


def test_the_nesting_limit_is_a_parser_attribute():
    class Shallow(JSONParser):
        max_depth = 2

    import io

    with pytest.raises(Exception) as info:
        Shallow().parse(io.BytesIO(b"[[[1]]]"), "application/json", {})
    assert str(info.value.detail) == "JSON parse error - nesting deeper than 2 levels."
    assert info.value.detail.code == "parse_error"
    assert Shallow().parse(io.BytesIO(b"[[1]]"), "application/json", {}) == [[1]]

    class Unlimited(JSONParser):
        max_depth = None

    assert Unlimited().parse(io.BytesIO(nested(600)), "application/json", {})


# --- APIView.schema ------------------------------------------------------------------------


def test_apiview_schema_is_a_default_schema_descriptor():
    assert isinstance(APIView.__dict__["schema"], DefaultSchema)

    class Things(APIView):
        pass

    view = Things()
    inspector = view.schema
    assert isinstance(inspector, AutoSchema)
    assert inspector.view is view


def test_apiview_schema_follows_default_schema_class():
    class Custom(ViewInspector):
        pass

    class Things(APIView):
        pass

    with override_settings(REST_FRAMEWORK={"DEFAULT_SCHEMA_CLASS": Custom}):
        assert type(Things().schema) is Custom


def test_apiview_schema_can_be_replaced_or_removed():
    class Own(AutoSchema):
        pass

    class WithOwn(APIView):
        schema = Own()

    class WithoutSchema(APIView):
        schema = None

    assert type(WithOwn().schema) is Own
    assert WithoutSchema().schema is None


# --- FromSettings: one descriptor for every settings-backed class attribute -----------------

SETTINGS_BACKED = [
    (APIView, "renderer_classes", "DEFAULT_RENDERER_CLASSES"),
    (APIView, "permission_classes", "DEFAULT_PERMISSION_CLASSES"),
    (generics.GenericAPIView, "filter_backends", "DEFAULT_FILTER_BACKENDS"),
    (generics.GenericAPIView, "pagination_class", "DEFAULT_PAGINATION_CLASS"),
    (pagination.PageNumberPagination, "page_size", "PAGE_SIZE"),
    (pagination.LimitOffsetPagination, "default_limit", "PAGE_SIZE"),
    (pagination.CursorPagination, "page_size", "PAGE_SIZE"),
    (filters.SearchFilter, "search_param", "SEARCH_PARAM"),
    (filters.OrderingFilter, "ordering_param", "ORDERING_PARAM"),
    (versioning.BaseVersioning, "default_version", "DEFAULT_VERSION"),
    (versioning.BaseVersioning, "allowed_versions", "ALLOWED_VERSIONS"),
    (versioning.BaseVersioning, "version_param", "VERSION_PARAM"),
]


@pytest.mark.parametrize(("cls", "attr", "key"), SETTINGS_BACKED)
def test_settings_backed_attribute_follows_override_settings(cls, attr, key):
    descriptor = next(k.__dict__[attr] for k in cls.__mro__ if attr in k.__dict__)
    assert type(descriptor) is FromSettings
    assert descriptor.key == key
    marker = [object()] if key.endswith(("CLASSES", "BACKENDS")) else 7
    with override_settings(REST_FRAMEWORK={key: marker}):
        assert getattr(cls, attr) == marker
        assert getattr(cls.__new__(cls), attr) == marker


@pytest.mark.parametrize(("cls", "attr", "key"), SETTINGS_BACKED)
def test_settings_backed_attribute_yields_to_subclass_and_instance(cls, attr, key):
    sub = type("Sub", (cls,), {attr: "class value"})
    assert getattr(sub, attr) == "class value"
    instance = cls.__new__(cls)
    setattr(instance, attr, "instance value")
    assert getattr(instance, attr) == "instance value"
