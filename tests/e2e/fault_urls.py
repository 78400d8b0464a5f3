"""URLs of the fault project (``tests.e2e.fault_settings``): the e2e flavours plus plain Django
views that crash, raise API errors, and read the query or the body."""

import os

from django.core.signals import got_request_exception
from django.http import Http404, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from restframe import exceptions
from restframe.handlers import exception_handler
from restframe.response import Response
from restframe.views import APIView
from tests.e2e.urls import urlpatterns as flavour_urlpatterns
from tests.e2e.views import SECRET, ServiceUnavailable


async def async_exception_handler(exc, context):
    """An ``async def`` ``EXCEPTION_HANDLER`` (documented as supported)."""
    return exception_handler(exc, context)


def broken_receiver(sender, request=None, **kwargs):
    raise RuntimeError(f"receiver bug for {getattr(request, 'path', None)}")


if os.environ.get("RESTFRAME_E2E_BROKEN_RECEIVER"):
    got_request_exception.connect(broken_receiver)


def crash(request):
    raise RuntimeError(SECRET)


async def async_crash(request):
    raise RuntimeError(SECRET)


def throttled(request):
    raise exceptions.Throttled(7)


async def async_not_found(request):
    raise Http404("No async thing.")


def unavailable(request):
    raise ServiceUnavailable()


def query(request):
    return JsonResponse({"fields": len(request.GET)})


@csrf_exempt
def echo(request):
    return JsonResponse({"query": len(request.GET), "form": len(request.POST)})


def echo_csrf(request):
    return JsonResponse({"form": len(request.POST)})


class Books(APIView):
    def get(self, request):
        return Response({"filters": len(request.query_params)})


class Crash(APIView):
    def get(self, request):
        raise RuntimeError(SECRET)


class AsyncCrash(APIView):
    async def get(self, request):
        raise RuntimeError(SECRET)


urlpatterns = [
    *flavour_urlpatterns,
    path("plain/crash/", crash),
    path("plain/async-crash/", async_crash),
    path("plain/throttled/", throttled),
    path("plain/async-not-found/", async_not_found),
    path("plain/unavailable/", unavailable),
    path("plain/query/", query),
    path("plain/echo/", echo),
    path("plain/echo-csrf/", echo_csrf),
    path("api/books/", Books.as_view()),
    path("api/crash/", Crash.as_view()),
    path("api/async-crash/", AsyncCrash.as_view()),
]

handler400 = "restframe.defaults.bad_request"
handler403 = "restframe.defaults.permission_denied"
handler404 = "restframe.defaults.page_not_found"
handler500 = "restframe.defaults.server_error"
