"""URLs and views for ``tests/test_relations.py`` and ``tests/test_reverse.py``.

``build`` declares the same serializers and views against any DRF-compatible package, so the
views exist under ``rf/`` with restframe and under ``drf/`` with Django REST framework (when
installed), and a test can compare their bytes. The ``target-*`` routes are what hyperlinked
fields reverse and resolve.
"""

from __future__ import annotations

from types import ModuleType, SimpleNamespace
from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpResponse
from django.urls import include, path

from restframe import relations, response, serializers, views
from restframe.urlpatterns import format_suffix_patterns
from tests.models_relations import RelSource, RelTarget, RelUUIDTarget


def placeholder(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """The view behind URLs that are only reversed and resolved, never requested."""
    return HttpResponse("")


def build(relations: ModuleType, serializers: ModuleType, views: ModuleType, response: ModuleType):
    """The serializers and views of these tests, written against one package."""
    ns = SimpleNamespace()

    class SourceSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=50)
        target = relations.PrimaryKeyRelatedField(
            queryset=RelTarget.objects.all(), allow_null=True, required=False
        )
        targets = relations.PrimaryKeyRelatedField(
            queryset=RelTarget.objects.all(), many=True, required=False
        )
        target_name = relations.SlugRelatedField(
            source="target", slug_field="name", queryset=RelTarget.objects.all(), required=False
        )
        target_url = relations.HyperlinkedRelatedField(
            source="target",
            view_name="rel-target-detail",
            queryset=RelTarget.objects.all(),
            required=False,
        )
        target_urls = relations.HyperlinkedRelatedField(
            source="targets",
            view_name="rel-target-detail",
            queryset=RelTarget.objects.all(),
            many=True,
            required=False,
        )
        uuid_target = relations.PrimaryKeyRelatedField(
            queryset=RelUUIDTarget.objects.all(), required=False
        )

    class ReadSerializer(serializers.Serializer):
        url = relations.HyperlinkedIdentityField(view_name="rel-source-detail")
        name = serializers.CharField()
        target = relations.PrimaryKeyRelatedField(read_only=True)
        targets = relations.PrimaryKeyRelatedField(read_only=True, many=True)
        target_str = relations.StringRelatedField(source="target")
        target_name = relations.SlugRelatedField(source="target", slug_field="name", read_only=True)
        target_url = relations.HyperlinkedRelatedField(
            source="target", view_name="rel-target-detail", read_only=True
        )
        target_urls = relations.HyperlinkedRelatedField(
            source="targets", view_name="rel-target-detail", read_only=True, many=True
        )

    class Validate(views.APIView):
        authentication_classes: list[Any] = []
        permission_classes: list[Any] = []

        def post(self, request):
            serializer = SourceSerializer(data=request.data, context={"request": request})
            serializer.is_valid(raise_exception=True)
            return response.Response(serializer.data)

    class Detail(views.APIView):
        authentication_classes: list[Any] = []
        permission_classes: list[Any] = []

        def get(self, request, pk):
            source = RelSource.objects.get(pk=pk)
            return response.Response(ReadSerializer(source, context={"request": request}).data)

    class List(views.APIView):
        authentication_classes: list[Any] = []
        permission_classes: list[Any] = []

        def get(self, request):
            sources = RelSource.objects.all()
            serializer = ReadSerializer(sources, many=True, context={"request": request})
            return response.Response(serializer.data)

    ns.SourceSerializer = SourceSerializer
    ns.ReadSerializer = ReadSerializer
    ns.urlpatterns = [
        path("validate/", Validate.as_view()),
        path("sources/<int:pk>/", Detail.as_view()),
        path("sources/", List.as_view()),
    ]
    return ns


RF = build(relations, serializers, views, response)


class AsyncValidate(views.APIView):
    """An ``async def`` handler: relation look-ups are sync ORM, so validation runs in a thread."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    async def post(self, request):
        serializer = RF.SourceSerializer(data=request.data, context={"request": request})
        await sync_to_async(serializer.is_valid)(raise_exception=True)
        data = await sync_to_async(lambda: serializer.data)()
        return response.Response(data)


urlpatterns: list[Any] = [
    path("targets/<int:pk>/", placeholder, name="rel-target-detail"),
    path("targets/by-name/<str:name>/", placeholder, name="rel-target-by-name"),
    path("uuid-targets/<str:pk>/", placeholder, name="rel-uuid-target-detail"),
    path("sources/<int:pk>/", placeholder, name="rel-source-detail"),
    *format_suffix_patterns([path("suffixed/<int:pk>/", placeholder, name="rel-suffixed")]),
    path("prefix/", include(([path("inner/<int:pk>/", placeholder, name="inner")], "ns"))),
    path("rf/", include(RF.urlpatterns)),
    path("async/validate/", AsyncValidate.as_view()),
]

try:
    from rest_framework import relations as drf_relations
    from rest_framework import response as drf_response
    from rest_framework import serializers as drf_serializers
    from rest_framework import views as drf_views
except ImportError:  # DRF is only installed in the development environment
    DRF = None
else:
    DRF = build(drf_relations, drf_serializers, drf_views, drf_response)
    urlpatterns.append(path("drf/", include(DRF.urlpatterns)))
