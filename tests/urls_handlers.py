"""Views raising what ``restframe.handlers.exception_handler`` maps, for ``tests/test_handlers.py``.

Each view exists as a sync ``APIView`` under ``sync/`` and an ``async def`` twin under ``async/``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path

from restframe import exceptions
from restframe.authentication import BasicAuthentication
from restframe.permissions import IsAuthenticated
from restframe.response import Response
from restframe.throttling import BaseThrottle
from restframe.views import APIView
from tests.models_handlers import Author, Gadget

handler500 = "restframe.defaults.server_error"


class SlowDown(BaseThrottle):
    def allow_request(self, request, view):
        return False

    def wait(self):
        return 2.5


def _gadget_errors() -> None:
    Gadget(name="giant", size=-1).full_clean()


def _django_validation_error() -> None:
    raise DjangoValidationError("Stock is %(what)s.", code="stock", params={"what": "gone"})


def _http404() -> None:
    raise Http404("No Book matches the given query.")


def _http404_bare() -> None:
    raise Http404


def _django_denied() -> None:
    raise DjangoPermissionDenied("Members only.")


def _django_denied_bare() -> None:
    raise DjangoPermissionDenied


def _crash() -> None:
    raise ValueError("secret internals")


RAISERS = {
    "full-clean": _gadget_errors,
    "django-validation": _django_validation_error,
    "http404": _http404,
    "http404-bare": _http404_bare,
    "django-denied": _django_denied,
    "django-denied-bare": _django_denied_bare,
    "crash": _crash,
}


class Raise(APIView):
    """GET runs ``raiser``: a function that raises."""

    authentication_classes: list[Any] = []
    raiser: Any = None

    def get(self, request):
        self.raiser()
        return Response({"ok": True})


class AsyncRaise(Raise):
    async def get(self, request):
        self.raiser()
        return Response({"ok": True})


class DeleteAuthor(APIView):
    """DELETE removes the author named in the URL; books (PROTECT) and loans (RESTRICT) stop it."""

    authentication_classes: list[Any] = []

    def delete(self, request, pk):
        Author.objects.get(pk=pk).delete()
        return Response(status=204)


class AsyncDeleteAuthor(APIView):
    authentication_classes: list[Any] = []

    async def delete(self, request, pk):
        author = await Author.objects.aget(pk=pk)
        await author.adelete()
        return Response(status=204)


class NeedsLogin(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"ok": True})


class AsyncNeedsLogin(NeedsLogin):
    async def get(self, request):
        return Response({"ok": True})


class Throttled(APIView):
    authentication_classes: list[Any] = []
    throttle_classes = [SlowDown]

    def get(self, request):
        return Response({"ok": True})


class AsyncThrottled(Throttled):
    async def get(self, request):
        return Response({"ok": True})


class RaiseThrottled(APIView):
    """Raises ``Throttled(wait=0)``: a zero wait sends no ``Retry-After``."""

    authentication_classes: list[Any] = []

    def get(self, request):
        raise exceptions.Throttled(wait=0)


urlpatterns = [
    *[path(f"sync/{name}/", Raise.as_view(raiser=raiser)) for name, raiser in RAISERS.items()],
    *[
        path(f"async/{name}/", AsyncRaise.as_view(raiser=raiser))
        for name, raiser in RAISERS.items()
    ],
    path("sync/authors/<int:pk>/", DeleteAuthor.as_view()),
    path("async/authors/<int:pk>/", AsyncDeleteAuthor.as_view()),
    path("sync/login/", NeedsLogin.as_view()),
    path("async/login/", AsyncNeedsLogin.as_view()),
    path("sync/throttled/", Throttled.as_view()),
    path("async/throttled/", AsyncThrottled.as_view()),
    path("sync/throttled-zero/", RaiseThrottled.as_view()),
]
