"""System checks that need more than a settings read: async views under ``ATOMIC_REQUESTS``.

Django refuses every request to an async view when a database has ``ATOMIC_REQUESTS`` (a
``RuntimeError``, so a 500 per request); restframe says so at start-up, naming the views.
"""

from __future__ import annotations

import pytest
from django.core import checks
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path

from restframe.checks import check_atomic_requests_async_views
from restframe.decorators import api_view
from restframe.response import Response
from restframe.views import APIView


class SyncBooks(APIView):
    def get(self, request):
        return Response([])


class AsyncBooks(APIView):
    async def get(self, request):
        return Response([])


@api_view(["GET"])
async def async_report(request):
    return Response({})


async def plain_async(request):
    return HttpResponse("ok")


@transaction.non_atomic_requests
async def exempt_async(request):
    return HttpResponse("ok")


def plain_sync(request):
    return HttpResponse("ok")


nested = [path("report/", async_report)]

urlpatterns = [
    path("books/", SyncBooks.as_view()),
    path("async-books/", AsyncBooks.as_view()),
    path("plain/", plain_async),
    path("exempt/", exempt_async),
    path("sync/", plain_sync),
    path("api/v1/", include(nested)),
]


class OnlySync:
    urlpatterns = [path("books/", SyncBooks.as_view()), path("sync/", plain_sync)]


@pytest.fixture
def atomic_requests(monkeypatch):
    monkeypatch.setitem(connections.settings["default"], "ATOMIC_REQUESTS", True)


@override_settings(ROOT_URLCONF=__name__)
def test_async_views_under_atomic_requests_are_an_error_naming_them(atomic_requests):
    [error] = check_atomic_requests_async_views()
    assert error.level == checks.ERROR
    assert error.id == "restframe.E007"
    assert error.msg == (
        "ATOMIC_REQUESTS is on for database(s) 'default', but these async views cannot run in "
        "a request transaction; Django answers every request to them with a 500: "
        "async-books/ (tests.test_checks.AsyncBooks); "
        "plain/ (tests.test_checks.plain_async); "
        "api/v1/report/ (tests.test_checks.async_report)."
    )
    assert "non_atomic_requests" in error.hint


@override_settings(ROOT_URLCONF=__name__)
def test_the_error_is_part_of_djangos_checks(atomic_requests):
    found = [e.id for e in checks.run_checks(tags=[checks.Tags.urls])]
    assert "restframe.E007" in found


@override_settings(ROOT_URLCONF=__name__)
def test_without_atomic_requests_async_views_are_fine():
    assert check_atomic_requests_async_views() == []


def test_sync_views_under_atomic_requests_are_fine(atomic_requests):
    with override_settings(ROOT_URLCONF=OnlySync):
        assert check_atomic_requests_async_views() == []


@override_settings(ROOT_URLCONF=__name__)
def test_exempt_views_are_not_named(atomic_requests):
    [error] = check_atomic_requests_async_views()
    assert "exempt/" not in error.msg


@override_settings(ROOT_URLCONF="tests.no_such_urlconf")
def test_a_broken_urlconf_is_left_to_djangos_own_check(atomic_requests):
    assert check_atomic_requests_async_views() == []


@override_settings(ROOT_URLCONF=__name__)
def test_the_entry_points_log_the_error_at_start_up(atomic_requests, caplog):
    """gunicorn and uvicorn run no system checks: ``restframe.wsgi``/``restframe.asgi`` log it."""
    from restframe._entrypoints import log_startup_errors

    log_startup_errors()
    [record] = [r for r in caplog.records if r.name == "restframe.checks"]
    assert record.levelname == "ERROR"
    assert record.getMessage().startswith("restframe.E007: ATOMIC_REQUESTS is on")
    assert "async-books/ (tests.test_checks.AsyncBooks)" in record.getMessage()


@override_settings(ROOT_URLCONF=__name__)
def test_nothing_is_logged_at_start_up_without_atomic_requests(caplog):
    from restframe._entrypoints import log_startup_errors

    log_startup_errors()
    assert [r for r in caplog.records if r.name == "restframe.checks"] == []
