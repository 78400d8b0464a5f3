"""URLs for the e-mail reporting tests: crashes and a handled 503, from API views and from a
plain Django view, behind restframe's error views."""

from django.urls import path

from restframe.decorators import api_view
from restframe.views import APIView
from tests.e2e.views import SECRET, ServiceUnavailable


class CrashSync(APIView):
    def get(self, request):
        raise RuntimeError(SECRET)


class CrashAsync(APIView):
    async def get(self, request):
        raise RuntimeError(SECRET)


@api_view(["GET"])
def unavailable(request):
    raise ServiceUnavailable()


def plain_crash(request):
    raise RuntimeError(SECRET)


def plain_unavailable(request):
    raise ServiceUnavailable()


urlpatterns = [
    path("crash/sync/", CrashSync.as_view()),
    path("crash/async/", CrashAsync.as_view()),
    path("crash/plain/", plain_crash),
    path("unavailable/api/", unavailable),
    path("unavailable/plain/", plain_unavailable),
]

handler404 = "restframe.defaults.page_not_found"
handler500 = "restframe.defaults.server_error"
