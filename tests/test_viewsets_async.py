"""Async viewsets: ``async def`` actions run natively under ASGI and answer exactly as sync ones.

Every case runs against ``/sync/...`` (a ``ModelViewSet`` through the WSGI test handler) and
``/async/...`` (the same API with ``async def`` actions through Django's ASGI handler): same
status, headers, bytes and SQL queries.
"""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restframe.test import APIClient, AsyncAPIClient
from tests.models_viewsets import ViewSetNote
from tests.urls_viewsets import async_router, sync_router

pytestmark = [pytest.mark.urls("tests.urls_viewsets"), pytest.mark.django_db]

MODES = ["sync", "async"]


def call(mode, method, path, **kwargs):
    if mode == "sync":
        client = APIClient(raise_request_exception=False)
        return getattr(client, method)(f"/sync/{path}", **kwargs)
    client = AsyncAPIClient(raise_request_exception=False)
    return async_to_sync(getattr(client, method))(f"/async/{path}", **kwargs)


@pytest.fixture
def note():
    return ViewSetNote.objects.create(title="first", body="b")


CASES = [
    # method, path, kwargs, status, Allow, body ("{mode}" stands for sync/async)
    (
        "get",
        "notes/",
        {},
        200,
        "GET, POST, HEAD, OPTIONS",
        b'[{"id":1,"title":"first","body":"b"}]',
    ),
    (
        "get",
        "notes.json",
        {},
        200,
        "GET, POST, HEAD, OPTIONS",
        b'[{"id":1,"title":"first","body":"b"}]',
    ),
    ("get", "notes/?format=xml", {}, 404, "GET, POST, HEAD, OPTIONS", b'{"detail":"Not found."}'),
    ("get", "notes.xml", {}, 404, "GET, POST, HEAD, OPTIONS", b'{"detail":"Not found."}'),
    (
        "post",
        "notes/",
        {"data": {"title": "new"}, "format": "json"},
        201,
        "GET, POST, HEAD, OPTIONS",
        b'{"id":2,"title":"new","body":""}',
    ),
    (
        "post",
        "notes/",
        {"data": {"title": "x" * 21}, "format": "json"},
        400,
        "GET, POST, HEAD, OPTIONS",
        b'{"title":["Ensure this field has no more than 20 characters."]}',
    ),
    (
        "post",
        "notes/",
        {"data": "{", "content_type": "application/json"},
        400,
        "GET, POST, HEAD, OPTIONS",
        b'{"detail":"JSON parse error - Expecting property name enclosed in double quotes: '
        b'line 1 column 2 (char 1)"}',
    ),
    (
        "put",
        "notes/",
        {},
        405,
        "GET, POST, HEAD, OPTIONS",
        b'{"detail":"Method \\"PUT\\" not allowed."}',
    ),
    (
        "get",
        "notes/1/",
        {},
        200,
        "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        b'{"id":1,"title":"first","body":"b"}',
    ),
    (
        "get",
        "notes/1.json",
        {},
        200,
        "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        b'{"id":1,"title":"first","body":"b"}',
    ),
    (
        "get",
        "notes/99/",
        {},
        404,
        "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        b'{"detail":"No ViewSetNote matches the given query."}',
    ),
    (
        "get",
        "notes/abc/",
        {},
        404,
        "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        b'{"detail":"Not found."}',
    ),
    (
        "put",
        "notes/1/",
        {"data": {"title": "put"}, "format": "json"},
        200,
        "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        b'{"id":1,"title":"put","body":""}',
    ),
    (
        "put",
        "notes/1/",
        {"data": {}, "format": "json"},
        400,
        "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        b'{"title":["This field is required."]}',
    ),
    (
        "patch",
        "notes/1/",
        {"data": {"body": "patched"}, "format": "json"},
        200,
        "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        b'{"id":1,"title":"first","body":"patched"}',
    ),
    ("delete", "notes/1/", {}, 204, "GET, PUT, PATCH, DELETE, HEAD, OPTIONS", b""),
    (
        "post",
        "notes/1/",
        {},
        405,
        "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        b'{"detail":"Method \\"POST\\" not allowed."}',
    ),
    ("head", "notes/1/", {}, 200, "GET, PUT, PATCH, DELETE, HEAD, OPTIONS", b""),
    (
        "post",
        "notes/1/set-title/",
        {"data": {"title": "renamed"}, "format": "json"},
        200,
        "POST, OPTIONS",
        b'{"action":"set_title","detail":true,"basename":"viewsetnote","suffix":null,'
        b'"name":"Set title","view_name":"Set title","kwargs":{"pk":"1"},"method":"POST",'
        b'"title":"renamed"}',
    ),
    (
        "get",
        "notes/1/set-title/",
        {},
        405,
        "POST, OPTIONS",
        b'{"detail":"Method \\"GET\\" not allowed."}',
    ),
    (
        "post",
        "notes/99/set-title/",
        {"data": {"title": "renamed"}, "format": "json"},
        404,
        "POST, OPTIONS",
        b'{"detail":"No ViewSetNote matches the given query."}',
    ),
    (
        "get",
        "notes/recent/",
        {},
        200,
        "GET, DELETE, HEAD, OPTIONS",
        b'{"action":"recent","detail":false,"basename":"viewsetnote","suffix":null,'
        b'"name":"Recent","view_name":"Recent","kwargs":{},"method":"GET"}',
    ),
    (
        "delete",
        "notes/recent/",
        {},
        200,
        "GET, DELETE, HEAD, OPTIONS",
        b'{"action":"clear_recent","detail":false,"basename":"viewsetnote","suffix":null,'
        b'"name":"Recent","view_name":"Recent","kwargs":{},"method":"DELETE"}',
    ),
    (
        "get",
        "notes/recent.json",
        {},
        200,
        "GET, DELETE, HEAD, OPTIONS",
        b'{"action":"recent","detail":false,"basename":"viewsetnote","suffix":null,'
        b'"name":"Recent","view_name":"Recent","kwargs":{"format":"json"},"method":"GET"}',
    ),
    (
        "get",
        "notes/1/private/",
        {},
        403,
        "GET, HEAD, OPTIONS",
        b'{"detail":"Authentication credentials were not provided."}',
    ),
    (
        "get",
        "notes/links/",
        {},
        200,
        "GET, HEAD, OPTIONS",
        b'{"detail":"http://testserver/{mode}/notes/7/",'
        b'"list":"http://testserver/{mode}/notes/recent/",'
        b'"extra":{"Links":"http://testserver/{mode}/notes/links/",'
        b'"Recent":"http://testserver/{mode}/notes/recent/"}}',
    ),
    (
        "get",
        "",
        {},
        200,
        "GET, HEAD, OPTIONS",
        b'{"notes":"http://testserver/{mode}/notes/","echo":"http://testserver/{mode}/echo/"}',
    ),
    (
        "get",
        "echo/5/",
        {},
        200,
        "GET, HEAD, OPTIONS",
        b'{"action":"retrieve","detail":true,"basename":"echo","suffix":"Instance",'
        b'"name":null,"view_name":"{Name} Instance","kwargs":{"pk":"5"},"method":"GET"}',
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("method", "path", "kwargs", "status", "allow", "body"), CASES)
def test_same_answer_sync_and_async(mode, method, path, kwargs, status, allow, body, note):
    response = call(mode, method, path, **kwargs)
    assert response.status_code == status
    assert response.get("Allow") == allow
    name = b"Echo" if mode == "sync" else b"Async Echo"
    expected = body.replace(b"{mode}", mode.encode()).replace(b"{Name}", name)
    assert response.content == expected
    if body:
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("mode", MODES)
def test_options_describes_the_route(mode, note):
    response = call(mode, "options", "notes/1/set-title/")
    assert response.status_code == 200
    assert response["Allow"] == "POST, OPTIONS"
    assert response.json()["name"] == "Set title"
    assert response.json()["description"] == "Rename a note."


@pytest.mark.parametrize("mode", MODES)
def test_unhandled_error_is_a_bare_500(mode):
    response = call(mode, "get", "echo/boom/")
    assert response.status_code == 500
    assert b"secret detail" not in response.content


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "notes/", {}),
        ("get", "notes/1/", {}),
        ("post", "notes/", {"data": {"title": "new"}, "format": "json"}),
        ("patch", "notes/1/", {"data": {"body": "x"}, "format": "json"}),
        ("delete", "notes/1/", {}),
    ],
)
def test_same_queries_sync_and_async(method, path, kwargs, note):
    counts = {}
    for mode in MODES:
        ViewSetNote.objects.all().delete()
        ViewSetNote.objects.create(id=1, title="first", body="b")
        with CaptureQueriesContext(connection) as queries:
            response = call(mode, method, path, **kwargs)
        assert response.status_code < 300
        counts[mode] = len(queries)
    assert counts["sync"] == counts["async"]


def test_async_routes_are_coroutine_functions():
    sync_views = {url.name: url.callback for url in sync_router.urls}
    async_views = {url.name: url.callback for url in async_router.urls}
    for name in ("viewsetnote-list", "viewsetnote-detail", "viewsetnote-recent", "echo-list"):
        assert not asyncio.iscoroutinefunction(sync_views[name])
        assert asyncio.iscoroutinefunction(async_views[name])
    # The API root view is an ordinary sync view in both.
    assert not asyncio.iscoroutinefunction(async_views["api-root"])


def test_async_action_runs_on_the_event_loop(note):
    # ``list`` and ``recent`` call ``asyncio.get_running_loop()``, which raises in a worker
    # thread (where a sync view would run under ASGI).
    assert call("async", "get", "notes/").status_code == 200
    assert call("async", "get", "notes/recent/").status_code == 200
