"""restframe beyond DRF: an async view's JSON response is rendered on the event loop.

Django's async handler renders a ``TemplateResponse`` in a thread unless its ``render`` is a
coroutine function; for JSON that hop costs more than the rendering. What must not change: data
that needs the database to encode, post-render callbacks and other renderers still run where
Django allows them, and whoever renders the response afterwards gets the usual method.
"""

import threading

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncRequestFactory
from django.urls import path

from restframe.renderers import BrowsableAPIRenderer, JSONRenderer
from restframe.response import Response
from restframe.test import APIClient, AsyncAPIClient
from restframe.views import APIView
from tests.models_generics import GenericSnippet

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]

THREADS: dict[str, int] = {}


class Probe:
    """Encoded as a list (``tolist``), noting the thread that encodes it."""

    def tolist(self):
        THREADS["encoded"] = threading.get_ident()
        return [1]


class ProbeView(APIView):
    renderer_classes = [JSONRenderer]

    async def get(self, request):
        THREADS["view"] = threading.get_ident()
        return Response({"value": Probe()})


class QuerySetView(APIView):
    renderer_classes = [JSONRenderer]

    async def get(self, request):
        return Response(GenericSnippet.objects.values_list("title", flat=True))


class CallbackView(APIView):
    renderer_classes = [JSONRenderer]

    async def get(self, request):
        THREADS["view"] = threading.get_ident()
        response = Response({"ok": True})
        response.add_post_render_callback(self.count_snippets)
        return response

    @staticmethod
    def count_snippets(response):
        THREADS["callback"] = threading.get_ident()
        response["X-Count"] = str(GenericSnippet.objects.count())


class BrowsableView(APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    async def get(self, request):
        THREADS["view"] = threading.get_ident()
        return Response({"value": Probe()})


urlpatterns = [
    path("probe", ProbeView.as_view()),
    path("queryset", QuerySetView.as_view()),
    path("callback", CallbackView.as_view()),
    path("browsable", BrowsableView.as_view()),
]


def get(path, **kwargs):
    client = AsyncAPIClient(raise_request_exception=False)
    return async_to_sync(client.get)(path, **kwargs)


@pytest.fixture(autouse=True)
def _clear():
    THREADS.clear()


def test_json_is_rendered_on_the_event_loop():
    response = get("/probe")
    assert response.status_code == 200
    assert response.content == b'{"value":[1]}'
    assert THREADS["encoded"] == THREADS["view"]


def test_under_wsgi_nothing_changes():
    response = APIClient().get("/probe")
    assert response.status_code == 200
    assert response.content == b'{"value":[1]}'


def test_render_is_the_method_again_once_rendered():
    response = get("/probe")
    assert "render" not in vars(response)
    assert response.render() is response


def test_data_that_needs_the_database_is_encoded_off_the_loop():
    for title in ("a", "b"):
        GenericSnippet.objects.create(title=title)
    response = get("/queryset")
    assert response.status_code == 200
    assert response.content == b'["a","b"]'


def test_post_render_callbacks_run_off_the_loop():
    GenericSnippet.objects.create(title="a")
    response = get("/callback")
    assert response.status_code == 200
    assert response["X-Count"] == "1"
    assert response.content == b'{"ok":true}'
    assert THREADS["callback"] != THREADS["view"]


def test_other_renderers_render_as_before():
    response = get("/browsable", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b"<html" in response.content
    assert THREADS["encoded"] != THREADS["view"]


def test_a_test_factory_request_leaves_rendering_to_the_caller():
    request = AsyncRequestFactory().get("/probe")
    response = async_to_sync(ProbeView.as_view())(request)
    assert "render" not in vars(response)
    assert response.render() is response
    assert response.content == b'{"value":[1]}'
