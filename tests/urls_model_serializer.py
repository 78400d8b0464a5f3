"""Views over ModelSerializers, for ``tests/test_model_serializer.py`` and
``tests/test_serializers_async.py``.

``/sync/<name>/`` validates with ``is_valid(raise_exception=True)`` and saves; ``/async/<name>/``
does the same with ``ais_valid`` / ``asave`` / ``adata`` in ``async def`` handlers.
``/<model>/<pk>/`` are the detail routes hyperlinked serializers point at.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path

from restframe import serializers, status
from restframe.response import Response
from restframe.views import APIView
from tests.models_model_serializer import (
    MSAuthor,
    MSBook,
    MSConstraint,
    MSEntry,
    MSPost,
    MSValidated,
)


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = MSBook
        fields = "__all__"


class HyperlinkedBookSerializer(serializers.HyperlinkedModelSerializer):
    class Meta:
        model = MSBook
        fields = ["url", "title", "author", "tags"]


class EntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = MSEntry
        fields = "__all__"


class ConstraintSerializer(serializers.ModelSerializer):
    class Meta:
        model = MSConstraint
        fields = "__all__"


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = MSPost
        fields = "__all__"


class ValidatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = MSValidated
        fields = "__all__"


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = MSAuthor
        fields = ["id", "name"]


SERIALIZERS: dict[str, Any] = {
    "books": BookSerializer,
    "entries": EntrySerializer,
    "constraints": ConstraintSerializer,
    "posts": PostSerializer,
    "validated": ValidatedSerializer,
    "authors": AuthorSerializer,
}
MODELS: dict[str, Any] = {
    "books": MSBook,
    "entries": MSEntry,
    "constraints": MSConstraint,
    "posts": MSPost,
    "validated": MSValidated,
    "authors": MSAuthor,
}


class SyncList(APIView):
    authentication_classes = []
    permission_classes = []

    def post(self, request: Any, name: str) -> Response:
        serializer = SERIALIZERS[name](data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=status.HTTP_201_CREATED)


class SyncDetail(APIView):
    authentication_classes = []
    permission_classes = []

    def put(self, request: Any, name: str, pk: int) -> Response:
        instance = get_object_or_404(MODELS[name], pk=pk)
        serializer = SERIALIZERS[name](instance, data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    def patch(self, request: Any, name: str, pk: int) -> Response:
        instance = get_object_or_404(MODELS[name], pk=pk)
        serializer = SERIALIZERS[name](instance, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class AsyncList(APIView):
    authentication_classes = []
    permission_classes = []

    async def post(self, request: Any, name: str) -> Response:
        serializer = SERIALIZERS[name](data=request.data, context={"request": request})
        await serializer.ais_valid(raise_exception=True)
        await serializer.asave()
        return Response(await serializer.adata, status=status.HTTP_201_CREATED)


class AsyncDetail(APIView):
    authentication_classes = []
    permission_classes = []

    async def put(self, request: Any, name: str, pk: int) -> Response:
        instance = await MODELS[name]._default_manager.aget(pk=pk)
        serializer = SERIALIZERS[name](instance, data=request.data)
        await serializer.ais_valid(raise_exception=True)
        await serializer.asave()
        return Response(await serializer.adata)


class HyperlinkedBookDetail(APIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request: Any, pk: int) -> Response:
        book = get_object_or_404(MSBook, pk=pk)
        return Response(HyperlinkedBookSerializer(book, context={"request": request}).data)


class Nothing(APIView):
    def get(self, request: Any, pk: int) -> Response:  # pragma: no cover - only reversed
        return Response({})


urlpatterns = [
    path("sync/<str:name>/", SyncList.as_view()),
    path("sync/<str:name>/<int:pk>/", SyncDetail.as_view()),
    path("async/<str:name>/", AsyncList.as_view()),
    path("async/<str:name>/<int:pk>/", AsyncDetail.as_view()),
    path("books/<int:pk>/", HyperlinkedBookDetail.as_view(), name="msbook-detail"),
    path("authors/<int:pk>/", Nothing.as_view(), name="msauthor-detail"),
    path("tags/<int:pk>/", Nothing.as_view(), name="mstag-detail"),
]
