"""The exceptions an API view raises, and the error details they carry.

Each exception is a declaration: an HTTP status, a translatable default message and a
machine-readable code. Views never build error responses by hand; they raise, and the exception
handler (``restframe.views.exception_handler``) turns the exception into a response. Messages,
codes and shapes match Django REST framework's, so clients see the same bodies after the switch.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.signals import setting_changed
from django.http import HttpRequest, JsonResponse
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from restframe import catalog, status
from restframe.utils.serializer_helpers import ReturnDict, ReturnList
from restframe.utils.translation import get_language

__all__ = [
    "APIException",
    "AlreadyExists",
    "AuthenticationFailed",
    "Conflict",
    "ErrorDetail",
    "MethodNotAllowed",
    "NotAcceptable",
    "NotAuthenticated",
    "NotFound",
    "ParseError",
    "PermissionDenied",
    "Throttled",
    "UnsupportedMediaType",
    "ValidationError",
    "bad_request",
    "server_error",
]


class ErrorDetail(str):
    """An error message that also knows its machine-readable ``code``.

    It is a ``str`` so existing code that treats messages as text keeps working; equality with
    another ``ErrorDetail`` also compares codes.
    """

    code: str | None = None
    # Which item of a list input the message is about, where the message list itself is not
    # positional (``ManyRelatedField``'s errors, flat as in DRF): problem details point at it.
    item: int | None = None

    def __new__(cls, string: str, code: str | None = None) -> ErrorDetail:
        self = str.__new__(cls, string)
        self.code = code
        return self

    def __eq__(self, other: object) -> bool:
        same_text = str.__eq__(self, other)
        if same_text is NotImplemented:
            return NotImplemented
        if not same_text:
            return False
        other_code = getattr(other, "code", _NO_CODE)
        return other_code is _NO_CODE or self.code == other_code

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        if equal is NotImplemented:
            return NotImplemented
        return not equal

    def __hash__(self) -> int:
        return str.__hash__(self)

    def __repr__(self) -> str:
        return f"ErrorDetail(string={str(self)!r}, code={self.code!r})"


_NO_CODE = object()


def _get_error_details(data: Any, default_code: str | None = None) -> Any:
    """Turn ``data`` into the same structure with ``ErrorDetail`` leaves.

    Lists and tuples become lists, dicts keep their keys, and the serializer back-link of a
    ``ReturnList``/``ReturnDict`` survives. A leaf keeps its own ``code`` when it has one.
    """
    kind = type(data)
    if kind is str:  # the common leaf: a message without a code of its own
        return ErrorDetail(data, default_code)
    if kind is ErrorDetail:
        return data
    if isinstance(data, (list, tuple)):
        items = [_get_error_details(item, default_code) for item in data]
        if isinstance(data, ReturnList):
            return ReturnList(items, serializer=data.serializer)
        return items
    if isinstance(data, dict):
        mapping = {key: _get_error_details(value, default_code) for key, value in data.items()}
        if isinstance(data, ReturnDict):
            return ReturnDict(mapping, serializer=data.serializer)
        return mapping
    return ErrorDetail(force_str(data), getattr(data, "code", default_code))


def _get_codes(detail: Any) -> Any:
    """Mirror ``detail`` with each leaf replaced by its code."""
    if isinstance(detail, list):
        return [_get_codes(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _get_codes(value) for key, value in detail.items()}
    return detail.code


def _get_full_details(detail: Any) -> Any:
    """Mirror ``detail`` with each leaf replaced by ``{"message": ..., "code": ...}``."""
    if isinstance(detail, list):
        return [_get_full_details(item) for item in detail]
    if isinstance(detail, dict):
        return {key: _get_full_details(value) for key, value in detail.items()}
    return {"message": detail, "code": detail.code}


# (class, language) -> (the default_detail object translated, its text). Translating a lazy
# message costs microseconds on every raise; the error path raises the same few messages.
_default_texts: dict[tuple[type, str | None], tuple[Any, str]] = {}


def _default_text(exc: APIException, language: str | None = None) -> Any:
    """``exc.default_detail`` as text in the active language, cached per class and language.

    ``language``: the active language when the caller already asked for it (asking costs
    microseconds: Django keeps it in an asgiref ``Local``).
    """
    message = exc.default_detail
    if not isinstance(message, Promise):
        # Text as is; a list or dict default keeps its shape (each leaf gets the default code).
        return message
    key = (type(exc), language or get_language())
    cached = _default_texts.get(key)
    if cached is not None and cached[0] is message:
        return cached[1]
    text = force_str(message)
    if len(_default_texts) < 4096:
        _default_texts[key] = (message, text)
    return text


def _forget_default_texts(*, setting: str, **kwargs: Any) -> None:
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"):
        _default_texts.clear()


setting_changed.connect(_forget_default_texts)


class APIException(Exception):
    """Base class for errors raised inside an API view; subclasses declare the class attributes."""

    status_code: int = status.HTTP_500_INTERNAL_SERVER_ERROR
    default_detail: str | Promise = _("A server error occurred.")
    default_code: str = "error"

    detail: Any
    # Set only where they apply (``Throttled``, or the view's 401 challenge), as in DRF:
    # ``hasattr(exc, "wait")`` is false for the other exceptions.
    auth_header: str | None
    wait: int | None
    # restframe: where the invalid input came from, for problem details' ``errors`` entries:
    # "query" or "path" (named by ``parameter``), "header" (``header``), "body" (``pointer``).
    # Unset, the formatter infers it from ``serializer.errors``. DRF's bodies ignore it.
    location: str | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        catalog.register_exception_class(cls)

    def __init__(self, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = _default_text(self)
        if code is None:
            code = self.default_code
        self.detail = _get_error_details(detail, code)

    def __str__(self) -> str:
        return str(self.detail)

    def get_codes(self) -> Any:
        """The error code(s), in the same shape as ``detail``."""
        return _get_codes(self.detail)

    def get_full_details(self) -> Any:
        """Message and code for each error, in the same shape as ``detail``."""
        return _get_full_details(self.detail)


catalog.register_exception_class(APIException)


class ValidationError(APIException):
    """Invalid input. ``detail`` may be a message, a list, or a (nested) dict keyed by field.

    Unlike the other exceptions the detail always renders as a list or dict, never under a
    ``"detail"`` key: ``ValidationError("x")`` answers the body ``["x"]``.
    """

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Invalid input.")
    default_code = "invalid"

    def __init__(self, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = _default_text(self)
        if code is None:
            code = self.default_code
        if isinstance(detail, tuple):
            detail = list(detail)
        elif not isinstance(detail, (dict, list)):
            detail = [detail]
        self.detail = _get_error_details(detail, code)


class ParseError(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Malformed request.")
    default_code = "parse_error"


class AuthenticationFailed(APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Incorrect authentication credentials.")
    default_code = "authentication_failed"


class NotAuthenticated(APIException):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Authentication credentials were not provided.")
    default_code = "not_authenticated"


class PermissionDenied(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("You do not have permission to perform this action.")
    default_code = "permission_denied"


class NotFound(APIException):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("Not found.")
    default_code = "not_found"


class MethodNotAllowed(APIException):
    status_code = status.HTTP_405_METHOD_NOT_ALLOWED
    default_detail = _('Method "{method}" not allowed.')
    default_code = "method_not_allowed"

    def __init__(self, method: str, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = _default_text(self).format(method=method)
        super().__init__(detail, code)


class NotAcceptable(APIException):
    status_code = status.HTTP_406_NOT_ACCEPTABLE
    default_detail = _("Could not satisfy the request Accept header.")
    default_code = "not_acceptable"

    def __init__(
        self,
        detail: Any = None,
        code: str | None = None,
        available_renderers: Any = None,
    ) -> None:
        self.available_renderers = available_renderers
        super().__init__(detail, code)


class UnsupportedMediaType(APIException):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    default_detail = _('Unsupported media type "{media_type}" in request.')
    default_code = "unsupported_media_type"

    def __init__(self, media_type: str, detail: Any = None, code: str | None = None) -> None:
        if detail is None:
            detail = _default_text(self).format(media_type=media_type)
        super().__init__(detail, code)


class Throttled(APIException):
    """Too many requests; ``wait`` (seconds, rounded up) also becomes the ``Retry-After`` header."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Request was throttled.")
    extra_detail_singular: str | Promise = _("Expected available in {wait} second.")
    extra_detail_plural: str | Promise = _("Expected available in {wait} seconds.")
    default_code = "throttled"

    def __init__(
        self, wait: float | None = None, detail: Any = None, code: str | None = None
    ) -> None:
        if detail is None:
            detail = _default_text(self)
        if wait is not None:
            wait = math.ceil(wait)
            detail = f"{detail} {self._wait_message(wait)}"
        self.wait = wait
        super().__init__(detail, code)

    def _wait_message(self, wait: int) -> str:
        singular, plural = self.extra_detail_singular, self.extra_detail_plural
        if singular is Throttled.extra_detail_singular and plural is Throttled.extra_detail_plural:
            # Look up the plural form for the active language on the untranslated ids, so
            # languages with several plural forms get the right one.
            # (Literal ids, so makemessages extracts the plural entry.)
            message = ngettext(
                "Expected available in {wait} second.",
                "Expected available in {wait} seconds.",
                wait,
            )
            return message.format(wait=wait)
        return force_str(singular if wait == 1 else plural).format(wait=wait)


class Conflict(APIException):
    """restframe: the request conflicts with the resource's state (e.g. a protected delete)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This resource cannot be changed because other resources depend on it.")
    default_code = "conflict"


class AlreadyExists(Conflict):
    """restframe: the database refused a write because a row with the same unique values
    exists (a race the serializer's ``UniqueValidator`` cannot see: two requests validated
    before either saved). 409, so the client knows to re-read rather than retry blindly."""

    default_detail = _("A resource with these unique values already exists.")
    default_code = "already_exists"


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """A JSON ``handler500`` for API-only projects (``{"error": "Server Error (500)"}``)."""
    return JsonResponse(
        {"error": "Server Error (500)"}, status=status.HTTP_500_INTERNAL_SERVER_ERROR
    )


def bad_request(
    request: HttpRequest, exception: Exception, *args: Any, **kwargs: Any
) -> JsonResponse:
    """A JSON ``handler400`` for API-only projects (``{"error": "Bad Request (400)"}``)."""
    return JsonResponse({"error": "Bad Request (400)"}, status=status.HTTP_400_BAD_REQUEST)
