"""``restframe.reverse`` against Django REST framework 3.18's ``rest_framework.reverse``."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch
from django.utils.functional import Promise

from restframe import reverse as reverse_module
from restframe.request import Request
from restframe.reverse import _reverse, preserve_builtin_query_params, reverse, reverse_lazy
from restframe.test import APIRequestFactory

try:
    from rest_framework import reverse as drf_reverse
    from rest_framework.request import Request as DRFRequest
except ImportError:  # DRF is only installed in the development environment
    drf_reverse = None

pytestmark = pytest.mark.urls("tests.urls_relations")

factory = APIRequestFactory()


def test_public_names_and_signatures() -> None:
    assert reverse_module.__all__ == ["preserve_builtin_query_params", "reverse", "reverse_lazy"]
    assert str(inspect.signature(reverse)).startswith(
        "(viewname: 'Any', args: 'Sequence[Any] | None' = None, "
        "kwargs: 'dict[str, Any] | None' = None, request: 'Any' = None, "
        "format: 'str | None' = None, **extra: 'Any')"
    )
    params = list(inspect.signature(preserve_builtin_query_params).parameters)
    assert params == ["url", "request"]


CASES: list[tuple[str, dict[str, Any], str | None, str]] = [
    # (view name and arguments, request path, expected URL)
    ("rel-target-detail", {"kwargs": {"pk": 1}}, None, "/targets/1/"),
    ("rel-target-detail", {"args": [1]}, None, "/targets/1/"),
    ("rel-target-detail", {"args": (1,)}, "/x/", "http://testserver/targets/1/"),
    ("rel-target-detail", {"kwargs": {"pk": 1}}, "/x/?page=2", "http://testserver/targets/1/"),
    (
        "rel-target-detail",
        {"kwargs": {"pk": 1}},
        "/x/?format=json&page=2",
        "http://testserver/targets/1/?format=json",
    ),
    ("rel-suffixed", {"kwargs": {"pk": 1}, "format": "json"}, None, "/suffixed/1.json/"),
    (
        "rel-suffixed",
        {"kwargs": {"pk": 1}, "format": "api"},
        "/x/",
        "http://testserver/suffixed/1.api/",
    ),
    ("rel-suffixed", {"args": [1]}, None, "/suffixed/1/"),
    ("ns:inner", {"kwargs": {"pk": 4}}, "/x/", "http://testserver/prefix/inner/4/"),
    ("rel-target-by-name", {"kwargs": {"name": "a b é"}}, None, "/targets/by-name/a%20b%20%C3%A9/"),
    ("rel-target-detail", {"kwargs": {"pk": 1}, "current_app": "x"}, None, "/targets/1/"),
]


@pytest.mark.parametrize(("viewname", "arguments", "path", "expected"), CASES)
def test_reverse(viewname: str, arguments: Any, path: Any, expected: str) -> None:
    request = None if path is None else Request(factory.get(path))
    assert reverse(viewname, request=request, **arguments) == expected
    assert str(reverse_lazy(viewname, request=request, **arguments)) == expected
    if drf_reverse is not None:
        drf_request = None if path is None else DRFRequest(factory.get(path))
        assert drf_reverse.reverse(viewname, request=drf_request, **arguments) == expected


def test_reverse_with_a_plain_django_request() -> None:
    request = factory.get("/x/?format=api", HTTP_HOST="api.example", secure=True)
    assert reverse("rel-target-detail", args=[1], request=request) == (
        "https://api.example/targets/1/?format=api"
    )


def test_format_is_a_keyword_argument() -> None:
    with pytest.raises(NoReverseMatch) as info:
        reverse("rel-target-detail", kwargs={"pk": 1}, format="json")
    assert "{'pk': 1, 'format': 'json'}" in str(info.value)
    # Any format but None is passed on, the empty string included (as DRF does).
    with pytest.raises(NoReverseMatch) as info:
        reverse("rel-suffixed", kwargs={"pk": 1}, format="")
    assert "'format': ''" in str(info.value)


@override_settings(REST_FRAMEWORK={"FORMAT_SUFFIX_KWARG": "fmt"})
def test_format_suffix_kwarg_setting() -> None:
    with pytest.raises(NoReverseMatch) as info:
        reverse("rel-target-detail", kwargs={"pk": 1}, format="json")
    assert "'fmt': 'json'" in str(info.value)


def test_unknown_view_name() -> None:
    with pytest.raises(NoReverseMatch) as info:
        reverse("nope")
    assert str(info.value) == (
        "Reverse for 'nope' not found. 'nope' is not a valid view function or pattern name."
    )


def test_reverse_lazy_is_lazy() -> None:
    value = reverse_lazy("rel-target-detail", kwargs={"pk": 2})
    assert isinstance(value, Promise)
    assert str(value) == "/targets/2/"


@pytest.mark.parametrize(
    ("url", "path", "expected"),
    [
        ("/a/?b=1", None, "/a/?b=1"),
        ("/a/?b=1", "/x/", "/a/?b=1"),
        ("/a/?b=1", "/x/?format=json", "/a/?b=1&format=json"),
        ("/a/?z=1", "/x/?format=json", "/a/?format=json&z=1"),
        ("/a/", "/x/?format=json&page=2", "/a/?format=json"),
        ("/a/?format=api", "/x/?format=json", "/a/?format=json"),
        ("/a/?b=&c=1#frag", "/x/?format=a%20b", "/a/?b=&c=1&format=a+b#frag"),
        ("http://h/a/", "/x/?format=", "http://h/a/?format="),
    ],
)
def test_preserve_builtin_query_params(url: str, path: Any, expected: str) -> None:
    request = None if path is None else Request(factory.get(path))
    assert preserve_builtin_query_params(url, request) == expected
    if drf_reverse is not None:
        drf_request = None if path is None else DRFRequest(factory.get(path))
        assert drf_reverse.preserve_builtin_query_params(url, drf_request) == expected


@override_settings(REST_FRAMEWORK={"URL_FORMAT_OVERRIDE": None})
def test_no_format_override_setting() -> None:
    request = Request(factory.get("/x/?format=json"))
    assert preserve_builtin_query_params("/a/", request) == "/a/"


class _Scheme:
    """A versioning scheme that records its calls and adds ``?version=v2``."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[Any] = []
        self.fail = fail

    def reverse(
        self, viewname: Any, args: Any, kwargs: Any, request: Any, format: Any, **extra: Any
    ) -> str:
        self.calls.append((viewname, args, kwargs, format, extra))
        if self.fail:
            raise NoReverseMatch("not versioned")
        return _reverse(viewname, args, kwargs, request, format, **extra) + "?version=v2"


def test_versioning_scheme_reverses() -> None:
    request = Request(factory.get("/x/"))
    request.versioning_scheme = _Scheme()
    url = reverse("rel-target-detail", kwargs={"pk": 1}, request=request, current_app="a")
    assert url == "http://testserver/targets/1/?version=v2"
    assert request.versioning_scheme.calls == [
        ("rel-target-detail", None, {"pk": 1}, None, {"current_app": "a"})
    ]


def test_versioning_scheme_without_a_match_falls_back() -> None:
    request = Request(factory.get("/x/?format=json"))
    request.versioning_scheme = _Scheme(fail=True)
    url = reverse("rel-target-detail", kwargs={"pk": 1}, request=request)
    assert url == "http://testserver/targets/1/?format=json"
    assert len(request.versioning_scheme.calls) == 1


def test_versioning_scheme_other_errors_propagate() -> None:
    class Broken:
        def reverse(self, *args: Any, **kwargs: Any) -> str:
            raise ValueError("boom")

    request = Request(factory.get("/x/"))
    request.versioning_scheme = Broken()
    with pytest.raises(ValueError, match="boom"):
        reverse("rel-target-detail", kwargs={"pk": 1}, request=request)


def test_versioning_scheme_on_a_django_request() -> None:
    request = factory.get("/x/")
    request.versioning_scheme = _Scheme()  # type: ignore[attr-defined]
    assert reverse("rel-target-detail", args=[1], request=request) == (
        "http://testserver/targets/1/?version=v2"
    )
