"""Generic views for the generics tests: every concrete view, each in a sync and an async flavour.

``/sync/...`` serves DRF's concrete views as they are; ``/async/...`` serves subclasses whose
handlers are ``async def`` and call the mixins' async actions (``alist``, ``acreate``, ...).
"""

from django.urls import path

from restframe import generics, permissions, serializers
from restframe.response import Response
from tests.models_generics import GenericSnippet, GenericToken

# --- serializers ---


class SnippetSerializer(serializers.ModelSerializer):
    class Meta:
        model = GenericSnippet
        fields = ["id", "title"]


class PlainSnippetSerializer(serializers.Serializer):
    """The same fields without ModelSerializer, for tests about the views alone."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=20)

    def create(self, validated_data):
        return GenericSnippet.objects.create(**validated_data)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        return instance


class LinkedSnippetSerializer(SnippetSerializer):
    url = serializers.SerializerMethodField()

    class Meta(SnippetSerializer.Meta):
        fields = ["id", "title", "url"]

    def get_url(self, obj):
        return f"http://testserver/snippets/{obj.pk}/"


class LinkSnippetSerializer(SnippetSerializer):
    """Its URL member is named ``link``, for ``URL_FIELD_NAME = "link"``."""

    link = serializers.SerializerMethodField()

    class Meta(SnippetSerializer.Meta):
        fields = ["id", "title", "link"]

    def get_link(self, obj):
        return f"/snippets/{obj.pk}/"


class NotedSnippetSerializer(SnippetSerializer):
    notes = serializers.SerializerMethodField()

    class Meta(SnippetSerializer.Meta):
        fields = ["id", "title", "notes"]

    def get_notes(self, obj):
        return [note.text for note in obj.notes.all()]


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = GenericToken
        fields = ["key", "name"]
        read_only_fields = ["key"]


# --- policies ---


class NoSecrets(permissions.BasePermission):
    """Objects titled "secret" may not be touched."""

    def has_object_permission(self, request, view, obj):
        return obj.title != "secret"


class TitleFilter:
    """``?title=`` narrows the list."""

    def filter_queryset(self, request, queryset, view):
        title = request.query_params.get("title")
        return queryset.filter(title=title) if title else queryset


class TinyPagination:
    """Pages of two, with a count (a paginator with DRF's interface, no more)."""

    page_size = 2

    def paginate_queryset(self, queryset, request, view=None):
        self.count = queryset.count()
        return list(queryset[: self.page_size])

    def get_paginated_response(self, data):
        return Response({"count": self.count, "results": data})


# --- the views ---

SNIPPETS = GenericSnippet.objects.all()


class SnippetList(generics.ListCreateAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class SnippetDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class SnippetCreate(generics.CreateAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class SnippetListOnly(generics.ListAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class SnippetRetrieve(generics.RetrieveAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class SnippetDestroy(generics.DestroyAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class SnippetUpdate(generics.UpdateAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class SnippetRetrieveUpdate(generics.RetrieveUpdateAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class SnippetRetrieveDestroy(generics.RetrieveDestroyAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class TokenDetail(generics.RetrieveAPIView):
    queryset = GenericToken.objects.all()
    serializer_class = TokenSerializer
    lookup_field = "key"


class SnippetByTitle(generics.RetrieveAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer
    lookup_field = "title"
    lookup_url_kwarg = "name"


class GuardedSnippet(generics.RetrieveUpdateDestroyAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer
    permission_classes = [NoSecrets]


class LinkedCreate(generics.CreateAPIView):
    queryset = SNIPPETS
    serializer_class = LinkedSnippetSerializer


class LinkCreate(generics.CreateAPIView):
    queryset = SNIPPETS
    serializer_class = LinkSnippetSerializer


class PagedList(generics.ListAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer
    pagination_class = TinyPagination


class FilteredList(generics.ListCreateAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer
    filter_backends = [TitleFilter]


class FilteredDetail(generics.RetrieveAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer
    filter_backends = [TitleFilter]


class SettingsDrivenList(generics.ListAPIView):
    """Filter backends and pagination come from ``REST_FRAMEWORK`` (override_settings)."""

    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class NotedSnippet(generics.RetrieveUpdateAPIView):
    queryset = GenericSnippet.objects.prefetch_related("notes")
    serializer_class = NotedSnippetSerializer


class NoQueryset(generics.ListAPIView):
    serializer_class = SnippetSerializer


class NoSerializer(generics.ListAPIView):
    queryset = SNIPPETS


class WrongKwarg(generics.RetrieveAPIView):
    queryset = SNIPPETS
    serializer_class = SnippetSerializer


class ListQueryset(generics.ListAPIView):
    """``queryset`` may be any iterable, not only a QuerySet."""

    queryset = [{"id": 1, "title": "a"}, {"id": 2, "title": "b"}]
    serializer_class = SnippetSerializer


def _async_action(action):
    async def handler(self, request, *args, **kwargs):
        return await getattr(self, action)(request, *args, **kwargs)

    handler.__name__ = action
    return handler


def async_variant(view_class):
    """``view_class`` with each HTTP handler an ``async def`` calling the async action."""
    listing = hasattr(view_class, "list")
    actions = {
        "get": "alist" if listing else "aretrieve",
        "post": "acreate",
        "put": "aupdate",
        "patch": "partial_aupdate",
        "delete": "adestroy",
    }
    attrs = {
        method: _async_action(action)
        for method, action in actions.items()
        if hasattr(view_class, method)
    }
    attrs["__module__"] = __name__
    return type(f"Async{view_class.__name__}", (view_class,), attrs)


ROUTES = [
    ("snippets/", SnippetList),
    ("snippets/<pk>/", SnippetDetail),
    ("create/", SnippetCreate),
    ("list/", SnippetListOnly),
    ("retrieve/<pk>/", SnippetRetrieve),
    ("destroy/<pk>/", SnippetDestroy),
    ("update/<pk>/", SnippetUpdate),
    ("retrieve-update/<pk>/", SnippetRetrieveUpdate),
    ("retrieve-destroy/<pk>/", SnippetRetrieveDestroy),
    ("tokens/<key>/", TokenDetail),
    ("by-title/<name>/", SnippetByTitle),
    ("guarded/<pk>/", GuardedSnippet),
    ("linked/", LinkedCreate),
    ("link/", LinkCreate),
    ("paged/", PagedList),
    ("filtered/", FilteredList),
    ("filtered/<pk>/", FilteredDetail),
    ("settings-driven/", SettingsDrivenList),
    ("noted/<pk>/", NotedSnippet),
    ("no-queryset/", NoQueryset),
    ("no-serializer/", NoSerializer),
    ("wrong-kwarg/<id>/", WrongKwarg),
    ("list-queryset/", ListQueryset),
]

ASYNC_VIEWS = {view: async_variant(view) for _route, view in ROUTES}

urlpatterns = [path(f"sync/{route}", view.as_view()) for route, view in ROUTES] + [
    path(f"async/{route}", ASYNC_VIEWS[view].as_view()) for route, view in ROUTES
]
