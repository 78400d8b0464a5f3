"""Audit of the policy layer and test helpers against DRF 3.18's observable behaviour.

Each test pins a case where restframe used to differ from DRF: the test factory's query strings
and redirects, the exception types DRF's assertions raise, factory subclass attributes,
``RequestsClient`` and the ``PAGE_SIZE`` system check.
"""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseRedirect, QueryDict
from django.test import override_settings
from django.urls import path
from django.utils.datastructures import MultiValueDict

from restframe import checks
from restframe import test as restframe_test
from restframe.permissions import DjangoModelPermissions
from restframe.renderers import JSONRenderer
from restframe.response import Response
from restframe.test import APIClient, APIRequestFactory
from restframe.views import APIView


class Echo(APIView):
    """Echoes what arrived: method, media type and parsed data."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def get(self, request: Any) -> Response:
        return Response(
            {
                "method": request.method,
                "content_type": request.content_type.split(";")[0],
                "data": request.data if request.method != "GET" else None,
                "query": {key: request.query_params.getlist(key) for key in request.query_params},
            }
        )

    post = put = patch = delete = get


class Moved(APIView):
    """Redirects to ``echo`` with the status given in ``?code=``."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = HttpResponseRedirect("/echo")
        response.status_code = int(request.GET["code"])
        return response


urlpatterns = [path("echo", Echo.as_view()), path("moved", Moved.as_view())]
HERE = pytest.mark.urls("tests.test_audit_auth")


# --- APIRequestFactory.get ----------------------------------------------------------------------


def test_factory_get_non_ascii_query_in_the_path() -> None:
    request = APIRequestFactory().get("/echo?city=K\u00f6ln&sign=\u20ac")
    assert request.GET.dict() == {"city": "K\u00f6ln", "sign": "\u20ac"}


def test_factory_get_query_in_the_path_ends_at_a_second_question_mark() -> None:
    request = APIRequestFactory().get("/echo?a=1?b=2")
    assert request.META["QUERY_STRING"] == "a=1"


@pytest.mark.parametrize(
    "data", [QueryDict("tag=a&tag=b"), MultiValueDict({"tag": ["a", "b"]})], ids=["qd", "mvd"]
)
def test_factory_get_keeps_every_value_of_a_multivaluedict(data: Any) -> None:
    request = APIRequestFactory().get("/echo", data)
    assert request.META["QUERY_STRING"] == "tag=a&tag=b"
    assert request.GET.getlist("tag") == ["a", "b"]


def test_factory_get_refuses_none_values() -> None:
    with pytest.raises(TypeError, match="Cannot encode None for key 'q' in a query string"):
        APIRequestFactory().get("/echo", {"q": None})


# --- APIClient: redirects re-send the body encoded the same way --------------------------------


@HERE
@pytest.mark.parametrize("code", [307, 308])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_client_follow_keeps_the_format_on_307_and_308(code: int, method: str) -> None:
    response = getattr(APIClient(), method)(
        f"/moved?code={code}", {"items": [1, 2]}, format="json", follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain == [("/echo", code)]
    assert response.content == (
        b'{"method":"' + method.upper().encode() + b'","content_type":"application/json",'
        b'"data":{"items":[1,2]},"query":{}}'
    )


@HERE
def test_client_follow_keeps_an_explicit_content_type_on_307() -> None:
    response = APIClient().post(
        "/moved?code=307", "a=1&a=2", content_type="application/x-www-form-urlencoded", follow=True
    )
    assert response.json()["data"] == {"a": "2"}
    assert response.json()["content_type"] == "application/x-www-form-urlencoded"


# --- misuse raises what DRF's assertions raise ------------------------------------------------


def test_factory_misuse_is_an_assertion_error() -> None:
    factory = APIRequestFactory()
    with pytest.raises(AssertionError, match="format or content_type"):
        factory.post("/", {}, format="json", content_type="application/json")
    with pytest.raises(AssertionError) as info:
        factory.post("/", {}, format="yaml")
    assert str(info.value) == (
        "Invalid format 'yaml'. Available formats are 'multipart', 'json'. "
        "Set TEST_REQUEST_RENDERER_CLASSES to enable extra request formats."
    )


def test_model_permissions_without_a_queryset_is_an_assertion_error() -> None:
    request = APIRequestFactory().post("/")
    request.user = type("Staff", (), {"is_authenticated": True})()
    with pytest.raises(AssertionError) as info:
        DjangoModelPermissions().has_permission(request, object())
    assert str(info.value) == (
        "Cannot apply DjangoModelPermissions on a view that does not set "
        "`.queryset` or have a `.get_queryset()` method."
    )
    assert isinstance(info.value, ImproperlyConfigured)


# --- factory subclasses configure themselves as in DRF ----------------------------------------


def test_factory_subclass_default_format() -> None:
    class JSONFactory(APIRequestFactory):
        default_format = "json"

    request = JSONFactory().post("/", {"a": 1})
    assert (request.META["CONTENT_TYPE"], request.body) == ("application/json", b'{"a":1}')


def test_factory_subclass_renderer_classes_list() -> None:
    class OnlyJSON(APIRequestFactory):
        renderer_classes_list = [JSONRenderer]
        default_format = "json"

    assert OnlyJSON().renderer_classes == {"json": JSONRenderer}
    with pytest.raises(AssertionError, match="Available formats are 'json'. Set"):
        OnlyJSON().post("/", {"a": 1}, format="multipart")


def test_factory_class_attributes_follow_the_settings() -> None:
    assert APIRequestFactory.default_format == "multipart"
    with override_settings(REST_FRAMEWORK={"TEST_REQUEST_DEFAULT_FORMAT": "json"}):
        assert APIRequestFactory.default_format == "json"
        assert APIRequestFactory().post("/", {"a": 1}).body == b'{"a":1}'


# --- RequestsClient ------------------------------------------------------------------------------


def test_requests_client_needs_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(restframe_test, "requests", None)
    with pytest.raises(ImproperlyConfigured) as info:
        restframe_test.RequestsClient()
    assert str(info.value) == "requests must be installed in order to use RequestsClient."
    assert "RequestsClient" in restframe_test.__all__


@HERE
def test_requests_client_serves_the_project_in_process() -> None:
    pytest.importorskip("requests")
    client = restframe_test.RequestsClient()
    response = client.post("http://testserver/echo?x=1", json={"a": [1]})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "method": "POST",
        "content_type": "application/json",
        "data": {"a": [1]},
        "query": {"x": ["1"]},
    }
    with pytest.raises(ValueError, match='eg "http://testserver/echo"'):
        client.get("/echo")


# --- system checks ---------------------------------------------------------------------------


def test_page_size_without_a_paginator_warns() -> None:
    assert checks.check_page_size_without_paginator() == []
    with override_settings(REST_FRAMEWORK={"PAGE_SIZE": 10}):
        warnings = checks.check_page_size_without_paginator()
    assert [(w.id, w.level) for w in warnings] == [("rest_framework.W001", 30)]
    assert checks.pagination_system_check is checks.check_page_size_without_paginator
    with override_settings(
        REST_FRAMEWORK={"PAGE_SIZE": 10, "DEFAULT_PAGINATION_CLASS": "restframe.nowhere.Pager"}
    ):
        assert checks.check_page_size_without_paginator() == []


# --- AsyncAPIClient (restframe): the sync client's keywords work on every body method ---------


@HERE
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_async_client_encodes_and_follows_like_the_sync_client(method: str) -> None:
    client = restframe_test.AsyncAPIClient()
    send = async_to_sync(getattr(client, method))
    response = send("/echo", {"a": [1]}, format="json")
    assert response.json()["data"] == {"a": [1]}
    assert response.json()["content_type"] == "application/json"
    response = send("/moved?code=302", {"a": [1]}, format="json", follow=True)
    assert response.redirect_chain == [("/echo", 302)]
    assert response.content == b'{"method":"GET","content_type":"","data":null,"query":{}}'
