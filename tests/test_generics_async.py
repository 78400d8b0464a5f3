"""restframe beyond DRF: generic views with ``async def`` handlers.

The async actions (adrf's names: ``alist``, ``acreate``, ``aretrieve``, ``aupdate``,
``partial_aupdate``, ``adestroy``) keep every query off the event loop — Django raises
``SynchronousOnlyOperation`` (a 500 here) otherwise — use a policy's or serializer's own async
methods when it has them, and still honour a DRF-style sync override of a hook.
"""

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path

from restframe import generics, mixins
from restframe.filters import OrderingFilter, SearchFilter
from restframe.pagination import PageNumberPagination
from restframe.response import Response
from restframe.test import APIClient, AsyncAPIClient
from tests.models_generics import GenericSnippet
from tests.urls_generics import PlainSnippetSerializer as SnippetSerializer
from tests.urls_generics import TinyPagination, async_variant

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]

# Every call a policy or serializer saw, in order, so a test can tell which twin ran.
SEEN: list[str] = []


@pytest.fixture(autouse=True)
def _clear_seen():
    SEEN.clear()


def send(method, url, **kwargs):
    if "data" in kwargs:
        kwargs.setdefault("format", "json")
    client = AsyncAPIClient(raise_request_exception=False)
    with CaptureQueriesContext(connection) as queries:
        response = async_to_sync(getattr(client, method))(url, **kwargs)
    return response, len(queries.captured_queries)


@pytest.fixture
def snippets():
    return [GenericSnippet.objects.create(title=title) for title in ("a", "b", "c")]


# --- policies with async twins ---------------------------------------------------------------


class AsyncPagination(TinyPagination):
    async def apaginate_queryset(self, queryset, request, view=None):
        SEEN.append("apaginate_queryset")
        self.count = await queryset.acount()
        return [item async for item in queryset[: self.page_size]]

    async def aget_paginated_response(self, data):
        SEEN.append("aget_paginated_response")
        return self.get_paginated_response(data)


class AsyncTitleFilter:
    def filter_queryset(self, request, queryset, view):  # pragma: no cover - must not run
        raise AssertionError("the async twin should have been used")

    async def afilter_queryset(self, request, queryset, view):
        SEEN.append("afilter_queryset")
        title = request.query_params.get("title")
        return queryset.filter(title=title) if title else queryset


class BlockingTitleFilter:
    """Queries the database while filtering (as django-filter's model choices do)."""

    def filter_queryset(self, request, queryset, view):
        SEEN.append("filter_queryset")
        title = request.query_params.get("title")
        if title and not GenericSnippet.objects.filter(title=title).exists():
            return queryset.none()
        return queryset.filter(title=title) if title else queryset


class AsyncPaged(generics.ListAPIView):
    queryset = GenericSnippet.objects.all()
    serializer_class = SnippetSerializer
    pagination_class = AsyncPagination
    filter_backends = [AsyncTitleFilter]

    async def get(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)


class AsyncBlockingFiltered(generics.RetrieveAPIView):
    queryset = GenericSnippet.objects.all()
    serializer_class = SnippetSerializer
    filter_backends = [BlockingTitleFilter]

    async def get(self, request, *args, **kwargs):
        return await self.aretrieve(request, *args, **kwargs)


class AsyncSyncPaginated(generics.ListAPIView):
    """A paginator with only DRF's sync method: it runs in a thread."""

    queryset = GenericSnippet.objects.all()
    serializer_class = SnippetSerializer
    pagination_class = TinyPagination

    async def get(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)


def test_async_paginator_and_filter_twins_are_awaited(snippets):
    response, queries = send("get", "/paged/")
    assert response.status_code == 200
    assert response.content == (
        b'{"count":3,"results":[{"id":%d,"title":"a"},{"id":%d,"title":"b"}]}'
        % (snippets[0].pk, snippets[1].pk)
    )
    assert queries == 2
    assert SEEN == ["afilter_queryset", "apaginate_queryset", "aget_paginated_response"]
    filtered, _ = send("get", "/paged/", data={"title": "c"})
    assert filtered.content == b'{"count":1,"results":[{"id":%d,"title":"c"}]}' % snippets[2].pk


def test_sync_paginator_runs_off_the_loop(snippets):
    response, queries = send("get", "/sync-paged/")
    assert response.content.startswith(b'{"count":3,"results":[{"id":')
    assert queries == 2


def test_blocking_filter_backend_runs_off_the_loop(snippets):
    pk = snippets[1].pk
    response, queries = send("get", f"/blocking/{pk}/", data={"title": "b"})
    assert (response.status_code, response.content) == (200, b'{"id":%d,"title":"b"}' % pk)
    assert SEEN == ["filter_queryset"]
    assert queries == 2
    missing, _ = send("get", f"/blocking/{pk}/", data={"title": "zz"})
    assert missing.status_code == 404


class SmallPages(PageNumberPagination):
    page_size = 2


class SyncOverridePages(SmallPages):
    """Overrides only DRF's sync method: the inherited async twin must not bypass it."""

    def paginate_queryset(self, queryset, request, view=None):
        SEEN.append("paginate_queryset")
        return super().paginate_queryset(queryset, request, view)


class BuiltinPaged(generics.ListAPIView):
    queryset = GenericSnippet.objects.all()
    serializer_class = SnippetSerializer
    pagination_class = SmallPages
    filter_backends = [SearchFilter, OrderingFilter]
    search_fields = ["title"]
    ordering_fields = ["title"]


AsyncBuiltinPaged = async_variant(BuiltinPaged)
AsyncSyncOverridePaged = async_variant(
    type("SyncOverridePaged", (BuiltinPaged,), {"pagination_class": SyncOverridePages})
)


@pytest.mark.parametrize("url", ["/sync/builtin-paged/", "/builtin-paged/"])
def test_builtin_pagination_and_filters_same_in_both_modes(url, snippets):
    if url.startswith("/sync/"):
        client = APIClient()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"ordering": "-title", "page": 2})
        queries = len(captured.captured_queries)
    else:
        response, queries = send("get", url, data={"ordering": "-title", "page": 2})
    assert response.status_code == 200
    assert response.content == (
        b'{"count":3,"next":null,"previous":"http://testserver%s?ordering=-title",'
        b'"results":[{"id":%d,"title":"a"}]}' % (url.encode(), snippets[0].pk)
    )
    assert queries == 2  # COUNT + SELECT, as DRF


def test_sync_override_of_a_builtin_paginator_is_honoured(snippets):
    response, _ = send("get", "/sync-override-paged/")
    assert response.status_code == 200
    assert SEEN == ["paginate_queryset"]


# --- a DRF-style sync override still runs on an async view ------------------------------------


class Overrides(generics.RetrieveUpdateDestroyAPIView, generics.ListCreateAPIView):
    queryset = GenericSnippet.objects.all()
    serializer_class = SnippetSerializer

    def perform_create(self, serializer):
        SEEN.append("perform_create")
        serializer.save(owner="created-by-sync-hook")

    def perform_update(self, serializer):
        SEEN.append("perform_update")
        serializer.save(owner="updated-by-sync-hook")

    def perform_destroy(self, instance):
        SEEN.append("perform_destroy")
        instance.title = "kept"
        instance.save()

    def check_object_permissions(self, request, obj):
        SEEN.append("check_object_permissions")
        super().check_object_permissions(request, obj)


AsyncOverrides = async_variant(Overrides)


class AsyncGetObjectOverride(generics.RetrieveAPIView):
    serializer_class = SnippetSerializer

    def get_object(self):
        SEEN.append("get_object")
        return GenericSnippet.objects.order_by("-id").first()

    async def get(self, request, *args, **kwargs):
        return await self.aretrieve(request, *args, **kwargs)


class AsyncListOverride(generics.ListAPIView):
    queryset = GenericSnippet.objects.all()
    serializer_class = SnippetSerializer

    def list(self, request, *args, **kwargs):
        SEEN.append("list")
        return Response({"count": self.get_queryset().count()})

    def paginate_queryset(self, queryset):  # pragma: no cover - list() is overridden
        raise AssertionError

    async def get(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)


def test_sync_perform_create_override_runs(snippets):
    response, queries = send("post", "/overrides/", data={"title": "n"})
    assert response.status_code == 201
    assert SEEN == ["perform_create"]
    assert GenericSnippet.objects.get(title="n").owner == "created-by-sync-hook"
    assert queries == 1


def test_sync_perform_update_and_object_permission_overrides_run(snippets):
    pk = snippets[0].pk
    response, queries = send("patch", f"/overrides/{pk}/", data={"title": "p"})
    assert (response.status_code, response.content) == (200, b'{"id":%d,"title":"p"}' % pk)
    assert SEEN == ["check_object_permissions", "perform_update"]
    assert GenericSnippet.objects.get(pk=pk).owner == "updated-by-sync-hook"
    assert queries == 2


def test_sync_perform_destroy_override_runs(snippets):
    pk = snippets[0].pk
    response, _ = send("delete", f"/overrides/{pk}/")
    assert response.status_code == 204
    assert SEEN == ["check_object_permissions", "perform_destroy"]
    assert GenericSnippet.objects.get(pk=pk).title == "kept"


def test_sync_get_object_override_runs(snippets):
    response, _ = send("get", "/get-object/")
    assert response.content == b'{"id":%d,"title":"c"}' % snippets[2].pk
    assert SEEN == ["get_object"]


def test_sync_action_override_runs(snippets):
    response, _ = send("get", "/list-override/")
    assert response.content == b'{"count":3}'
    assert SEEN == ["list"]


class AsyncNamedActions(generics.ListAPIView):
    """Actions overridden by ``async def`` wrappers of their twins (as async viewsets do)."""

    queryset = GenericSnippet.objects.all()
    serializer_class = SnippetSerializer

    async def list(self, request, *args, **kwargs):
        SEEN.append("async list")
        return await self.alist(request, *args, **kwargs)

    async def get(self, request, *args, **kwargs):
        return await self.list(request, *args, **kwargs)


def test_an_async_override_of_an_action_is_not_a_sync_hook(snippets):
    response, queries = send("get", "/async-named/")
    assert response.content.startswith(b'[{"id":%d,"title":"a"}' % snippets[0].pk)
    assert SEEN == ["async list"]
    assert queries == 1
    assert AsyncNamedActions._sync_twin_overrides == frozenset()


def test_twins_are_decided_per_class():
    assert "perform_acreate" in AsyncOverrides._sync_twin_overrides
    assert "acheck_object_permissions" in AsyncOverrides._sync_twin_overrides
    assert "aget_object" not in AsyncOverrides._sync_twin_overrides
    assert generics.ListCreateAPIView._sync_twin_overrides == frozenset()
    assert AsyncPaged.view_is_async and AsyncOverrides.view_is_async


# --- serializers with async methods (adrf's ``ais_valid`` / ``asave`` / ``adata``) ------------


class AsyncAwareSerializer(SnippetSerializer):
    async def ais_valid(self, raise_exception=False):
        SEEN.append("ais_valid")
        return self.is_valid(raise_exception=raise_exception)

    async def asave(self, **kwargs):
        SEEN.append("asave")
        validated = {**self.validated_data, **kwargs}
        if self.instance is None:
            self.instance = await GenericSnippet.objects.acreate(**validated)
        else:
            for name, value in validated.items():
                setattr(self.instance, name, value)
            await self.instance.asave()
        return self.instance

    @property
    async def adata(self):
        SEEN.append("adata")
        return self.data


class AsyncAwareViews(generics.RetrieveUpdateDestroyAPIView, generics.ListCreateAPIView):
    queryset = GenericSnippet.objects.all()
    serializer_class = AsyncAwareSerializer


AsyncAware = async_variant(AsyncAwareViews)


def test_serializer_async_methods_are_used():
    response, queries = send("post", "/aware/", data={"title": "s"})
    pk = GenericSnippet.objects.get().pk
    assert (response.status_code, response.content) == (201, b'{"id":%d,"title":"s"}' % pk)
    assert SEEN == ["ais_valid", "asave", "adata"]
    assert queries == 1
    SEEN.clear()
    response, queries = send("put", f"/aware/{pk}/", data={"title": "t"})
    assert (response.status_code, response.content) == (200, b'{"id":%d,"title":"t"}' % pk)
    assert SEEN == ["ais_valid", "asave", "adata"]
    assert queries == 2
    invalid, _ = send("put", f"/aware/{pk}/", data={})
    assert (invalid.status_code, invalid.content) == (
        400,
        b'{"title":["This field is required."]}',
    )


class SyncSaveSerializer(AsyncAwareSerializer):
    """Overrides only DRF's sync ``save``: the inherited ``asave`` must not bypass it."""

    def save(self, **kwargs):
        SEEN.append("save")
        return super().save(**kwargs)


AsyncSyncSave = async_variant(
    type("SyncSaveViews", (AsyncAwareViews,), {"serializer_class": SyncSaveSerializer})
)


def test_a_sync_save_override_beats_an_inherited_asave():
    response, queries = send("post", "/sync-save/", data={"title": "s"})
    assert response.status_code == 201
    assert SEEN == ["ais_valid", "save", "adata"]
    assert queries == 1


# --- sync and async handlers do not mix ------------------------------------------------------


def test_mixing_a_sync_generic_handler_with_an_async_one_is_refused():
    with pytest.raises(ImproperlyConfigured, match="must either be all sync or all async"):

        class Mixed(generics.ListCreateAPIView):
            async def post(self, request, *args, **kwargs):  # pragma: no cover
                return await self.acreate(request, *args, **kwargs)


def test_async_mixin_methods_exist_under_adrf_names():
    assert all(
        hasattr(mixin, name)
        for mixin, names in [
            (mixins.ListModelMixin, ["alist"]),
            (mixins.CreateModelMixin, ["acreate", "perform_acreate"]),
            (mixins.RetrieveModelMixin, ["aretrieve"]),
            (mixins.UpdateModelMixin, ["aupdate", "partial_aupdate", "perform_aupdate"]),
            (mixins.DestroyModelMixin, ["adestroy", "perform_adestroy"]),
        ]
        for name in names
    )
    for name in ["aget_object", "apaginate_queryset", "get_apaginated_response"]:
        assert hasattr(generics.GenericAPIView, name)


urlpatterns = [
    path("paged/", AsyncPaged.as_view()),
    path("sync/builtin-paged/", BuiltinPaged.as_view()),
    path("builtin-paged/", AsyncBuiltinPaged.as_view()),
    path("sync-override-paged/", AsyncSyncOverridePaged.as_view()),
    path("sync-paged/", AsyncSyncPaginated.as_view()),
    path("blocking/<pk>/", AsyncBlockingFiltered.as_view()),
    path("overrides/", AsyncOverrides.as_view()),
    path("overrides/<pk>/", AsyncOverrides.as_view()),
    path("get-object/", AsyncGetObjectOverride.as_view()),
    path("list-override/", AsyncListOverride.as_view()),
    path("async-named/", AsyncNamedActions.as_view()),
    path("aware/", AsyncAware.as_view()),
    path("aware/<pk>/", AsyncAware.as_view()),
    path("sync-save/", AsyncSyncSave.as_view()),
]
