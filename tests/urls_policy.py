"""Views for the HTTP-level policy tests: authentication, permissions and throttles, each view in a
sync (``/sync/<name>/``) and an async (``/async/<name>/``) flavour."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.urls import path

from restframe import permissions
from restframe.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)
from restframe.response import Response
from restframe.test import APIClient, AsyncAPIClient
from restframe.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle
from restframe.views import APIView
from tests.models_auth import AuthToken, PermissionTarget


class ModelTokenAuthentication(TokenAuthentication):
    model = AuthToken


class FrozenClock:
    """Throttle timer fixed in time, so waits (and Retry-After) are exact."""

    now = 1000.0

    def __call__(self) -> float:
        return self.now


clock = FrozenClock()


class TwoPerMinute(AnonRateThrottle):
    rate = "2/min"
    timer = clock


class OnePerHourPerUser(UserRateThrottle):
    rate = "1/hour"
    timer = clock


class FrozenScoped(ScopedRateThrottle):
    timer = clock


class Members(permissions.BasePermission):
    message = "Members only."
    code = "members_only"
    io_free = True

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.META.get("HTTP_X_MEMBER") == "yes"


class HiddenObject(permissions.DjangoObjectPermissions):
    perms_map = {
        **permissions.DjangoObjectPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
    }


def _body(request: Any) -> dict[str, Any]:
    user = request.user
    return {"user": user.get_username() if user.is_authenticated else None}


def pair(name: str, **attrs: Any) -> list[Any]:
    """URL patterns for a sync and an async view with ``attrs`` (policy lists, scope...)."""

    class SyncView(APIView):
        def get(self, request: Any) -> Response:
            return Response(_body(request))

        def post(self, request: Any) -> Response:
            return Response(_body(request))

    class AsyncView(APIView):
        async def get(self, request: Any) -> Response:
            return Response(_body(request))

        async def post(self, request: Any) -> Response:
            return Response(_body(request))

    for cls in (SyncView, AsyncView):
        for key, value in attrs.items():
            setattr(cls, key, value)
    return [
        path(f"sync/{name}/", SyncView.as_view()),
        path(f"async/{name}/", AsyncView.as_view()),
    ]


class ObjectSync(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [permissions.IsAuthenticated, HiddenObject]
    queryset = PermissionTarget.objects.all()

    def put(self, request: Any, pk: int) -> Response:
        obj = PermissionTarget.objects.get(pk=pk)
        self.check_object_permissions(request, obj)
        return Response({"id": obj.pk})


class ObjectAsync(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [permissions.IsAuthenticated, HiddenObject]
    queryset = PermissionTarget.objects.all()

    async def put(self, request: Any, pk: int) -> Response:
        obj = await PermissionTarget.objects.aget(pk=pk)
        await self.acheck_object_permissions(request, obj)
        return Response({"id": obj.pk})


IS_AUTH = [permissions.IsAuthenticated]

urlpatterns = [
    *pair("basic", authentication_classes=[BasicAuthentication], permission_classes=IS_AUTH),
    *pair("session", authentication_classes=[SessionAuthentication], permission_classes=IS_AUTH),
    *pair("token", authentication_classes=[ModelTokenAuthentication], permission_classes=IS_AUTH),
    *pair(
        "session-first",
        authentication_classes=[SessionAuthentication, BasicAuthentication],
        permission_classes=IS_AUTH,
    ),
    *pair(
        "basic-first",
        authentication_classes=[BasicAuthentication, SessionAuthentication],
        permission_classes=IS_AUTH,
    ),
    *pair("no-auth", authentication_classes=[], permission_classes=IS_AUTH),
    *pair(
        "members",
        authentication_classes=[BasicAuthentication],
        permission_classes=[permissions.IsAuthenticatedOrReadOnly, Members],
    ),
    *pair(
        "admin-or-readonly",
        authentication_classes=[BasicAuthentication],
        permission_classes=[permissions.IsAdminUser | ~permissions.IsAuthenticatedOrReadOnly],
    ),
    *pair(
        "anon-throttle",
        authentication_classes=[BasicAuthentication],
        permission_classes=[],
        throttle_classes=[TwoPerMinute],
    ),
    *pair(
        "user-throttle",
        authentication_classes=[BasicAuthentication],
        permission_classes=[],
        throttle_classes=[OnePerHourPerUser, TwoPerMinute],
    ),
    *pair(
        "scoped",
        authentication_classes=[],
        permission_classes=[],
        throttle_classes=[FrozenScoped],
        throttle_scope="uploads",
    ),
    path("sync/object/<int:pk>/", ObjectSync.as_view()),
    path("async/object/<int:pk>/", ObjectAsync.as_view()),
]


async def send(
    flavour: str,
    method: str,
    url: str,
    data: Any = None,
    *,
    login: Any = None,
    enforce_csrf_checks: bool = False,
    **extra: Any,
) -> Any:
    """One request to ``/<flavour>/<url>``: ``APIClient`` (WSGI) for the sync views,
    ``AsyncAPIClient`` (ASGI) for the async ones. Headers are given as ``HTTP_*`` keywords."""
    full = f"/{flavour}/{url}"
    if method != "get":
        extra.setdefault("format", "json")
    # ``HTTP_*`` keywords are WSGI environ names; the async client wants real header names.
    headers = {
        key[5:].replace("_", "-").title(): extra.pop(key)
        for key in [k for k in extra if k.startswith("HTTP_")]
    }
    if headers:
        extra["headers"] = headers
    if flavour == "sync":

        def call() -> Any:
            client = APIClient(enforce_csrf_checks=enforce_csrf_checks)
            if login is not None:
                client.force_login(login)
            return getattr(client, method)(full, data, **extra)

        return await sync_to_async(call)()
    client = AsyncAPIClient(enforce_csrf_checks=enforce_csrf_checks)
    if login is not None:
        await client.aforce_login(login)
    return await getattr(client, method)(full, data, **extra)
