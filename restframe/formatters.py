"""Error bodies: DRF's shape, or RFC 9457 problem details.

This module only builds bodies. Which status, which headers and which of the two shapes a
response gets is decided by the caller (``restframe.handlers``, ``restframe.defaults``,
``restframe.middleware``); ``wants_problem`` is the shared answer to "which shape?".

Problem bodies hold plain ``str``/``int``/``dict``/``list`` values (lazy strings are resolved in
the active language), so any JSON encoder renders them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

from django.http import QueryDict
from django.http.request import HttpHeaders
from django.utils.encoding import force_str, iri_to_uri

from restframe.catalog import title_for
from restframe.exceptions import APIException, ValidationError, _default_text
from restframe.settings import api_settings
from restframe.utils.mediatypes import prefers
from restframe.utils.translation import get_language

__all__ = [
    "PROBLEM_CONTENT_TYPE",
    "drf_body",
    "json_pointer",
    "problem_body",
    "wants_problem",
]

PROBLEM_CONTENT_TYPE = "application/problem+json"
_JSON = "application/json"

# Characters RFC 3986 allows unescaped in a URI fragment besides the unreserved ones (which
# ``quote`` always keeps). "/" separates pointer segments; a "/" inside a member name has
# already become "~1".
_FRAGMENT_SAFE = "!$&'()*+,;=:@/?"
# What ``iri_to_uri`` leaves as is (its safe set, letters, digits and ``_.-~``), ``%`` excepted:
# a path made only of these is its own URI.
_URI_PATH = re.compile(r"[A-Za-z0-9/#\[\]=:;$&()+,!?*@'~_.\-]*")


def wants_problem(request: Any) -> bool:
    """Whether the error body should be problem details rather than DRF's shape.

    The project's ``ERROR_FORMAT`` decides, except that a client whose ``Accept`` rates
    ``application/problem+json`` strictly above ``application/json`` always gets problem details.
    ``request`` may be a Django ``HttpRequest``, a ``restframe.request.Request`` or ``None``.
    """
    if api_settings.ERROR_FORMAT == "problem":
        return True
    if request is None:
        return False
    accept = request.META.get("HTTP_ACCEPT")
    return bool(accept) and prefers(str(accept), PROBLEM_CONTENT_TYPE, _JSON)


def drf_body(exc: APIException) -> Any:
    """DRF's body: a list or dict detail as is, anything else under ``"detail"``."""
    detail = exc.detail
    if isinstance(detail, (list, dict)):
        return detail
    return {"detail": detail}


def problem_body(
    exc: APIException, request: Any = None, *, error_id: str | None = None
) -> dict[str, Any]:
    """The RFC 9457 body for ``exc``.

    Members, in order: ``type``, ``title``, ``status``, ``detail``, ``instance`` (only with a
    request), ``code``, then ``errors`` (one entry per message of a list/dict detail) and
    ``error_id`` (when given).
    """
    detail = exc.detail
    status = exc.status_code
    language = get_language()
    extensions: dict[str, Any] | None = None
    errors: list[dict[str, Any]] | None = None
    if type(detail) is dict and "detail" in detail and not isinstance(exc, ValidationError):
        # A package's own shape for one error (djangorestframework-simplejwt:
        # ``{"detail": ..., "code": ..., "messages": [...]}``): its ``detail`` and ``code`` are
        # the problem's; other members become extension members, never input ``errors``.
        inner = detail["detail"]
        message = str(inner)
        code = str(detail.get("code") or getattr(inner, "code", None) or exc.default_code)
        extensions = {
            key: _plain(value) for key, value in detail.items() if key not in _PROBLEM_MEMBERS
        }
    elif isinstance(detail, (list, dict)):
        # Several messages: the occurrence is "invalid input"; the messages go to ``errors``.
        message = _default_text(exc, language)  # cached per class and language
        if not isinstance(message, str):
            message = force_str(message)
        code = exc.default_code
        collected: list[dict[str, Any]] = []
        # ``serializer.errors`` (kept by ``ValidationError``) links back to its serializer,
        # whose fields tell a serializer's non-field key from a ``DictField`` member so named.
        shape = getattr(detail, "serializer", None)
        location = getattr(exc, "location", None)
        if location is None and shape is not None:
            data = getattr(shape, "initial_data", None)
            if type(data) is not dict:  # a parsed JSON body never names parameters or headers
                location = _inferred_location(data, request)
        member = _LOCATION_MEMBERS.get(location) if location is not None else None
        if member is None:  # the body (the common case): JSON Pointers
            _collect_errors(detail, "#", api_settings.NON_FIELD_ERRORS_KEY, collected, shape)
        else:
            _collect_named(detail, member, api_settings.NON_FIELD_ERRORS_KEY, collected, shape)
        errors = collected
    else:
        message = str(detail)
        code = getattr(detail, "code", None) or exc.default_code

    base = api_settings.PROBLEM_TYPE_BASE_URI
    body: dict[str, Any] = {
        "type": "about:blank" if base is None else f"{base}{code}",
        "title": title_for(status, None if base is None else code, language),
        "status": status,
        "detail": message,
    }
    if request is not None:
        path = request.path
        # Most paths are plain URI characters already: skip the quoting pass for them.
        body["instance"] = path if _URI_PATH.fullmatch(path) else iri_to_uri(path)
    body["code"] = code
    if errors is not None:
        body["errors"] = errors
    if extensions:
        body.update(extensions)
    if error_id is not None:
        body["error_id"] = error_id
    return body


_PROBLEM_MEMBERS = frozenset(
    ("type", "title", "status", "detail", "instance", "code", "errors", "error_id")
)


def _plain(value: Any) -> Any:
    """``value`` with its ``ErrorDetail`` strings (and other ``str`` subclasses) as plain
    ``str``, its dicts and lists copied: problem bodies hold plain JSON values."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def json_pointer(segments: list[Any]) -> str:
    """RFC 6901 JSON Pointer in URI-fragment form: ``["items", 1, "a/b"]`` → ``#/items/1/a~1b``."""
    pointer = "#"
    for segment in segments:
        pointer += "/" + _escape_segment(segment)
    return pointer


def _escape_segment(segment: Any) -> str:
    if type(segment) is int:
        return str(segment)
    if type(segment) is str and len(segment) <= 64:
        # Field names repeat from answer to answer; a client's long member names are not kept.
        return _escape_name(segment)
    return _escape_text(str(segment))


def _escape_text(text: str) -> str:
    text = text.replace("~", "~0").replace("/", "~1")
    # A client's member name may hold a lone surrogate (valid JSON, not UTF-8): keep its code
    # point reversibly rather than fail the whole answer.
    return quote(text, safe=_FRAGMENT_SAFE, errors="surrogatepass")


_escape_name = lru_cache(maxsize=1024)(_escape_text)


def _collect_errors(
    detail: Any, pointer: str, non_field_key: str, out: list[dict[str, Any]], shape: Any = None
) -> None:
    """Append one entry per leaf message of ``detail`` to ``out``.

    Dict keys are member names; the non-field key stays at the containing object (a nested
    serializer's non-field errors point at that object), except in the errors of a
    ``DictField``, whose keys are all the client's member names. ``shape`` is the field or
    serializer that produced ``detail`` when known; without it (a hand-built detail) the
    non-field key is taken as such at every depth. In a list, messages belong to the
    containing location, while nested lists/dicts are positional items (DRF < 3.18's
    ``many=True`` errors), so their index becomes a segment.
    """
    if isinstance(detail, dict):
        members_only, child, fields = _NO_SHAPE if shape is None else _shape_info(shape)
        for key, value in detail.items():
            if key == non_field_key and not members_only:
                _collect_errors(value, pointer, non_field_key, out)
                continue
            if fields is not None:
                child = fields.get(key) if isinstance(key, str) else None
            segment = pointer + "/" + _escape_segment(key)
            _collect_errors(value, segment, non_field_key, out, child)
    elif isinstance(detail, list):
        child = None if shape is None else _shape_info(shape)[1]
        for index, item in enumerate(detail):
            if isinstance(item, (list, dict)):
                _collect_errors(item, f"{pointer}/{index}", non_field_key, out, child)
            else:  # a message (the common case, taken here rather than by recursing)
                at = getattr(item, "item", None)  # a flat list's message about one input item
                out.append(
                    {
                        "pointer": pointer if at is None else f"{pointer}/{at}",
                        "detail": str(item),
                        "code": getattr(item, "code", None),
                    }
                )
    else:
        out.append(
            {"pointer": pointer, "detail": str(detail), "code": getattr(detail, "code", None)}
        )


# Where an error's input came from (``exc.location``) → the member naming it in an ``errors``
# entry, as in the SmartBear problem registry's schema for RFC 9457 ``errors`` (``pointer`` for
# body properties, ``parameter`` for query and path parameters, ``header`` for request headers).
# "body" and unknown values keep JSON Pointers.
_LOCATION_MEMBERS: dict[str, str] = {"query": "parameter", "path": "parameter", "header": "header"}


def _inferred_location(data: Any, request: Any) -> str | None:
    """``"query"`` or ``"header"`` when ``data`` (a serializer's ``initial_data``) is the
    request's query dict or its headers, else ``None`` (the body).

    A form body is a ``QueryDict`` too, so a query is recognised by identity with the request's
    ``GET`` (the same object as ``request.query_params``).
    """
    if isinstance(data, QueryDict):
        if request is not None and data is getattr(request, "GET", None):
            return "query"
        return None
    if isinstance(data, HttpHeaders):
        return "header"
    return None


def _collect_named(
    detail: Any, member: str, non_field_key: str, out: list[dict[str, Any]], shape: Any = None
) -> None:
    """Append one entry per leaf message of ``detail`` to ``out``, named by ``member``
    (``parameter`` or ``header``) after the top-level key it sits under.

    Deeper keys and indexes are dropped: a query or header value is a string (or, for a
    repeated parameter, several), so the top-level key is the name the client sent. Messages
    under the non-field key, or in a top-level list, concern the request's parameters or
    headers as a whole and name none.
    """
    if isinstance(detail, dict):
        members_only = _shape_info(shape)[0]
        for key, value in detail.items():
            if key == non_field_key and not members_only:
                _collect_leaves(value, None, None, out)
            elif member == "header":
                _collect_leaves(value, member, str(key).replace("_", "-").title(), out)
            else:
                _collect_leaves(value, member, str(key), out)
    else:
        _collect_leaves(detail, None, None, out)


def _collect_leaves(
    detail: Any, member: str | None, name: str | None, out: list[dict[str, Any]]
) -> None:
    if isinstance(detail, dict):
        for value in detail.values():
            _collect_leaves(value, member, name, out)
    elif isinstance(detail, list):
        for item in detail:
            _collect_leaves(item, member, name, out)
    elif member is None:
        out.append({"detail": str(detail), "code": getattr(detail, "code", None)})
    else:
        out.append({member: name, "detail": str(detail), "code": getattr(detail, "code", None)})


_NO_SHAPE: tuple[bool, Any, Any] = (False, None, None)


def _shape_info(shape: Any) -> tuple[bool, Any, Any]:
    """What ``shape`` (a field or serializer, or ``None``) says about the errors it produced:
    whether their keys are all member names, the shape of every item, and the fields by name
    (a serializer's, whose keys are field names or the non-field key)."""
    if shape is None:
        return _NO_SHAPE
    list_serializer, serializer, list_field, dict_field = _shape_classes()
    if isinstance(shape, dict_field):
        return True, shape.child, None
    if isinstance(shape, (list_serializer, list_field)):
        return False, shape.child, None
    if isinstance(shape, serializer):
        try:
            return False, None, shape.fields
        except Exception:  # a broken ``get_fields`` must not turn a 400 into a 500
            return _NO_SHAPE
    return _NO_SHAPE


@cache
def _shape_classes() -> tuple[type[Any], type[Any], type[Any], type[Any]]:
    # Imported on first use: serializers import this module's users.
    from restframe.fields import DictField, ListField
    from restframe.serializers import ListSerializer, Serializer

    return ListSerializer, Serializer, ListField, DictField
