"""URLs for the input-side HTTP tests: an echo view in restframe and, for comparison, in DRF."""

from __future__ import annotations

from django.urls import path

from restframe.renderers import JSONRenderer
from restframe.response import Response
from restframe.views import APIView


class Echo(APIView):
    """Answers the parsed body, so a test sees exactly what the request side produced."""

    authentication_classes: list = []
    renderer_classes = [JSONRenderer]

    def post(self, request):
        return Response(request.data)

    def get(self, request):
        return Response({"ok": True})


class AsyncEcho(Echo):
    async def post(self, request):
        return Response(request.data)

    async def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("echo/", Echo.as_view()),
    path("async-echo/", AsyncEcho.as_view()),
]

try:
    from rest_framework import renderers as drf_renderers
    from rest_framework import response as drf_response
    from rest_framework import views as drf_views
except ImportError:  # DRF is only installed in the development environment
    pass
else:

    class DRFEcho(drf_views.APIView):
        authentication_classes: list = []
        renderer_classes = [drf_renderers.JSONRenderer]

        def post(self, request):
            return drf_response.Response(request.data)

        def get(self, request):
            return drf_response.Response({"ok": True})

    urlpatterns.append(path("drf-echo/", DRFEcho.as_view()))
