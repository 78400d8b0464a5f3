"""Views raising every API error, each in a sync and an async flavour, for the view-layer tests."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import path

from restframe import exceptions, permissions
from restframe.authentication import BasicAuthentication, SessionAuthentication
from restframe.decorators import api_view, authentication_classes, permission_classes
from restframe.response import Response
from restframe.throttling import BaseThrottle
from restframe.views import APIView


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "Service temporarily unavailable, try again later."
    default_code = "service_unavailable"


class AlwaysThrottled(BaseThrottle):
    def allow_request(self, request, view):
        return False

    def wait(self):
        return 4.2


class NeverAllowed(permissions.BasePermission):
    message = "Members only."
    code = "members_only"

    def has_permission(self, request, view):
        return False


def _raiser(exc_factory):
    """Sync and async APIView classes whose GET raises what ``exc_factory`` builds."""

    class SyncView(APIView):
        def get(self, request):
            raise exc_factory()

    class AsyncView(APIView):
        async def get(self, request):
            raise exc_factory()

    return SyncView, AsyncView


CASES = {
    "not-found": lambda: exceptions.NotFound(),
    "http404": lambda: Http404("No Book matches the given query."),
    "django-denied": lambda: DjangoPermissionDenied("Nope."),
    "denied": lambda: exceptions.PermissionDenied(),
    "validation-dict": lambda: exceptions.ValidationError(
        {
            "amount": ["A valid integer is required."],
            "description": ["This field may not be blank."],
        }
    ),
    "validation-str": lambda: exceptions.ValidationError("This field must be an integer value."),
    "unavailable": lambda: ServiceUnavailable(),
    "crash": lambda: ZeroDivisionError("secret internals"),
    "auth-failed": lambda: exceptions.AuthenticationFailed(),
}


class EchoSync(APIView):
    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"received": request.data})


class EchoAsync(APIView):
    async def get(self, request):
        return Response({"ok": True})

    async def post(self, request):
        return Response({"received": request.data})


class BasicOnlySync(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        return Response({"user": request.user.username})


class BasicOnlyAsync(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    async def get(self, request):
        return Response({"user": request.user.username})


class SessionOnlySync(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        return Response({"user": request.user.username})


class SessionOnlyAsync(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]

    async def get(self, request):
        return Response({"user": request.user.username})


class MembersOnlySync(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [NeverAllowed]

    def get(self, request):
        return Response({})


class MembersOnlyAsync(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [NeverAllowed]

    async def get(self, request):
        return Response({})


class ThrottledSync(APIView):
    throttle_classes = [AlwaysThrottled]

    def get(self, request):
        return Response({})


class ThrottledAsync(APIView):
    throttle_classes = [AlwaysThrottled]

    async def get(self, request):
        return Response({})


class CreateThenFailSync(APIView):
    def post(self, request):
        User.objects.create(username="partial")
        raise exceptions.ValidationError({"username": ["Rejected after the write."]})


@api_view(["GET", "POST"])
def fn_sync(request):
    if request.method == "POST":
        raise exceptions.NotFound()
    return Response({"fn": "sync"})


@api_view(["GET", "POST"])
async def fn_async(request):
    if request.method == "POST":
        raise exceptions.NotFound()
    return Response({"fn": "async"})


@api_view()
@authentication_classes([BasicAuthentication])
@permission_classes([permissions.IsAuthenticated])
def fn_basic(request):
    return Response({"user": request.user.username})


urlpatterns = [
    path("sync/echo", EchoSync.as_view()),
    path("async/echo", EchoAsync.as_view()),
    path("sync/basic", BasicOnlySync.as_view()),
    path("async/basic", BasicOnlyAsync.as_view()),
    path("sync/session", SessionOnlySync.as_view()),
    path("async/session", SessionOnlyAsync.as_view()),
    path("sync/members", MembersOnlySync.as_view()),
    path("async/members", MembersOnlyAsync.as_view()),
    path("sync/throttled", ThrottledSync.as_view()),
    path("async/throttled", ThrottledAsync.as_view()),
    path("sync/create-then-fail", CreateThenFailSync.as_view()),
    path("sync/fn", fn_sync),
    path("async/fn", fn_async),
    path("sync/fn-basic", fn_basic),
]
for _name, _factory in CASES.items():
    _sync, _async = _raiser(_factory)
    urlpatterns.append(path(f"sync/{_name}", _sync.as_view()))
    urlpatterns.append(path(f"async/{_name}", _async.as_view()))

handler500 = "restframe.defaults.server_error"
