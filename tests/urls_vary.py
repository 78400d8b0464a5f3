"""Views for tests/test_vary.py: one JSON-only and one default-renderer view per path kind."""

from django.urls import path

from restframe import exceptions
from restframe.renderers import JSONRenderer
from restframe.response import Response
from restframe.views import APIView


class JSONOnly(APIView):
    authentication_classes: list = []
    renderer_classes = [JSONRenderer]

    def get(self, request, kind):
        return _answer(kind)

    def post(self, request, kind):
        return Response(request.data)


class AsyncJSONOnly(APIView):
    authentication_classes: list = []
    renderer_classes = [JSONRenderer]

    async def get(self, request, kind):
        return _answer(kind)

    async def post(self, request, kind):
        return Response(request.data)


class DefaultRenderers(APIView):
    authentication_classes: list = []

    def get(self, request, kind):
        return _answer(kind)


class OwnVary(JSONOnly):
    @property
    def default_response_headers(self):
        return {"Allow": "GET, POST", "Vary": "Accept-Language"}


def _answer(kind):
    if kind == "ok":
        return Response({"ok": True})
    if kind == "not-found":
        raise exceptions.NotFound()
    if kind == "unavailable":
        raise exceptions.APIException("Down.", code="unavailable")
    if kind == "invalid":
        raise exceptions.ValidationError({"name": ["This field is required."]})
    if kind == "denied":
        raise exceptions.PermissionDenied()
    return Response({"kind": kind}, status=400)


urlpatterns = [
    path("json/<str:kind>", JSONOnly.as_view()),
    path("async/<str:kind>", AsyncJSONOnly.as_view()),
    path("default/<str:kind>", DefaultRenderers.as_view()),
    path("own/<str:kind>", OwnVary.as_view()),
]
