"""The API request: Django's ``HttpRequest`` plus parsed content and authentication.

``Request`` wraps the request a view receives. ``request.data`` parses the body with the view's
parsers on first access, whatever the HTTP method; ``request.user`` runs the view's
authenticators on first access (``await request.auser()`` in async views). Anything else is read
from the wrapped ``HttpRequest``, so code written for plain Django keeps working.

Construction does no work beyond storing references: a request that never touches its body or
its user pays nothing for them. A body that cannot be parsed raises once (``ParseError``,
``UnsupportedMediaType``) and leaves empty data behind, so rendering or logging the error cannot
fail a second time.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, NoReturn

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.http.request import RawPostDataException
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

from restframe import exceptions
from restframe.settings import api_settings

if TYPE_CHECKING:
    from collections.abc import Sequence

    from restframe.negotiation import BaseContentNegotiation
    from restframe.parsers import BaseParser

__all__ = [
    "Empty",
    "ForcedAuthentication",
    "Request",
    "WrappedAttributeError",
    "clone_request",
    "is_form_media_type",
    "override_method",
]

MAX_MEDIA_TYPE_LENGTH = 256
_FORM_MEDIA_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# Parser results that are certainly data, not a DataAndFiles-like object.
_PLAIN_RESULTS = frozenset({dict, list, str, int, float, bool, type(None), QueryDict})


def is_form_media_type(media_type: str | None) -> bool:
    """Whether ``media_type`` is an HTML form encoding (urlencoded or multipart)."""
    if media_type is None or len(media_type) > MAX_MEDIA_TYPE_LENGTH:
        return False
    # Both form types contain "form": any other value (JSON with a charset, say) is answered
    # without the costly parse of its parameters.
    if "form" not in media_type.lower():
        return False
    try:
        base_media_type = parse_header_parameters(media_type)[0]
    except Exception:  # e.g. an unknown RFC 2231 charset: not a form, not a server error
        return False
    return base_media_type in _FORM_MEDIA_TYPES


def _empty_query_dict(encoding: str | None) -> QueryDict:
    """``QueryDict("", encoding=encoding)``: an immutable, empty one.

    Django's constructor parses the empty query string and reads two settings (about a fifth
    of a malformed JSON body's answer). The state it leaves is built directly instead, where a
    one-time comparison shows it matches what this Django builds.
    """
    empty = QueryDict.__new__(QueryDict)
    vars(empty).update(_encoding=encoding or settings.DEFAULT_CHARSET, _mutable=False)
    built_like_django = _BUILT_LIKE_DJANGO
    if built_like_django is None:
        built_like_django = _check_empty_query_dict(empty, encoding)
    return empty if built_like_django else QueryDict("", encoding=encoding)


def _check_empty_query_dict(built: QueryDict, encoding: str | None) -> bool:
    global _BUILT_LIKE_DJANGO
    made = QueryDict("", encoding=encoding)
    same = vars(made) == vars(built) and dict(made) == dict(built) == {}
    _BUILT_LIKE_DJANGO = same
    return same


_BUILT_LIKE_DJANGO: bool | None = None  # unknown until the first empty QueryDict is built


class _NotAnHttpRequest(TypeError, AssertionError):
    """``Request`` given something other than an ``HttpRequest``; DRF raises ``AssertionError``."""


class WrappedAttributeError(Exception):
    """An ``AttributeError`` raised while parsing or authenticating.

    Left alone it would make Python fall back to ``Request.__getattr__`` and surface as a
    misleading "'Request' object has no attribute 'data'"; re-raised as this it stays visible.
    """


def _reraise_wrapped(exc: AttributeError) -> NoReturn:
    raise WrappedAttributeError(str(exc)).with_traceback(exc.__traceback__) from exc


class Empty:
    """Marks an attribute not computed yet (``None`` is a valid value for some of them)."""


# A new request's lazily computed state, set in one step.
_FRESH: dict[str, Any] = {
    "_data": Empty,
    "_files": Empty,
    "_full_data": Empty,
    "_content_type": Empty,
    "_stream": Empty,
    "version": None,
    "versioning_scheme": None,
}


class ForcedAuthentication:
    """Authenticates as a fixed user/token; used when a test forced authentication."""

    def __init__(self, force_user: Any, force_token: Any) -> None:
        self.force_user = force_user
        self.force_token = force_token

    def authenticate(self, request: Request) -> tuple[Any, Any]:
        return (self.force_user, self.force_token)

    async def aauthenticate(self, request: Request) -> tuple[Any, Any]:
        return (self.force_user, self.force_token)


class _FromDjangoRequest:
    """Reads a hot attribute straight from the wrapped request.

    The generic ``__getattr__`` fallback costs a failed lookup first (about 2 µs); attributes
    every request reads (``method``, ``META``, ...) skip it. Being a non-data descriptor,
    assigning the attribute on a ``Request`` still shadows it, as it does in DRF.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Request | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return getattr(instance._request, self.name)


class Request:
    """Wraps an ``HttpRequest`` with parsed ``data`` and an authenticated ``user``.

    Args:
        request: the Django request to wrap.
        parsers: parser instances tried in order for the body.
        authenticators: authenticator instances tried in order for the user.
        negotiator: picks the parser; defaults to ``DEFAULT_CONTENT_NEGOTIATION_CLASS``.
        parser_context: extra context for parsers (the view adds ``view``, ``args``, ``kwargs``).
    """

    accepted_renderer: Any
    accepted_media_type: str
    _request: HttpRequest
    _negotiator: Any
    # Computed on first use; ``Empty`` until then.
    _data: Any
    _files: Any
    _full_data: Any
    _content_type: Any
    _stream: Any
    parsers: Sequence[BaseParser]
    authenticators: Sequence[Any]
    parser_context: dict[str, Any]
    version: Any
    versioning_scheme: Any
    # The negotiator's parsed ``Accept`` ranges; a class default keeps the first lookup cheap.
    _parsed_accept_list: list[Any] | None = None

    META = _FromDjangoRequest()
    method = _FromDjangoRequest()
    path = _FromDjangoRequest()
    path_info = _FromDjangoRequest()
    GET = _FromDjangoRequest()
    COOKIES = _FromDjangoRequest()
    headers = _FromDjangoRequest()

    def __init__(
        self,
        request: HttpRequest,
        parsers: Sequence[BaseParser] | None = None,
        authenticators: Sequence[Any] | None = None,
        negotiator: BaseContentNegotiation | None = None,
        parser_context: dict[str, Any] | None = None,
    ) -> None:
        if not isinstance(request, HttpRequest):
            cls = type(request)
            raise _NotAnHttpRequest(
                "The `request` argument must be an instance of `django.http.HttpRequest`, "
                f"not `{cls.__module__}.{cls.__name__}`."
            )
        attrs = self.__dict__
        attrs.update(_FRESH)
        attrs["_request"] = request
        attrs["parsers"] = parsers or ()
        attrs["authenticators"] = authenticators or ()
        attrs["_negotiator"] = negotiator

        if parser_context is None:
            parser_context = {}
        parser_context["request"] = self
        parser_context["encoding"] = request.encoding or settings.DEFAULT_CHARSET
        attrs["parser_context"] = parser_context

        # Set by ``restframe.test.force_authenticate`` / ``APIClient.force_authenticate``.
        forced = request.__dict__
        force_user = forced.get("_force_auth_user")
        force_token = forced.get("_force_auth_token")
        if force_user is not None or force_token is not None:
            self.authenticators = (ForcedAuthentication(force_user, force_token),)

    def __repr__(self) -> str:
        cls = type(self)
        return f"<{cls.__module__}.{cls.__name__}: {self.method} {self.get_full_path()!r}>"

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> type[Request]:
        return cls

    def force_plaintext_errors(self, value: bool) -> None:
        """Kept from DRF's API: marks the wrapped request so error pages choose plain text.

        Django no longer reads the ``is_ajax`` hook this sets; the method exists so code that
        calls it (as DRF's ``raise_uncaught_exception`` does) keeps working.
        """
        self._request.is_ajax = lambda: value  # type: ignore[attr-defined]

    # --- attribute access -----------------------------------------------------------------

    def __getattr__(self, attr: str) -> Any:
        """Anything ``Request`` does not define is read from the wrapped ``HttpRequest``."""
        try:
            request = self.__getattribute__("_request")
            return getattr(request, attr)
        except AttributeError:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{attr}'"
            ) from None

    @property
    def negotiator(self) -> BaseContentNegotiation:
        """The negotiator that picks a parser; created on first use when none was given."""
        if self._negotiator is None:
            self._negotiator = api_settings.DEFAULT_CONTENT_NEGOTIATION_CLASS()
        return self._negotiator

    @negotiator.setter
    def negotiator(self, value: BaseContentNegotiation) -> None:
        self._negotiator = value

    @property
    def content_type(self) -> str:
        """The full ``Content-Type`` header value, parameters included (``""`` when absent)."""
        meta = self._request.META
        return meta.get("CONTENT_TYPE", meta.get("HTTP_CONTENT_TYPE", ""))

    @property
    def stream(self) -> Any:
        """A file-like object for the body, or ``None`` when the body is empty."""
        if self._stream is Empty:
            self._load_stream()
        return self._stream

    @property
    def query_params(self) -> QueryDict:
        """The query string parameters (Django's ``request.GET`` under a clearer name)."""
        return self._request.GET

    @property
    def data(self) -> Any:
        """The parsed body: fields and files together for forms, the decoded value for JSON."""
        if self._full_data is Empty:
            self._load_guarded()
        return self._full_data

    @property
    def POST(self) -> Any:
        """Form fields only (an empty ``QueryDict`` for non-form bodies), as in Django."""
        if self._data is Empty:
            self._load_guarded()
        if is_form_media_type(self.content_type):
            return self._data
        return _empty_query_dict(self._request.encoding)

    @property
    def FILES(self) -> Any:
        """Uploaded files parsed from the body."""
        if self._files is Empty:
            self._load_guarded()
        return self._files

    def _load_guarded(self) -> None:
        """``_load_data_and_files()`` with an ``AttributeError`` from a parser kept visible."""
        try:
            self._load_data_and_files()
        except AttributeError as exc:
            _reraise_wrapped(exc)

    # --- authentication -------------------------------------------------------------------

    def _authenticate_guarded(self) -> None:
        """``_authenticate()`` with an ``AttributeError`` from an authenticator kept visible."""
        try:
            self._authenticate()
        except AttributeError as exc:
            _reraise_wrapped(exc)

    @property
    def user(self) -> Any:
        """The authenticated user, or ``UNAUTHENTICATED_USER`` (``AnonymousUser``) if none."""
        if "_user" not in self.__dict__:
            self._authenticate_guarded()
        return self._user

    @user.setter
    def user(self, value: Any) -> None:
        # Also set on the Django request so middleware and ``django.contrib.auth``'s
        # ``login``/``logout`` see the same user.
        self._user = value
        self._request.user = value

    @property
    def auth(self) -> Any:
        """Credentials beyond the user (e.g. the token), or ``UNAUTHENTICATED_TOKEN``."""
        if "_auth" not in self.__dict__:
            self._authenticate_guarded()
        return self._auth

    @auth.setter
    def auth(self, value: Any) -> None:
        self._auth = value
        self._request.auth = value  # type: ignore[attr-defined]

    @property
    def successful_authenticator(self) -> Any:
        """The authenticator instance that recognised the request, or ``None``."""
        if "_authenticator" not in self.__dict__:
            self._authenticate_guarded()
        return self._authenticator

    async def auser(self) -> Any:
        """``user`` for async code: authenticators run without blocking the event loop."""
        if "_user" not in self.__dict__:
            try:
                await self._aauthenticate()
            except AttributeError as exc:
                _reraise_wrapped(exc)
        return self._user

    def _authenticate(self) -> None:
        """Try each authenticator in turn; the first to return ``(user, auth)`` wins.

        An ``APIException`` from an authenticator still leaves the request unauthenticated
        (so the error response can be rendered for an anonymous user) before propagating.
        """
        for authenticator in self.authenticators:
            try:
                user_auth = authenticator.authenticate(self)
            except exceptions.APIException:
                self._not_authenticated()
                raise
            if user_auth is not None:
                self._authenticator = authenticator
                self.user, self.auth = user_auth
                return
        self._not_authenticated()

    async def _aauthenticate(self) -> None:
        """``_authenticate`` for async views, awaiting each authenticator's ``aauthenticate``.

        Authenticators without one (written for DRF) run in a worker thread.
        """
        for authenticator in self.authenticators:
            aauthenticate = getattr(authenticator, "aauthenticate", None)
            try:
                if aauthenticate is not None:
                    user_auth = await aauthenticate(self)
                else:
                    user_auth = await sync_to_async(authenticator.authenticate)(self)
            except exceptions.APIException:
                self._not_authenticated()
                raise
            if user_auth is not None:
                self._authenticator = authenticator
                self.user, self.auth = user_auth
                return
        self._not_authenticated()

    def _not_authenticated(self) -> None:
        """Record an anonymous request: no authenticator, the configured anonymous user/token."""
        self._authenticator = None
        unauthenticated_user = api_settings.UNAUTHENTICATED_USER
        self.user = unauthenticated_user() if unauthenticated_user else None
        unauthenticated_token = api_settings.UNAUTHENTICATED_TOKEN
        self.auth = unauthenticated_token() if unauthenticated_token else None

    # --- body -----------------------------------------------------------------------------

    def _load_data_and_files(self) -> None:
        if self._data is not Empty:
            return
        try:
            self._data, self._files = self._parse()
        except RawPostDataException:
            # The body was read before this request got to it: a programming error that
            # every access reports, as in DRF, rather than empty data after the first.
            raise
        except Exception:
            # Raise once, then look like an empty body: rendering the error response, the
            # browsable API or request logging may read ``data`` again and must not fail.
            self._data = _empty_query_dict(self._request.encoding)
            self._files = MultiValueDict()
            self._full_data = self._data
            raise
        if self._files:
            full_data = self._data.copy()
            full_data.update(self._files)
            self._full_data = full_data
        else:
            self._full_data = self._data
        if is_form_media_type(self.content_type):
            # Let Django's request own the parsed form too, so it closes uploaded files.
            # (What ``POST`` and ``FILES`` answer for a form, without asking the type again.)
            self._request._post = self._data  # type: ignore[attr-defined]
            self._request._files = self._files  # type: ignore[attr-defined]

    def _load_stream(self) -> None:
        meta = self._request.META
        try:
            content_length = int(meta.get("CONTENT_LENGTH", meta.get("HTTP_CONTENT_LENGTH", 0)))
        except (ValueError, TypeError):
            content_length = 0
        if content_length == 0:
            self._stream = None
        elif not self._request._read_started:  # type: ignore[attr-defined]
            self._stream = self._request
        else:
            self._stream = io.BytesIO(self._request.body)

    def _supports_form_parsing(self) -> bool:
        return any(parser.media_type in _FORM_MEDIA_TYPES for parser in self.parsers)

    def _parse(self) -> tuple[Any, Any]:
        """Parse the body into ``(data, files)`` with the parser matching ``Content-Type``."""
        media_type = self.content_type
        try:
            stream = self.stream
        except RawPostDataException:
            # Middleware already read a form body through ``request.POST``: reuse its result.
            if not hasattr(self._request, "_post"):
                raise
            if self._supports_form_parsing():
                return self._request.POST, self._request.FILES
            stream = None

        if stream is None or media_type is None:
            if media_type and is_form_media_type(media_type):
                empty_data: Any = _empty_query_dict(self._request.encoding)
            else:
                empty_data = {}
            return empty_data, MultiValueDict()

        parser = self.negotiator.select_parser(self, self.parsers)
        if not parser:
            raise exceptions.UnsupportedMediaType(media_type)
        if getattr(parser, "reads_whole_body", False):
            # Through ``request.body`` so DATA_UPLOAD_MAX_MEMORY_SIZE is enforced.
            stream = io.BytesIO(self._request.body)

        parsed = parser.parse(stream, media_type, self.parser_context)
        if type(parsed) in _PLAIN_RESULTS:  # skip the costly failed attribute lookup below
            return parsed, MultiValueDict()
        try:
            return parsed.data, parsed.files
        except AttributeError:
            return parsed, MultiValueDict()


def clone_request(request: Request, method: str) -> Request:
    """A copy of ``request`` answering ``method``; used to check permissions for another method."""
    clone = Request(
        request=request._request,
        parsers=request.parsers,
        authenticators=request.authenticators,
        negotiator=request._negotiator,
        parser_context=request.parser_context,
    )
    clone._data = request._data
    clone._files = request._files
    clone._full_data = request._full_data
    clone._content_type = request._content_type
    clone._stream = request._stream
    clone._parsed_accept_list = request._parsed_accept_list
    clone.method = method
    for name in ("_user", "_auth", "_authenticator", "accepted_renderer", "accepted_media_type"):
        if name in request.__dict__:
            setattr(clone, name, request.__dict__[name])
    clone.version = request.version
    clone.versioning_scheme = request.versioning_scheme
    return clone


class override_method:
    """Context manager: ``view.request`` answers another HTTP method inside the block."""

    def __init__(self, view: Any, request: Request, method: str) -> None:
        self.view = view
        self.request = request
        self.method = method
        self.action = getattr(view, "action", None)

    def __enter__(self) -> Request:
        self.view.request = clone_request(self.request, self.method)
        action_map = getattr(self.view, "action_map", {})
        self.view.action = action_map.get(self.method.lower())
        return self.view.request

    def __exit__(self, *args: object) -> None:
        self.view.request = self.request
        self.view.action = self.action
