"""Generic views and mixins through HTTP, byte for byte as DRF 3.18 answers, sync and async.

``sync`` requests DRF's concrete views through Django's WSGI test handler; ``async`` requests
their ``async def`` twins (handlers calling ``alist``/``acreate``/...) through the ASGI handler,
where they run on the event loop. Every case must give the same status, headers, body and
number of SQL queries in both modes, and the same as DRF (observed by running DRF 3.18).
"""

import uuid

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext, override_settings

from restframe import generics, mixins
from restframe.test import APIClient, APIRequestFactory, AsyncAPIClient
from tests.models_generics import GenericNote, GenericSnippet, GenericToken
from tests.urls_generics import (
    NotedSnippetSerializer,
    SnippetDetail,
    SnippetList,
    SnippetSerializer,
    TinyPagination,
)

pytestmark = [pytest.mark.urls("tests.urls_generics"), pytest.mark.django_db]

MODES = ["sync", "async"]
DETAIL_ALLOW = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"
LIST_ALLOW = "GET, POST, HEAD, OPTIONS"


def call(mode, method, path, data=None, user=None, **kwargs):
    """One request to ``/<mode>/<path>``; JSON bodies unless told otherwise."""
    if data is not None:
        kwargs["data"] = data
        if method not in ("get", "head"):
            kwargs.setdefault("format", "json")
    client_class = APIClient if mode == "sync" else AsyncAPIClient
    client = client_class(raise_request_exception=False)
    if user is not None:
        client.force_authenticate(user)
    send = getattr(client, method)
    if mode == "async":
        send = async_to_sync(send)
    return send(f"/{mode}/{path}", **kwargs)


def counted(mode, method, path, **kwargs):
    """The response and the SQL statements it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = call(mode, method, path, **kwargs)
    return response, [query["sql"] for query in queries.captured_queries]


@pytest.fixture
def snippets():
    return [GenericSnippet.objects.create(title=title) for title in ("a", "b", "c")]


# --- list / create -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_list(mode, snippets):
    response, queries = counted(mode, "get", "snippets/")
    assert response.status_code == 200
    assert response.content == (
        b'[{"id":%d,"title":"a"},{"id":%d,"title":"b"},{"id":%d,"title":"c"}]'
        % tuple(s.pk for s in snippets)
    )
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == LIST_ALLOW
    assert len(queries) == 1  # DRF: one SELECT


@pytest.mark.parametrize("mode", MODES)
def test_list_empty(mode):
    response = call(mode, "get", "list/")
    assert (response.status_code, response.content) == (200, b"[]")
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("mode", MODES)
def test_list_of_a_plain_iterable_queryset(mode):
    response, queries = counted(mode, "get", "list-queryset/")
    assert response.content == b'[{"id":1,"title":"a"},{"id":2,"title":"b"}]'
    assert queries == []


@pytest.mark.parametrize("mode", MODES)
def test_create(mode):
    response, queries = counted(mode, "post", "snippets/", data={"title": "new"})
    snippet = GenericSnippet.objects.get()
    assert response.status_code == 201
    assert response.content == b'{"id":%d,"title":"new"}' % snippet.pk
    assert response["Allow"] == LIST_ALLOW
    assert "Location" not in response  # no `url` member in the data
    assert len(queries) == 1  # DRF: one INSERT
    assert queries[0].startswith("INSERT")


@pytest.mark.parametrize("mode", MODES)
def test_create_invalid_is_400_without_queries(mode):
    response, queries = counted(mode, "post", "create/", data={})
    assert response.status_code == 400
    assert response.content == b'{"title":["This field is required."]}'
    assert queries == []
    too_long = call(mode, "post", "create/", data={"title": "x" * 30})
    assert too_long.status_code == 400
    assert too_long.content == b'{"title":["Ensure this field has no more than 20 characters."]}'
    assert not GenericSnippet.objects.exists()


@pytest.mark.parametrize("mode", MODES)
def test_create_form_encoded(mode):
    response = call(mode, "post", "create/", data={"title": "form"}, format="multipart")
    assert response.status_code == 201
    assert GenericSnippet.objects.get().title == "form"


@pytest.mark.parametrize("mode", MODES)
def test_create_sets_location_from_the_url_member(mode):
    response = call(mode, "post", "linked/", data={"title": "x"})
    pk = GenericSnippet.objects.get().pk
    assert response.status_code == 201
    assert response["Location"] == f"http://testserver/snippets/{pk}/"
    assert response.content == (
        b'{"id":%d,"title":"x","url":"http://testserver/snippets/%d/"}' % (pk, pk)
    )


@pytest.mark.parametrize("mode", MODES)
def test_location_follows_the_url_field_name_setting(mode):
    with override_settings(REST_FRAMEWORK={"URL_FIELD_NAME": "link"}):
        response = call(mode, "post", "link/", data={"title": "x"})
    pk = GenericSnippet.objects.get().pk
    assert response["Location"] == f"/snippets/{pk}/"
    response = call(mode, "post", "link/", data={"title": "y"})
    assert "Location" not in response  # `url` is the default name; the data has `link`


def test_get_success_headers():
    view = mixins.CreateModelMixin()
    assert view.get_success_headers({"url": "/x/"}) == {"Location": "/x/"}
    assert view.get_success_headers({"url": 5}) == {"Location": "5"}
    assert view.get_success_headers({"url": None}) == {"Location": "None"}  # as DRF
    assert view.get_success_headers({"id": 1}) == {}
    assert view.get_success_headers([1, 2]) == {}  # a list: TypeError, no header
    assert view.get_success_headers(None) == {}


# --- retrieve / 404s -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_retrieve(mode, snippets):
    pk = snippets[1].pk
    response, queries = counted(mode, "get", f"snippets/{pk}/")
    assert (response.status_code, response.content) == (200, b'{"id":%d,"title":"b"}' % pk)
    assert response["Allow"] == DETAIL_ALLOW
    assert len(queries) == 1  # DRF: one SELECT ... LIMIT 21


NOT_FOUND = b'{"detail":"No GenericSnippet matches the given query."}'
BARE_NOT_FOUND = b'{"detail":"Not found."}'


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("pk", "body", "query_count"),
    [
        ("999", NOT_FOUND, 1),  # a well-formed key that is not there
        ("abc", BARE_NOT_FOUND, 0),  # not a number: ValueError → bare 404, as DRF
        ("1.5", BARE_NOT_FOUND, 0),
        ("99999999999999999999", NOT_FOUND, 0),  # out of the column's range, as DRF
        ("-99999999999999999999", NOT_FOUND, 0),
        ("9" * 400, NOT_FOUND, 0),
    ],
)
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_missing_or_unusable_pk_is_404(mode, pk, body, query_count, method, snippets):
    kwargs = {"data": {"title": "z"}} if method in ("put", "patch") else {}
    response, queries = counted(mode, method, f"snippets/{pk}/", **kwargs)
    assert response.status_code == 404
    assert response.content == body
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == DETAIL_ALLOW
    assert len(queries) == query_count
    assert GenericSnippet.objects.count() == 3


@pytest.mark.parametrize("mode", MODES)
def test_uuid_lookup(mode):
    token = GenericToken.objects.create(name="t")
    response = call(mode, "get", f"tokens/{token.key}/")
    assert response.content == b'{"key":"%s","name":"t"}' % str(token.key).encode()
    malformed = call(mode, "get", "tokens/not-a-uuid/")
    assert (malformed.status_code, malformed.content) == (404, BARE_NOT_FOUND)
    missing = call(mode, "get", f"tokens/{uuid.uuid4()}/")
    assert missing.status_code == 404
    assert missing.content == b'{"detail":"No GenericToken matches the given query."}'


@pytest.mark.parametrize("mode", MODES)
def test_lookup_field_and_lookup_url_kwarg(mode, snippets):
    response = call(mode, "get", "by-title/c/")
    assert response.content == b'{"id":%d,"title":"c"}' % snippets[2].pk
    assert call(mode, "get", "by-title/zz/").status_code == 404


# --- update --------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_put(mode, snippets):
    pk = snippets[0].pk
    response, queries = counted(mode, "put", f"snippets/{pk}/", data={"title": "z"})
    assert (response.status_code, response.content) == (200, b'{"id":%d,"title":"z"}' % pk)
    assert len(queries) == 2  # DRF: SELECT + UPDATE
    assert queries[1].startswith("UPDATE")
    assert GenericSnippet.objects.get(pk=pk).title == "z"


@pytest.mark.parametrize("mode", MODES)
def test_put_requires_every_field_patch_does_not(mode, snippets):
    pk = snippets[0].pk
    put, queries = counted(mode, "put", f"snippets/{pk}/", data={})
    assert (put.status_code, put.content) == (400, b'{"title":["This field is required."]}')
    assert len(queries) == 1  # the SELECT, no UPDATE
    patch, queries = counted(mode, "patch", f"snippets/{pk}/", data={})
    assert (patch.status_code, patch.content) == (200, b'{"id":%d,"title":"a"}' % pk)
    assert len(queries) == 2


@pytest.mark.parametrize("mode", MODES)
def test_patch(mode, snippets):
    pk = snippets[0].pk
    response, queries = counted(mode, "patch", f"update/{pk}/", data={"title": "y"})
    assert (response.status_code, response.content) == (200, b'{"id":%d,"title":"y"}' % pk)
    assert len(queries) == 2
    invalid = call(mode, "patch", f"update/{pk}/", data={"title": "y" * 30})
    assert invalid.status_code == 400
    assert invalid.content == b'{"title":["Ensure this field has no more than 20 characters."]}'
    assert GenericSnippet.objects.get(pk=pk).title == "y"


@pytest.mark.parametrize("mode", MODES)
def test_update_drops_stale_prefetched_relations(mode, snippets, monkeypatch):
    snippet = snippets[0]
    GenericNote.objects.create(snippet=snippet, text="one")
    response, queries = counted(mode, "get", f"noted/{snippet.pk}/")
    assert response.content == b'{"id":%d,"title":"a","notes":["one"]}' % snippet.pk
    assert len(queries) == 2  # the snippet, then its prefetched notes

    # A save that changes a prefetched relation: the response must show the new state.
    original = NotedSnippetSerializer.update

    def update(self, instance, validated_data):
        GenericNote.objects.create(snippet=instance, text="two")
        return original(self, instance, validated_data)

    monkeypatch.setattr(NotedSnippetSerializer, "update", update)
    response = call(mode, "patch", f"noted/{snippet.pk}/", data={"title": "b"})
    assert response.content == b'{"id":%d,"title":"b","notes":["one","two"]}' % snippet.pk


# --- destroy -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_delete(mode, snippets):
    pk = snippets[0].pk
    response, queries = counted(mode, "delete", f"snippets/{pk}/")
    assert response.status_code == 204
    assert response.content == b""
    assert response["Allow"] == DETAIL_ALLOW
    # As under DRF: the SELECT, then Django's collector deletes the notes, then the snippet.
    assert len(queries) == 3
    assert queries[1].startswith('DELETE FROM "tests_genericnote"')
    assert queries[2].startswith('DELETE FROM "tests_genericsnippet"')
    assert not GenericSnippet.objects.filter(pk=pk).exists()
    again = call(mode, "delete", f"snippets/{pk}/")
    assert (again.status_code, again.content) == (404, NOT_FOUND)


# --- every concrete view: its methods, its Allow header, its 405s --------------------------

CONCRETE = [
    ("create/", "POST, OPTIONS", {"post": 201}),
    ("list/", "GET, HEAD, OPTIONS", {"get": 200}),
    ("retrieve/{pk}/", "GET, HEAD, OPTIONS", {"get": 200}),
    ("destroy/{pk}/", "DELETE, OPTIONS", {"delete": 204}),
    ("update/{pk}/", "PUT, PATCH, OPTIONS", {"put": 200, "patch": 200}),
    ("snippets/", LIST_ALLOW, {"get": 200, "post": 201}),
    (
        "retrieve-update/{pk}/",
        "GET, PUT, PATCH, HEAD, OPTIONS",
        {"get": 200, "put": 200, "patch": 200},
    ),
    ("retrieve-destroy/{pk}/", "GET, DELETE, HEAD, OPTIONS", {"get": 200, "delete": 204}),
    ("snippets/{pk}/", DETAIL_ALLOW, {"get": 200, "put": 200, "patch": 200, "delete": 204}),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("route", "allow", "allowed"), CONCRETE)
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_concrete_view_methods(mode, route, allow, allowed, method, snippets):
    pk = snippets[0].pk
    path = route.format(pk=pk)
    response, queries = counted(mode, method, path, data={"title": "q"})
    assert response["Allow"] == allow
    if method in allowed:
        assert response.status_code == allowed[method]
        detail = "{pk}" in route
        if method == "delete":
            expected, query_count = b"", 3  # SELECT, cascade to notes, DELETE
        elif method == "post":
            new_pk = GenericSnippet.objects.get(title="q").pk
            expected, query_count = b'{"id":%d,"title":"q"}' % new_pk, 1
        elif method in ("put", "patch"):
            expected, query_count = b'{"id":%d,"title":"q"}' % pk, 2
        elif detail:
            expected, query_count = b'{"id":%d,"title":"a"}' % pk, 1
        else:
            expected = b"[%s]" % b",".join(
                b'{"id":%d,"title":"%s"}' % (s.pk, s.title.encode()) for s in snippets
            )
            query_count = 1
        assert response.content == expected
        assert len(queries) == query_count
    else:
        assert queries == []
        assert response.status_code == 405
        assert response.content == b'{"detail":"Method \\"%s\\" not allowed."}' % (
            method.upper().encode()
        )


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("route", "allow", "allowed"), CONCRETE)
def test_concrete_view_options(mode, route, allow, allowed, snippets):
    response = call(mode, "options", route.format(pk=snippets[0].pk))
    assert response.status_code == 200
    assert response["Allow"] == allow


@pytest.mark.parametrize("mode", MODES)
def test_head_on_a_list(mode, snippets):
    response = call(mode, "head", "list/")
    assert response.status_code == 200


# --- object permissions --------------------------------------------------------------------

DENIED = b'{"detail":"You do not have permission to perform this action."}'
ANONYMOUS = b'{"detail":"Authentication credentials were not provided."}'


@pytest.fixture
def user():
    return User.objects.create_user("ada")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_object_permission_denied_is_403(mode, method, user):
    secret = GenericSnippet.objects.create(title="secret")
    kwargs = {"data": {"title": "z"}} if method in ("put", "patch") else {}
    response, queries = counted(mode, method, f"guarded/{secret.pk}/", user=user, **kwargs)
    assert response.status_code == 403
    assert response.content == DENIED
    assert len(queries) == 1  # the look-up, nothing written
    assert GenericSnippet.objects.get(pk=secret.pk).title == "secret"
    # Anonymous: DRF's permission_denied asks for credentials instead (403 under session auth).
    anonymous = call(mode, method, f"guarded/{secret.pk}/", **kwargs)
    assert (anonymous.status_code, anonymous.content) == (403, ANONYMOUS)


@pytest.mark.parametrize("mode", MODES)
def test_object_permission_granted(mode, snippets):
    response = call(mode, "get", f"guarded/{snippets[0].pk}/")
    assert response.status_code == 200
    # A missing object is a 404 before any object permission is asked.
    assert call(mode, "get", "guarded/999/").content == NOT_FOUND


# --- filtering and pagination --------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_filter_backends_narrow_lists_and_lookups(mode, snippets):
    response = call(mode, "get", "filtered/", {"title": "b"})
    assert response.content == b'[{"id":%d,"title":"b"}]' % snippets[1].pk
    pk = snippets[1].pk
    found = call(mode, "get", f"filtered/{pk}/", {"title": "b"})
    assert (found.status_code, found.content) == (200, b'{"id":%d,"title":"b"}' % pk)
    filtered_out = call(mode, "get", f"filtered/{pk}/", {"title": "c"})
    assert (filtered_out.status_code, filtered_out.content) == (404, NOT_FOUND)


@pytest.mark.parametrize("mode", MODES)
def test_pagination(mode, snippets):
    response, queries = counted(mode, "get", "paged/")
    assert response.status_code == 200
    assert response.content == (
        b'{"count":3,"results":[{"id":%d,"title":"a"},{"id":%d,"title":"b"}]}'
        % (snippets[0].pk, snippets[1].pk)
    )
    assert len(queries) == 2  # COUNT + SELECT


@pytest.mark.parametrize("mode", MODES)
def test_settings_reach_views_declared_before_them(mode, snippets):
    assert call(mode, "get", "settings-driven/").content.startswith(b"[")
    with override_settings(
        REST_FRAMEWORK={
            "DEFAULT_FILTER_BACKENDS": ["tests.urls_generics.TitleFilter"],
            "DEFAULT_PAGINATION_CLASS": "tests.urls_generics.TinyPagination",
        }
    ):
        response = call(mode, "get", "settings-driven/", {"title": "c"})
    assert response.content == b'{"count":1,"results":[{"id":%d,"title":"c"}]}' % snippets[2].pk
    assert call(mode, "get", "settings-driven/", {"title": "c"}).content.startswith(b"[")


def test_policy_attribute_defaults():
    assert generics.GenericAPIView.queryset is None
    assert generics.GenericAPIView.serializer_class is None
    assert generics.GenericAPIView.lookup_field == "pk"
    assert generics.GenericAPIView.lookup_url_kwarg is None
    assert generics.GenericAPIView.filter_backends == []
    assert generics.GenericAPIView.pagination_class is None
    with override_settings(
        REST_FRAMEWORK={"DEFAULT_PAGINATION_CLASS": "tests.urls_generics.TinyPagination"}
    ):
        assert SnippetList.pagination_class is TinyPagination
    # A subclass or as_view() still overrides the settings.
    view = SnippetList(pagination_class=None, filter_backends=[])
    assert view.pagination_class is None


# --- GenericAPIView's own methods ----------------------------------------------------------


def make_view(view_class, method="get", **kwargs):
    request = getattr(APIRequestFactory(), method)("/")
    view = view_class()
    view.setup(request, **kwargs)
    view.request = view.initialize_request(request, **kwargs)
    view.format_kwarg = None
    view.kwargs = kwargs
    return view


def test_get_queryset_is_a_fresh_clone_each_time(snippets):
    view = make_view(SnippetList)
    first, second = view.get_queryset(), view.get_queryset()
    assert first is not SnippetList.queryset and first is not second
    assert list(first) == snippets


def test_class_queryset_may_not_be_evaluated_directly():
    SnippetList.as_view()
    with pytest.raises(RuntimeError, match="Do not evaluate the `.queryset` attribute directly"):
        list(SnippetList.queryset)


def test_serializer_context_and_class():
    view = make_view(SnippetList)
    assert view.get_serializer_class() is SnippetSerializer
    context = view.get_serializer_context()
    assert context == {"request": view.request, "format": None, "view": view}
    serializer = view.get_serializer(data={"title": "x"})
    assert isinstance(serializer, SnippetSerializer)
    assert serializer.context == context
    explicit = view.get_serializer(context={"mine": True})
    assert explicit.context == {"mine": True}


def test_paginator_is_made_once_and_none_without_pagination():
    view = make_view(SnippetList)
    assert view.paginator is None
    assert view.paginate_queryset([1, 2]) is None
    with pytest.raises(AssertionError):
        view.get_paginated_response([])
    paged = SnippetList(pagination_class=TinyPagination)
    assert isinstance(paged.paginator, TinyPagination)
    assert paged.paginator is paged.paginator


def test_get_object_checks_object_permissions(snippets):
    view = make_view(SnippetDetail, pk=str(snippets[0].pk))
    assert view.get_object() == snippets[0]
    checked = []
    view.check_object_permissions = lambda request, obj: checked.append(obj)
    view.get_object()
    assert checked == [snippets[0]]


CONFIG_ERRORS = [
    (
        "no-queryset/",
        "'{prefix}NoQueryset' should either include a `queryset` attribute, or override the "
        "`get_queryset()` method.",
    ),
    (
        "no-serializer/",
        "'{prefix}NoSerializer' should either include a `serializer_class` attribute, or "
        "override the `get_serializer_class()` method.",
    ),
    (
        "wrong-kwarg/1/",
        'Expected view {prefix}WrongKwarg to be called with a URL keyword argument named "pk". Fix '
        "your URL conf, or set the `.lookup_field` attribute on the view correctly.",
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("path", "message"), CONFIG_ERRORS)
def test_configuration_errors_are_drf_assertions(mode, path, message):
    client = APIClient() if mode == "sync" else AsyncAPIClient()
    prefix = f"/{mode}/"
    send = client.get if mode == "sync" else async_to_sync(client.get)
    with pytest.raises(AssertionError) as caught:
        send(prefix + path)
    assert str(caught.value) == message.format(prefix="" if mode == "sync" else "Async")
    assert isinstance(caught.value, ImproperlyConfigured)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("path", "message"), CONFIG_ERRORS)
def test_configuration_errors_are_500s_without_details(mode, path, message):
    response = call(mode, "get", path)
    assert response.status_code == 500
    assert b"should either include" not in response.content
    assert b"Expected view" not in response.content


# --- get_object_or_404 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["abc", "1.5", None, [], "99999999999999999999", "-99999999999999999999"]
)
def test_get_object_or_404_turns_unusable_values_into_404(value, snippets):
    with pytest.raises(Http404):
        generics.get_object_or_404(GenericSnippet.objects.all(), pk=value)


@pytest.mark.parametrize("error", [OverflowError, TypeError, ValueError])
def test_get_object_or_404_turns_database_conversion_errors_into_404(error, monkeypatch):
    # e.g. SQLite's "Python int too large to convert to SQLite INTEGER" on a lookup that
    # Django does not range-check itself.
    def get(self, *args, **kwargs):
        raise error("cannot bind")

    monkeypatch.setattr(type(GenericSnippet.objects.all()), "get", get)
    with pytest.raises(Http404) as caught:
        generics.get_object_or_404(GenericSnippet.objects.all(), pk=1)
    assert caught.value.args == ()


def test_get_object_or_404_messages(snippets):
    with pytest.raises(Http404) as bare:
        generics.get_object_or_404(GenericSnippet.objects.all(), pk="abc")
    assert bare.value.args == ()
    with pytest.raises(Http404) as named:
        generics.get_object_or_404(GenericSnippet, pk=999)
    assert named.value.args == ("No GenericSnippet matches the given query.",)
    assert generics.get_object_or_404(GenericSnippet, title="b") == snippets[1]
    with pytest.raises(Http404):
        generics.get_object_or_404(GenericToken.objects.all(), key="nope")


def test_aget_object_or_404(snippets):
    pk = str(snippets[0].pk)
    found = async_to_sync(generics.aget_object_or_404)(GenericSnippet.objects.all(), pk=pk)
    assert found == snippets[0]
    for value in ("abc", "99999999999999999999", "999"):
        with pytest.raises(Http404):
            async_to_sync(generics.aget_object_or_404)(GenericSnippet.objects.all(), pk=value)


def test_generic_views_are_subscriptable_at_runtime():
    assert generics.GenericAPIView[GenericSnippet] is generics.GenericAPIView
    assert generics.ListAPIView[GenericSnippet] is generics.ListAPIView

    class Typed(generics.RetrieveAPIView[GenericSnippet]):
        queryset = GenericSnippet.objects.all()

    assert Typed.__mro__[1] is generics.RetrieveAPIView


def test_public_names():
    assert set(generics.__all__) >= {
        "GenericAPIView",
        "get_object_or_404",
        "CreateAPIView",
        "ListAPIView",
        "RetrieveAPIView",
        "DestroyAPIView",
        "UpdateAPIView",
        "ListCreateAPIView",
        "RetrieveUpdateAPIView",
        "RetrieveDestroyAPIView",
        "RetrieveUpdateDestroyAPIView",
    }
    assert set(mixins.__all__) == {
        "CreateModelMixin",
        "ListModelMixin",
        "RetrieveModelMixin",
        "UpdateModelMixin",
        "DestroyModelMixin",
    }
    mro = [k.__name__ for k in generics.RetrieveUpdateDestroyAPIView.__mro__]
    assert mro[:5] == [
        "RetrieveUpdateDestroyAPIView",
        "RetrieveModelMixin",
        "UpdateModelMixin",
        "DestroyModelMixin",
        "GenericAPIView",
    ]
    assert not SnippetDetail.view_is_async


# --- names and descriptions (what OPTIONS and the browsable API show) ----------------------


@pytest.mark.parametrize(
    ("view_class", "name", "description"),
    [
        (
            generics.GenericAPIView,
            "Generic Api",
            "An APIView that works on a queryset through a serializer: "
            "the base of every generic view.",
        ),
        (generics.CreateAPIView, "Create Api", "POST creates one object."),
        (generics.ListAPIView, "List Api", "GET lists the queryset, paginated and filtered."),
        (
            generics.RetrieveAPIView,
            "Retrieve Api",
            "GET shows one object.",
        ),
        (generics.DestroyAPIView, "Destroy Api", "DELETE removes one object."),
        (
            generics.UpdateAPIView,
            "Update Api",
            "PUT replaces one object; PATCH changes part of it.",
        ),
        (
            generics.ListCreateAPIView,
            "List Create Api",
            "GET lists the queryset; POST adds to it.",
        ),
        (
            generics.RetrieveUpdateAPIView,
            "Retrieve Update Api",
            "GET shows one object; PUT and PATCH change it.",
        ),
        (
            generics.RetrieveDestroyAPIView,
            "Retrieve Destroy Api",
            "GET shows one object; DELETE removes it.",
        ),
        (
            generics.RetrieveUpdateDestroyAPIView,
            "Retrieve Update Destroy Api",
            "GET shows one object; PUT and PATCH change it; DELETE removes it.",
        ),
    ],
)
def test_view_names_and_descriptions_as_drf(view_class, name, description):
    view = view_class()
    assert view.get_view_name() == name
    assert view.get_view_description() == description
    # A project's subclass without a docstring describes itself as nothing, as in DRF.
    assert type("Mine", (view_class,), {})().get_view_description() == ""


def test_concrete_view_used_directly_through_the_request_factory(snippets):
    view = generics.ListAPIView.as_view(
        queryset=GenericSnippet.objects.all(), serializer_class=SnippetSerializer
    )
    response = view(APIRequestFactory().get("/"))
    response.render()
    assert response.status_code == 200
    assert response.content.startswith(b'[{"id":%d,"title":"a"}' % snippets[0].pk)
    options = view(APIRequestFactory().options("/"))
    options.render()
    assert options.content.startswith(
        b'{"name":"List Api","description":"GET lists the queryset, paginated and filtered."'
    )


def test_async_view_through_the_request_factory(snippets):
    from tests.urls_generics import ASYNC_VIEWS

    view = ASYNC_VIEWS[SnippetDetail].as_view()
    request = APIRequestFactory().get("/")
    response = async_to_sync(view)(request, pk=str(snippets[1].pk))
    response.render()
    assert (response.status_code, response.content) == (
        200,
        b'{"id":%d,"title":"b"}' % snippets[1].pk,
    )
