"""Test helpers: a request factory and clients that speak API formats and force authentication.

``APIRequestFactory`` encodes request data with the API's renderers (``format="json"``) and can
skip CSRF checks; ``APIClient`` adds ``credentials()`` and ``force_authenticate()``. A handled API
error (a 503 ``APIException`` answered by the view) is a response, not a crash: the client returns
it instead of re-raising the exception as Django's client does for reported errors.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from itertools import count
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponseBase
from django.test import testcases
from django.test.client import AsyncClient as DjangoAsyncClient
from django.test.client import AsyncClientHandler, ClientHandler, RequestFactory
from django.test.client import Client as DjangoClient
from django.test.utils import override_settings
from django.utils.encoding import force_bytes

from restframe.settings import api_settings

__all__ = [
    "APIClient",
    "APILiveServerTestCase",
    "APIRequestFactory",
    "APISimpleTestCase",
    "APITestCase",
    "APITransactionTestCase",
    "AsyncAPIClient",
    "URLPatternsTestCase",
    "force_authenticate",
]


def force_authenticate(request: Any, user: Any = None, token: Any = None) -> None:
    """Make the view treat ``request`` as authenticated as ``user`` (and ``token``)."""
    request._force_auth_user = user
    request._force_auth_token = token


def _encoding_method(http_method: str) -> Any:
    """A factory method that encodes ``data`` with ``format``/``content_type`` first."""

    def method(
        self: APIRequestFactory,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        body, content_type = self._encode_data(data, format, content_type)
        return self.generic(http_method, path, body, content_type, **extra)

    method.__name__ = method.__qualname__ = http_method.lower()
    return method


class APIRequestFactory(RequestFactory):
    """``RequestFactory`` that encodes data with the API's renderers and skips CSRF by default."""

    def __init__(self, enforce_csrf_checks: bool = False, **defaults: Any) -> None:
        self.enforce_csrf_checks = enforce_csrf_checks
        self.renderer_classes = {
            renderer.format: renderer for renderer in api_settings.TEST_REQUEST_RENDERER_CLASSES
        }
        self.default_format = api_settings.TEST_REQUEST_DEFAULT_FORMAT
        super().__init__(**defaults)

    def _encode_data(
        self, data: Any, format: str | None = None, content_type: str | None = None
    ) -> tuple[bytes | str, str | None]:
        """Encode ``data`` as the request body; returns ``(body, content_type)``."""
        if data is None:
            return ("", content_type)
        if format is not None and content_type is not None:
            raise ValueError("Set format or content_type, not both.")
        if content_type:
            encoded = self._encode_json(data, content_type)  # type: ignore[attr-defined]
            return (force_bytes(encoded, settings.DEFAULT_CHARSET), content_type)

        format = format or self.default_format
        try:
            renderer = self.renderer_classes[format]()
        except KeyError:
            raise ValueError(
                f"Invalid format '{format}'. Available formats are "
                f"{', '.join(repr(fmt) for fmt in self.renderer_classes)}. Set "
                "TEST_REQUEST_RENDERER_CLASSES to enable extra request formats."
            ) from None
        body = renderer.render(data)
        media_type = renderer.media_type
        if renderer.charset:
            media_type = f"{media_type}; charset={renderer.charset}"
        if isinstance(body, str):
            body = body.encode(renderer.charset or settings.DEFAULT_CHARSET)
        return (body, media_type)

    def get(self, path: str, data: Any = None, **extra: Any) -> Any:  # type: ignore[override]
        query = {"QUERY_STRING": urlencode(data or {}, doseq=True)}
        if not data and "?" in path:
            query["QUERY_STRING"] = path.split("?", 1)[1]
        query.update(extra)
        return self.generic("GET", path, **query)  # type: ignore[arg-type]

    post = _encoding_method("POST")
    put = _encoding_method("PUT")
    patch = _encoding_method("PATCH")
    delete = _encoding_method("DELETE")
    options = _encoding_method("OPTIONS")

    def generic(  # type: ignore[override]
        self,
        method: str,
        path: str,
        data: Any = "",
        content_type: str | None = "application/octet-stream",
        secure: bool = False,
        **extra: Any,
    ) -> Any:
        if content_type is not None:
            extra["CONTENT_TYPE"] = str(content_type)
        return super().generic(method, path, data, content_type, secure, **extra)

    def request(self, **kwargs: Any) -> WSGIRequest:
        request = super().request(**kwargs)
        request._dont_enforce_csrf_checks = not self.enforce_csrf_checks  # type: ignore[attr-defined]
        return request


class ForceAuthClientHandler(ClientHandler):
    """Client handler that applies the client's forced authentication to every request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._force_user: Any = None
        self._force_token: Any = None
        super().__init__(*args, **kwargs)

    def get_response(self, request: Any) -> HttpResponseBase:
        force_authenticate(request, self._force_user, self._force_token)
        return super().get_response(request)


class _APIClientMixin:
    """What ``APIClient`` and ``AsyncAPIClient`` share: credentials, forced auth, no re-raise
    of handled API errors."""

    _credentials: dict[str, Any]
    handler: Any
    exc_info: Any

    def credentials(self, **kwargs: Any) -> None:
        """Extra WSGI environ values (e.g. ``HTTP_AUTHORIZATION``) sent with every request."""
        self._credentials = kwargs

    def force_authenticate(self, user: Any = None, token: Any = None) -> None:
        """Authenticate every following request as ``user``; ``None`` for both undoes it."""
        self.handler._force_user = user
        self.handler._force_token = token
        if user is None and token is None:
            self.logout()

    def logout(self) -> None:
        self._credentials = {}
        self.handler._force_user = None
        self.handler._force_token = None
        if getattr(self, "session", None):
            super().logout()  # type: ignore[misc]

    def check_exception(self, response: Any) -> None:
        if getattr(response, "_restframe_handled", False):
            self.exc_info = None
            return
        super().check_exception(response)  # type: ignore[misc]


def _following_method(name: str) -> Any:
    """A client method that sends like the factory's, then follows redirects on request."""

    def method(
        self: APIClient,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        follow: bool = False,
        **extra: Any,
    ) -> Any:
        send = getattr(APIRequestFactory, name)
        response = send(self, path, data=data, format=format, content_type=content_type, **extra)
        return self._follow(response, follow, data, extra)

    method.__name__ = method.__qualname__ = name
    return method


class APIClient(_APIClientMixin, APIRequestFactory, DjangoClient):  # type: ignore[misc]
    """Django's test client with API data encoding, ``credentials()`` and forced authentication."""

    def __init__(self, enforce_csrf_checks: bool = False, **defaults: Any) -> None:
        super().__init__(enforce_csrf_checks=enforce_csrf_checks, **defaults)
        self.handler = ForceAuthClientHandler(enforce_csrf_checks)
        self._credentials = {}

    def request(self, **kwargs: Any) -> Any:
        kwargs.update(self._credentials)
        return super().request(**kwargs)

    def _follow(self, response: Any, follow: bool, data: Any, extra: dict[str, Any]) -> Any:
        if follow:
            response = self._handle_redirects(  # type: ignore[attr-defined]
                response, data=data, **extra
            )
        return response

    def get(self, path: str, data: Any = None, follow: bool = False, **extra: Any) -> Any:  # type: ignore[override]
        response = super().get(path, data=data, **extra)
        return self._follow(response, follow, data, extra)

    post = _following_method("post")
    put = _following_method("put")
    patch = _following_method("patch")
    delete = _following_method("delete")
    options = _following_method("options")


class _ForceAuthAsyncClientHandler(AsyncClientHandler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._force_user: Any = None
        self._force_token: Any = None
        super().__init__(*args, **kwargs)

    async def get_response_async(self, request: Any) -> HttpResponseBase:
        force_authenticate(request, self._force_user, self._force_token)
        return await super().get_response_async(request)


class AsyncAPIClient(_APIClientMixin, DjangoAsyncClient):  # type: ignore[misc]
    """restframe: Django's ``AsyncClient`` (runs the project as ASGI) with JSON encoding via
    ``format="json"``, ``credentials()`` and forced authentication."""

    def __init__(self, enforce_csrf_checks: bool = False, **defaults: Any) -> None:
        super().__init__(enforce_csrf_checks=enforce_csrf_checks, **defaults)
        self.handler = _ForceAuthAsyncClientHandler(enforce_csrf_checks)
        self._credentials = {}
        self._encoder = APIRequestFactory()

    def generic(  # type: ignore[override]
        self,
        method: str,
        path: str,
        data: Any = "",
        content_type: str | None = "application/octet-stream",
        secure: bool = False,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> Any:
        # Django's async factory takes real header names; WSGI-style ``HTTP_*`` keys (what
        # ``credentials()`` and DRF-style tests pass) would otherwise arrive mangled.
        extra = {**self._credentials, **extra}
        merged = dict(headers or {})
        for key in [key for key in extra if key.startswith("HTTP_")]:
            merged[key[5:].replace("_", "-").title()] = extra.pop(key)
        return super().generic(
            method, path, data, content_type, secure, headers=merged or None, **extra
        )

    async def _send(
        self,
        method: str,
        path: str,
        data: Any,
        format: str | None,
        content_type: str | None,
        **extra: Any,
    ) -> Any:
        body, content_type = self._encoder._encode_data(data, format, content_type)
        if content_type is None:
            content_type = "application/octet-stream"
        return await self.generic(method, path, body, content_type, **extra)

    async def post(  # type: ignore[override]
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        return await self._send("POST", path, data, format, content_type, **extra)

    async def put(  # type: ignore[override]
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        return await self._send("PUT", path, data, format, content_type, **extra)

    async def patch(  # type: ignore[override]
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        **extra: Any,
    ) -> Any:
        return await self._send("PATCH", path, data, format, content_type, **extra)


class APITransactionTestCase(testcases.TransactionTestCase):
    client_class = APIClient


class APITestCase(testcases.TestCase):
    client_class = APIClient


class APISimpleTestCase(testcases.SimpleTestCase):
    client_class = APIClient


class APILiveServerTestCase(testcases.LiveServerTestCase):
    client_class = APIClient


_urlconf_ids = count()


class URLPatternsTestCase(testcases.SimpleTestCase):
    """A test case whose class attribute ``urlpatterns`` is the URLconf while it runs.

    Combine it with another test case class for database access
    (``class T(URLPatternsTestCase, APITestCase)``).
    """

    urlpatterns: Sequence[Any] = ()

    @classmethod
    def setUpClass(cls) -> None:
        if not cls.urlpatterns:
            raise ValueError(f"{cls.__qualname__} must define `urlpatterns`.")
        module = types.ModuleType(f"restframe_test_urls_{next(_urlconf_ids)}")
        module.urlpatterns = list(cls.urlpatterns)  # type: ignore[attr-defined]
        override = override_settings(ROOT_URLCONF=module)
        override.enable()
        cls.addClassCleanup(override.disable)
        super().setUpClass()
