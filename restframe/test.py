"""Test helpers: a request factory and clients that speak API formats and force authentication.

``APIRequestFactory`` encodes request data with the API's renderers (``format="json"``) and can
skip CSRF checks; ``APIClient`` adds ``credentials()`` and ``force_authenticate()``;
``RequestsClient`` (needs the ``requests`` package) serves ``requests`` calls in-process. A
handled API error (a 503 ``APIException`` answered by the view) is a response, not a crash: the
client returns it instead of re-raising the exception as Django's client does for reported errors.
"""

from __future__ import annotations

import http.client
import importlib
import io
import types
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponseBase
from django.test import testcases
from django.test.client import AsyncClient as DjangoAsyncClient
from django.test.client import AsyncClientHandler, ClientHandler, RequestFactory
from django.test.client import Client as DjangoClient
from django.test.utils import override_settings
from django.utils.encoding import force_bytes
from django.utils.http import urlencode

from restframe.settings import api_settings

__all__ = [
    "APIClient",
    "APILiveServerTestCase",
    "APIRequestFactory",
    "APISimpleTestCase",
    "APITestCase",
    "APITransactionTestCase",
    "AsyncAPIClient",
    "RequestsClient",
    "URLPatternsTestCase",
    "force_authenticate",
]


def force_authenticate(request: Any, user: Any = None, token: Any = None) -> None:
    """Make the view treat ``request`` as authenticated as ``user`` (and ``token``)."""
    request._force_auth_user = user
    request._force_auth_token = token


class _UsageError(AssertionError, ValueError):
    """A misuse of the factory. DRF asserts, so ``except AssertionError`` keeps working;
    it is a ``ValueError`` too because a wrong argument is what it reports."""


class _LiveSetting:
    """A class attribute that reads ``api_settings`` on every access.

    DRF reads the test settings once, at import; reading them live lets ``override_settings``
    reach them, while a subclass attribute (as in DRF) still replaces this default.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        return getattr(api_settings, self.name)


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

    renderer_classes_list: Any = _LiveSetting("TEST_REQUEST_RENDERER_CLASSES")
    default_format: Any = _LiveSetting("TEST_REQUEST_DEFAULT_FORMAT")

    def __init__(self, enforce_csrf_checks: bool = False, **defaults: Any) -> None:
        self.enforce_csrf_checks = enforce_csrf_checks
        self.renderer_classes = {
            renderer.format: renderer for renderer in self.renderer_classes_list
        }
        super().__init__(**defaults)

    def _encode_data(
        self, data: Any, format: str | None = None, content_type: str | None = None
    ) -> tuple[bytes | str, str | None]:
        """Encode ``data`` as the request body; returns ``(body, content_type)``."""
        if data is None:
            return ("", content_type)
        if format is not None and content_type is not None:
            raise _UsageError("Set format or content_type, not both.")
        if content_type:
            encoded = self._encode_json(data, content_type)  # type: ignore[attr-defined]
            return (force_bytes(encoded, settings.DEFAULT_CHARSET), content_type)

        format = format or self.default_format
        try:
            renderer = self.renderer_classes[format]()
        except KeyError:
            raise _UsageError(
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
            # As in DRF: the text up to a second "?", in WSGI form (UTF-8 bytes seen as
            # ISO-8859-1), so Django decodes non-ASCII parameters correctly.
            query["QUERY_STRING"] = force_bytes(path.split("?")[1]).decode("iso-8859-1")
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
        # A 307/308 re-sends the body: encode it the same way.
        return self._follow(
            response, follow, data, {"format": format, "content_type": content_type, **extra}
        )

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
        # Following a redirect passes the body's ``format`` along, also to GET; not a header.
        extra.pop("format", None)
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
        follow: bool = False,
        **extra: Any,
    ) -> Any:
        body, encoded_type = self._encoder._encode_data(data, format, content_type)
        if encoded_type is None:
            encoded_type = "application/octet-stream"
        response = await self.generic(method, path, body, encoded_type, **extra)
        if follow:
            # A 307/308 re-sends the body: encode it the same way.
            response = await self._ahandle_redirects(  # type: ignore[attr-defined]
                response, data=data, format=format, content_type=content_type, **extra
            )
        return response


def _async_sending_method(http_method: str) -> Any:
    """An ``AsyncAPIClient`` method that encodes ``data`` like the sync client's."""

    async def method(
        self: AsyncAPIClient,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        follow: bool = False,
        **extra: Any,
    ) -> Any:
        return await self._send(http_method, path, data, format, content_type, follow, **extra)

    method.__name__ = method.__qualname__ = http_method.lower()
    return method


AsyncAPIClient.post = _async_sending_method("POST")  # type: ignore[method-assign]
AsyncAPIClient.put = _async_sending_method("PUT")  # type: ignore[method-assign]
AsyncAPIClient.patch = _async_sending_method("PATCH")  # type: ignore[method-assign]
AsyncAPIClient.delete = _async_sending_method("DELETE")  # type: ignore[method-assign]
AsyncAPIClient.options = _async_sending_method("OPTIONS")  # type: ignore[method-assign]


# --- RequestsClient: the ``requests`` API, served by the project's WSGI app in-process ----------

try:
    requests: Any = importlib.import_module("requests")
    _urllib3: Any = importlib.import_module("urllib3")
except ImportError:
    requests = None


@contextmanager
def _connections_kept_open() -> Iterator[None]:
    """Serve a request without Django closing the test's database connection.

    ``WSGIHandler`` fires ``request_started``/``request_finished``, whose handler closes old
    connections: inside a ``TestCase`` that would end the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class _RawResponse:
    """What ``requests`` reads cookies from (``.msg.get_all``), like ``http.client``'s response."""

    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self.msg = http.client.HTTPMessage()
        for name, value in headers:
            self.msg[name] = value
        self.closed = False

    def isclosed(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True


#: Request headers that travel as WSGI keys of their own, or not at all.
_NOT_HTTP_HEADERS = frozenset({"CONNECTION", "CONTENT-LENGTH", "CONTENT-TYPE"})


class DjangoTestAdapter(requests.adapters.HTTPAdapter if requests else object):  # type: ignore[misc]
    """A ``requests`` transport that calls Django's WSGI application instead of the network."""

    def __init__(self) -> None:
        super().__init__()
        self.app = WSGIHandler()
        self.factory = RequestFactory()

    def get_environ(self, request: Any) -> dict[str, Any]:
        """The WSGI environ for a ``requests.PreparedRequest``."""
        kwargs: dict[str, Any] = {}
        body = request.body
        if body is not None:
            kwargs["data"] = body.read() if hasattr(body, "read") else body
        if "content-type" in request.headers:
            kwargs["content_type"] = request.headers["content-type"]
        for name, value in request.headers.items():
            name = name.upper()
            if name not in _NOT_HTTP_HEADERS:
                kwargs["HTTP_" + name.replace("-", "_")] = value
        return self.factory.generic(request.method, request.url, **kwargs).environ

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Run the request through the WSGI app and wrap its answer as a ``requests`` response."""
        started: dict[str, Any] = {}
        written: list[bytes] = []  # WSGI's legacy write(); Django never uses it

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            code, _, reason = status.partition(" ")
            started.update(status=int(code), reason=reason, headers=headers)
            return written.append

        with _connections_kept_open():
            result = self.app(self.get_environ(request), start_response)
            try:
                content = b"".join([*written, *result])
            finally:
                result.close()  # request_finished: Django's end-of-request cleanup
        raw = _urllib3.HTTPResponse(
            body=io.BytesIO(content),
            headers=started["headers"],
            status=started["status"],
            reason=started["reason"],
            version=11,
            preload_content=False,
            original_response=_RawResponse(started["headers"]),
        )
        return self.build_response(request, raw)

    def close(self) -> None:
        """Nothing to release: there is no connection pool."""


class RequestsClient(requests.Session if requests else object):  # type: ignore[misc]
    """A ``requests.Session`` whose ``http://`` and ``https://`` requests reach the Django
    project in-process; URLs must be absolute (``http://testserver/...``).

    Needs the ``requests`` package; without it, creating one raises ``ImproperlyConfigured``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if requests is None:
            raise ImproperlyConfigured("requests must be installed in order to use RequestsClient.")
        super().__init__(*args, **kwargs)
        adapter = DjangoTestAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if not url.startswith("http"):
            raise ValueError(
                'Missing "http:" or "https:". Use a fully qualified URL, eg '
                f'"http://testserver{url}"'
            )
        return super().request(method, url, *args, **kwargs)


class APITransactionTestCase(testcases.TransactionTestCase):
    client_class = APIClient


class APITestCase(testcases.TestCase):
    client_class = APIClient


class APISimpleTestCase(testcases.SimpleTestCase):
    client_class = APIClient


class APILiveServerTestCase(testcases.LiveServerTestCase):
    client_class = APIClient


_NOT_SET = object()


def _restore_urlpatterns(module: types.ModuleType, previous: Any) -> None:
    if previous is _NOT_SET:
        module.__dict__.pop("urlpatterns", None)
    else:
        module.__dict__["urlpatterns"] = previous


class URLPatternsTestCase(testcases.SimpleTestCase):
    """A test case whose class attribute ``urlpatterns`` is the URLconf while it runs.

    As in DRF, the test's own module becomes ``ROOT_URLCONF`` with ``urlpatterns`` set to the
    class's for the duration (any module-level ``urlpatterns`` is put back afterwards), so
    ``reverse()``, ``include()`` of the module and ``@override_settings(ROOT_URLCONF=...)``
    naming the module all see the class's patterns. Combine it with another test case class for
    database access (``class T(URLPatternsTestCase, APITestCase)``).
    """

    urlpatterns: Sequence[Any]

    @classmethod
    def setUpClass(cls) -> None:
        patterns = getattr(cls, "urlpatterns", None)
        if patterns is None:
            raise ValueError(f"{cls.__qualname__} must define `urlpatterns`.")
        module = importlib.import_module(cls.__module__)
        previous = module.__dict__.get("urlpatterns", _NOT_SET)
        module.__dict__["urlpatterns"] = patterns
        override = override_settings(ROOT_URLCONF=cls.__module__)
        override.enable()
        cls.addClassCleanup(override.disable)
        cls.addClassCleanup(_restore_urlpatterns, module, previous)
        super().setUpClass()
