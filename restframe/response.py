"""``Response``: what an API view returns — data, not bytes.

A view returns ``Response(data, status=...)`` without knowing the client's format. The view
attaches the negotiated renderer (``accepted_renderer``, ``accepted_media_type``,
``renderer_context``) in ``finalize_response``, and Django renders the response on the way out
(it is a ``SimpleTemplateResponse``), so middleware still sees unrendered data. Every request,
and every error, builds one, so construction and rendering are kept to the minimum.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from http.client import responses
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.core.exceptions import SynchronousOnlyOperation
from django.core.signals import setting_changed
from django.http.response import HttpResponseBase, ResponseHeaders
from django.template.response import SimpleTemplateResponse

if TYPE_CHECKING:
    from restframe.renderers import BaseRenderer

__all__ = ["Response"]

# Keys that belong to one rendering or one request and must not travel in a pickle (a cache).
_UNPICKLED_ATTRS = (
    "accepted_renderer",
    "renderer_context",
    "resolver_match",
    "client",
    "request",
    "json",
    "wsgi_request",
)


def _is_serializer(data: Any) -> bool:
    """Whether ``data`` is a serializer (a common slip: ``Response(serializer)``).

    Looked up in ``sys.modules`` rather than imported: if ``restframe.serializers`` was never
    imported, no serializer instance can exist, and ``response`` need not depend on it.
    """
    module = sys.modules.get("restframe.serializers")
    serializer_class = getattr(module, "Serializer", None)
    return serializer_class is not None and isinstance(data, serializer_class)


# What ``HttpResponseBase.__init__`` leaves on a fresh response, captured once and copied into
# each new one: that constructor costs more than the rest of an error response together. Only
# a state made of plain values, empty lists, an empty cookie jar and a ``ResponseHeaders`` holding
# one ``_store`` dict is copied; anything else (another Django version) takes the constructor.
_blueprint: tuple[dict[str, Any], dict[str, Any], tuple[str, ...]] | bool | None = False


def _make_blueprint() -> tuple[dict[str, Any], dict[str, Any], tuple[str, ...]] | None:
    state = dict(vars(HttpResponseBase()))
    headers = state.pop("headers", None)
    if type(headers) is not ResponseHeaders or list(vars(headers)) != ["_store"]:
        return None
    store = vars(headers)["_store"]
    if type(store) is not dict:
        return None
    empty_lists = []
    for key, value in state.items():
        if type(value) is list and not value:
            empty_lists.append(key)
        elif type(value) is SimpleCookie and not value and key == "cookies":
            pass
        elif value is not None and type(value) not in (bool, int, str):
            return None
    return state, store, tuple(empty_lists)


def _forget_blueprint(*, setting: str, **kwargs: Any) -> None:
    global _blueprint
    if setting == "DEFAULT_CHARSET":  # the provisional Content-Type names it
        _blueprint = False


setting_changed.connect(_forget_blueprint)


def put_header(response: HttpResponseBase, name: str, value: str) -> None:
    """``response[name] = value``, straight into Django's header store when that is safe.

    Django checks every header it is given (encodable, no line breaks) through two calls; a
    plain ASCII value without CR/LF passes that check by construction, so it is stored as
    ``ResponseHeaders.__setitem__`` would store it. Anything else takes Django's way. The few
    pairs every response carries (``Allow``, ``Vary``, ``Content-Type``) are checked once.
    """
    headers = response.headers
    if (
        type(headers) is ResponseHeaders
        and type(response).__setitem__ is _STOCK_SETITEM
        and type(value) is str
    ):
        pair = (name, value)
        key = _STORABLE.get(pair)
        if key is None and _storable(name, value):
            key = name.lower()
            if len(_STORABLE) < 512:
                _STORABLE[pair] = key
        if key is not None:
            headers._store[key] = pair
            return
    response[name] = value


def render_on_the_loop(response: Response) -> None:
    """Have Django's async handler render ``response`` on the event loop instead of in a thread.

    Django awaits a ``render`` that is a coroutine function and sends any other to a thread;
    that hop costs far more than writing JSON. For callers that know the accepted renderer is
    pure: a renderer swapped since, post-render callbacks, or data that needs the database to
    encode (a ``QuerySet``) are rendered in the thread as before. Once called, ``render`` is
    the method again for anyone who renders the response later.
    """
    renderer = response.accepted_renderer

    async def render() -> Any:
        response.__dict__.pop("render", None)
        if response.accepted_renderer is renderer and not response._post_render_callbacks:
            try:
                return response.render()
            except SynchronousOnlyOperation:
                pass  # read in the thread, where Django allows it
        return await sync_to_async(response.render, thread_sensitive=True)()

    response.__dict__["render"] = render


def has_header(response: HttpResponseBase, name: str) -> bool:
    """``response.has_header(name)`` without the ``KeyError`` Django's mapping raises and
    catches for every header a response lacks (the common answer on the error path)."""
    headers = response.headers
    if type(headers) is ResponseHeaders and type(response).has_header is _STOCK_HAS_HEADER:
        return name.lower() in headers._store
    return response.has_header(name)


def _storable(name: str, value: str) -> bool:
    """Whether Django would store ``name: value`` unchanged (ASCII, no line breaks)."""
    return (
        type(name) is str
        and name.isascii()
        and value.isascii()
        and "\n" not in value
        and "\r" not in value
        and "\n" not in name
        and "\r" not in name
    )


_STOCK_SETITEM = HttpResponseBase.__setitem__
_STOCK_CONTENT = SimpleTemplateResponse.content
_STOCK_HAS_HEADER = HttpResponseBase.has_header
# (name, value) -> the store's key, for pairs already found storable (bounded: Retry-After
# and the like vary per response; past the bound, pairs are checked each time).
_STORABLE: dict[tuple[str, str], str] = {}


class Response(SimpleTemplateResponse):
    """An HTTP response whose body is rendered from ``data`` by the negotiated renderer.

    ``headers`` are added as given; ``content_type`` replaces the renderer's media type in the
    ``Content-Type`` header; ``exception=True`` marks error responses (HTML renderers then use
    error templates). An empty rendered body drops the ``Content-Type`` header.
    """

    accepted_renderer: BaseRenderer
    accepted_media_type: str
    renderer_context: dict[str, Any]

    problem: bool = False
    """restframe: ``True`` for an RFC 9457 problem-details body (set by the exception handler)."""

    def __init__(
        self,
        data: Any = None,
        status: int | None = None,
        template_name: str | None = None,
        headers: Mapping[str, str] | None = None,
        exception: bool = False,
        content_type: str | None = None,
    ) -> None:
        # What SimpleTemplateResponse.__init__ leaves behind, without its detour through the
        # content setter for an empty body that rendering replaces anyway. The base sets the
        # headers, cookies, status (validated) and the provisional text/html Content-Type.
        global _blueprint
        blueprint = _blueprint
        if blueprint is False:
            blueprint = _blueprint = _make_blueprint()
        if blueprint is not None and (
            status is None or (type(status) is int and 100 <= status <= 599)
        ):
            state, store, empty_lists = blueprint  # type: ignore[misc]
            attrs = self.__dict__
            attrs.update(state)
            fresh = ResponseHeaders.__new__(ResponseHeaders)
            fresh.__dict__["_store"] = store.copy()
            attrs["headers"] = fresh
            attrs["cookies"] = SimpleCookie()
            for key in empty_lists:
                attrs[key] = []
            if status is not None:
                attrs["status_code"] = status
        else:
            HttpResponseBase.__init__(self, status=status)
        self._container = [b""]
        self.context_data = None
        self.using = None
        self._post_render_callbacks: list[Any] = []
        self._request = None
        self._is_rendered = False

        if data is not None and not isinstance(data, (dict, list, str)) and _is_serializer(data):
            raise AssertionError(
                "Response data is a Serializer instance; pass its serialized `.data` (or "
                "`.errors`) instead."
            )
        self.data = data
        self.template_name = template_name  # type: ignore[assignment]
        self.exception = exception
        self.content_type = content_type
        if headers:
            for name, value in headers.items():
                self[name] = value

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> type[Response]:
        """``Response[...]`` in annotations, as DRF allows; the class itself is returned."""
        return cls

    @property
    def rendered_content(self) -> bytes:  # type: ignore[override]
        """Render ``data`` with the accepted renderer and set ``Content-Type`` to match."""
        renderer = getattr(self, "accepted_renderer", None)
        accepted_media_type = getattr(self, "accepted_media_type", None)
        context = getattr(self, "renderer_context", None)
        if not renderer:
            raise AssertionError(
                ".accepted_renderer not set on Response: return it from an APIView or set it "
                "before rendering"
            )
        if not accepted_media_type:
            raise AssertionError(".accepted_media_type not set on Response")
        if context is None:
            raise AssertionError(".renderer_context not set on Response")
        context["response"] = self

        charset = renderer.charset
        content_type = self.content_type
        if content_type is None:
            media_type = renderer.media_type
            content_type = f"{media_type}; charset={charset}" if charset else media_type
        put_header(self, "Content-Type", content_type)

        rendered = renderer.render(self.data, accepted_media_type, context)
        if isinstance(rendered, str):
            if not charset:
                raise AssertionError(
                    "renderer returned unicode, and did not specify a charset value."
                )
            return rendered.encode(charset)
        if not rendered:
            # No body, no type: a 204 must not claim one.
            del self["Content-Type"]
        return rendered

    def render(self) -> Any:
        """Render once, as ``SimpleTemplateResponse.render`` does, storing bytes directly.

        The inherited way sends the body through two ``content`` setters that re-check a
        ``bytes`` value already final; a subclass that overrides ``content`` still gets them.
        Post-render callbacks run, and may replace the response, as in Django.
        """
        if self._is_rendered:
            return self
        content = self.rendered_content
        if type(content) is bytes and type(self).content is _STOCK_CONTENT:
            self._container = [content]
            self.__dict__.pop("text", None)  # Django 5.2's cached ``text``, as its setter drops
            self._is_rendered = True
        else:
            self.content = content
        result = self
        for callback in self._post_render_callbacks:
            replaced = callback(result)
            if replaced is not None:
                result = replaced
        return result

    @property
    def status_text(self) -> str:
        """The reason phrase of ``status_code`` (``""`` when unknown), for templates."""
        return responses.get(self.status_code, "")

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the rendered response without its request-bound rendering state."""
        state: dict[str, Any] = super().__getstate__()  # type: ignore[assignment]
        for key in _UNPICKLED_ATTRS:
            state.pop(key, None)
        return state
