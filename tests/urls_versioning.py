"""URLs for tests/test_versioning.py: one view per scheme, and targets for versioned links."""

from __future__ import annotations

from typing import Any

from django.urls import include, path, re_path

from restframe import versioning
from restframe.response import Response
from restframe.reverse import reverse
from restframe.views import APIView


def versioned_view(scheme: Any, target: str = "other") -> Any:
    class VersionedView(APIView):
        versioning_class = scheme

        def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
            return Response(
                {
                    "version": request.version,
                    "scheme": type(request.versioning_scheme).__name__,
                    "url": reverse(target, request=request),
                }
            )

    return VersionedView.as_view()


class DefaultSchemeView(APIView):
    """Uses ``DEFAULT_VERSIONING_CLASS``."""

    def get(self, request: Any) -> Response:
        return Response(
            {
                "version": request.version,
                "scheme": type(request.versioning_scheme).__name__,
                "url": reverse("other", request=request),
            }
        )


class AsyncQueryView(APIView):
    versioning_class = versioning.QueryParameterVersioning

    async def get(self, request: Any) -> Response:
        return Response({"version": request.version, "url": reverse("other", request=request)})


namespaced = [
    path("ns/", versioned_view(versioning.NamespaceVersioning), name="ns"),
    path("other/", versioned_view(None), name="other"),
    path("default/", DefaultSchemeView.as_view()),
]

urlpatterns = [
    path("accept/", versioned_view(versioning.AcceptHeaderVersioning)),
    re_path(
        r"^(?P<version>[v0-9.]+)/path/$",
        versioned_view(versioning.URLPathVersioning, "path-other"),
    ),
    re_path(r"^(?P<version>[v0-9.]+)/path-other/$", versioned_view(None), name="path-other"),
    path("host/", versioned_view(versioning.HostNameVersioning)),
    path("query/", versioned_view(versioning.QueryParameterVersioning)),
    path("async-query/", AsyncQueryView.as_view()),
    path("v1/", include((namespaced, "versioned"), namespace="v1")),
    path("v2/", include((namespaced, "versioned"), namespace="v2")),
    path("ns/", versioned_view(versioning.NamespaceVersioning)),
    path("other/", versioned_view(None), name="other"),
    path("default/", DefaultSchemeView.as_view()),
]
