"""URLconf for the negotiated error views, the middleware and reporting tests.

Plain Django views (sync and async) raise Django's and restframe's exceptions; two APIViews
show the handled / unhandled split. The error handlers are restframe's negotiated views.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.urls import path

from restframe import exceptions
from restframe.views import APIView


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "Service temporarily unavailable, try again later."
    default_code = "service_unavailable"


def boom(request):
    raise ValueError("secret boom /srv/app/settings.py")


def not_found(request):
    raise Http404("No such thing.")


def not_found_bare(request):
    raise Http404


def denied(request):
    raise PermissionDenied("Go away.")


def denied_bare(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("secret suspicious detail")


def bad(request):
    raise BadRequest("secret bad request detail")


def throttled(request):
    raise exceptions.Throttled(3)


def unavailable(request):
    raise ServiceUnavailable()


def invalid(request):
    raise exceptions.ValidationError({"email": ["Enter a valid email address."]})


def needs_auth(request):
    exc = exceptions.NotAuthenticated()
    exc.auth_header = 'Basic realm="api"'
    raise exc


def ok(request):
    return HttpResponse("ok")


def read_post(request):
    return HttpResponse(str(len(request.POST)))


async def async_boom(request):
    raise ValueError("secret async boom")


async def async_throttled(request):
    raise exceptions.Throttled(7)


async def async_not_found(request):
    raise Http404("No async thing.")


async def async_unavailable(request):
    raise ServiceUnavailable()


class APIUnavailable(APIView):
    def get(self, request):
        raise ServiceUnavailable()


class APIBoom(APIView):
    def get(self, request):
        raise ValueError("secret api boom")


urlpatterns = [
    path("boom/", boom),
    path("not-found/", not_found),
    path("not-found-bare/", not_found_bare),
    path("denied/", denied),
    path("denied-bare/", denied_bare),
    path("suspicious/", suspicious),
    path("bad/", bad),
    path("throttled/", throttled),
    path("unavailable/", unavailable),
    path("invalid/", invalid),
    path("needs-auth/", needs_auth),
    path("ok/", ok),
    path("read-post/", read_post),
    path("async/boom/", async_boom),
    path("async/throttled/", async_throttled),
    path("async/not-found/", async_not_found),
    path("async/unavailable/", async_unavailable),
    path("api/unavailable/", APIUnavailable.as_view()),
    path("api/boom/", APIBoom.as_view()),
]

handler400 = "restframe.defaults.bad_request"
handler403 = "restframe.defaults.permission_denied"
handler404 = "restframe.defaults.page_not_found"
handler500 = "restframe.defaults.server_error"
