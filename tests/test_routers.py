"""Routers: the URL patterns and names they build, and what those URLs answer over HTTP.

Every expectation here was observed from Django REST framework 3.18 given the same
registrations (the HTTP table through ``tests/urls_routers.py`` run under DRF).
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import URLPattern

from restframe import renderers, routers, viewsets
from restframe.decorators import action
from restframe.response import Response
from restframe.test import APIClient
from tests.interpreter import run_python
from tests.models_viewsets import ViewSetNote

# --- what the URLs answer (DRF's statuses, Allow headers and bytes) --------------------------

HTTP_CASES = [
    ("get", "/", 200, "GET, HEAD, OPTIONS", b'{"items":"http://testserver/items/"}'),
    (
        "get",
        "/?format=json",
        200,
        "GET, HEAD, OPTIONS",
        b'{"items":"http://testserver/items/?format=json"}',
    ),
    ("get", "/.json", 200, "GET, HEAD, OPTIONS", b'{"items":"http://testserver/items.json"}'),
    ("get", "/ns/", 200, "GET, HEAD, OPTIONS", b'{"items":"http://testserver/ns/items/"}'),
    ("get", "/ns/.json", 200, "GET, HEAD, OPTIONS", b'{"items":"http://testserver/ns/items.json"}'),
    ("get", "/flat/", 200, "GET, HEAD, OPTIONS", b'{"items":"http://testserver/flat/items"}'),
    (
        "get",
        "/flat/.json",
        200,
        "GET, HEAD, OPTIONS",
        b'{"items":"http://testserver/flat/items.json"}',
    ),
    ("post", "/", 405, "GET, HEAD, OPTIONS", b'{"detail":"Method \\"POST\\" not allowed."}'),
    ("get", "/items/", 200, "GET, POST, HEAD, OPTIONS", b'{"route":"list","kwargs":{}}'),
    (
        "get",
        "/items.json",
        200,
        "GET, POST, HEAD, OPTIONS",
        b'{"route":"list","kwargs":{"format":"json"}}',
    ),
    ("get", "/items/?format=api", 200, "GET, POST, HEAD, OPTIONS", None),
    ("get", "/items/?format=yaml", 404, "GET, POST, HEAD, OPTIONS", b'{"detail":"Not found."}'),
    ("get", "/items.yaml", 404, "GET, POST, HEAD, OPTIONS", b'{"detail":"Not found."}'),
    (
        "put",
        "/items/",
        405,
        "GET, POST, HEAD, OPTIONS",
        b'{"detail":"Method \\"PUT\\" not allowed."}',
    ),
    (
        "delete",
        "/items/",
        405,
        "GET, POST, HEAD, OPTIONS",
        b'{"detail":"Method \\"DELETE\\" not allowed."}',
    ),
    ("get", "/items/search/", 200, "GET, HEAD, OPTIONS", b'{"route":"find","kwargs":{}}'),
    (
        "post",
        "/items/search/",
        405,
        "GET, HEAD, OPTIONS",
        b'{"detail":"Method \\"POST\\" not allowed."}',
    ),
    (
        "get",
        "/items/5/",
        200,
        "GET, DELETE, HEAD, OPTIONS",
        b'{"route":"retrieve","pk":"5","kwargs":{}}',
    ),
    ("get", "/items/a.b/", 404, "GET, DELETE, HEAD, OPTIONS", b'{"detail":"Not found."}'),
    (
        "get",
        "/items/5.json",
        200,
        "GET, DELETE, HEAD, OPTIONS",
        b'{"route":"retrieve","pk":"5","kwargs":{"format":"json"}}',
    ),
    (
        "patch",
        "/items/5/",
        405,
        "GET, DELETE, HEAD, OPTIONS",
        b'{"detail":"Method \\"PATCH\\" not allowed."}',
    ),
    (
        "get",
        "/items/5/pair/12/",
        200,
        "GET, POST, HEAD, OPTIONS",
        b'{"route":"pair","pk":"5","other":"12"}',
    ),
    (
        "post",
        "/items/5/pair/12/",
        200,
        "GET, POST, HEAD, OPTIONS",
        b'{"route":"pair","pk":"5","other":"12"}',
    ),
    ("get", "/items/5/pair/123/", 404, None, None),
    (
        "get",
        "/items/5/pair/12.json",
        200,
        "GET, POST, HEAD, OPTIONS",
        b'{"route":"pair","pk":"5","other":"12"}',
    ),
    (
        "delete",
        "/items/5/pair/12/",
        405,
        "GET, POST, HEAD, OPTIONS",
        b'{"detail":"Method \\"DELETE\\" not allowed."}',
    ),
    ("get", "/slugs/abc/", 200, "GET, HEAD, OPTIONS", b'{"slug":"abc"}'),
    ("get", "/slugs/abcd/", 404, None, None),
    ("get", "/slugs/", 404, None, None),
    ("get", "/flat/items", 200, "GET, POST, HEAD, OPTIONS", b'{"route":"list","kwargs":{}}'),
    ("get", "/flat/items/", 404, None, None),
    (
        "get",
        "/flat/items/5",
        200,
        "GET, DELETE, HEAD, OPTIONS",
        b'{"route":"retrieve","pk":"5","kwargs":{}}',
    ),
    (
        "get",
        "/flat/items/5/pair/12",
        200,
        "GET, POST, HEAD, OPTIONS",
        b'{"route":"pair","pk":"5","other":"12"}',
    ),
    (
        "get",
        "/flat/items/search.json",
        200,
        "GET, HEAD, OPTIONS",
        b'{"route":"find","kwargs":{"format":"json"}}',
    ),
    ("get", "/conv/numbers/", 200, "GET, HEAD, OPTIONS", b'{"route":"list"}'),
    ("get", "/conv/numbers/42/", 200, "GET, HEAD, OPTIONS", b'{"number":42,"type":"int"}'),
    ("get", "/conv/numbers/x4/", 404, None, None),
    ("get", "/conv/numbers/42", 301, None, None),
    (
        "options",
        "/items/5/pair/12/",
        200,
        "GET, POST, HEAD, OPTIONS",
        b'{"name":"Pair","description":"Items.","renders":["application/json","text/html"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]}',
    ),
    ("head", "/items/", 200, "GET, POST, HEAD, OPTIONS", b""),
    (
        "get",
        "/ns/items/9/",
        200,
        "GET, DELETE, HEAD, OPTIONS",
        b'{"route":"retrieve","pk":"9","kwargs":{}}',
    ),
]


@pytest.mark.urls("tests.urls_routers")
@pytest.mark.parametrize(("method", "url", "status", "allow", "body"), HTTP_CASES)
def test_routed_urls_answer_as_drf(method, url, status, allow, body):
    response = getattr(APIClient(), method)(url)
    assert response.status_code == status
    assert response.get("Allow") == allow
    if body is None:
        # Not routed: Django's own 404 page (or APPEND_SLASH's redirect), never the API.
        assert response["Content-Type"] == "text/html; charset=utf-8"
    else:
        assert response.content == body
        if body:
            assert response["Content-Type"] == "application/json"


@pytest.mark.urls("tests.urls_routers")
def test_browsable_root_is_html():
    response = APIClient().get("/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b"Api Root" in response.content


@pytest.mark.urls("tests.urls_routers")
def test_path_converter_passes_converted_value():
    assert APIClient().get("/conv/numbers/42/").json() == {"number": 42, "type": "int"}


# --- the patterns and names (DRF's exactly) -----------------------------------------------


class NoteViewSet(viewsets.ModelViewSet):
    queryset = ViewSetNote.objects.all()

    @action(detail=True, methods=["post", "get"], url_path="set-pw", url_name="setpw")
    def set_password(self, request, pk=None):
        return Response({})

    @action(detail=False)
    def recent(self, request):
        return Response({})

    @recent.mapping.delete
    def del_recent(self, request):
        return Response({})


def patterns(router):
    return [
        (str(url.pattern), type(url.pattern).__name__, url.name, url.callback.initkwargs)
        for url in router.urls
    ]


def registered(router_class, **kwargs):
    router = router_class(**kwargs)
    router.register("snippets", NoteViewSet)
    router.register("users", NoteViewSet, basename="user")
    return router


LIST = {"suffix": "List", "basename": "viewsetnote", "detail": False}
RECENT = {"name": "Recent", "description": None, "basename": "viewsetnote", "detail": False}
DETAIL = {"suffix": "Instance", "basename": "viewsetnote", "detail": True}
SETPW = {"name": "Set password", "description": None, "basename": "viewsetnote", "detail": True}


def _user(initkwargs):
    return {**initkwargs, "basename": "user"}


def test_simple_router_patterns():
    assert patterns(registered(routers.SimpleRouter)) == [
        ("^snippets/$", "RegexPattern", "viewsetnote-list", LIST),
        ("^snippets/recent/$", "RegexPattern", "viewsetnote-recent", RECENT),
        ("^snippets/(?P<pk>[^/.]+)/$", "RegexPattern", "viewsetnote-detail", DETAIL),
        ("^snippets/(?P<pk>[^/.]+)/set-pw/$", "RegexPattern", "viewsetnote-setpw", SETPW),
        ("^users/$", "RegexPattern", "user-list", _user(LIST)),
        ("^users/recent/$", "RegexPattern", "user-recent", _user(RECENT)),
        ("^users/(?P<pk>[^/.]+)/$", "RegexPattern", "user-detail", _user(DETAIL)),
        ("^users/(?P<pk>[^/.]+)/set-pw/$", "RegexPattern", "user-setpw", _user(SETPW)),
    ]


def test_actions_mapped_per_route():
    actions = [url.callback.actions for url in registered(routers.SimpleRouter).urls[:4]]
    assert actions == [
        {"get": "list", "post": "create"},
        {"get": "recent", "delete": "del_recent"},
        {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"},
        {"post": "set_password", "get": "set_password"},
    ]
    callback = registered(routers.SimpleRouter).urls[0].callback
    assert callback.cls is NoteViewSet
    assert callback.__name__ == "NoteViewSet"
    assert callback.csrf_exempt is True


def test_simple_router_without_trailing_slash():
    router = registered(routers.SimpleRouter, trailing_slash=False)
    assert router.trailing_slash == ""
    assert [p[0] for p in patterns(router)] == [
        "^snippets$",
        "^snippets/recent$",
        "^snippets/(?P<pk>[^/.]+)$",
        "^snippets/(?P<pk>[^/.]+)/set-pw$",
        "^users$",
        "^users/recent$",
        "^users/(?P<pk>[^/.]+)$",
        "^users/(?P<pk>[^/.]+)/set-pw$",
    ]


@pytest.mark.parametrize(("trailing_slash", "end"), [(True, "/"), (False, "")])
def test_simple_router_path_syntax(trailing_slash, end):
    router = registered(routers.SimpleRouter, use_regex_path=False, trailing_slash=trailing_slash)
    assert [(p[0], p[1], p[2]) for p in patterns(router)] == [
        (f"snippets{end}", "RoutePattern", "viewsetnote-list"),
        (f"snippets/recent{end}", "RoutePattern", "viewsetnote-recent"),
        (f"snippets/<str:pk>{end}", "RoutePattern", "viewsetnote-detail"),
        (f"snippets/<str:pk>/set-pw{end}", "RoutePattern", "viewsetnote-setpw"),
        (f"users{end}", "RoutePattern", "user-list"),
        (f"users/recent{end}", "RoutePattern", "user-recent"),
        (f"users/<str:pk>{end}", "RoutePattern", "user-detail"),
        (f"users/<str:pk>/set-pw{end}", "RoutePattern", "user-setpw"),
    ]


def test_default_router_patterns():
    router = registered(routers.DefaultRouter)
    root = {"api_root_dict": {"snippets": "viewsetnote-list", "users": "user-list"}}
    assert patterns(router) == [
        ("^snippets/$", "RegexPattern", "viewsetnote-list", LIST),
        (r"^snippets\.(?P<format>[a-z0-9]+)/?$", "RegexPattern", "viewsetnote-list", LIST),
        ("^snippets/recent/$", "RegexPattern", "viewsetnote-recent", RECENT),
        (
            r"^snippets/recent\.(?P<format>[a-z0-9]+)/?$",
            "RegexPattern",
            "viewsetnote-recent",
            RECENT,
        ),
        ("^snippets/(?P<pk>[^/.]+)/$", "RegexPattern", "viewsetnote-detail", DETAIL),
        (
            r"^snippets/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$",
            "RegexPattern",
            "viewsetnote-detail",
            DETAIL,
        ),
        ("^snippets/(?P<pk>[^/.]+)/set-pw/$", "RegexPattern", "viewsetnote-setpw", SETPW),
        (
            r"^snippets/(?P<pk>[^/.]+)/set-pw\.(?P<format>[a-z0-9]+)/?$",
            "RegexPattern",
            "viewsetnote-setpw",
            SETPW,
        ),
        ("^users/$", "RegexPattern", "user-list", _user(LIST)),
        (r"^users\.(?P<format>[a-z0-9]+)/?$", "RegexPattern", "user-list", _user(LIST)),
        ("^users/recent/$", "RegexPattern", "user-recent", _user(RECENT)),
        (r"^users/recent\.(?P<format>[a-z0-9]+)/?$", "RegexPattern", "user-recent", _user(RECENT)),
        ("^users/(?P<pk>[^/.]+)/$", "RegexPattern", "user-detail", _user(DETAIL)),
        (
            r"^users/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$",
            "RegexPattern",
            "user-detail",
            _user(DETAIL),
        ),
        ("^users/(?P<pk>[^/.]+)/set-pw/$", "RegexPattern", "user-setpw", _user(SETPW)),
        (
            r"^users/(?P<pk>[^/.]+)/set-pw\.(?P<format>[a-z0-9]+)/?$",
            "RegexPattern",
            "user-setpw",
            _user(SETPW),
        ),
        ("", "RoutePattern", "api-root", root),
        ("<drf_format_suffix:format>", "RoutePattern", "api-root", root),
    ]


def test_default_router_path_syntax_suffixes():
    router = registered(routers.DefaultRouter, use_regex_path=False)
    assert [p[0] for p in patterns(router)][:4] == [
        "snippets/",
        "snippets<drf_format_suffix:format>",
        "snippets/recent/",
        "snippets/recent<drf_format_suffix:format>",
    ]
    assert [p[0] for p in patterns(router)][-2:] == ["", "<drf_format_suffix:format>"]


def test_default_router_options():
    router = routers.DefaultRouter()
    assert router.root_view_name == "api-root"
    assert router.include_root_view is True
    assert router.include_format_suffixes is True
    assert router.root_renderers == [renderers.JSONRenderer, renderers.BrowsableAPIRenderer]
    assert routers.DefaultRouter(root_renderers=[renderers.JSONRenderer]).root_renderers == [
        renderers.JSONRenderer
    ]

    class Bare(routers.DefaultRouter):
        include_root_view = False
        include_format_suffixes = False

    bare = Bare()
    bare.register("snippets", NoteViewSet)
    assert [str(url.pattern) for url in bare.urls] == [
        "^snippets/$",
        "^snippets/recent/$",
        "^snippets/(?P<pk>[^/.]+)/$",
        "^snippets/(?P<pk>[^/.]+)/set-pw/$",
    ]


def test_api_root_view_initkwargs():
    router = registered(routers.DefaultRouter)
    view = router.get_api_root_view()
    assert view.cls is routers.APIRootView
    assert view.initkwargs == {
        "api_root_dict": {"snippets": "viewsetnote-list", "users": "user-list"}
    }
    assert routers.APIRootView.schema is None


class Lookups(viewsets.ViewSet):
    lookup_field = "slug"
    lookup_url_kwarg = "sl"
    lookup_value_converter = "int"

    def retrieve(self, request, sl=None):
        return Response()

    @action(detail=True, url_path=r"x/(?P<n>[0-9]{2})")
    def xx(self, request, **kwargs):
        return Response()


def test_lookup_regex_and_converter():
    regex = routers.SimpleRouter()
    assert regex.get_lookup_regex(Lookups) == "(?P<sl>[^/.]+)"
    assert regex.get_lookup_regex(Lookups, "parent_") == "(?P<parent_sl>[^/.]+)"
    converter = routers.SimpleRouter(use_regex_path=False)
    assert converter.get_lookup_regex(Lookups) == "<int:sl>"
    assert converter.get_lookup_regex(Lookups, "zz") == "<int:zzsl>"
    regex.register("w", Lookups, basename="w")
    converter.register("w", Lookups, basename="w")
    # Braces of a regex in url_path survive the route template.
    assert [str(url.pattern) for url in regex.urls] == [
        "^w/(?P<sl>[^/.]+)/$",
        "^w/(?P<sl>[^/.]+)/x/(?P<n>[0-9]{2})/$",
    ]
    assert [str(url.pattern) for url in converter.urls] == [
        "w/<int:sl>/",
        "w/<int:sl>/x/(?P<n>[0-9]{2})/",
    ]


def test_lookup_value_regex_names_the_converter_in_path_syntax():
    class RegexOnly(viewsets.ViewSet):
        lookup_value_regex = "[0-9a-f]{4}"

        def retrieve(self, request, pk=None):
            return Response()

    router = routers.SimpleRouter(use_regex_path=False)
    router.register("w", RegexOnly, basename="w")
    # As in DRF: the regex is taken as a converter name, which Django refuses at load time.
    with pytest.raises(ImproperlyConfigured, match="uses invalid converter"):
        router.urls  # noqa: B018


class Plain(viewsets.ViewSet):
    def list(self, request):
        return Response()

    def retrieve(self, request, pk=None):
        return Response()

    @action(detail=True)
    def a_act(self, request, pk=None):
        return Response()


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["^$", "^(?P<pk>[^/.]+)/$", "^(?P<pk>[^/.]+)/a_act/$"]),
        ({"trailing_slash": False}, ["^$", "^(?P<pk>[^/.]+)$", "^(?P<pk>[^/.]+)/a_act$"]),
        ({"use_regex_path": False}, ["", "<str:pk>/", "<str:pk>/a_act/"]),
        # DRF 3.18 raises IndexError for this one (an empty list URL); restframe routes it.
        ({"use_regex_path": False, "trailing_slash": False}, ["", "<str:pk>", "<str:pk>/a_act"]),
    ],
)
def test_empty_prefix(kwargs, expected):
    router = routers.SimpleRouter(**kwargs)
    router.register("", Plain, basename="plain")
    assert [str(url.pattern) for url in router.urls] == expected


def test_routes_table():
    assert routers.SimpleRouter.routes[0] == routers.Route(
        url="^{prefix}{trailing_slash}$",
        mapping={"get": "list", "post": "create"},
        name="{basename}-list",
        detail=False,
        initkwargs={"suffix": "List"},
    )
    assert routers.SimpleRouter.routes[1] == routers.DynamicRoute(
        url="^{prefix}/{url_path}{trailing_slash}$",
        name="{basename}-{url_name}",
        detail=False,
        initkwargs={},
    )
    assert routers.SimpleRouter(use_regex_path=False).routes[2].url == (
        "{prefix}/{lookup}{trailing_slash}"
    )
    assert routers.Route._fields == ("url", "mapping", "name", "detail", "initkwargs")
    assert routers.DynamicRoute._fields == ("url", "name", "detail", "initkwargs")


def test_get_routes_and_method_map():
    router = routers.SimpleRouter()
    routes = router.get_routes(Plain)
    assert [route.name for route in routes] == [
        "{basename}-list",
        "{basename}-detail",
        "{basename}-a-act",
    ]
    assert router.get_method_map(Plain, {"get": "list", "post": "create"}) == {"get": "list"}


# --- registration -------------------------------------------------------------------------


def test_default_basename_from_queryset():
    router = routers.SimpleRouter()
    assert router.get_default_basename(NoteViewSet) == "viewsetnote"


def test_basename_required_without_queryset():
    router = routers.SimpleRouter()
    message = (
        "`basename` argument not specified, and could not automatically determine the name "
        "from the viewset, as it does not have a `.queryset` attribute."
    )
    with pytest.raises(AssertionError) as info:
        router.register("plain", Plain)
    assert str(info.value) == message


def test_duplicate_basename_is_refused():
    router = routers.SimpleRouter()
    router.register("a", Plain, basename="plain")
    assert router.is_already_registered("plain") is True
    assert router.is_already_registered("other") is False
    with pytest.raises(ImproperlyConfigured) as info:
        router.register("b", Plain, basename="plain")
    assert str(info.value) == (
        'Router with basename "plain" is already registered. Please provide a unique basename '
        f'for viewset "{Plain}"'
    )
    assert router.registry == [("a", Plain, "plain")]


def test_urls_are_cached_until_the_next_registration():
    router = routers.SimpleRouter()
    router.register("a", Plain, basename="a")
    first = router.urls
    assert router.urls is first
    router.register("b", Plain, basename="b")
    assert len(router.urls) == 6
    assert all(isinstance(url, URLPattern) for url in router.urls)


def test_action_named_like_a_route_is_refused():
    class Clash(viewsets.ViewSet):
        @action(detail=True)
        def retrieve(self, request, pk=None):
            return Response()

        @action(detail=False)
        def create(self, request):
            return Response()

    router = routers.SimpleRouter()
    router.register("c", Clash, basename="c")
    with pytest.raises(ImproperlyConfigured) as info:
        router.urls  # noqa: B018
    assert str(info.value) == (
        "Cannot use the @action decorator on the following methods, as they are existing "
        "routes: create, retrieve"
    )


def test_base_router_is_abstract():
    router = routers.BaseRouter()
    with pytest.raises(NotImplementedError, match="get_urls must be overridden"):
        router.urls  # noqa: B018
    with pytest.raises(NotImplementedError, match="get_default_basename must be overridden"):
        router.register("x", Plain)


# --- restframe.urls: log in and out ------------------------------------------------------


@pytest.mark.urls("tests.urls_routers_auth")
def test_login_and_logout_urls():
    from django.urls import reverse

    assert reverse("restframe:login") == "/api-auth/login/"
    assert reverse("restframe:logout") == "/api-auth/logout/"


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_routers_auth")
def test_login_page_and_login():
    from django.contrib.auth.models import User

    User.objects.create_user("alice", password="pw")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/api-auth/login/?next=/items/")
    assert page.status_code == 200
    assert page["Content-Type"] == "text/html; charset=utf-8"
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="next" value="/items/">' in html
    token = page.cookies["csrftoken"].value
    bad = client.post(
        "/api-auth/login/",
        {"username": "alice", "password": "wrong", "csrfmiddlewaretoken": token},
    )
    assert bad.status_code == 200
    assert "Please enter a correct username and password" in bad.content.decode()
    good = client.post(
        "/api-auth/login/?next=/items/",
        {"username": "alice", "password": "pw", "next": "/items/", "csrfmiddlewaretoken": token},
    )
    assert good.status_code == 302
    assert good["Location"] == "/items/"


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_routers_auth")
def test_logout_is_post_only_and_never_a_500():
    client = Client()
    response = client.get("/api-auth/logout/")
    # Django's LogoutView since Django 5 (as DRF 3.18 mounts it).
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    response = client.post("/api-auth/logout/")
    # DRF fails here (500) unless django.contrib.admin provides registration/logged_out.html.
    assert response.status_code == 200
    assert "You have been logged out." in response.content.decode()
    response = client.post("/api-auth/logout/", {"next": "/items/"})
    assert response.status_code == 302
    assert response["Location"] == "/items/"


def test_only_implemented_actions_are_routed():
    class ReadOnly(viewsets.ReadOnlyModelViewSet):
        queryset = ViewSetNote.objects.all()

    router = routers.SimpleRouter()
    router.register("notes", ReadOnly)
    assert [(str(url.pattern), url.callback.actions) for url in router.urls] == [
        ("^notes/$", {"get": "list"}),
        ("^notes/(?P<pk>[^/.]+)/$", {"get": "retrieve"}),
    ]


# --- live comparison with DRF (when installed), in its own process ----------------------

_DRF_SCRIPT = """
import json
import django
from django.conf import settings

settings.configure(INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"])
django.setup()
from {package} import routers, viewsets
from {package}.decorators import action
from {package}.response import Response


class Things(viewsets.ViewSet):
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def list(self, request):
        return Response()

    def create(self, request):
        return Response()

    def retrieve(self, request, slug=None):
        return Response()

    def partial_update(self, request, slug=None):
        return Response()

    @action(detail=True, methods=["put", "delete"], url_path=r"move/(?P<to>[a-z]{{3}})")
    def move(self, request, slug=None, to=None):
        return Response()

    @action(detail=False, url_name="top-ten")
    def top_ten(self, request):
        return Response()

    @top_ten.mapping.post
    def add_top(self, request):
        return Response()


result = []
for name, kwargs in [
    ("SimpleRouter", {{}}),
    ("SimpleRouter", {{"trailing_slash": False}}),
    ("SimpleRouter", {{"use_regex_path": False}}),
    ("DefaultRouter", {{}}),
    ("DefaultRouter", {{"use_regex_path": False}}),
    ("DefaultRouter", {{"trailing_slash": False}}),
]:
    router = getattr(routers, name)(**kwargs)
    router.register("things", Things, basename="thing")
    router.register("", Things, basename="root-thing")
    result.append(
        [
            [
                str(url.pattern),
                url.name,
                getattr(url.callback, "actions", None),
                url.callback.initkwargs,
            ]
            for url in router.urls
        ]
    )
print(json.dumps(result))
"""


def _patterns_in_process(package):
    import json

    return json.loads(run_python(_DRF_SCRIPT.format(package=package)))


def test_patterns_match_real_drf():
    pytest.importorskip("rest_framework")
    assert _patterns_in_process("restframe") == _patterns_in_process("rest_framework")
