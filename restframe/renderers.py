"""Renderers: turn a response's data into the bytes of one media type.

Content negotiation picks one renderer per request; ``Response`` calls its ``render()`` when
Django renders the response. ``JSONRenderer`` is on every API response's path, so it writes
with orjson whenever orjson can produce the very bytes Django REST framework's renderer
produces, and falls back to the standard library with DRF's encoder for everything else
(non-compact or ASCII-only output, indentation, numbers orjson spells differently, NaN). The
HTML renderers serve browsers: ``TemplateHTMLRenderer``/``StaticHTMLRenderer`` as in DRF, and a
small self-contained ``BrowsableAPIRenderer`` page (the full browsable API is out of scope).
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any, ClassVar, Final

import orjson
from django.core.exceptions import ImproperlyConfigured
from django.template import loader
from django.utils.datastructures import MultiValueDict
from django.utils.functional import Promise
from django.utils.http import parse_header_parameters
from django.utils.safestring import SafeString, mark_safe

from restframe.settings import api_settings
from restframe.utils import encoders

__all__ = [
    "BaseRenderer",
    "BrowsableAPIRenderer",
    "JSONRenderer",
    "MultiPartRenderer",
    "StaticHTMLRenderer",
    "TemplateHTMLRenderer",
]


class BaseRenderer:
    """A renderer declares its ``media_type`` and ``format`` and implements ``render()``.

    ``render()`` returns bytes, or text that ``Response`` encodes with ``charset``.
    ``render_style`` is ``"text"`` or ``"binary"`` (binary content is not shown in HTML pages).
    """

    media_type: str | None = None
    format: str | None = None
    charset: str | None = "utf-8"
    render_style: str = "text"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes | str:
        raise NotImplementedError("Renderer class requires .render() to be implemented")


class _SettingDefault:
    """A class-level default read from ``api_settings`` each time it is used.

    DRF reads these settings once, when the module is imported, so ``override_settings`` never
    reaches them. Reading at use time fixes that; a subclass attribute or an instance attribute
    of the same name still wins (this descriptor defines no ``__set__``).
    """

    def __init__(self, key: str, *, negate: bool = False) -> None:
        self.key = key
        self.negate = negate

    def __get__(self, instance: object, owner: type | None = None) -> bool:
        value = getattr(api_settings, self.key)
        return not value if self.negate else bool(value)


_COMPACT_SEPARATORS: Final = (",", ":")
_SPACED_SEPARATORS: Final = (", ", ": ")
_INDENT_SEPARATORS: Final = (",", ": ")
_MAX_INDENT: Final = 8

_ORJSON_OPTIONS: Final = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

# orjson's bytes equal ``json.dumps``'s (compact, unicode) except in two places, both floats:
# NaN/Infinity become ``null`` (the standard library refuses them or writes ``NaN``), and floats
# below 1e-4 are spelled ``1e-7``/``0.00001`` where Python writes ``1e-07``/``1e-05``. The checks
# below look for those spellings in the output (fast substring scans first); a false alarm from
# text inside a string only costs a standard-library rendering, never a wrong byte.
_SHORT_NEGATIVE_EXPONENT: Final = re.compile(rb"e-[0-9](?![0-9])")
_LINE_SEPARATOR: Final = "\u2028".encode()
_PARAGRAPH_SEPARATOR: Final = "\u2029".encode()
_ASCII_DIGITS: Final = frozenset(b"0123456789")
# Values orjson_default turns into strings: they can never hide a NaN.
_STRING_LIKE: Final = (
    datetime.date,
    datetime.time,
    datetime.timedelta,
    uuid.UUID,
    Promise,
    bytes,
)


def _orjson_default(obj: Any) -> Any:
    """``orjson_default``, refusing one-shot iterators.

    If orjson consumed a generator and the standard library then had to redo the work, the
    second pass would see it empty; sending such data straight to the standard library keeps
    the single pass.
    """
    if hasattr(obj, "__next__"):
        raise TypeError("one-shot iterator: rendered by the standard library")
    return encoders.orjson_default(obj)


def _may_hold_non_finite_float(obj: Any) -> bool:
    """Whether orjson may have written a NaN or infinity in ``obj`` as ``null``.

    Only asked when the output holds a ``null`` token. ``None`` is common in API data and a NaN
    is not, so this walk (about a third of the standard library's time) usually saves the
    fallback. Anything it does not know is answered "maybe": the standard library decides.
    """
    if isinstance(obj, dict):
        values: Iterable[Any] = obj.values()
    elif isinstance(obj, (list, tuple)):
        values = obj
    else:
        return _scalar_may_be_non_finite(obj)
    for value in values:
        kind = type(value)
        if kind is str or kind is int or value is None or kind is bool:
            continue
        if kind is float:
            if value - value != 0.0:  # true for NaN and ±inf only
                return True
        elif _may_hold_non_finite_float(value):
            return True
    return False


def _scalar_may_be_non_finite(obj: Any) -> bool:
    if isinstance(obj, float):
        return bool(obj - obj != 0.0)
    if obj is None or isinstance(obj, (int, str, *_STRING_LIKE)):
        return False
    if isinstance(obj, decimal.Decimal):
        # A finite Decimal may still overflow the float it is written as (``1E+400``).
        try:
            return not math.isfinite(float(obj))
        except ValueError:  # signalling NaN: the standard library raises DRF's error
            return True
    return True


def _has_short_negative_exponent(out: bytes) -> bool:
    """Whether a number in ``out`` has orjson's one-digit negative exponent (``1e-7``)."""
    for match in _SHORT_NEGATIVE_EXPONENT.finditer(out):
        if out[match.start() - 1] in _ASCII_DIGITS:
            return True
    return False


def _render_with_orjson(data: Any) -> bytes | None:
    """DRF's compact, unicode JSON for ``data``, or ``None`` when orjson cannot match it."""
    # orjson reads a QueryDict's raw lists where DRF writes each key's last value; echoing
    # ``request.data`` (at the top or one level down) is the common way one gets here.
    if isinstance(data, MultiValueDict):
        return None
    if type(data) is dict:
        for value in data.values():  # a plain loop: this runs for every response
            if isinstance(value, MultiValueDict):
                return None
    try:
        out = orjson.dumps(data, default=_orjson_default, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        # Integers beyond 64 bits, non-str keys, unknown types, deep nesting, invalid text: the
        # standard library either handles them or raises the error DRF raises.
        return None
    # ``bytes.find`` rather than ``in``: same search, a fraction of the call overhead.
    find = out.find
    if (
        find(b"null") != -1
        and (out == b"null" or find(b":null") != -1 or find(b",null") != -1 or find(b"[null") != -1)
        and _may_hold_non_finite_float(data)
    ):
        return None
    if find(b"0.0000") != -1 or (find(b"e-") != -1 and _has_short_negative_exponent(out)):
        return None
    # U+2028/U+2029 are valid JSON but end a line in JavaScript; DRF escapes them.
    if not out.isascii():
        if find(_LINE_SEPARATOR) != -1:
            out = out.replace(_LINE_SEPARATOR, b"\\u2028")
        if out.find(_PARAGRAPH_SEPARATOR) != -1:
            out = out.replace(_PARAGRAPH_SEPARATOR, b"\\u2029")
    return out


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


class JSONRenderer(BaseRenderer):
    """``application/json``, byte for byte as DRF writes it.

    ``UNICODE_JSON`` (raw UTF-8 or ``\\uXXXX`` escapes), ``COMPACT_JSON`` (no spaces) and
    ``STRICT_JSON`` (NaN/Infinity refused) are read when rendering, so ``override_settings``
    applies. ``Accept: application/json; indent=4`` (clamped to 0..8) or
    ``renderer_context["indent"]`` pretty-prints.
    """

    media_type = "application/json"
    format = "json"
    encoder_class: type[json.JSONEncoder] = encoders.JSONEncoder
    ensure_ascii: bool = _SettingDefault("UNICODE_JSON", negate=True)  # type: ignore[assignment]
    compact: bool = _SettingDefault("COMPACT_JSON")  # type: ignore[assignment]
    strict: bool = _SettingDefault("STRICT_JSON")  # type: ignore[assignment]
    # JSON is UTF-8 by definition (RFC 8259): no charset parameter on the Content-Type.
    charset = None

    def get_indent(
        self, accepted_media_type: str | None, renderer_context: Mapping[str, Any]
    ) -> int | None:
        """The indent asked for by the ``Accept`` header parameter, else by the context."""
        if accepted_media_type and ";" in accepted_media_type:
            params = parse_header_parameters(accepted_media_type)[1]
            try:
                indent = max(min(int(params["indent"]), _MAX_INDENT), 0)
            except (KeyError, ValueError, TypeError):
                pass
            else:
                return indent or None
        context_indent: int | None = renderer_context.get("indent", None)
        return context_indent

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        """The JSON bytes for ``data``; ``None`` renders as an empty body."""
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if (
            indent is None
            and self.encoder_class is encoders.JSONEncoder
            and self.compact
            and not self.ensure_ascii
        ):
            out = _render_with_orjson(data)
            if out is not None:
                return out
        if indent is None:
            separators = _COMPACT_SEPARATORS if self.compact else _SPACED_SEPARATORS
        else:
            separators = _INDENT_SEPARATORS
        text = json.dumps(
            data,
            cls=self.encoder_class,
            indent=indent,
            ensure_ascii=self.ensure_ascii,
            allow_nan=not self.strict,
            separators=separators,
        )
        # With ensure_ascii off these two pass through raw; JavaScript would see a line break.
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        try:
            return text.encode()
        except UnicodeEncodeError:
            # Lone surrogates (valid in a JSON string read from a client, not in UTF-8): write
            # them as \uXXXX escapes, which is the same JSON value, instead of failing with a 500.
            return _LONE_SURROGATE.sub(_escape_surrogate, text).encode()


class _StatusLineTemplate:
    """The last-resort error page: ``"404 Not Found"``, when no error template exists."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, context: Any = None, request: Any = None) -> SafeString:
        return mark_safe(self.text)


class TemplateHTMLRenderer(BaseRenderer):
    """Renders the data as the context of a Django template.

    The template is the response's ``template_name``, else the renderer's, else the view's
    ``get_template_names()`` or ``template_name``. Error responses use ``<status>.html``, then
    ``api_exception.html``, then a bare ``"404 Not Found"`` line.
    """

    media_type = "text/html"
    format = "html"
    template_name: str | None = None
    exception_template_names: ClassVar[Sequence[str]] = [
        "%(status_code)s.html",
        "api_exception.html",
    ]
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> str:
        renderer_context = renderer_context or {}
        view = renderer_context["view"]
        request = renderer_context["request"]
        response = renderer_context["response"]
        if response.exception:
            template = self.get_exception_template(response)
        else:
            template = self.resolve_template(self.get_template_names(response, view))
        resolve_context: Callable[..., Any] | None = getattr(self, "resolve_context", None)
        if resolve_context is not None:
            context = resolve_context(data, request, response)
        else:
            context = self.get_template_context(data, renderer_context)
        return str(template.render(context, request=request))

    def resolve_template(self, template_names: Sequence[str]) -> Any:
        return loader.select_template(template_names)

    def get_template_context(self, data: Any, renderer_context: Mapping[str, Any]) -> Any:
        """The data itself; error responses also get ``status_code``.

        A list (``ValidationError("x")``'s body, or a view's list) cannot take that key, so as in
        DRF it is passed as ``details``, with ``status_code``, whatever the status.
        """
        response = renderer_context["response"]
        if isinstance(data, list):
            return {"details": data, "status_code": response.status_code}
        if response.exception:
            if isinstance(data, MutableMapping):
                data["status_code"] = response.status_code
            else:
                # Another non-mapping body (a custom handler's string): DRF fails with a
                # TypeError while rendering the error page; keep it under the same key.
                data = {"details": data, "status_code": response.status_code}
        return data

    def get_template_names(self, response: Any, view: Any) -> list[str]:
        if response.template_name:
            return [response.template_name]
        if self.template_name:
            return [self.template_name]
        if hasattr(view, "get_template_names"):
            return list(view.get_template_names())
        if hasattr(view, "template_name"):
            return [view.template_name]
        raise ImproperlyConfigured(
            "Returned a template response with no `template_name` attribute set on either "
            "the view or response"
        )

    def get_exception_template(self, response: Any) -> Any:
        names = [
            name % {"status_code": response.status_code} for name in self.exception_template_names
        ]
        try:
            return self.resolve_template(names)
        except Exception:
            # Any failure to load a template must still leave an error page to send.
            return _StatusLineTemplate(f"{response.status_code} {response.status_text.title()}")


class StaticHTMLRenderer(TemplateHTMLRenderer):
    """Sends the data (already an HTML string) as it is; errors render as in the template one."""

    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> Any:
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        if response is not None and response.exception:
            request = renderer_context["request"]
            template = self.get_exception_template(response)
            resolve_context: Callable[..., Any] | None = getattr(self, "resolve_context", None)
            if resolve_context is not None:
                context = resolve_context(data, request, response)
            else:
                context = self.get_template_context(data, renderer_context)
            return str(template.render(context, request=request))
        return data


class MultiPartRenderer(BaseRenderer):
    """Encodes test-client data as ``multipart/form-data`` (the test client's default format)."""

    media_type = "multipart/form-data; boundary=BoUnDaRyStRiNg"
    format = "multipart"
    charset = "utf-8"
    BOUNDARY = "BoUnDaRyStRiNg"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        # Imported on first use: this renderer only serves tests, and ``django.test`` is a large
        # package that production processes should not load.
        from django.test.client import encode_multipart

        if hasattr(data, "items"):
            for key, value in data.items():
                if isinstance(value, dict):
                    raise AssertionError(
                        f"Test data contained a dictionary value for key '{key}', but "
                        "multipart uploads do not support nested data. You may want to "
                        "consider using format='json' in this test case."
                    )
        return encode_multipart(self.BOUNDARY, data)


class BrowsableAPIRenderer(BaseRenderer):
    """A small, safe HTML page for browsers: the status line, headers and pretty-printed data.

    It keeps DRF's name, media type (``text/html``) and format (``api``) so negotiation and
    ``Vary: Accept`` behave as in DRF, but it renders no forms and no JavaScript. The data is
    written by the view's first non-HTML renderer (indented by 4) and escaped by the template
    ``restframe/api.html``, which a project may override.
    """

    media_type = "text/html"
    format = "api"
    template = "restframe/api.html"
    charset = "utf-8"

    def get_default_renderer(self, view: Any) -> BaseRenderer | None:
        """The renderer whose output the page shows: the view's first non-HTML one."""
        classes = [
            renderer
            for renderer in getattr(view, "renderer_classes", None) or [JSONRenderer]
            if not issubclass(renderer, BrowsableAPIRenderer)
        ]
        if not classes:
            return None
        for renderer in classes:
            if not hasattr(renderer, "get_template_names"):
                return renderer()
        return classes[0]()

    def get_content(
        self,
        renderer: BaseRenderer | None,
        data: Any,
        accepted_media_type: str | None,
        renderer_context: Mapping[str, Any],
    ) -> str:
        if renderer is None:
            return "[No renderers were found]"
        if renderer.render_style == "binary":
            content = renderer.render(data, renderer.media_type, renderer_context)
            return f"[{len(content)} bytes of binary content]"
        content = renderer.render(data, renderer.media_type, {**renderer_context, "indent": 4})
        if isinstance(content, bytes):
            return content.decode(renderer.charset or "utf-8", errors="replace")
        return str(content)

    def get_context(
        self, data: Any, accepted_media_type: str | None, renderer_context: Mapping[str, Any]
    ) -> dict[str, Any]:
        view = renderer_context.get("view")
        request = renderer_context.get("request")
        response = renderer_context.get("response")
        renderer = self.get_default_renderer(view)
        content = self.get_content(renderer, data, accepted_media_type, renderer_context)

        headers: dict[str, str] = dict(response.items()) if response is not None else {}
        if renderer is not None:
            headers["Content-Type"] = (
                f"{renderer.media_type}; charset={renderer.charset}"
                if renderer.charset
                else str(renderer.media_type)
            )
        get_name = getattr(view, "get_view_name", None)
        get_description = getattr(view, "get_view_description", None)
        return {
            "name": get_name() if get_name is not None else "",
            "description": get_description(html=True) if get_description is not None else "",
            "request_method": getattr(request, "method", "") or "",
            "request_path": request.get_full_path() if request is not None else "",
            "status_code": response.status_code if response is not None else 200,
            "status_text": response.status_text if response is not None else "OK",
            "response_headers": sorted(headers.items()),
            "content": content,
        }

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> str:
        renderer_context = renderer_context or {}
        context = self.get_context(data, accepted_media_type, renderer_context)
        response = renderer_context.get("response")
        if response is not None and response.status_code == 204:
            # A browser shows nothing for 204; as DRF does, the page is sent with 200 and
            # reports the real status in its status line.
            response.status_code = 200
        template = loader.get_template(self.template)
        # No request: the page needs no context processors, and running them (``request.user``)
        # could re-run authentication while an authentication error is being rendered.
        return str(template.render(context))
