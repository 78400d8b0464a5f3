"""Routers mounted several ways, for the routers tests: plain, namespaced, without trailing
slashes, and with ``path()`` syntax."""

from django.urls import include, path

from restframe import routers, viewsets
from restframe.decorators import action
from restframe.response import Response


class ItemViewSet(viewsets.ViewSet):
    """Items."""

    def list(self, request, **kwargs):
        return Response({"route": "list", "kwargs": kwargs})

    def create(self, request, **kwargs):
        return Response({"route": "create", "kwargs": kwargs}, status=201)

    def retrieve(self, request, pk=None, **kwargs):
        return Response({"route": "retrieve", "pk": pk, "kwargs": kwargs})

    def destroy(self, request, pk=None, **kwargs):
        return Response(status=204)

    @action(detail=False, url_path="search")
    def find(self, request, **kwargs):
        return Response({"route": "find", "kwargs": kwargs})

    @action(detail=True, methods=["post", "get"], url_path=r"pair/(?P<other>[0-9]{2})")
    def pair(self, request, pk=None, other=None, **kwargs):
        return Response({"route": "pair", "pk": pk, "other": other})


class SlugViewSet(viewsets.ViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[a-z]{3}"

    def retrieve(self, request, slug=None, **kwargs):
        return Response({"slug": slug})


class NumberViewSet(viewsets.ViewSet):
    lookup_url_kwarg = "number"
    lookup_value_converter = "int"

    def list(self, request, **kwargs):
        return Response({"route": "list"})

    def retrieve(self, request, number=None, **kwargs):
        return Response({"number": number, "type": type(number).__name__})


router = routers.DefaultRouter()
router.register("items", ItemViewSet, basename="item")
router.register("slugs", SlugViewSet, basename="slug")

no_slash = routers.DefaultRouter(trailing_slash=False)
no_slash.register("items", ItemViewSet, basename="item")

path_router = routers.SimpleRouter(use_regex_path=False)
path_router.register("numbers", NumberViewSet, basename="number")

urlpatterns = [
    path("", include(router.urls)),
    path("ns/", include((router.urls, "tests"), namespace="v1")),
    path("flat/", include((no_slash.urls, "tests"), namespace="flat")),
    path("conv/", include(path_router.urls)),
]
