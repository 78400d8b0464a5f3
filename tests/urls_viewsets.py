"""Viewsets for the viewsets tests: each mounted through a router, in a sync and an async flavour.

``/sync/...`` and ``/async/...`` serve the same API; the async viewsets' actions are
``async def`` and run on the event loop under ASGI.
"""

import asyncio

from django.urls import include, path

from restframe import permissions, renderers, routers, serializers, viewsets
from restframe.decorators import action
from restframe.response import Response
from tests.models_viewsets import ViewSetNote


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=20)
    body = serializers.CharField(max_length=50, required=False, default="")

    def create(self, validated_data):
        return ViewSetNote.objects.create(**validated_data)

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        instance.save()
        return instance


def describe(view, request, **kwargs):
    """What a handler sees of its route."""
    return {
        "action": view.action,
        "detail": view.detail,
        "basename": view.basename,
        "suffix": view.suffix,
        "name": view.name,
        "view_name": view.get_view_name(),
        "kwargs": kwargs,
        "method": request.method,
    }


class NoteViewSet(viewsets.ModelViewSet):
    """Notes, sync."""

    queryset = ViewSetNote.objects.all()
    serializer_class = NoteSerializer

    @action(detail=False)
    def recent(self, request, **kwargs):
        return Response(describe(self, request, **kwargs))

    @recent.mapping.delete
    def clear_recent(self, request, **kwargs):
        return Response(describe(self, request, **kwargs))

    @action(detail=True, methods=["post"], url_path="set-title", url_name="title")
    def set_title(self, request, pk=None, **kwargs):
        """Rename a note."""
        note = self.get_object()
        note.title = request.data["title"]
        note.save()
        return Response({**describe(self, request, pk=pk, **kwargs), "title": note.title})

    @action(detail=True, permission_classes=[permissions.IsAuthenticated])
    def private(self, request, pk=None, **kwargs):
        return Response(describe(self, request, pk=pk, **kwargs))

    @action(detail=False, url_path="links")
    def links(self, request, **kwargs):
        return Response(
            {
                "detail": self.reverse_action("detail", args=["7"]),
                "list": self.reverse_action(self.recent.url_name),
                "extra": self.get_extra_action_url_map(),
            }
        )


class AsyncNoteViewSet(viewsets.ModelViewSet):
    """Notes, async."""

    queryset = ViewSetNote.objects.all()
    serializer_class = NoteSerializer

    async def list(self, request, *args, **kwargs):
        asyncio.get_running_loop()  # raises unless on the event loop
        return await self.alist(request, *args, **kwargs)

    async def create(self, request, *args, **kwargs):
        return await self.acreate(request, *args, **kwargs)

    async def retrieve(self, request, *args, **kwargs):
        return await self.aretrieve(request, *args, **kwargs)

    async def update(self, request, *args, **kwargs):
        return await self.aupdate(request, *args, **kwargs)

    async def partial_update(self, request, *args, **kwargs):
        return await self.partial_aupdate(request, *args, **kwargs)

    async def destroy(self, request, *args, **kwargs):
        return await self.adestroy(request, *args, **kwargs)

    @action(detail=False)
    async def recent(self, request, **kwargs):
        asyncio.get_running_loop()
        return Response(describe(self, request, **kwargs))

    @recent.mapping.delete
    async def clear_recent(self, request, **kwargs):
        return Response(describe(self, request, **kwargs))

    @action(detail=True, methods=["post"], url_path="set-title", url_name="title")
    async def set_title(self, request, pk=None, **kwargs):
        """Rename a note."""
        note = await self.aget_object()
        note.title = request.data["title"]
        await note.asave()
        return Response({**describe(self, request, pk=pk, **kwargs), "title": note.title})

    @action(detail=True, permission_classes=[permissions.IsAuthenticated])
    async def private(self, request, pk=None, **kwargs):
        return Response(describe(self, request, pk=pk, **kwargs))

    @action(detail=False, url_path="links")
    async def links(self, request, **kwargs):
        return Response(
            {
                "detail": self.reverse_action("detail", args=["7"]),
                "list": self.reverse_action(self.recent.url_name),
                "extra": self.get_extra_action_url_map(),
            }
        )


class Crash(Exception):
    pass


class EchoViewSet(viewsets.ViewSet):
    """A plain viewset: no model."""

    def list(self, request, **kwargs):
        return Response(describe(self, request, **kwargs))

    def retrieve(self, request, pk=None, **kwargs):
        return Response(describe(self, request, pk=pk, **kwargs))

    @action(detail=False, methods=["get"])
    def boom(self, request, **kwargs):
        raise Crash("secret detail")

    @action(detail=True, renderer_classes=[renderers.StaticHTMLRenderer])
    def highlight(self, request, pk=None, **kwargs):
        return Response(f"<b>{pk}</b>")


class AsyncEchoViewSet(viewsets.ViewSet):
    """A plain viewset: no model."""

    async def list(self, request, **kwargs):
        return Response(describe(self, request, **kwargs))

    async def retrieve(self, request, pk=None, **kwargs):
        return Response(describe(self, request, pk=pk, **kwargs))

    @action(detail=False, methods=["get"])
    async def boom(self, request, **kwargs):
        raise Crash("secret detail")


sync_router = routers.DefaultRouter()
sync_router.register("notes", NoteViewSet)
sync_router.register("echo", EchoViewSet, basename="echo")

async_router = routers.DefaultRouter()
async_router.register("notes", AsyncNoteViewSet)
async_router.register("echo", AsyncEchoViewSet, basename="echo")

urlpatterns = [
    path("sync/", include((sync_router.urls, "tests"), namespace="sync")),
    path("async/", include((async_router.urls, "tests"), namespace="async")),
]
