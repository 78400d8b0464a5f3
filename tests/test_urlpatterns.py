"""``restframe.urlpatterns.format_suffix_patterns``: the patterns it returns (resolve, reverse,
routes) and ``/items.json`` requests through the whole stack, with DRF 3.18's results. Views and
``urlpatterns`` live here."""

from __future__ import annotations

import sys
import types

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.core.checks.urls import check_url_config
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    include,
    path,
    re_path,
    resolve,
    reverse,
)
from django.utils import translation

from restframe import exceptions
from restframe.decorators import api_view
from restframe.response import Response
from restframe.urlpatterns import apply_suffix_patterns, format_suffix_patterns
from restframe.views import APIView

JSON = "application/json"
HTML = "text/html; charset=utf-8"
NOT_FOUND = b'{"detail":"Not found."}'


# --- views and URLconf ---------------------------------------------------------------------


class Items(APIView):
    def get(self, request, format=None, **kwargs):
        return Response({"items": [1, 2], "format": format, **kwargs})


class ItemDetail(APIView):
    def get(self, request, pk, format=None):
        if pk == 404:
            raise exceptions.NotFound()
        return Response({"pk": pk, "format": format})


class Missing(APIView):
    def get(self, request, format=None):
        raise exceptions.NotFound("No item here.")


@api_view(["GET"])
def ping(request, format=None):
    return Response({"ping": format})


def plain(request, **kwargs):
    return HttpResponse(repr(sorted(kwargs.items())))


NESTED = [path("a/", plain, name="a"), re_path(r"^b/(?P<x>[0-9]+)/$", plain, name="b")]


def _routes():
    return [
        path("items/", Items.as_view(), name="items"),
        path("items/<int:pk>/", ItemDetail.as_view(), name="item-detail"),
        path("missing/", Missing.as_view(), name="missing"),
        path("ping", ping, name="ping"),
        re_path(r"^legacy/(?P<pk>[0-9]+)/$", plain, {"source": "legacy"}, name="legacy"),
        path("", plain, name="root"),
        path("nested/", include((NESTED, "nestedapp"), namespace="nested")),
        re_path(r"^old/", include(NESTED), {"old": True}),
        path("deep/", include([path("d/", include((NESTED, "deepapp"), namespace="deep"))])),
    ]


urlpatterns = format_suffix_patterns(_routes())


def conf(patterns):
    """A URLconf object for ``resolve``/``reverse`` with patterns built by a test."""
    module = types.ModuleType("urlconf")
    module.urlpatterns = patterns
    return module


def matched(url, urlconf=__name__):
    match = resolve(url, urlconf=urlconf)
    return match.url_name, match.args, match.kwargs


# --- the patterns: path() ------------------------------------------------------------------


def test_path_route_gets_a_suffixed_twin_after_the_original():
    assert [type(p) for p in urlpatterns[:2]] == [URLPattern, URLPattern]
    assert [str(p.pattern) for p in urlpatterns[:4]] == [
        "items/",
        "items<drf_format_suffix:format>",
        "items/<int:pk>/",
        "items/<int:pk><drf_format_suffix:format>",
    ]
    assert matched("/items/") == ("items", (), {})
    assert matched("/items.json") == ("items", (), {"format": "json"})
    assert matched("/items.json/") == ("items", (), {"format": "json"})
    assert matched("/items.api") == ("items", (), {"format": "api"})
    # DRF's route string, which tracing and error tools group requests by.
    assert resolve("/items.json", urlconf=__name__).route == "items<drf_format_suffix:format>"


def test_twin_keeps_the_view_name_and_default_kwargs():
    original, twin = urlpatterns[8], urlpatterns[9]
    assert twin.callback is original.callback
    assert (twin.name, twin.default_args) == ("legacy", {"source": "legacy"})
    assert twin.pattern.name == "legacy"


def test_path_converters_keep_converting():
    assert matched("/items/7.json") == ("item-detail", (), {"pk": 7, "format": "json"})
    assert matched("/items/7.json/") == ("item-detail", (), {"pk": 7, "format": "json"})
    with pytest.raises(Resolver404):
        resolve("/items/x.json", urlconf=__name__)


@pytest.mark.parametrize("url", ["/items.JSON", "/items.", "/items/.json", "/items.j-s", "/ping."])
def test_suffix_must_be_lowercase_letters_or_digits(url):
    with pytest.raises(Resolver404):
        resolve(url, urlconf=__name__)


def test_empty_route_gets_a_bare_suffix():
    assert matched("/.json") == ("root", (), {"format": "json"})
    assert matched("/") == ("root", (), {})


def test_reverse_with_format_ends_in_a_slash_as_in_drf():
    assert reverse("items", urlconf=__name__) == "/items/"
    assert reverse("items", urlconf=__name__, kwargs={"format": "json"}) == "/items.json/"
    assert reverse("ping", urlconf=__name__, kwargs={"format": "json"}) == "/ping.json/"
    detail = reverse("item-detail", urlconf=__name__, kwargs={"pk": 3, "format": "api"})
    assert detail == "/items/3.api/"
    with pytest.raises(NoReverseMatch):
        reverse("items", urlconf=__name__, kwargs={"format": "JSON"})


# --- re_path() -----------------------------------------------------------------------------


def test_re_path_gets_a_regex_suffix():
    match = resolve("/legacy/5.json", urlconf=__name__)
    assert (match.url_name, match.kwargs) == (
        "legacy",
        {"pk": "5", "format": "json", "source": "legacy"},
    )
    assert match.route == r"^legacy/(?P<pk>[0-9]+)\.(?P<format>[a-z0-9]+)/?$"
    assert matched("/legacy/5.json/")[2] == {"pk": "5", "format": "json", "source": "legacy"}
    assert matched("/legacy/5/")[2] == {"pk": "5", "source": "legacy"}
    # The optional slash reverses to nothing: re_path twins reverse without one.
    assert (
        reverse("legacy", urlconf=__name__, kwargs={"pk": 3, "format": "json"}) == "/legacy/3.json"
    )


# --- include() -----------------------------------------------------------------------------


def test_included_patterns_get_the_suffix_under_the_same_resolver():
    resolvers = [p for p in urlpatterns if isinstance(p, URLResolver)]
    assert [(str(r.pattern), r.namespace, r.app_name) for r in resolvers] == [
        ("nested/", "nested", "nestedapp"),
        ("^old/", None, None),
        ("deep/", None, None),
    ]
    assert [str(p.pattern) for p in resolvers[0].url_patterns] == [
        "a/",
        "a<drf_format_suffix:format>",
        "^b/(?P<x>[0-9]+)/$",
        r"^b/(?P<x>[0-9]+)\.(?P<format>[a-z0-9]+)/?$",
    ]
    match = resolve("/nested/a.json", urlconf=__name__)
    assert (match.view_name, match.kwargs) == ("nested:a", {"format": "json"})
    assert matched("/nested/b/4.json") == ("b", (), {"x": "4", "format": "json"})
    assert reverse("nested:a", urlconf=__name__, kwargs={"format": "json"}) == "/nested/a.json/"
    assert reverse("nested:a", urlconf=__name__) == "/nested/a/"


def test_include_keeps_its_default_kwargs_and_nests_recursively():
    assert matched("/old/a.api") == ("a", (), {"old": True, "format": "api"})
    assert matched("/old/b/2/") == ("b", (), {"old": True, "x": "2"})
    match = resolve("/deep/d/b/1.json/", urlconf=__name__)
    assert (match.view_name, match.kwargs) == ("deep:b", {"x": "1", "format": "json"})
    assert reverse("deep:a", urlconf=__name__, kwargs={"format": "json"}) == "/deep/d/a.json/"


def test_i18n_patterns_inside_keep_following_the_language():
    patterns = conf(format_suffix_patterns(i18n_patterns(path("x/", plain, name="x"))))
    for language in ("en", "fr"):
        with translation.override(language):
            assert matched(f"/{language}/x.json", patterns) == ("x", (), {"format": "json"})
            url = reverse("x", urlconf=patterns, kwargs={"format": "json"})
            assert url == f"/{language}/x.json/"


# --- options -------------------------------------------------------------------------------


def test_suffix_required_keeps_only_the_twins():
    patterns = conf(format_suffix_patterns(_routes(), suffix_required=True))
    assert len(patterns.urlpatterns) == len(_routes())
    assert matched("/items.json", patterns) == ("items", (), {"format": "json"})
    assert matched("/nested/a.json", patterns) == ("a", (), {"format": "json"})
    for url in ("/items/", "/nested/a/", "/legacy/5/"):
        with pytest.raises(Resolver404):
            resolve(url, urlconf=patterns)
    with pytest.raises(NoReverseMatch):
        reverse("items", urlconf=patterns)


def test_allowed_restricts_the_suffixes():
    patterns = conf(format_suffix_patterns(_routes(), allowed=["json", "api"]))
    assert matched("/items.json", patterns) == ("items", (), {"format": "json"})
    assert matched("/items/2.api/", patterns) == ("item-detail", (), {"pk": 2, "format": "api"})
    assert matched("/legacy/5.api", patterns)[2] == {"pk": "5", "format": "api", "source": "legacy"}
    assert resolve("/items.json", urlconf=patterns).route == (
        "items<drf_format_suffix_json_api:format>"
    )
    assert resolve("/legacy/5.json", urlconf=patterns).route == (
        r"^legacy/(?P<pk>[0-9]+)\.(?P<format>(json|api))/?$"
    )
    for url in ("/items.xml", "/legacy/5.xml", "/nested/a.xml"):
        with pytest.raises(Resolver404):
            resolve(url, urlconf=patterns)
    with pytest.raises(NoReverseMatch):
        reverse("items", urlconf=patterns, kwargs={"format": "xml"})


def test_a_single_allowed_suffix():
    patterns = conf(format_suffix_patterns(_routes(), allowed=("json",)))
    assert matched("/items.json", patterns) == ("items", (), {"format": "json"})
    assert resolve("/legacy/5.json", urlconf=patterns).route == (
        r"^legacy/(?P<pk>[0-9]+)\.(?P<format>json)/?$"
    )
    with pytest.raises(Resolver404):
        resolve("/items.api", urlconf=patterns)


def test_allowed_lists_with_the_same_converter_name_do_not_clash():
    first = conf(format_suffix_patterns([path("x/", plain, name="x")], allowed=["json", "yaml"]))
    second = conf(format_suffix_patterns([path("x/", plain, name="x")], allowed=["json_yaml"]))
    assert matched("/x.yaml", first) == ("x", (), {"format": "yaml"})
    assert matched("/x.json_yaml", second) == ("x", (), {"format": "json_yaml"})
    with pytest.raises(Resolver404):
        resolve("/x.yaml", urlconf=second)


def test_format_suffix_kwarg_setting_names_the_keyword():
    with override_settings(REST_FRAMEWORK={"FORMAT_SUFFIX_KWARG": "fmt"}):
        patterns = conf(format_suffix_patterns(_routes()))
    assert matched("/items.json", patterns) == ("items", (), {"fmt": "json"})
    assert matched("/legacy/5.json", patterns)[2] == {"pk": "5", "fmt": "json", "source": "legacy"}
    assert reverse("items", urlconf=patterns, kwargs={"fmt": "api"}) == "/items.api/"


@pytest.mark.parametrize("kwarg", ["", None, "not a name"])
def test_an_unusable_format_suffix_kwarg_fails_at_startup(kwarg):
    with (
        override_settings(REST_FRAMEWORK={"FORMAT_SUFFIX_KWARG": kwarg}),
        pytest.raises(ImproperlyConfigured, match="FORMAT_SUFFIX_KWARG"),
    ):
        format_suffix_patterns(_routes())


def test_apply_suffix_patterns_needs_a_route_for_path_patterns():
    with pytest.raises(ValueError, match="suffix_route"):
        apply_suffix_patterns([path("x/", plain)], r"\.(?P<format>[a-z]+)/?$", False)
    patterns = conf(apply_suffix_patterns([re_path(r"^x/$", plain)], r"\.(?P<f>[a-z]+)$", True))
    assert resolve("/x.csv", urlconf=patterns).kwargs == {"f": "csv"}


@pytest.mark.urls(__name__)
def test_generated_patterns_pass_djangos_url_checks():
    assert check_url_config(None) == []


# --- through HTTP --------------------------------------------------------------------------


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/items/", b'{"items":[1,2],"format":null}'),
        ("/items.json", b'{"items":[1,2],"format":"json"}'),
        ("/items.json/", b'{"items":[1,2],"format":"json"}'),
        ("/items/3.json", b'{"pk":3,"format":"json"}'),
        ("/ping.json", b'{"ping":"json"}'),
    ],
)
def test_json_suffix_renders_json(client, url, body):
    response = client.get(url)
    assert (response.status_code, response["Content-Type"], response.content) == (200, JSON, body)


@pytest.mark.urls(__name__)
def test_api_suffix_picks_the_browsable_renderer(client):
    response = client.get("/items.api", HTTP_ACCEPT="text/html")
    assert (response.status_code, response["Content-Type"]) == (200, HTML)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("accept", [None, "application/json", "text/html"])
def test_unknown_suffix_is_drfs_404_in_json(client, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get("/items.xyz", **headers)
    assert (response.status_code, response["Content-Type"], response.content) == (
        404,
        JSON,
        NOT_FOUND,
    )
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.urls(__name__)
def test_suffix_and_an_accept_header_that_excludes_it_is_406(client):
    response = client.get("/items.json", HTTP_ACCEPT="text/html")
    assert (response.status_code, response.content) == (
        406,
        b'{"detail":"Could not satisfy the request Accept header."}',
    )


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "body"),
    [("/missing.json", b'{"detail":"No item here."}'), ("/items/404.json", NOT_FOUND)],
)
def test_errors_under_a_json_suffix_keep_drfs_body(client, url, body):
    response = client.get(url)
    assert (response.status_code, response["Content-Type"], response.content) == (404, JSON, body)


@pytest.mark.urls(__name__)
def test_suffix_wins_over_the_format_query_parameter(client):
    response = client.get("/items.json?format=api")
    assert (response.status_code, response.content) == (200, b'{"items":[1,2],"format":"json"}')


def test_renamed_format_suffix_kwarg_reaches_negotiation(client, monkeypatch):
    module = types.ModuleType("tests._urlpatterns_fmt")
    with override_settings(REST_FRAMEWORK={"FORMAT_SUFFIX_KWARG": "fmt"}):
        module.urlpatterns = format_suffix_patterns([path("items/", Items.as_view())])
    monkeypatch.setitem(sys.modules, module.__name__, module)
    with override_settings(
        ROOT_URLCONF=module.__name__, REST_FRAMEWORK={"FORMAT_SUFFIX_KWARG": "fmt"}
    ):
        ok = client.get("/items.json")
        unknown = client.get("/items.xyz")
        mismatch = client.get("/items.api", HTTP_ACCEPT="application/json")
    assert (ok.status_code, ok.content) == (200, b'{"items":[1,2],"format":null,"fmt":"json"}')
    assert (unknown.status_code, unknown.content) == (404, NOT_FOUND)
    assert mismatch.status_code == 406
