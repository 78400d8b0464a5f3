"""Renderers: turn a response's data into the bytes of one media type.

Content negotiation picks one renderer per request; ``Response`` calls its ``render()`` when
Django renders the response. ``JSONRenderer`` is on every API response's path, so it writes
with orjson whenever orjson can produce the very bytes Django REST framework's renderer
produces, and falls back to the standard library with DRF's encoder for everything else
(non-compact or ASCII-only output, indentation, numbers orjson spells differently, NaN). The
HTML renderers serve browsers: ``TemplateHTMLRenderer``/``StaticHTMLRenderer`` as in DRF,
``HTMLFormRenderer`` (serializers as HTML forms), the browsable API (``BrowsableAPIRenderer``) and
``AdminRenderer``; the OpenAPI schema renderers are here too, where DRF keeps them.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import json
import math
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any, ClassVar, Final

import orjson
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.template import loader
from django.urls import NoReverseMatch
from django.utils.datastructures import MultiValueDict
from django.utils.functional import Promise
from django.utils.http import parse_header_parameters
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from restframe.exceptions import APIException
from restframe.request import override_method
from restframe.settings import FromSettings, api_settings
from restframe.utils import encoders
from restframe.utils.breadcrumbs import get_breadcrumbs

__all__ = [
    "AdminRenderer",
    "BaseRenderer",
    "BrowsableAPIRenderer",
    "HTMLFormRenderer",
    "JSONOpenAPIRenderer",
    "JSONRenderer",
    "MultiPartRenderer",
    "OpenAPIRenderer",
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
    if type(obj) is datetime.datetime:
        # The commonest value orjson hands back (``OPT_PASSTHROUGH_DATETIME``), straight.
        return encoders.iso_datetime(obj)
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
    ensure_ascii: bool = FromSettings("UNICODE_JSON", negate=True)  # type: ignore[assignment]
    compact: bool = FromSettings("COMPACT_JSON")  # type: ignore[assignment]
    strict: bool = FromSettings("STRICT_JSON")  # type: ignore[assignment]
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


# --- HTML forms ------------------------------------------------------------------------------


def _build_default_style() -> Any:
    """The template (and input type) each field class gets in an HTML form."""
    from restframe import fields, relations, serializers
    from restframe.utils.field_mapping import ClassLookupDict

    def input_of(kind: str) -> dict[str, str]:
        return {"base_template": "input.html", "input_type": kind}

    return ClassLookupDict(
        {
            fields.Field: input_of("text"),
            fields.EmailField: input_of("email"),
            fields.URLField: input_of("url"),
            fields.IntegerField: input_of("number"),
            fields.FloatField: input_of("number"),
            # DecimalField is a text input, as in DRF (its value is a string like "1.50").
            fields.DateTimeField: input_of("datetime-local"),
            fields.DateField: input_of("date"),
            fields.TimeField: input_of("time"),
            fields.FileField: input_of("file"),
            fields.BooleanField: {"base_template": "checkbox.html"},
            fields.ChoiceField: {"base_template": "select.html"},
            fields.MultipleChoiceField: {"base_template": "select_multiple.html"},
            fields.FilePathField: {"base_template": "select.html"},
            fields.JSONField: {"base_template": "textarea.html"},
            fields.ListField: {"base_template": "list_field.html"},
            fields.DictField: {"base_template": "dict_field.html"},
            relations.RelatedField: {"base_template": "select.html"},
            relations.ManyRelatedField: {"base_template": "select_multiple.html"},
            serializers.Serializer: {"base_template": "fieldset.html"},
            serializers.ListSerializer: {"base_template": "list_fieldset.html"},
        }
    )


class _DefaultStyle:
    """``HTMLFormRenderer.default_style``, built on first use: building it imports the
    serializer modules, which a JSON-only process never needs from this module."""

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        style = _build_default_style()
        # Replace the descriptor on the class that declared it: later reads are plain.
        HTMLFormRenderer.default_style = style
        return style


class HTMLFormRenderer(BaseRenderer):
    """Renders a serializer's data (``serializer.data``) as the fields of an HTML form.

    Each field is rendered by ``<template_pack>/<base_template>``; the template comes from the
    field class (``default_style``) and the field's ``style`` (``base_template``,
    ``input_type``, ``placeholder``, ``hide_label``, ``autofocus``, ``rows``...). Not chosen by
    content negotiation in practice: the browsable API and ``{% render_form %}`` use it.
    """

    media_type = "text/html"
    format = "form"
    charset = "utf-8"
    template_pack = "restframe/vertical/"
    base_template = "form.html"
    default_style: Any = _DefaultStyle()

    def render_field(self, field: Any, parent_style: Mapping[str, Any]) -> str:
        """One bound field as HTML; hidden fields render as nothing."""
        from restframe.fields import HiddenField

        if isinstance(getattr(field, "_field", None), HiddenField):
            return ""
        style = dict(self.default_style[field])
        style.update(getattr(field, "style", None) or {})
        if "template_pack" not in style:
            style["template_pack"] = parent_style.get("template_pack", self.template_pack)
        style["renderer"] = self
        # Data (not the bound field) arrives with an invalid nested value: show it as text.
        field = field.as_form_field()
        if style.get("input_type") == "datetime-local":
            field.value = _datetime_local_value(field)
        template_name = _join_template(style["template_pack"], style["base_template"])
        template = loader.get_template(template_name)
        return str(template.render({"field": field, "style": style}))

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> str:
        """The form fields of ``data.serializer`` (the ``<form>`` element is the caller's)."""
        renderer_context = renderer_context or {}
        form = data.serializer
        style = dict(renderer_context.get("style", {}))
        style.setdefault("template_pack", self.template_pack)
        style["renderer"] = self
        template_name = _join_template(style["template_pack"], self.base_template)
        template = loader.get_template(template_name)
        return str(template.render({"form": form, "style": style}))


def _datetime_local_value(field: Any) -> Any:
    """The value of a ``datetime-local`` input: ``2020-01-01T21:04:05.000``, the wall-clock
    time the field's output shows, without its offset, to the millisecond.

    The bound value is the field's output: text in the field's ``format`` (else
    ``DATETIME_FORMAT``), or a ``datetime`` when that format is ``None``. Text that does not
    read back in that format (a rejected submission shown again) is kept as it is.
    """
    from restframe import ISO_8601

    value = field.value
    output_format = getattr(getattr(field, "_field", field), "format", api_settings.DATETIME_FORMAT)
    if isinstance(value, str) and value and output_format is not None:
        try:
            if str(output_format).lower() == ISO_8601:
                value = datetime.datetime.fromisoformat(value)
            else:
                value = datetime.datetime.strptime(value, output_format)
        except (TypeError, ValueError):
            return field.value
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="milliseconds")
    return value


def _join_template(pack: str, name: str) -> str:
    return pack.rstrip("/") + "/" + name


# --- the browsable API -----------------------------------------------------------------------


def _is_form_media_type(media_type: str | None) -> bool:
    base = (media_type or "").split(";", 1)[0].strip().lower()
    return base in ("application/x-www-form-urlencoded", "multipart/form-data")


class BrowsableAPIRenderer(BaseRenderer):
    """The browsable API: an HTML page for browsers with the response, its headers, the
    allowed methods, and forms (HTML and raw) to send POST, PUT, PATCH and DELETE.

    The response is written by the view's first non-HTML renderer (indented by 4). Forms are
    shown only for methods the view allows and the user has permission for. The page is the
    template ``restframe/api.html`` (blocks as DRF's ``base.html``: ``branding``,
    ``userlinks``, ``style``, ``script``, ``content``...), which a project may override.
    """

    media_type = "text/html"
    format = "api"
    template = "restframe/api.html"
    filter_template = "restframe/filters/base.html"
    code_style = "emacs"
    charset = "utf-8"
    form_renderer_class: type[HTMLFormRenderer] = HTMLFormRenderer

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
        """The response body as the default renderer writes it, as text."""
        if renderer is None:
            return "[No renderers were found]"
        if renderer.render_style == "binary":
            content = renderer.render(data, renderer.media_type, renderer_context)
            return f"[{len(content)} bytes of binary content]"
        content = renderer.render(data, renderer.media_type, {**renderer_context, "indent": 4})
        if isinstance(content, bytes):
            return content.decode(renderer.charset or "utf-8", errors="replace")
        return str(content)

    def show_form_for_method(self, view: Any, method: str, request: Any, obj: Any) -> bool:
        """Whether ``method`` is allowed and the user passes the view's permission checks."""

        if method not in view.allowed_methods:
            return False
        try:
            view.check_permissions(request)
            if obj is not None:
                view.check_object_permissions(request, obj)
        except APIException:
            return False
        return True

    def _get_serializer(
        self, serializer_class: Any, view_instance: Any, request: Any, *args: Any, **kwargs: Any
    ) -> Any:
        kwargs["context"] = {
            "request": request,
            "format": self.format,
            "view": view_instance,
        }
        return serializer_class(*args, **kwargs)

    def _form_instance(self, data: Any) -> tuple[Any, Any]:
        """The serializer behind the response data and the object it shows (or ``None``)."""
        serializer = getattr(data, "serializer", None)
        if serializer is None or getattr(serializer, "many", False):
            return serializer, None
        instance = getattr(serializer, "instance", None)
        from django.core.paginator import Page

        if isinstance(instance, Page):
            instance = None
        return serializer, instance

    def _make_serializer(
        self, view: Any, request: Any, method: str, instance: Any, **kwargs: Any
    ) -> Any:
        if method in ("PUT", "PATCH"):
            kwargs["instance"] = instance
        if getattr(view, "get_serializer", None) is not None:
            return view.get_serializer(**kwargs)
        return self._get_serializer(view.serializer_class, view, request, **kwargs)

    def get_rendered_html_form(self, data: Any, view: Any, method: str, request: Any) -> Any:
        """The HTML form for ``method``: its fields as HTML, ``True`` for DELETE/OPTIONS (no
        fields needed), or ``None`` when no form is shown.

        After a failed submission of this very method, the form keeps the submitted values and
        shows each field's errors.
        """

        serializer, instance = self._form_instance(data)
        existing = None
        kwargs: dict[str, Any] = {}
        if request.method == method and serializer is not None:
            # A body the parsers refuse (its error is the response) leaves the form empty.
            with contextlib.suppress(APIException):
                kwargs["data"] = request.data
            existing = serializer

        with override_method(view, request, method) as request:
            if method == "OPTIONS":
                # The OPTIONS button needs no form, and OPTIONS asks nothing of the object:
                # its object permissions are not checked (they may not even apply to it).
                return True if self.show_form_for_method(view, method, request, None) else None
            if not self.show_form_for_method(view, method, request, instance):
                return None
            if method == "DELETE":
                return True
            has_serializer = getattr(view, "get_serializer", None) is not None or getattr(
                view, "serializer_class", None
            )
            parsers = getattr(view, "parser_classes", ())
            if not has_serializer or not any(
                _is_form_media_type(parser.media_type) for parser in parsers
            ):
                return None
            if existing is not None and not getattr(existing, "many", False):
                try:
                    return self.render_form_for_serializer(existing)
                except TypeError:
                    pass
            form_serializer = self._make_serializer(view, request, method, instance, **kwargs)
            return self.render_form_for_serializer(form_serializer)

    def render_form_for_serializer(self, serializer: Any) -> str | None:
        """The serializer's fields as a horizontal HTML form, validated first if it has data;
        ``None`` for a list serializer (HTML forms edit one object)."""
        from restframe.serializers import ListSerializer

        if isinstance(serializer, ListSerializer):
            return None
        if hasattr(serializer, "initial_data"):
            serializer.is_valid()
        return self.form_renderer_class().render(
            serializer.data,
            self.accepted_media_type,
            {"style": {"template_pack": "restframe/horizontal"}},
        )

    def get_raw_data_form(self, data: Any, view: Any, method: str, request: Any) -> Any:
        """A form with a media type select and a text area for sending a raw body; for POST,
        PUT and PATCH the text area starts with the serializer's (empty) data."""

        _, instance = self._form_instance(data)
        with override_method(view, request, method) as request:
            if not self.show_form_for_method(view, method, request, instance):
                return None
            parsers = list(getattr(view, "parser_classes", ()))
            if not parsers:
                return None
            media_types = [parser.media_type for parser in parsers]
            content = ""
            has_serializer = getattr(view, "get_serializer", None) is not None or getattr(
                view, "serializer_class", None
            )
            # The body starts as the serializer's empty data, written the way the first parser
            # reads it back (its ``renderer_class``); parsers without one start it empty.
            renderer_class = getattr(parsers[0], "renderer_class", None)
            if has_serializer and renderer_class is not None:
                editing = instance if method in ("PUT", "PATCH") else None
                serializer = self._make_serializer(view, request, method, editing)
                content = self._raw_content(serializer, renderer_class())
            return _RawDataForm(media_types, media_types[0], content)

    def _raw_content(self, serializer: Any, renderer: BaseRenderer) -> str:
        """A serializer's data as the raw-data form's starting text, without hidden fields
        (the client cannot set them); a list serializer's as a list of one item."""
        from restframe.fields import HiddenField
        from restframe.serializers import ListSerializer

        many = isinstance(serializer, ListSerializer)
        one = serializer.child if many else serializer
        body = dict(one.data)
        for name, field in one.fields.items():
            if isinstance(field, HiddenField):
                body.pop(name, None)
        context = {**(getattr(self, "renderer_context", None) or {}), "indent": 4}
        rendered = renderer.render(
            [body] if many else body, getattr(self, "accepted_media_type", None), context
        )
        if isinstance(rendered, bytes):
            return rendered.decode(renderer.charset or "utf-8")
        return str(rendered)

    def get_filter_form(self, data: Any, view: Any, request: Any) -> Any:
        """The filter backends' HTML (search, ordering...) for list responses, else ``None``."""
        if not hasattr(view, "get_queryset") or not hasattr(view, "filter_backends"):
            return None
        if not isinstance(data, list):
            # A paginated list is a mapping the paginator can take its results from.
            paginator = getattr(view, "paginator", None)
            if paginator is None or data is None:
                return None
            try:
                paginator.get_results(data)
            except (TypeError, KeyError):
                return None
        queryset = view.get_queryset()
        elements = []
        for backend in view.filter_backends:
            if hasattr(backend, "to_html"):
                html = backend().to_html(request, queryset, view)
                if html:
                    elements.append(html)
        if not elements:
            return None
        template = loader.get_template(self.filter_template)
        return template.render({"elements": elements})

    def get_description(self, view: Any, status_code: int) -> str:
        """The view's description as HTML; hidden from users who are not allowed in."""
        if status_code in (401, 403):
            return ""
        get_description = getattr(view, "get_view_description", None)
        return get_description(html=True) if get_description is not None else ""

    def get_name(self, view: Any) -> str:
        get_name = getattr(view, "get_view_name", None)
        return get_name() if get_name is not None else ""

    def get_breadcrumbs(self, request: Any) -> list[tuple[str, str]]:
        """``(name, url)`` for each API view on the way to this URL, this one last."""
        return get_breadcrumbs(request.path, request)

    def get_extra_actions(self, view: Any, status_code: int) -> Any:
        """A viewset's extra actions (``{name: url}``); hidden for 401/403 responses."""
        if status_code in (401, 403) or not hasattr(view, "get_extra_action_url_map"):
            return None
        return view.get_extra_action_url_map()

    def get_context(
        self, data: Any, accepted_media_type: str | None, renderer_context: Mapping[str, Any]
    ) -> dict[str, Any]:
        view = renderer_context["view"]
        request = renderer_context["request"]
        response = renderer_context["response"]
        renderer = self.get_default_renderer(view)
        raw_data_post_form = self.get_raw_data_form(data, view, "POST", request)
        raw_data_put_form = self.get_raw_data_form(data, view, "PUT", request)
        raw_data_patch_form = self.get_raw_data_form(data, view, "PATCH", request)
        raw_data_put_or_patch_form = raw_data_put_form or raw_data_patch_form

        response_headers = dict(sorted(response.items()))
        if renderer is not None and renderer.media_type:
            response_headers["Content-Type"] = (
                f"{renderer.media_type}; charset={renderer.charset}"
                if renderer.charset
                else renderer.media_type
            )
        # Page links only when the list was split into pages.
        paginator = getattr(view, "paginator", None)
        if paginator is not None and not getattr(paginator, "display_page_controls", False):
            paginator = None
        user = request.__dict__.get("_user")
        if user is None:
            user = getattr(request._request, "user", None)
        from django.conf import settings as django_settings

        return {
            "content": self.get_content(renderer, data, accepted_media_type, renderer_context),
            "code_style": "",
            "view": view,
            "request": request,
            "response": response,
            "user": user,
            "description": self.get_description(view, response.status_code),
            "name": self.get_name(view),
            "version": "3.18",
            "paginator": paginator,
            "breadcrumblist": self.get_breadcrumbs(request),
            "allowed_methods": view.allowed_methods,
            "available_formats": [
                renderer_class.format for renderer_class in getattr(view, "renderer_classes", ())
            ],
            "response_headers": response_headers,
            "put_form": self.get_rendered_html_form(data, view, "PUT", request),
            "post_form": self.get_rendered_html_form(data, view, "POST", request),
            "delete_form": self.get_rendered_html_form(data, view, "DELETE", request),
            "options_form": self.get_rendered_html_form(data, view, "OPTIONS", request),
            "extra_actions": self.get_extra_actions(view, response.status_code),
            "filter_form": self.get_filter_form(data, view, request),
            "raw_data_put_form": raw_data_put_form,
            "raw_data_post_form": raw_data_post_form,
            "raw_data_patch_form": raw_data_patch_form,
            "raw_data_put_or_patch_form": raw_data_put_or_patch_form,
            "display_edit_forms": bool(response.status_code != 403),
            "api_settings": api_settings,
            "csrf_cookie_name": django_settings.CSRF_COOKIE_NAME,
            "csrf_header_name": _csrf_header_name(django_settings.CSRF_HEADER_NAME),
        }

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> str:
        self.accepted_media_type = accepted_media_type or ""
        self.renderer_context = renderer_context = renderer_context or {}
        template = loader.get_template(_page_template(self.template))
        context = self.get_context(data, accepted_media_type, renderer_context)
        request = renderer_context["request"]
        # The Django request: context processors and ``{% csrf_token %}`` work on it, and the
        # CSRF middleware reads the cookie flag ``get_token`` sets there.
        page = str(template.render(context, request=getattr(request, "_request", request)))
        response = renderer_context["response"]
        if response.status_code == 204:
            # A browser shows nothing for 204; as DRF does, the page is sent with 200 and
            # reports the real status in its status line.
            response.status_code = 200
        return page


def _page_template(name: str) -> str:
    """Under ``install_as_rest_framework()``, a page template is looked up by DRF's name
    (``rest_framework/api.html``): a DRF project's override of that template keeps working,
    and without one the name resolves to restframe's own template."""
    if name.startswith("restframe/") and sys.modules.get("rest_framework") is sys.modules.get(
        "restframe"
    ):
        return "rest_framework/" + name[len("restframe/") :]
    return name


def _csrf_header_name(meta_name: str) -> str:
    """``HTTP_X_CSRFTOKEN`` (a ``request.META`` key) → ``X-CSRFTOKEN`` (the header to send)."""
    name = meta_name[5:] if meta_name.startswith("HTTP_") else meta_name
    return name.replace("_", "-")


class _RawDataField:
    """One field of the raw-data form, as ``form["_content"]`` gives it (``name``, ``initial``)."""

    def __init__(self, name: str, label: str, initial: str) -> None:
        self.name = name
        self.label = label
        self.initial = initial

    def __repr__(self) -> str:
        return f"<_RawDataField {self.name}={self.initial!r}>"


class _RawDataForm:
    """The raw-data form's two fields: ``_content_type`` (a select) and ``_content``.

    Subscripting by field name works as on DRF's (Django) form, so code reading
    ``form["_content"].initial`` keeps working.
    """

    def __init__(self, media_types: list[str], initial_type: str, content: str) -> None:
        self.media_types = media_types
        self.initial_type = initial_type
        self.content = content

    def __bool__(self) -> bool:
        return True

    def __getitem__(self, name: str) -> _RawDataField:
        if name == "_content_type":
            return _RawDataField(name, "Media type", self.initial_type)
        if name == "_content":
            return _RawDataField(name, "Content", self.content)
        raise KeyError(name)


# --- the admin-style pages -------------------------------------------------------------------


_ADMIN_ERROR_TITLES: Final = {
    "POST": gettext_lazy("Create"),
    "PUT": gettext_lazy("Edit"),
    "": gettext_lazy("Errors"),
}


class AdminRenderer(BrowsableAPIRenderer):
    """Data as admin-style HTML: a table for lists, a definition list for one object, with
    forms to create, edit and delete. ``format`` is ``admin``."""

    template = "restframe/admin.html"
    format = "admin"
    error_form: Any = None
    error_title: Any = None

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> str:
        self.accepted_media_type = accepted_media_type or ""
        self.renderer_context = renderer_context = renderer_context or {}
        response = renderer_context["response"]
        request = renderer_context["request"]
        view = renderer_context["view"]
        self.error_form = self.error_title = None
        if response.status_code == 400:
            # The submitted form is shown again with its errors, above what this URL shows.
            self.error_form = self.get_rendered_html_form(data, view, request.method, request)
            self.error_title = _ADMIN_ERROR_TITLES.get(request.method, _ADMIN_ERROR_TITLES[""])
            data = self._page_data_after_error(data, view, request)
        template = loader.get_template(_page_template(self.template))
        context = self.get_context(data, accepted_media_type, renderer_context)
        page = str(template.render(context, request=getattr(request, "_request", request)))
        if response.status_code == 201 and "Location" in response:
            # As DRF does: after a create, go to the new object's page.
            response.status_code = 303
            response["Location"] = request.build_absolute_uri()
            page = ""
        elif response.status_code == 204:
            # After a delete, go up to the parent page (the list), else reload this URL.
            response.status_code = 303
            crumbs = self.get_breadcrumbs(request)
            response["Location"] = crumbs[-2][1] if len(crumbs) > 1 else request.get_full_path()
            page = ""
        return page

    def _page_data_after_error(self, errors: Any, view: Any, request: Any) -> Any:
        """What a GET of this URL shows, to keep the page under the error form; only for a user
        allowed to GET it (the data may be what GET permissions protect). Otherwise, or when
        there is no GET, the errors themselves (a list under ``NON_FIELD_ERRORS_KEY``)."""

        with override_method(view, request, "GET") as get_request:
            handler = getattr(view, "get", None)
            try:
                view.check_permissions(get_request)
                if handler is not None:
                    args = getattr(view, "args", ())
                    kwargs = getattr(view, "kwargs", {})
                    return handler(get_request, *args, **kwargs).data
            except (APIException, Http404, PermissionDenied):
                pass
        if isinstance(errors, Mapping):
            return errors
        return {api_settings.NON_FIELD_ERRORS_KEY: errors}

    def get_context(
        self, data: Any, accepted_media_type: str | None, renderer_context: Mapping[str, Any]
    ) -> dict[str, Any]:
        context = super().get_context(data, accepted_media_type, renderer_context)
        view = context["view"]
        paginator = getattr(view, "paginator", None)
        results = data
        if paginator is not None and data is not None:
            with contextlib.suppress(TypeError, KeyError):
                results = paginator.get_results(data)
        if isinstance(results, list):
            style = "list"
            header = results[0] if results else {}
        else:
            style = "detail"
            header = results
        columns = [key for key in header if key != "url"] if isinstance(header, Mapping) else []
        if isinstance(results, list) and "view" in renderer_context:
            # Each row links to its object's page when the view can name that URL.
            for result in results:
                if isinstance(result, MutableMapping):
                    url = self.get_result_url(result, view)
                    if url is not None:
                        result.setdefault("url", url)
        context.update(
            {
                "style": style,
                "columns": columns,
                "details": columns,  # DRF gives both names the same list
                "results": results,
                "error_form": self.error_form,
                "error_title": self.error_title,
            }
        )
        return context

    def get_result_url(self, result: Any, view: Any) -> str | None:
        """The URL of a list row's own page: the view's ``detail`` action reversed with the
        row's lookup value. Only views with ``reverse_action`` and ``lookup_field`` (viewsets)
        have one; ``None`` when the row lacks the value or the URL does not resolve."""

        if not hasattr(view, "reverse_action") or not hasattr(view, "lookup_field"):
            return None
        lookup_field = view.lookup_field
        url_kwarg = getattr(view, "lookup_url_kwarg", None) or lookup_field
        try:
            url: str = view.reverse_action("detail", kwargs={url_kwarg: result[lookup_field]})
        except (KeyError, TypeError, NoReverseMatch):
            return None
        return url


# --- schema documents ------------------------------------------------------------------------


class OpenAPIRenderer(BaseRenderer):
    """``application/vnd.oai.openapi``: the document as YAML, in its own key order."""

    media_type = "application/vnd.oai.openapi"
    charset = None
    format = "openapi"

    def __init__(self) -> None:
        try:
            import yaml  # noqa: F401
        except ImportError:
            raise ImproperlyConfigured(
                "OpenAPIRenderer needs PyYAML: pip install pyyaml, or serve the schema with "
                "JSONOpenAPIRenderer."
            ) from None

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        import yaml

        class Dumper(yaml.SafeDumper):
            """Plain strings for ``str`` subclasses and lazy translations."""

            def ignore_aliases(self, data: Any) -> bool:
                # Components shared between operations are written out, not anchored.
                return True

        def as_str(dumper: yaml.SafeDumper, value: Any) -> Any:
            return dumper.represent_str(str(value))

        def as_seconds(dumper: yaml.SafeDumper, value: datetime.timedelta) -> Any:
            # A duration (a DurationField's min/max) as its seconds, quoted, as DRF writes it.
            return dumper.represent_scalar("tag:yaml.org,2002:str", str(value.total_seconds()))

        Dumper.add_multi_representer(str, as_str)
        Dumper.add_multi_representer(Promise, as_str)
        Dumper.add_representer(datetime.timedelta, as_seconds)
        text = yaml.dump(data, Dumper=Dumper, default_flow_style=False, sort_keys=False)
        return text.encode("utf-8")


class JSONOpenAPIRenderer(BaseRenderer):
    """``application/vnd.oai.openapi+json``: the document as indented UTF-8 JSON."""

    media_type = "application/vnd.oai.openapi+json"
    charset = None
    format = "openapi-json"
    encoder_class = encoders.JSONEncoder
    ensure_ascii = False

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        text = json.dumps(data, cls=self.encoder_class, indent=2, ensure_ascii=self.ensure_ascii)
        return text.encode("utf-8")
