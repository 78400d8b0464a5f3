"""The error catalog: every error code restframe and the project can produce.

Exception classes register themselves when they are created (``APIException.__init_subclass__``),
so a project's own subclasses are listed without any extra step. Field error messages and
validators are collected on demand. Problem ``title``s come from here too: the HTTP reason
phrase of the status (what RFC 9457 asks for ``about:blank``), unless an exception class
declares its own ``default_title``.

This module must stay importable before Django's settings are configured: it imports nothing
from restframe at module level, and its strings are lazy.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.signals import setting_changed
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from restframe.utils.translation import get_language

__all__ = [
    "TITLES",
    "CatalogEntry",
    "entries",
    "exception_classes",
    "register_exception_class",
    "title_for",
]

# RFC 9110 reason phrases (stable across Python versions, unlike ``http.HTTPStatus``).
TITLES: dict[int, Promise] = {
    400: _("Bad Request"),
    401: _("Unauthorized"),
    402: _("Payment Required"),
    403: _("Forbidden"),
    404: _("Not Found"),
    405: _("Method Not Allowed"),
    406: _("Not Acceptable"),
    407: _("Proxy Authentication Required"),
    408: _("Request Timeout"),
    409: _("Conflict"),
    410: _("Gone"),
    411: _("Length Required"),
    412: _("Precondition Failed"),
    413: _("Content Too Large"),
    414: _("URI Too Long"),
    415: _("Unsupported Media Type"),
    416: _("Range Not Satisfiable"),
    417: _("Expectation Failed"),
    421: _("Misdirected Request"),
    422: _("Unprocessable Content"),
    423: _("Locked"),
    424: _("Failed Dependency"),
    425: _("Too Early"),
    426: _("Upgrade Required"),
    428: _("Precondition Required"),
    429: _("Too Many Requests"),
    431: _("Request Header Fields Too Large"),
    451: _("Unavailable For Legal Reasons"),
    500: _("Internal Server Error"),
    501: _("Not Implemented"),
    502: _("Bad Gateway"),
    503: _("Service Unavailable"),
    504: _("Gateway Timeout"),
    505: _("HTTP Version Not Supported"),
    506: _("Variant Also Negotiates"),
    507: _("Insufficient Storage"),
    508: _("Loop Detected"),
    511: _("Network Authentication Required"),
}
_UNKNOWN_CLIENT_ERROR = _("Client Error")
_UNKNOWN_SERVER_ERROR = _("Server Error")

_exception_classes: list[type[Any]] = []
# code -> title, for exception classes that declare ``default_title`` themselves.
_titles_by_code: dict[str, str | Promise] = {}


def register_exception_class(cls: type[Any]) -> None:
    """Remember ``cls`` (an ``APIException`` subclass) for the catalog."""
    _exception_classes.append(cls)
    title = cls.__dict__.get("default_title")
    code = getattr(cls, "default_code", None)
    if title is not None and isinstance(code, str):
        _titles_by_code[code] = title
        _title_texts.clear()


def exception_classes() -> list[type[Any]]:
    """Every registered exception class, in creation order."""
    return list(_exception_classes)


def title_for(status: int, code: str | None = None, language: str | None = None) -> str:
    """The problem ``title`` in the active language: the code's title, else the reason phrase.

    ``language``: the active language when the caller already knows it.
    """
    # Translating costs microseconds on every problem answer; the titles are few and fixed.
    key = (status, code, language or get_language())
    text = _title_texts.get(key)
    if text is None:
        text = _title_text(status, code)
        if len(_title_texts) < 4096:
            _title_texts[key] = text
    return text


def _title_text(status: int, code: str | None) -> str:
    if code is not None:
        title = _titles_by_code.get(code)
        if title is not None:
            return force_str(title)
    phrase = TITLES.get(status)
    if phrase is None:
        phrase = _UNKNOWN_SERVER_ERROR if status >= 500 else _UNKNOWN_CLIENT_ERROR
    return force_str(phrase)


# (status, code, language) -> title text; cleared when a title or the translations change.
_title_texts: dict[tuple[int, str | None, str | None], str] = {}


def _forget_title_texts(*, setting: str, **kwargs: Any) -> None:
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS", "USE_I18N"):
        _title_texts.clear()


setting_changed.connect(_forget_title_texts)


@dataclass(frozen=True)
class CatalogEntry:
    """One error a client can see. ``message`` may hold ``{placeholders}`` filled at raise time."""

    code: str
    status: int
    message: str | Promise
    source: str

    @property
    def title(self) -> str:
        return title_for(self.status, self.code)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, in the active language."""
        return {
            "code": self.code,
            "status": self.status,
            "message": force_str(self.message),
            "title": self.title,
            "source": self.source,
        }


def entries() -> list[CatalogEntry]:
    """Every known error: exception classes, then field and serializer messages, then validators.

    Imports restframe's fields, serializers, validators, throttles and error views on first call
    (they need configured settings), so the built-in codes are always listed.
    """
    return [entry for entry, _origin in _collect()]


def _collect() -> list[tuple[CatalogEntry, type[Any]]]:
    """Each entry with the class that produces it (the OpenAPI export needs the body's shape)."""
    # The error views', throttles' and serializers' classes register or subclass on import.
    for name in (
        "restframe.defaults",
        "restframe.serializers",
        "restframe.relations",
        "restframe.throttling",
    ):
        import_module(name)
    from restframe import fields, validators

    found: list[tuple[CatalogEntry, type[Any]]] = []
    # A module imported twice (autoreload, tests) registers its classes again: list the
    # latest definition of each dotted path once.
    latest = {_dotted(cls): cls for cls in _exception_classes}
    # A code means one thing: classes that declare the same code, status and message (a
    # project's ``ServiceUnavailable`` next to restframe's throttle one) are one error, listed
    # once under the class that declared it first.
    listed: set[tuple[str, int, str]] = set()
    for source, cls in latest.items():
        key = (cls.default_code, cls.status_code, str(cls.default_detail))
        if key in listed:
            continue
        listed.add(key)
        entry = CatalogEntry(
            code=cls.default_code, status=cls.status_code, message=cls.default_detail, source=source
        )
        found.append((entry, cls))
    for cls in _subclasses(fields.Field):
        for code, message in cls.__dict__.get("default_error_messages", {}).items():
            found.append((CatalogEntry(code, 400, message, _dotted(cls)), cls))
    for _name, cls in inspect.getmembers(validators, inspect.isclass):
        if cls.__module__ != validators.__name__:
            continue
        message = cls.__dict__.get("message")
        if message is not None:
            code = getattr(cls, "code", None) or "unique"
            found.append((CatalogEntry(code, 400, message, _dotted(cls)), cls))
    found.extend(_other_entries())
    return found


def _other_entries() -> list[tuple[CatalogEntry, type[Any]]]:
    """Codes given at raise time rather than declared on a class."""
    from django.core.validators import ProhibitNullCharactersValidator

    from restframe import versioning
    from restframe.exceptions import Conflict, NotAcceptable, NotFound
    from restframe.pagination import CursorPagination, PageNumberPagination
    from restframe.serializers import NO_DATA_MESSAGE, Serializer

    null_characters = ProhibitNullCharactersValidator
    raised_with_a_message: list[tuple[type[Any], Any, type[Any]]] = [
        # Paginators raise ``NotFound`` with their own message for a page that isn't there.
        (PageNumberPagination, PageNumberPagination.invalid_page_message, NotFound),
        (CursorPagination, CursorPagination.invalid_cursor_message, NotFound),
        # Versioning schemes refuse a version that isn't allowed (406 for ``Accept``, else 404).
        *(
            (scheme, scheme.invalid_version_message, NotFound)
            for scheme in (
                versioning.URLPathVersioning,
                versioning.NamespaceVersioning,
                versioning.HostNameVersioning,
                versioning.QueryParameterVersioning,
            )
        ),
        (
            versioning.AcceptHeaderVersioning,
            versioning.AcceptHeaderVersioning.invalid_version_message,
            NotAcceptable,
        ),
    ]
    found: list[tuple[CatalogEntry, type[Any]]] = [
        (CatalogEntry(exc.default_code, exc.status_code, message, _dotted(source)), exc)
        for source, message, exc in raised_with_a_message
    ]
    if apps.is_installed("restframe.authtoken"):
        from restframe.authtoken import serializers as authtoken

        found += [
            (
                CatalogEntry(
                    "authorization",
                    400,
                    message,
                    "restframe.authtoken.serializers.AuthTokenSerializer",
                ),
                authtoken.AuthTokenSerializer,
            )
            for message in (
                authtoken.MISSING_CREDENTIALS_MESSAGE,
                authtoken.INVALID_CREDENTIALS_MESSAGE,
            )
        ]
    found += [
        # ``HANDLE_PROTECTED_ERROR``: ``ProtectedError``/``RestrictedError`` → 409.
        (
            CatalogEntry(
                code="protected",
                status=Conflict.status_code,
                message=Conflict.default_detail,
                source="restframe.handlers.to_api_exception",
            ),
            Conflict,
        ),
        # ``data=None`` given to a serializer.
        (
            CatalogEntry(
                code="null",
                status=400,
                message=NO_DATA_MESSAGE,
                source="restframe.serializers.Serializer",
            ),
            Serializer,
        ),
        # Every ``CharField`` runs Django's validator, with Django's message.
        (
            CatalogEntry(
                code=null_characters.code,
                status=400,
                message=null_characters.message,
                source=_dotted(null_characters),
            ),
            null_characters,
        ),
    ]
    return found


def _subclasses(root: type[Any]) -> list[type[Any]]:
    """``root`` and all its subclasses, depth first, each once."""
    seen: list[type[Any]] = []
    stack = [root]
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.append(cls)
        stack.extend(reversed(cls.__subclasses__()))
    return seen


def _dotted(cls: type[Any]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
