"""Serializer fields: one value's journey between the wire and Python.

A field turns an incoming primitive (from JSON or a form) into a native value, or explains in a
``ValidationError`` why it cannot (``to_internal_value``), and turns a native value back into a
primitive for output (``to_representation``). Messages, codes and edge cases match Django REST
framework 3.18 so error bodies do not change after the switch.

Fields are declared on serializer classes and deep-copied for every serializer instance, and
validation runs on most error responses, so both paths are kept cheap: error messages are merged
once per class, patterns are compiled once, and copying a field does not re-run ``__init__``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import decimal
import functools
import inspect
import json
import math
import re
import sys
import uuid
import warnings
import weakref
from collections.abc import Iterator, Mapping
from enum import Enum
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import (
    EmailValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
    RegexValidator,
    URLValidator,
    ip_address_validators,
)
from django.forms import FilePathField as DjangoFilePathField
from django.forms import ImageField as DjangoImageField
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_duration, parse_time
from django.utils.duration import duration_iso_string, duration_string
from django.utils.encoding import is_protected_type, smart_str
from django.utils.formats import localize_input, sanitize_separators
from django.utils.functional import Promise
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext_lazy as _

from restframe.exceptions import ErrorDetail, ValidationError
from restframe.settings import api_settings
from restframe.utils import html, humanize_datetime, representation
from restframe.utils import timezone as tz_utils
from restframe.utils.encoders import iso_datetime
from restframe.utils.json import strict_constant
from restframe.utils.local_cache import MISSING, LocalValue
from restframe.utils.translation import UNKNOWN, active_translation
from restframe.validators import ProhibitSurrogateCharactersValidator

__all__ = [
    "ISO_8601",
    "MISSING_ERROR_MESSAGE",
    "NOT_READ_ONLY_REQUIRED",
    "NOT_READ_ONLY_WRITE_ONLY",
    "NOT_REQUIRED_DEFAULT",
    "REGEX_TYPE",
    "USE_READONLYFIELD",
    "BigIntegerField",
    "BooleanField",
    "BuiltinSignatureError",
    "CharField",
    "ChoiceField",
    "CreateOnlyDefault",
    "CurrentUserDefault",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DictField",
    "DurationField",
    "EmailField",
    "Field",
    "FileField",
    "FilePathField",
    "FloatField",
    "HStoreField",
    "HiddenField",
    "IPAddressField",
    "ImageField",
    "IntegerField",
    "JSONField",
    "ListField",
    "ModelField",
    "MultipleChoiceField",
    "ReadOnlyField",
    "RegexField",
    "SerializerMethodField",
    "SkipField",
    "SlugField",
    "TimeField",
    "URLField",
    "UUIDField",
    "empty",
    "flatten_choices_dict",
    "get_attribute",
    "get_error_detail",
    "is_simple_callable",
    "iter_options",
    "set_value",
    "to_choices_dict",
]

ISO_8601 = "iso-8601"
DJANGO_DURATION_FORMAT = "django"


class empty:
    """Marker for "no value given", which is not the same as ``None`` (a value).

    The class itself is the marker: compare with ``is empty``.
    """


class SkipField(Exception):
    """Raised while validating or serializing to leave this field out of the result."""


class BuiltinSignatureError(Exception):
    """A ``source`` resolved to a C builtin whose signature cannot be inspected."""


REGEX_TYPE = re.Pattern

NOT_READ_ONLY_WRITE_ONLY = "May not set both `read_only` and `write_only`"
NOT_READ_ONLY_REQUIRED = "May not set both `read_only` and `required`"
NOT_REQUIRED_DEFAULT = "May not set both `required` and `default`"
USE_READONLYFIELD = "Field(read_only=True) should be ReadOnlyField"
MISSING_ERROR_MESSAGE = (
    "ValidationError raised by `{class_name}`, but error key `{key}` does "
    "not exist in the `error_messages` dictionary."
)


class _MissingErrorMessage(ImproperlyConfigured, AssertionError):
    """``fail()`` with an unknown key: a configuration error, and the ``AssertionError`` DRF
    raises (so code that catches the latter keeps working)."""


# --- helpers ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2048)
def _takes_no_arguments(func: Any) -> bool:
    # ``inspect.signature`` is slow; the answer never changes for a given function object.
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(
        param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD) or param.default is not param.empty
        for param in parameters
    )


def is_simple_callable(obj: Any) -> bool:
    """Whether ``obj`` is a function, method or partial that can be called with no arguments.

    Builtins raise ``BuiltinSignatureError``: their signatures cannot be inspected reliably.
    """
    if not callable(obj):
        return False
    if isinstance(obj, BuiltinFunctionType) or inspect.isbuiltin(obj):
        raise BuiltinSignatureError(
            "Built-in function signatures are not inspectable. "
            "Wrap the function call in a simple, pure Python function."
        )
    if isinstance(obj, MethodType):
        # Bound methods are created per access; cache on the function and skip ``self``.
        func = obj.__func__
        if not isinstance(func, FunctionType):
            return _takes_no_arguments_uncached(obj)
        return _method_takes_no_arguments(func)
    if isinstance(obj, (FunctionType, functools.partial)):
        try:
            return _takes_no_arguments(obj)
        except TypeError:  # an unhashable partial
            return _takes_no_arguments_uncached(obj)
    return False


def _takes_no_arguments_uncached(func: Any) -> bool:
    return bool(_takes_no_arguments.__wrapped__(func))


@functools.lru_cache(maxsize=2048)
def _method_takes_no_arguments(func: FunctionType) -> bool:
    try:
        parameters = list(inspect.signature(func).parameters.values())[1:]
    except (TypeError, ValueError):
        return False
    return all(
        param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD) or param.default is not param.empty
        for param in parameters
    )


def get_attribute(instance: Any, attrs: list[str] | tuple[str, ...]) -> Any:
    """Follow ``attrs`` from ``instance``: keys of mappings, attributes of anything else.

    A missing related object (``ObjectDoesNotExist``) gives ``None``; no-argument callables met on
    the way are called.
    """
    for attr in attrs:
        try:
            if isinstance(instance, Mapping):
                instance = instance[attr]
            else:
                instance = getattr(instance, attr)
        except ObjectDoesNotExist:
            return None
        if is_simple_callable(instance):
            try:
                instance = instance()
            except (AttributeError, KeyError) as exc:
                # Re-raised as ValueError: an AttributeError here would be mistaken for a
                # missing attribute and silently skipped.
                raise ValueError(
                    f'Exception raised in callable attribute "{attr}"; '
                    f"original exception was: {exc}"
                )
    return instance


def set_value(dictionary: dict[str, Any], keys: list[str], value: Any) -> None:
    """Store ``value`` at the nested path ``keys``; an empty path merges ``value`` in."""
    if not keys:
        dictionary.update(value)
        return
    for key in keys[:-1]:
        if key not in dictionary:
            dictionary[key] = {}
        dictionary = dictionary[key]
    dictionary[keys[-1]] = value


def to_choices_dict(choices: Any) -> dict[Any, Any]:
    """Normalise ``choices`` (plain, ``(key, label)`` pairs, or named groups) to a dict.

    Groups become nested dicts: ``[("Group", [(1, "One")])]`` -> ``{"Group": {1: "One"}}``.
    """
    result: dict[Any, Any] = {}
    for choice in choices:
        if not isinstance(choice, (list, tuple)):
            result[choice] = choice
            continue
        key, label = choice
        if isinstance(label, (list, tuple)):
            result[key] = to_choices_dict(label)
        else:
            result[key] = label
    return result


def flatten_choices_dict(choices: dict[Any, Any]) -> dict[Any, Any]:
    """Drop the group level of a ``to_choices_dict`` result: ``{key: label}`` only."""
    result: dict[Any, Any] = {}
    for key, label in choices.items():
        if isinstance(label, dict):
            result.update(label)
        else:
            result[key] = label
    return result


class _StartOptionGroup:
    start_option_group = True
    end_option_group = False

    def __init__(self, label: Any) -> None:
        self.label = label


class _EndOptionGroup:
    start_option_group = False
    end_option_group = True


class _Option:
    start_option_group = False
    end_option_group = False

    def __init__(self, value: Any, display_text: Any, disabled: bool = False) -> None:
        self.value = value
        self.display_text = display_text
        self.disabled = disabled


def iter_options(
    grouped_choices: dict[Any, Any], cutoff: int | None = None, cutoff_text: Any = None
) -> Iterator[Any]:
    """Options and option-group markers for a ``<select>``, stopping after ``cutoff`` options."""
    count = 0
    for key, label in grouped_choices.items():
        if cutoff and count >= cutoff:
            break
        if isinstance(label, dict):
            yield _StartOptionGroup(label=key)
            for sub_key, sub_label in label.items():
                if cutoff and count >= cutoff:
                    break
                yield _Option(value=sub_key, display_text=sub_label)
                count += 1
            yield _EndOptionGroup()
        else:
            yield _Option(value=key, display_text=label)
            count += 1
    if cutoff and count >= cutoff and cutoff_text:
        yield _Option(
            value="n/a", display_text=str(cutoff_text).format(count=cutoff), disabled=True
        )


# --- the active language and time zone -------------------------------------------------------

# Validation reads the active time zone (``DateTimeField``) and the translation of each lazy
# error message. Both live in ``asgiref`` Locals, whose reads cost microseconds; the readers below
# answer from a cache for as long as the Local's storage in the current context is unchanged
# (see ``utils.local_cache``), so every read still follows ``activate``/``override`` at once.
_ACTIVE_TIMEZONE = LocalValue(timezone, "_active", "value")


# ``LazySettings`` keeps each setting it has read in its own ``__dict__`` and empties it whenever
# settings change (``override_settings``, assignment), so a value found there is the live one;
# reading it directly skips the proxy's Python-level ``__getattribute__``.
_SETTINGS_READ: dict[str, Any] = vars(settings)


def _use_tz() -> bool:
    """``settings.USE_TZ``, cheaply."""
    use_tz = _SETTINGS_READ.get("USE_TZ", MISSING)
    return bool(settings.USE_TZ if use_tz is MISSING else use_tz)


def _current_timezone() -> Any:
    """``timezone.get_current_timezone()``, cheaply."""
    zone = _ACTIVE_TIMEZONE.get()
    return timezone.get_default_timezone() if zone is MISSING else zone


# Every ``gettext_lazy`` message is an instance of this one class (the probe is a variable so
# that ``makemessages`` does not extract it). Other lazy objects are left alone:
# ``ngettext_lazy`` with a named number, for one, only becomes text through ``%``.
_PROBE = "probe"
_GETTEXT_LAZY = type(_(_PROBE))


def _resolve_text(message: Any) -> Any:
    """A ``gettext_lazy`` message (or a ``_LazyFormat``) as text in the active language.

    Anything else is returned as is. ``text % params`` equals ``message % params`` for these two
    kinds.
    """
    kind = type(message)
    if kind is _GETTEXT_LAZY:
        return _translated(message)
    if kind is _LazyFormat:
        return str(message)
    return message


_TRANSLATED_LIMIT = 4096  # messages are module constants; the cap only bounds odd growth
# id(translation object) -> (that object, {id(message): (message, text)}). Django's translation
# objects are built once per language and replaced (a new object) when catalogs are reloaded,
# so a text found for one object stays right for as long as that object is the active one. The
# tables hold each message next to its text, so a message's ``id`` cannot be reused meanwhile.
_translation_tables: dict[int, tuple[Any, dict[int, tuple[Any, str]]]] = {}


def _translation_table() -> dict[int, tuple[Any, str]] | None:
    """The text table of the translation ``gettext`` uses now; ``None`` when that is unknown
    (translation off, or not set up yet), where every message is resolved by Django."""
    translation = active_translation("gettext")
    if translation is UNKNOWN:
        return None
    if not translation:
        translation = sys.modules["django.utils.translation.trans_real"]._default
        if translation is None:
            return None
    entry = _translation_tables.get(id(translation))
    if entry is None or entry[0] is not translation:
        if len(_translation_tables) >= 64:
            _translation_tables.clear()
        entry = _translation_tables[id(translation)] = (translation, {})
    return entry[1]


def _translated(message: Any) -> str:
    """A ``gettext_lazy`` message's text, kept per translation object."""
    table = _translation_table()
    if table is None:
        return str(message)
    entry = table.get(id(message))
    if entry is not None and entry[0] is message:
        return entry[1]
    text = str(message)
    if len(table) >= _TRANSLATED_LIMIT:
        table.clear()
    table[id(message)] = (message, text)
    return text


def _field_error(text: str, code: str) -> ValidationError:
    """``ValidationError(text, code=code)`` without re-normalising a detail known to be text."""
    exc = ValidationError.__new__(ValidationError, text)
    exc.detail = [ErrorDetail(text, code=code)]
    return exc


def _django_error_details(errors: Any, code: str) -> list[ErrorDetail]:
    details = []
    for error in errors:
        message = _resolve_text(error.message)
        if error.params:
            message = message % error.params
        details.append(ErrorDetail(message, code=error.code or code))
    return details


def _release(exc: BaseException) -> None:
    """Drop a handled exception's traceback.

    A Django ``ValidationError`` with one message lists itself in ``error_list``: a reference
    cycle that only the garbage collector frees. Through its traceback it would keep every
    frame up to the caller alive with it (the serializer, the input, the other errors), so a
    failing validation would leave a few dozen objects for the collector instead of three.
    """
    exc.__traceback__ = None


def get_error_detail(exc_info: DjangoValidationError) -> Any:
    """Django ``ValidationError`` -> ``ErrorDetail`` list (or dict of lists for ``error_dict``).

    Messages are ``%``-formatted with their ``params``; each keeps its own code, falling back to
    the exception's code and then to ``"invalid"``.
    """
    code = getattr(exc_info, "code", None) or "invalid"
    error_dict = getattr(exc_info, "error_dict", None)
    if error_dict is None:
        return _django_error_details(exc_info.error_list, code)
    return {key: _django_error_details(errors, code) for key, errors in error_dict.items()}


def _lazy_message(message: Any, **kwargs: Any) -> Any:
    """A lazily formatted message, typed loosely so Django validators accept it."""
    return _LazyFormat(message, **kwargs)


class _LazyFormat:
    """``message.format(**kwargs)`` evaluated when shown, so it follows the active language.

    Django validators receive it as their message and apply ``%`` to it.
    """

    __slots__ = ("kwargs", "message")

    def __init__(self, message: Any, **kwargs: Any) -> None:
        self.message = message
        self.kwargs = kwargs

    def __str__(self) -> str:
        return str(_resolve_text(self.message)).format(**self.kwargs)

    def __mod__(self, params: Any) -> str:
        return str(self) % params

    def __repr__(self) -> str:
        return repr(str(self))


def _text(value: Any) -> str | None:
    """``str(value)``, or ``None`` when it cannot be written out.

    Integers with more digits than Python converts raise ``ValueError``, and deeply nested
    containers ``RecursionError``; both come from hostile input and must not become a 500.
    """
    try:
        return str(value)
    except (ValueError, RecursionError):
        return None


def _input_text(value: Any) -> Any:
    """``value`` for an error message, or a short description when it cannot be written out."""
    if isinstance(value, (int, list, dict, tuple)) and _text(value) is None:
        if isinstance(value, int):
            return f"<integer of {value.bit_length()} bits>"
        return f"<deeply nested {type(value).__name__}>"
    return value


# --- a fast acceptance path for Django's EmailValidator --------------------------------------

# What an ``EmailValidator`` instance may set on itself and still be the stock validator
# (``_constructor_args`` is recorded by ``@deconstructible``).
_EMAIL_VALIDATOR_SETTINGS = frozenset({"message", "code", "domain_allowlist", "_constructor_args"})


@functools.cache
def _email_matchers() -> tuple[Any, Any]:
    """The ``match`` of Django's own compiled user and domain patterns, unwrapped once.

    Django compiles them lazily and reaches them through a lazy proxy on every call, which costs
    more than the matching; taking the bound methods compiles nothing twice. Done on first use,
    not at import: the domain pattern takes milliseconds to compile.
    """
    return EmailValidator.user_regex.match, EmailValidator.domain_regex.match


def _email_accepted(validator: EmailValidator, value: Any) -> bool:
    """True when Django's stock ``EmailValidator`` certainly accepts ``value``.

    The checks are Django's own accepting path (length, ``@``, user pattern, allow list, domain
    pattern) without the lazy-proxy overhead. False means "not sure": IP-literal domains,
    invalid addresses and customised validators (another class, or patterns or methods replaced
    on the instance) all go through the validator itself, so its messages and codes stay Django's.
    """
    if not isinstance(value, str) or "@" not in value or len(value) > 320:
        return False
    if not _EMAIL_VALIDATOR_SETTINGS.issuperset(vars(validator)):
        return False
    user_part, domain_part = value.rsplit("@", 1)
    user_match, domain_match = _email_matchers()
    if user_match(user_part) is None:
        return False
    return domain_part in validator.domain_allowlist or domain_match(domain_part) is not None


def _email_rejected(validator: EmailValidator, value: str) -> bool:
    """True when Django's stock ``EmailValidator`` certainly rejects the text ``value``: its
    first two checks (length and ``@``, then the user part), nothing customised on it."""
    if not _EMAIL_VALIDATOR_SETTINGS.issuperset(vars(validator)):
        return False
    if not value or "@" not in value or len(value) > 320:
        return True
    return _email_matchers()[0](value.rsplit("@", 1)[0]) is None


def _email_error(validator: EmailValidator, value: str) -> ErrorDetail:
    """The error ``get_error_detail`` makes of the rejection ``validator`` raises for ``value``
    (its message, ``%``-formatted with the value, and its code)."""
    return ErrorDetail(
        _resolve_text(validator.message) % {"value": value}, validator.code or "invalid"
    )


def _plain_limit(validator: Any) -> int | None:
    """The integer limit of one of Django's stock limit validators, when nothing but the limit
    and message was set on it (so its check is the stock one); ``None`` means "run it"."""
    state = validator.__dict__
    limit = state.get("limit_value")
    if type(limit) is not int or not _LIMIT_VALIDATOR_STATE.issuperset(state):
        return None
    return limit


# What Django's stock limit validators keep on the instance (``_constructor_args`` is
# ``deconstructible``'s record of the arguments).
_LIMIT_VALIDATOR_STATE = frozenset({"limit_value", "message", "_constructor_args"})


_UNSET: Any = object()

# --- the Field base class --------------------------------------------------------------------

# Values that ``__deepcopy__`` may share between copies: immutable, or callables/classes.
_SHAREABLE = (
    type(None),
    bool,
    int,
    float,
    complex,
    str,
    bytes,
    decimal.Decimal,
    type,
    FunctionType,
    BuiltinFunctionType,
    MethodType,
    functools.partial,
    Promise,
    Enum,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    uuid.UUID,
    re.Pattern,
)

# Attributes ``__deepcopy__`` treats on their own (deep copies) or can share (never mutated).
_NOT_SHALLOW_COPIED = frozenset({"default", "initial", "default_empty_html", "_kwargs"})

_COPY_PLANS: weakref.WeakKeyDictionary[Any, tuple[int, tuple[str, ...]]] = (
    weakref.WeakKeyDictionary()
)


class Field:
    """Base of every serializer field (and of serializers themselves).

    Subclasses implement ``to_internal_value`` and ``to_representation`` and call
    ``self.fail(key)`` with a key of ``default_error_messages`` to report invalid input.
    """

    _creation_counter: int = 0

    default_error_messages: ClassVar[dict[str, Any]] = {
        "required": _("This field is required."),
        "null": _("This field may not be null."),
    }
    default_validators: ClassVar[list[Any]] = []
    default_empty_html: Any = empty
    initial: Any = None

    _args: tuple[Any, ...]
    _kwargs: dict[str, Any]
    field_name: str | None
    parent: Any
    source: str | None
    source_attrs: list[str]

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # The declaration arguments are kept for ``repr`` and for subclasses that rebuild.
        instance = super().__new__(cls)
        instance._args = args
        instance._kwargs = kwargs
        return instance

    def __init__(
        self,
        *,
        read_only: bool = False,
        write_only: bool = False,
        required: bool | None = None,
        default: Any = empty,
        initial: Any = empty,
        source: str | None = None,
        label: str | Promise | None = None,
        help_text: str | Promise | None = None,
        style: dict[str, Any] | None = None,
        error_messages: dict[str, Any] | None = None,
        validators: Any = None,
        allow_null: bool = False,
    ) -> None:
        self._creation_counter = Field._creation_counter
        Field._creation_counter += 1

        if required is None:
            required = default is empty and not read_only
        # Contradictory declarations are programming errors, reported as DRF does (an
        # AssertionError) but raised explicitly so ``python -O`` cannot drop the check.
        if read_only and write_only:
            raise AssertionError(NOT_READ_ONLY_WRITE_ONLY)
        if read_only and required:
            raise AssertionError(NOT_READ_ONLY_REQUIRED)
        if required and default is not empty:
            raise AssertionError(NOT_REQUIRED_DEFAULT)
        if read_only and type(self) is Field:
            raise AssertionError(USE_READONLYFIELD)

        self.read_only = read_only
        self.write_only = write_only
        self.required = required
        self.default = default
        self.source = source
        if initial is not empty:
            self.initial = initial
        self.label = label
        self.help_text = help_text
        self.style = {} if style is None else style
        self.allow_null = allow_null

        if self.default_empty_html is not empty and default is not empty:
            self.default_empty_html = default

        if validators is not None:
            self.validators = list(validators)

        self.field_name = None
        self.parent = None

        messages = _class_error_messages(type(self))
        self.error_messages = {**messages, **error_messages} if error_messages else dict(messages)

    def _init_without_arguments(self) -> None:
        """What ``Field.__init__(self)`` does, as one dict update: serializers are built per
        request, and nearly always without any of these arguments."""
        state = self.__dict__
        state.update(_NO_ARGUMENT_STATE)
        state["_creation_counter"] = Field._creation_counter
        Field._creation_counter += 1
        state["style"] = {}
        state["error_messages"] = dict(_class_error_messages(type(self)))

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> Any:
        # ``CharField[str]`` in annotations: fields are not really generic.
        return cls

    # --- binding ---

    def bind(self, field_name: str, parent: Any) -> None:
        """Attach the field to its serializer under ``field_name``; fills in label and source."""
        if self.source == field_name:
            raise AssertionError(
                f"It is redundant to specify `source='{field_name}'` on field "
                f"'{type(self).__name__}' in serializer '{type(parent).__name__}', because it "
                "is the same as the field name. Remove the `source` keyword argument."
            )
        if "_unbound_state" not in self.__dict__:
            self._unbound_state = self._state_before_binding()
        self.field_name = field_name
        self.parent = parent
        if self.label is None:
            self.label = field_name.replace("_", " ").capitalize()
        if self.source is None:
            self.source = field_name
        self.source_attrs = [] if self.source == "*" else self.source.split(".")

    def _state_before_binding(self) -> dict[str, Any]:
        # What ``bind`` changes, so a copy of a bound field can start unbound again.
        return {"label": self.label, "source": self.source}

    @property
    def root(self) -> Any:
        """The outermost serializer this field belongs to (the field itself when unbound)."""
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    @property
    def context(self) -> dict[str, Any]:
        """The ``context`` given to the root serializer (``{}`` when there is none)."""
        return getattr(self.root, "_context", {})

    # --- validators ---

    @property
    def validators(self) -> list[Any]:
        # Not try/except: a serializer reads this once per instance, mostly on a miss.
        validators = self.__dict__.get("_validators", _UNSET)
        if validators is _UNSET:
            validators = self._validators = self.get_validators()
        return validators

    @validators.setter
    def validators(self, validators: list[Any]) -> None:
        self._validators = validators

    def get_validators(self) -> list[Any]:
        """The validators a field starts with when none are passed; subclasses extend it."""
        return list(self.default_validators)

    # --- input ---

    def get_initial(self) -> Any:
        """The value an empty form shows for this field."""
        if callable(self.initial):
            return self.initial()
        return self.initial

    def get_value(self, dictionary: Any) -> Any:
        """This field's raw input from the parsed body, or ``empty`` when it was not sent.

        Form data needs care: an unticked checkbox sends nothing and a blank input sends ``''``.
        """
        if html.is_html_input(dictionary):
            if self.field_name not in dictionary:
                if getattr(self.root, "partial", False):
                    return empty
                return self.default_empty_html
            value = dictionary[self.field_name]
            if value == "":
                if self.allow_null:
                    return "" if getattr(self, "allow_blank", False) else None
                if not self.required:
                    return "" if getattr(self, "allow_blank", False) else empty
            return value
        return dictionary.get(self.field_name, empty)

    def get_default(self) -> Any:
        """The value used when no input was given; ``SkipField`` when there is none to use.

        Partial updates never apply defaults. Callable defaults are called, with the field as
        argument when they declare ``requires_context = True``.
        """
        default = self.default
        if default is empty or getattr(self.root, "partial", False):
            raise SkipField()
        if callable(default):
            if getattr(default, "requires_context", False):
                return default(self)
            return default()
        return default

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        """Handle missing and null input before type-specific validation.

        Returns ``(True, value)`` when ``value`` is final, ``(False, data)`` when ``data`` still
        needs validating; raises ``ValidationError`` (required/null) or ``SkipField``.
        """
        if self.read_only:
            return (True, self.get_default())
        if data is empty:
            if getattr(self.root, "partial", False):
                raise SkipField()
            if self.required:
                self.fail("required")
            return (True, self.get_default())
        if data is None:
            if not self.allow_null:
                self.fail("null")
            # ``source='*'`` receives the whole object, which is not null even if this key is.
            if self.source == "*":
                return (False, None)
            return (True, None)
        return (False, data)

    def run_validation(self, data: Any = empty) -> Any:
        """Validate one input value and return its native form (may raise ``SkipField``)."""
        is_empty_value, data = self.validate_empty_values(data)
        if is_empty_value:
            return data
        value = self.to_internal_value(data)
        self.run_validators(value)
        return value

    def run_validators(self, value: Any) -> None:
        """Run every validator, collecting all their messages into one ``ValidationError``.

        A validator raising a dict-shaped error (field -> messages) stops the run at once.
        """
        errors = self._validator_errors(value)
        if errors:
            raise ValidationError(errors)

    def _validator_errors(self, value: Any) -> list[Any] | None:
        """``run_validators`` returning the (already normalised) messages instead of raising
        them, for the compiled validation (``restframe.validation_plan``)."""
        validators = self.validators
        if not validators:
            return None
        errors: list[Any] = []
        value_type = type(value)
        for validator in validators:
            kind = type(validator)
            # Stock validators that certainly accept the value are skipped (their own check,
            # done inline); anything they might reject goes through them for Django's error.
            if value_type is str:
                if kind is ProhibitNullCharactersValidator:
                    if "\x00" not in value:
                        continue
                elif kind is ProhibitSurrogateCharactersValidator:
                    if value.isascii():
                        continue
                elif kind is MaxLengthValidator:
                    limit = _plain_limit(validator)
                    if limit is not None and len(value) <= limit:
                        continue
                elif kind is MinLengthValidator:
                    limit = _plain_limit(validator)
                    if limit is not None and len(value) >= limit:
                        continue
                elif kind is EmailValidator:
                    if _email_accepted(validator, value):
                        continue
                    if _email_rejected(validator, value):
                        errors.append(_email_error(validator, value))
                        continue
            elif value_type is int:
                if kind is MinValueValidator:
                    limit = _plain_limit(validator)
                    if limit is not None and value >= limit:
                        continue
                elif kind is MaxValueValidator:
                    limit = _plain_limit(validator)
                    if limit is not None and value <= limit:
                        continue
            try:
                if getattr(validator, "requires_context", False):
                    validator(value, self)
                else:
                    validator(value)
            except ValidationError as exc:
                if isinstance(exc.detail, dict):
                    raise
                errors.extend(exc.detail)
            except DjangoValidationError as exc:
                errors.extend(get_error_detail(exc))
                _release(exc)
        return errors

    def to_internal_value(self, data: Any) -> Any:
        """Primitive input -> native value; subclasses must implement it."""
        raise NotImplementedError(
            f"{type(self).__name__}.to_internal_value() must be implemented for field "
            f"{self.field_name}. If you do not need to support write operations you probably "
            "want to subclass `ReadOnlyField` instead."
        )

    # --- output ---

    def get_attribute(self, instance: Any) -> Any:
        """The value this field serializes, read from ``instance`` along ``source``."""
        try:
            return get_attribute(instance, self.source_attrs)
        except BuiltinSignatureError as exc:
            raise type(exc)(
                f"Field source for `{type(self.parent).__name__}.{self.field_name}` maps to a "
                "built-in function type and is invalid. Define a property or method on the "
                f"`{type(instance).__name__}` instance that wraps the call to the built-in "
                "function."
            )
        except (KeyError, AttributeError) as exc:
            return self._missing_attribute(instance, exc)

    def _missing_attribute(self, instance: Any, exc: KeyError | AttributeError) -> Any:
        """``get_attribute`` when ``source`` is missing on ``instance`` (called while ``exc``
        is being handled): the default, ``None``, ``SkipField``, or an error naming the field."""
        if self.default is not empty:
            return self.get_default()
        if self.allow_null:
            return None
        if not self.required:
            raise SkipField()
        raise type(exc)(
            f"Got {type(exc).__name__} when attempting to get a value for field "
            f"`{self.field_name}` on serializer `{type(self.parent).__name__}`.\n"
            "The serializer field might be named incorrectly and not match any attribute or "
            f"key on the `{type(instance).__name__}` instance.\n"
            f"Original exception text was: {exc}."
        )

    def to_representation(self, value: Any) -> Any:
        """Native value -> primitive output; subclasses must implement it."""
        raise NotImplementedError(
            f"{type(self).__name__}.to_representation() must be implemented for field "
            f"{self.field_name}."
        )

    # --- errors ---

    def fail(self, key: str, **kwargs: Any) -> NoReturn:
        """Raise the ``ValidationError`` for ``key`` (its message formatted with ``kwargs``).

        The key becomes the error's code. An unknown key is a programming error.
        """
        try:
            message = self.error_messages[key]
        except KeyError:
            raise _MissingErrorMessage(
                MISSING_ERROR_MESSAGE.format(class_name=type(self).__name__, key=key)
            ) from None
        raise _field_error(str(_resolve_text(message)).format(**kwargs), key)

    # --- copying and display ---

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        """A fresh, unbound copy (fields are declared once and copied per serializer).

        Fields whose ``__init__`` is restframe's own are copied attribute by attribute: mutable
        containers get new copies, declared defaults are deep-copied, and nothing is re-derived.
        Other subclasses are rebuilt from their declaration arguments, as DRF does, because
        their ``__init__`` may keep state we cannot see.
        """
        cls = type(self)
        if not _copies_by_state(cls):
            return self._rebuild(memo)
        state = self.__dict__.copy()
        unbound = state.pop("_unbound_state", None)
        if unbound is not None:
            state.update(unbound)
            state.pop("source_attrs", None)
        state["field_name"] = None
        state["parent"] = None
        default = state.get("default", empty)
        if default is not empty and not isinstance(default, _SHAREABLE):
            new_default = copy.deepcopy(default, memo)
            if state.get("default_empty_html", empty) is default:
                state["default_empty_html"] = new_default
            state["default"] = new_default
        if "initial" in self._kwargs:
            initial = state.get("initial")
            if not isinstance(initial, _SHAREABLE):
                state["initial"] = copy.deepcopy(initial, memo)
        for name in self._mutable_attribute_names(state):
            state[name] = state[name].copy()
        new = object.__new__(cls)
        new.__dict__ = state
        new._copy_children(memo)
        return new

    def _mutable_attribute_names(self, state: dict[str, Any]) -> tuple[str, ...]:
        # Which attributes hold dicts/lists to copy; remembered per template field and
        # recomputed when its set of attributes changes (e.g. validators built lazily).
        try:
            plan = _COPY_PLANS.get(self)
        except TypeError:  # a subclass made fields unhashable
            plan = None
        if plan is not None and plan[0] == len(self.__dict__):
            return plan[1]
        names = tuple(
            name
            for name, value in state.items()
            if type(value) in (dict, list) and name not in _NOT_SHALLOW_COPIED
        )
        with contextlib.suppress(TypeError):
            _COPY_PLANS[self] = (len(self.__dict__), names)
        return names

    def _copy_children(self, memo: dict[int, Any]) -> None:
        """Hook for fields that own other fields (``child``): copy and re-bind them."""

    def _rebuild(self, memo: dict[int, Any]) -> Any:
        args = [
            item if isinstance(item, REGEX_TYPE) else copy.deepcopy(item, memo)
            for item in self._args
        ]
        kwargs = {
            key: value if key in ("validators", "regex") else copy.deepcopy(value, memo)
            for key, value in self._kwargs.items()
        }
        return type(self)(*args, **kwargs)

    def __repr__(self) -> str:
        return representation.field_repr(self)


# The attributes ``Field.__init__`` sets when given no arguments, in its order (the three
# placeholders are set per instance by ``_init_without_arguments``).
_NO_ARGUMENT_STATE: dict[str, Any] = {
    "_creation_counter": 0,
    "read_only": False,
    "write_only": False,
    "required": True,
    "default": empty,
    "source": None,
    "label": None,
    "help_text": None,
    "style": None,
    "allow_null": False,
    "field_name": None,
    "parent": None,
    "error_messages": None,
}

# Per-class results are cached in the class's own ``__dict__`` (not inherited, and freed with
# the class, so serializer classes built at run time do not pile up in a global cache).
_MESSAGES_ATTR = "_restframe_merged_error_messages"
_COPY_ATTR = "_restframe_copies_by_state"


def _class_error_messages(cls: type) -> dict[str, Any]:
    """``default_error_messages`` merged along the MRO, base classes first (once per class)."""
    try:
        return cls.__dict__[_MESSAGES_ATTR]
    except KeyError:
        pass
    merged: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        merged.update(getattr(klass, "default_error_messages", {}))
    setattr(cls, _MESSAGES_ATTR, merged)
    return merged


_STATE_HOOKS = ("__init__", "__new__", "__deepcopy__", "bind")


def _copies_by_state(cls: type) -> bool:
    """Whether ``cls`` builds all its state in restframe's own methods (see ``__deepcopy__``)."""
    try:
        return cls.__dict__[_COPY_ATTR]
    except KeyError:
        pass
    answer = all(
        klass.__module__ == __name__
        for klass in cls.__mro__
        if klass is not object and any(hook in klass.__dict__ for hook in _STATE_HOOKS)
    )
    setattr(cls, _COPY_ATTR, answer)
    return answer


# --- boolean and string fields ---------------------------------------------------------------


class BooleanField(Field):
    """``true``/``false`` and the spellings forms and query strings use (``"on"``, ``"1"``, ...)."""

    default_error_messages = {"invalid": _("Must be a valid boolean.")}
    default_empty_html: Any = False
    initial: Any = False
    TRUE_VALUES: ClassVar[set[Any]] = {"t", "y", "yes", "true", "on", "1", 1}  # 1 == True
    FALSE_VALUES: ClassVar[set[Any]] = {"f", "n", "no", "false", "off", "0", 0}  # 0 == 0.0 == False
    NULL_VALUES: ClassVar[set[Any]] = {"null", "", None}

    def __init__(self, **kwargs: Any) -> None:
        if kwargs.get("allow_null", False):
            # An unticked nullable checkbox means "unknown", not "false".
            self.default_empty_html = None
            self.initial = None
        super().__init__(**kwargs)

    def _classify(self, value: Any) -> bool | type[empty] | None:
        if isinstance(value, str):
            value = value.lower()
        try:
            if value in self.TRUE_VALUES:
                return True
            if value in self.FALSE_VALUES:
                return False
            if value in self.NULL_VALUES and self.allow_null:
                return None
        except TypeError:  # unhashable input (a list or dict)
            pass
        return empty

    def to_internal_value(self, data: Any) -> Any:
        result = self._classify(data)
        if result is empty:
            self.fail("invalid", input=data)
        return result

    def to_representation(self, value: Any) -> Any:
        result = self._classify(value)
        return bool(value) if result is empty else result


_NEVER_BLANK = (int, float, list, dict, tuple, type(None), type)


class CharField(Field):
    """Text. Numbers are accepted and turned into text; blank and null are opt-in."""

    default_error_messages = {
        "invalid": _("Not a valid string."),
        "blank": _("This field may not be blank."),
        "max_length": _("Ensure this field has no more than {max_length} characters."),
        "min_length": _("Ensure this field has at least {min_length} characters."),
    }
    initial: Any = ""

    def __init__(self, **kwargs: Any) -> None:
        self.allow_blank = kwargs.pop("allow_blank", False)
        self.trim_whitespace = kwargs.pop("trim_whitespace", True)
        self.max_length = kwargs.pop("max_length", None)
        self.min_length = kwargs.pop("min_length", None)
        super().__init__(**kwargs)
        validators = self.validators
        if self.max_length is not None:
            message = _lazy_message(self.error_messages["max_length"], max_length=self.max_length)
            validators.append(MaxLengthValidator(self.max_length, message=message))
        if self.min_length is not None:
            message = _lazy_message(self.error_messages["min_length"], min_length=self.min_length)
            validators.append(MinLengthValidator(self.min_length, message=message))
        validators.append(ProhibitNullCharactersValidator())
        validators.append(ProhibitSurrogateCharactersValidator())

    def run_validation(self, data: Any = empty) -> Any:
        # Blank is checked before anything else, so '' is "blank" even when null is allowed.
        if isinstance(data, str):
            blank = data == "" or (self.trim_whitespace and data.isspace())
        elif self.trim_whitespace and not isinstance(data, _NEVER_BLANK):
            blank = str(data).strip() == ""
        else:
            # Numbers, containers, None and booleans never read as blank; not converting them
            # to text spares huge integers and deeply nested input.
            blank = False
        if blank:
            if not self.allow_blank:
                self.fail("blank")
            return ""
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, (str, int, float)):
            self.fail("invalid")
        if isinstance(data, str):
            value = data
        else:
            try:
                value = str(data)
            except ValueError:  # an integer with more digits than Python converts
                self.fail("invalid")
        return value.strip() if self.trim_whitespace else value

    def to_representation(self, value: Any) -> Any:
        return str(value)


class EmailField(CharField):
    default_error_messages = {"invalid": _("Enter a valid email address.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(EmailValidator(message=self.error_messages["invalid"]))


class RegexField(CharField):
    default_error_messages = {"invalid": _("This value does not match the required pattern.")}

    def __init__(self, regex: str | re.Pattern[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(regex, message=self.error_messages["invalid"]))


_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_UNICODE_SLUG = re.compile(r"^[-\w]+\Z", re.UNICODE)


class SlugField(CharField):
    default_error_messages = {
        "invalid": _(
            'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'
        ),
        "invalid_unicode": _(
            'Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'
        ),
    }

    def __init__(self, allow_unicode: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allow_unicode = allow_unicode
        if allow_unicode:
            validator = RegexValidator(
                _UNICODE_SLUG, message=self.error_messages["invalid_unicode"]
            )
        else:
            validator = RegexValidator(_SLUG, message=self.error_messages["invalid"])
        self.validators.append(validator)


class URLField(CharField):
    default_error_messages = {"invalid": _("Enter a valid URL.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(URLValidator(message=self.error_messages["invalid"]))


class UUIDField(Field):
    """A UUID from its hyphenated, hex, integer or URN form; output in ``format``."""

    valid_formats = ("hex_verbose", "hex", "int", "urn")
    default_error_messages = {"invalid": _("Must be a valid UUID.")}

    def __init__(self, **kwargs: Any) -> None:
        self.uuid_format = kwargs.pop("format", "hex_verbose")
        if self.uuid_format not in self.valid_formats:
            raise ValueError(
                'Invalid format for uuid representation. Must be one of "{}"'.format(
                    '", "'.join(self.valid_formats)
                )
            )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, uuid.UUID):
            return data
        try:
            if isinstance(data, int):
                return uuid.UUID(int=data)
            if isinstance(data, str):
                return uuid.UUID(hex=data)
        except ValueError:
            pass
        self.fail("invalid", value=_input_text(data))

    def to_representation(self, value: Any) -> Any:
        if self.uuid_format == "hex_verbose":
            return str(value)
        return getattr(value, self.uuid_format)


class IPAddressField(CharField):
    """An IPv4 and/or IPv6 address (``protocol``: ``"both"``, ``"IPv4"`` or ``"IPv6"``)."""

    default_error_messages = {"invalid": _("Enter a valid IPv4 or IPv6 address.")}

    def __init__(self, protocol: str = "both", **kwargs: Any) -> None:
        self.protocol = protocol.lower()
        self.unpack_ipv4 = self.protocol == "both"
        super().__init__(**kwargs)
        self.validators.extend(ip_address_validators(protocol, self.unpack_ipv4))

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid", value=_input_text(data))
        if ":" in data and self.protocol in ("both", "ipv6"):
            try:
                return clean_ipv6_address(data, self.unpack_ipv4)
            except DjangoValidationError:
                self.fail("invalid", value=data)
        return super().to_internal_value(data)


# --- numbers ---------------------------------------------------------------------------------

# Integers up to this many bits convert to text well within Python's digit limit (4300).
_SAFE_INT_BITS = 14000


class _BoundedNumberMixin:
    """Adds ``max_value``/``min_value`` validators with the field's own messages."""

    error_messages: dict[str, Any]
    validators: list[Any]
    max_value: Any
    min_value: Any

    def _add_bound_validators(self) -> None:
        if self.max_value is not None:
            message = _lazy_message(self.error_messages["max_value"], max_value=self.max_value)
            self.validators.append(MaxValueValidator(self.max_value, message=message))
        if self.min_value is not None:
            message = _lazy_message(self.error_messages["min_value"], min_value=self.min_value)
            self.validators.append(MinValueValidator(self.min_value, message=message))


class IntegerField(_BoundedNumberMixin, Field):
    """A whole number; ``"1.0"`` is accepted, ``"1.5"`` is not."""

    default_error_messages = {
        "invalid": _("A valid integer is required."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_string_length": _("String value too large."),
    }
    MAX_STRING_LENGTH = 1000  # longer strings are refused before any conversion work
    re_decimal = re.compile(r"\.0*\s*$")

    def __init__(self, **kwargs: Any) -> None:
        self.max_value = kwargs.pop("max_value", None)
        self.min_value = kwargs.pop("min_value", None)
        super().__init__(**kwargs)
        self._add_bound_validators()

    def to_internal_value(self, data: Any) -> Any:
        if type(data) is int and data.bit_length() <= _SAFE_INT_BITS:
            return data
        if isinstance(data, str):
            if len(data) > self.MAX_STRING_LENGTH:
                self.fail("max_string_length")
            text = data
        else:
            converted = _text(data)
            if converted is None:
                self.fail("invalid")
            text = converted
        try:
            return int(self.re_decimal.sub("", text))
        except (ValueError, TypeError):
            self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        return int(value)


class BigIntegerField(IntegerField):
    """An integer that may exceed JavaScript's safe range; optionally output as a string."""

    default_error_messages = {
        "invalid": _("A valid biginteger is required."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_string_length": _("String value too large."),
    }

    def __init__(self, coerce_to_string: bool | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if coerce_to_string is not None:
            self.coerce_to_string = coerce_to_string

    def to_representation(self, value: Any) -> Any:
        # An instance or class attribute (a subclass may set it) wins over the setting.
        coerce = getattr(self, "coerce_to_string", empty)
        if coerce is empty:
            coerce = getattr(api_settings, "COERCE_BIGINT_TO_STRING", False)
        if coerce:
            return "" if value is None else str(value)
        return super().to_representation(value)


class FloatField(_BoundedNumberMixin, Field):
    default_error_messages = {
        "invalid": _("A valid number is required."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_string_length": _("String value too large."),
        "overflow": _("Integer value too large to convert to float"),
    }
    MAX_STRING_LENGTH = 1000

    def __init__(self, **kwargs: Any) -> None:
        self.max_value = kwargs.pop("max_value", None)
        self.min_value = kwargs.pop("min_value", None)
        super().__init__(**kwargs)
        self._add_bound_validators()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and len(data) > self.MAX_STRING_LENGTH:
            self.fail("max_string_length")
        try:
            value = float(data)
        except (TypeError, ValueError):
            self.fail("invalid")
        except OverflowError:
            self.fail("overflow")
        if not math.isfinite(value):
            self.fail("invalid")
        return value

    def to_representation(self, value: Any) -> Any:
        return float(value)


_ROUNDINGS = [value for name, value in vars(decimal).items() if name.startswith("ROUND_")]


@functools.lru_cache(maxsize=64)
def _quantum(decimal_places: int) -> decimal.Decimal:
    return decimal.Decimal(".1") ** decimal_places


class DecimalField(_BoundedNumberMixin, Field):
    """A ``Decimal`` with at most ``max_digits`` digits, ``decimal_places`` of them decimals."""

    default_error_messages = {
        "invalid": _("A valid number is required."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "max_digits": _("Ensure that there are no more than {max_digits} digits in total."),
        "max_decimal_places": _(
            "Ensure that there are no more than {max_decimal_places} decimal places."
        ),
        "max_whole_digits": _(
            "Ensure that there are no more than {max_whole_digits} digits before the decimal point."
        ),
        "max_string_length": _("String value too large."),
    }
    MAX_STRING_LENGTH = 1000

    def __init__(
        self,
        max_digits: int | None,
        decimal_places: int | None,
        coerce_to_string: bool | None = None,
        max_value: Any = None,
        min_value: Any = None,
        localize: bool = False,
        rounding: str | None = None,
        normalize_output: bool = False,
        **kwargs: Any,
    ) -> None:
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        self.localize = localize
        self.normalize_output = normalize_output
        if coerce_to_string is not None:
            self.coerce_to_string = coerce_to_string
        if localize:
            self.coerce_to_string = True
        self.max_value = max_value
        self.min_value = min_value
        if max_value is not None and not isinstance(max_value, (int, decimal.Decimal)):
            warnings.warn("max_value should be an integer or Decimal instance.", stacklevel=2)
        if min_value is not None and not isinstance(min_value, (int, decimal.Decimal)):
            warnings.warn("min_value should be an integer or Decimal instance.", stacklevel=2)
        if max_digits is not None and decimal_places is not None:
            self.max_whole_digits: int | None = max_digits - decimal_places
        else:
            self.max_whole_digits = None
        super().__init__(**kwargs)
        self._add_bound_validators()
        if rounding is not None and rounding not in _ROUNDINGS:
            raise AssertionError(
                f"Invalid rounding option {rounding}. Valid values for rounding are: {_ROUNDINGS}"
            )
        self.rounding = rounding

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if self.allow_null and _decimal_text(data).strip() == "":
            return (True, None)
        return super().validate_empty_values(data)

    def to_internal_value(self, data: Any) -> Any:
        text = _decimal_text(data).strip()
        if self.localize:
            text = sanitize_separators(text)
        if len(text) > self.MAX_STRING_LENGTH:
            self.fail("max_string_length")
        try:
            value = decimal.Decimal(text)
        except decimal.DecimalException:
            self.fail("invalid")
        if not value.is_finite():
            self.fail("invalid")
        value = self.validate_precision(value)
        try:
            return self.quantize(value)
        except decimal.InvalidOperation:
            # Without ``max_digits`` a huge exponent cannot be quantized in the context.
            self.fail("invalid")

    def validate_precision(self, value: decimal.Decimal) -> decimal.Decimal:
        """Refuse more digits than ``max_digits``/``decimal_places`` allow (override to relax)."""
        _sign, digits, exponent = value.as_tuple()
        exponent = int(exponent)
        if exponent >= 0:
            total_digits = len(digits) + exponent
            whole_digits = total_digits
            decimal_places = 0
        elif len(digits) > -exponent:
            total_digits = len(digits)
            whole_digits = total_digits + exponent
            decimal_places = -exponent
        else:
            total_digits = -exponent
            whole_digits = 0
            decimal_places = total_digits
        if self.max_digits is not None and total_digits > self.max_digits:
            self.fail("max_digits", max_digits=self.max_digits)
        if self.decimal_places is not None and decimal_places > self.decimal_places:
            self.fail("max_decimal_places", max_decimal_places=self.decimal_places)
        if self.max_whole_digits is not None and whole_digits > self.max_whole_digits:
            self.fail("max_whole_digits", max_whole_digits=self.max_whole_digits)
        return value

    def to_representation(self, value: Any) -> Any:
        # An instance or class attribute (a subclass may set it) wins over the setting.
        coerce = getattr(self, "coerce_to_string", empty)
        if coerce is empty:
            coerce = api_settings.COERCE_DECIMAL_TO_STRING
        if value is None:
            return "" if coerce else None
        if not isinstance(value, decimal.Decimal):
            value = decimal.Decimal(str(value).strip())
        quantized = self.quantize(value)
        if self.normalize_output:
            quantized = quantized.normalize()
        if not coerce:
            return quantized
        if self.localize:
            return localize_input(quantized)
        return f"{quantized:f}"

    def quantize(self, value: decimal.Decimal) -> decimal.Decimal:
        """Round ``value`` to ``decimal_places`` (with ``rounding``), within ``max_digits``."""
        if self.decimal_places is None:
            return value
        context = decimal.getcontext().copy()
        if self.max_digits is not None:
            context.prec = self.max_digits
        return value.quantize(
            _quantum(self.decimal_places), rounding=self.rounding, context=context
        )


def _decimal_text(data: Any) -> str:
    try:
        return smart_str(data)
    except UnicodeDecodeError:
        return "invalid"  # undecodable bytes: not a number
    except (ValueError, RecursionError):
        # Too many digits or too deeply nested to write out: longer than any accepted string.
        return "9" * (DecimalField.MAX_STRING_LENGTH + 1)


# --- dates and times -------------------------------------------------------------------------


class DateTimeField(Field):
    """A ``datetime``: ISO 8601 or ``strptime`` input formats, aware or naive per settings."""

    default_error_messages = {
        "invalid": _("Datetime has wrong format. Use one of these formats instead: {format}."),
        "date": _("Expected a datetime but got a date."),
        "make_aware": _('Invalid datetime for the timezone "{timezone}".'),
        "overflow": _("Datetime value out of range."),
    }
    datetime_parser = datetime.datetime.strptime

    def __init__(
        self,
        format: Any = empty,
        input_formats: Any = None,
        default_timezone: Any = None,
        **kwargs: Any,
    ) -> None:
        if format is not empty:
            self.format = format
        if input_formats is not None:
            self.input_formats = input_formats
        if default_timezone is not None:
            self.timezone = default_timezone
        super().__init__(**kwargs)

    def enforce_timezone(self, value: datetime.datetime) -> datetime.datetime:
        """Aware in the field's zone when there is one (``USE_TZ``), naive UTC otherwise."""
        field_timezone = self.timezone if hasattr(self, "timezone") else self.default_timezone()
        if field_timezone is not None:
            try:
                if timezone.is_aware(value):
                    return value.astimezone(field_timezone)
                aware = timezone.make_aware(value, field_timezone)
                valid = tz_utils.valid_datetime(aware)
            except OverflowError:
                self.fail("overflow")
            if not valid:
                self.fail("make_aware", timezone=field_timezone)
            return aware
        if timezone.is_aware(value):
            try:
                return timezone.make_naive(value, datetime.UTC)
            except OverflowError:
                self.fail("overflow")
        return value

    def default_timezone(self) -> Any:
        return _current_timezone() if _use_tz() else None

    def to_internal_value(self, value: Any) -> Any:
        input_formats = getattr(self, "input_formats", None)
        if input_formats is None:
            input_formats = api_settings.DATETIME_INPUT_FORMATS
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            self.fail("date")
        if isinstance(value, datetime.datetime):
            return self.enforce_timezone(value)
        for input_format in input_formats:
            parsed = None
            if input_format.lower() == ISO_8601:
                try:
                    parsed = parse_datetime(value)
                except (ValueError, TypeError):
                    parsed = None
            if parsed is None:
                try:
                    parsed = self.datetime_parser(value, input_format)
                except (ValueError, TypeError):
                    continue
            return self.enforce_timezone(parsed)
        self.fail("invalid", format=humanize_datetime.datetime_formats(input_formats))

    def to_representation(self, value: Any) -> Any:
        if not value:
            return None
        output_format: Any = getattr(self, "format", empty)
        if output_format is empty:
            output_format = api_settings.DATETIME_FORMAT
        if output_format is None or isinstance(value, str):
            return value
        value = self.enforce_timezone(value)
        if output_format.lower() == ISO_8601:
            return iso_datetime(value)
        return value.strftime(output_format)


class DateField(Field):
    """A ``date``; a ``datetime`` is refused rather than silently truncated."""

    default_error_messages = {
        "invalid": _("Date has wrong format. Use one of these formats instead: {format}."),
        "datetime": _("Expected a date but got a datetime."),
    }
    datetime_parser = datetime.datetime.strptime

    def __init__(self, format: Any = empty, input_formats: Any = None, **kwargs: Any) -> None:
        if format is not empty:
            self.format = format
        if input_formats is not None:
            self.input_formats = input_formats
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> Any:
        input_formats = getattr(self, "input_formats", None)
        if input_formats is None:
            input_formats = api_settings.DATE_INPUT_FORMATS
        if isinstance(value, datetime.datetime):
            self.fail("datetime")
        if isinstance(value, datetime.date):
            return value
        for input_format in input_formats:
            if input_format.lower() == ISO_8601:
                try:
                    parsed = parse_date(value)
                except (ValueError, TypeError):
                    continue
                if parsed is not None:
                    return parsed
            else:
                try:
                    return self.datetime_parser(value, input_format).date()
                except (ValueError, TypeError):
                    continue
        self.fail("invalid", format=humanize_datetime.date_formats(input_formats))

    def to_representation(self, value: Any) -> Any:
        if not value:
            return None
        output_format: Any = getattr(self, "format", empty)
        if output_format is empty:
            output_format = api_settings.DATE_FORMAT
        if output_format is None or isinstance(value, str):
            return value
        if isinstance(value, datetime.datetime):
            raise AssertionError(
                "Expected a `date`, but got a `datetime`. Refusing to coerce, as this may mean "
                "losing timezone information. Use a custom read-only field and deal with "
                "timezone issues explicitly."
            )
        if output_format.lower() == ISO_8601:
            return value.isoformat()
        return value.strftime(output_format)


class TimeField(Field):
    default_error_messages = {
        "invalid": _("Time has wrong format. Use one of these formats instead: {format}."),
    }
    datetime_parser = datetime.datetime.strptime

    def __init__(self, format: Any = empty, input_formats: Any = None, **kwargs: Any) -> None:
        if format is not empty:
            self.format = format
        if input_formats is not None:
            self.input_formats = input_formats
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> Any:
        input_formats = getattr(self, "input_formats", None)
        if input_formats is None:
            input_formats = api_settings.TIME_INPUT_FORMATS
        if isinstance(value, datetime.time):
            return value
        for input_format in input_formats:
            if input_format.lower() == ISO_8601:
                try:
                    parsed = parse_time(value)
                except (ValueError, TypeError):
                    continue
                if parsed is not None:
                    return parsed
            else:
                try:
                    return self.datetime_parser(value, input_format).time()
                except (ValueError, TypeError):
                    continue
        self.fail("invalid", format=humanize_datetime.time_formats(input_formats))

    def to_representation(self, value: Any) -> Any:
        if value in (None, ""):
            return None
        output_format: Any = getattr(self, "format", empty)
        if output_format is empty:
            output_format = api_settings.TIME_FORMAT
        if output_format is None or isinstance(value, str):
            return value
        if isinstance(value, datetime.datetime):
            raise AssertionError(
                "Expected a `time`, but got a `datetime`. Refusing to coerce, as this may mean "
                "losing timezone information. Use a custom read-only field and deal with "
                "timezone issues explicitly."
            )
        if output_format.lower() == ISO_8601:
            return value.isoformat()
        return value.strftime(output_format)


def _check_duration_format(output_format: Any) -> None:
    if isinstance(output_format, str):
        if output_format.lower() in (ISO_8601, DJANGO_DURATION_FORMAT):
            return
        raise ValueError(
            f"Unknown duration format provided, got '{output_format}'"
            " while expecting 'django', 'iso-8601' or `None`."
        )
    if output_format is not None:
        raise TypeError(
            f"duration format must be either str or `None`, not {type(output_format).__name__}"
        )


class DurationField(_BoundedNumberMixin, Field):
    """A ``timedelta`` from Django's ``[DD] [HH:[MM:]]ss[.uuuuuu]`` or ISO 8601 text."""

    default_error_messages = {
        "invalid": _("Duration has wrong format. Use one of these formats instead: {format}."),
        "max_value": _("Ensure this value is less than or equal to {max_value}."),
        "min_value": _("Ensure this value is greater than or equal to {min_value}."),
        "overflow": _("The number of days must be between {min_days} and {max_days}."),
    }

    def __init__(self, *, format: Any = empty, **kwargs: Any) -> None:
        self.max_value = kwargs.pop("max_value", None)
        self.min_value = kwargs.pop("min_value", None)
        if format is not empty:
            _check_duration_format(format)
            self.format = format
        super().__init__(**kwargs)
        self._add_bound_validators()

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, datetime.timedelta):
            return value
        converted = _text(value)
        if converted is None:
            if isinstance(value, int):
                self._fail_overflow()
            self.fail("invalid", format="[DD] [HH:[MM:]]ss[.uuuuuu]")
        text = converted
        try:
            parsed = parse_duration(text)
        except OverflowError:
            self._fail_overflow()
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed
        self.fail("invalid", format="[DD] [HH:[MM:]]ss[.uuuuuu]")

    def _fail_overflow(self) -> NoReturn:
        self.fail(
            "overflow",
            min_days=datetime.timedelta.min.days,
            max_days=datetime.timedelta.max.days,
        )

    def to_representation(self, value: Any) -> Any:
        output_format: Any = getattr(self, "format", empty)
        if output_format is empty:
            output_format = api_settings.DURATION_FORMAT
        if output_format is None:
            return value
        _check_duration_format(output_format)
        if output_format.lower() == ISO_8601:
            return duration_iso_string(value)
        return duration_string(value)


# --- choices ---------------------------------------------------------------------------------


def _choice_key(value: Any) -> str:
    """The text a choice is matched by; an Enum member whose text differs uses its value."""
    if isinstance(value, Enum) and str(value) != str(value.value):
        value = value.value
    text = _text(value)
    # What cannot be written out cannot match a choice either.
    return "\x00unrepresentable" if text is None else text


class ChoiceField(Field):
    """One of ``choices`` (plain values, ``(value, label)`` pairs, or named groups of them)."""

    default_error_messages = {"invalid_choice": _('"{input}" is not a valid choice.')}
    html_cutoff: int | None = None
    html_cutoff_text: Any = _("More than {count} items...")

    def __init__(self, choices: Any, **kwargs: Any) -> None:
        self.choices = choices
        self.html_cutoff = kwargs.pop("html_cutoff", self.html_cutoff)
        self.html_cutoff_text = kwargs.pop("html_cutoff_text", self.html_cutoff_text)
        self.allow_blank = kwargs.pop("allow_blank", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[_choice_key(data)]
        except KeyError:
            if isinstance(data, Enum) and str(data) != str(data.value):
                data = data.value
            self.fail("invalid_choice", input=_input_text(data))

    def to_representation(self, value: Any) -> Any:
        if value in ("", None):
            return value
        key = _choice_key(value)
        if isinstance(value, Enum) and str(value) != str(value.value):
            value = value.value
        return self.choice_strings_to_values.get(key, value)

    def iter_options(self) -> Iterator[Any]:
        """Options for an HTML ``<select>``, cut off after ``html_cutoff`` entries."""
        return iter_options(
            self.grouped_choices, cutoff=self.html_cutoff, cutoff_text=self.html_cutoff_text
        )

    def _get_choices(self) -> dict[Any, Any]:
        return self._choices

    def _set_choices(self, choices: Any) -> None:
        self.grouped_choices = to_choices_dict(choices)
        self._choices = flatten_choices_dict(self.grouped_choices)
        # Input arrives as text (forms) or JSON scalars: match on the text of each choice.
        self.choice_strings_to_values = {_choice_key(key): key for key in self._choices}

    choices = property(_get_choices, _set_choices)


class MultipleChoiceField(ChoiceField):
    """A list of distinct ``choices`` (duplicates collapse, order is kept)."""

    default_error_messages = {
        "invalid_choice": _('"{input}" is not a valid choice.'),
        "not_a_list": _('Expected a list of items but got type "{input_type}".'),
        "empty": _("This selection may not be empty."),
    }
    default_empty_html: Any = []

    def __init__(self, **kwargs: Any) -> None:
        self.allow_empty = kwargs.pop("allow_empty", True)
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        if self.field_name not in dictionary and getattr(self.root, "partial", False):
            return empty
        if html.is_html_input(dictionary):
            return dictionary.getlist(self.field_name)
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        # The next class in the MRO validates each item (a mixin may sit in between).
        single = super().to_internal_value
        return list(dict.fromkeys(single(item) for item in data))

    def to_representation(self, value: Any) -> Any:
        lookup = self.choice_strings_to_values
        return list(dict.fromkeys(lookup.get(_choice_key(item), item) for item in value))


class FilePathField(ChoiceField):
    """One of the file names found under ``path`` (listed once, when the field is created)."""

    default_error_messages = {"invalid_choice": _('"{input}" is not a valid path choice.')}

    def __init__(
        self,
        path: str,
        match: str | None = None,
        recursive: bool = False,
        allow_files: bool = True,
        allow_folders: bool = False,
        required: bool | None = None,
        **kwargs: Any,
    ) -> None:
        listing = DjangoFilePathField(
            path,
            match=match,
            recursive=recursive,
            allow_files=allow_files,
            allow_folders=allow_folders,
            required=required,  # type: ignore[arg-type]
        )
        kwargs["choices"] = listing.choices
        kwargs["required"] = required
        super().__init__(**kwargs)


# --- files -----------------------------------------------------------------------------------


class FileField(Field):
    """An uploaded file; output is its URL (absolute when a request is in the context)."""

    default_error_messages = {
        "required": _("No file was submitted."),
        "invalid": _("The submitted data was not a file. Check the encoding type on the form."),
        "no_name": _("No filename could be determined."),
        "empty": _("The submitted file is empty."),
        "max_length": _(
            "Ensure this filename has at most {max_length} characters (it has {length})."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        self.max_length = kwargs.pop("max_length", None)
        self.allow_empty_file = kwargs.pop("allow_empty_file", False)
        if "use_url" in kwargs:
            self.use_url = kwargs.pop("use_url")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        try:
            file_name = data.name
            file_size = data.size
        except AttributeError:
            self.fail("invalid")
        if not file_name:
            self.fail("no_name")
        if not self.allow_empty_file and not file_size:
            self.fail("empty")
        if self.max_length and len(file_name) > self.max_length:
            self.fail("max_length", max_length=self.max_length, length=len(file_name))
        return data

    def to_representation(self, value: Any) -> Any:
        if not value:
            return None
        use_url = self.__dict__.get("use_url", empty)
        if use_url is empty:
            use_url = getattr(self, "use_url", api_settings.UPLOADED_FILES_USE_URL)
        if use_url:
            try:
                url = value.url
            except AttributeError:
                return None
            request = self.context.get("request", None)
            if request is not None:
                return request.build_absolute_uri(url)
            return url
        return value.name


class ImageField(FileField):
    """An uploaded file that Pillow can open as an image."""

    default_error_messages = {
        "invalid_image": _(
            "Upload a valid image. The file you uploaded was either not an image or a "
            "corrupted image."
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        self._DjangoImageField = kwargs.pop("_DjangoImageField", DjangoImageField)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        file_object = super().to_internal_value(data)
        django_field = self._DjangoImageField()
        django_field.error_messages = self.error_messages
        return django_field.clean(file_object)


# --- composite fields ------------------------------------------------------------------------


class _UnvalidatedField(Field):
    """The default ``child``: accepts and returns any value unchanged."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allow_blank = True
        self.allow_null = True

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> Any:
        return value


def _check_child(child: Any) -> None:
    if inspect.isclass(child):
        raise AssertionError("`child` has not been instantiated.")
    if child.source is not None:
        raise AssertionError(
            "The `source` argument is not meaningful when applied to a `child=` field. "
            "Remove `source=` from the field declaration."
        )


class _ChildMixin:
    """Copies and re-binds the ``child`` field when the parent field is copied."""

    child: Any

    def _copy_children(self, memo: dict[int, Any]) -> None:
        child = copy.deepcopy(self.child, memo)
        child.bind(field_name="", parent=self)
        self.child = child


class ListField(_ChildMixin, Field):
    """A list whose items are validated by ``child``; item errors are keyed by their index."""

    child: Any = _UnvalidatedField()
    initial: Any = []
    default_error_messages = {
        "not_a_list": _('Expected a list of items but got type "{input_type}".'),
        "empty": _("This list may not be empty."),
        "min_length": _("Ensure this field has at least {min_length} elements."),
        "max_length": _("Ensure this field has no more than {max_length} elements."),
    }

    def __init__(self, **kwargs: Any) -> None:
        self.child = kwargs.pop("child", None) or copy.deepcopy(type(self).child)
        self.allow_empty = kwargs.pop("allow_empty", True)
        self.max_length = kwargs.pop("max_length", None)
        self.min_length = kwargs.pop("min_length", None)
        _check_child(self.child)
        super().__init__(**kwargs)
        self.child.bind(field_name="", parent=self)
        if self.max_length is not None:
            message = _lazy_message(self.error_messages["max_length"], max_length=self.max_length)
            self.validators.append(MaxLengthValidator(self.max_length, message=message))
        if self.min_length is not None:
            message = _lazy_message(self.error_messages["min_length"], min_length=self.min_length)
            self.validators.append(MinLengthValidator(self.min_length, message=message))

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary):
            values = dictionary.getlist(self.field_name, [])
            if len(values) > 0:
                return values
            # ``field[0]=a`` style keys; in a partial update, no such key means "not sent".
            if getattr(self.root, "partial", False):
                prefix = f"{self.field_name}["
                if not any(key.startswith(prefix) for key in dictionary):
                    return empty
            return html.parse_html_list(dictionary, prefix=self.field_name or "", default=empty)
        if self.field_name not in dictionary and getattr(self.root, "partial", False):
            return empty
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        if html.is_html_input(data):
            data = html.parse_html_list(data, default=[])
        if isinstance(data, (str, Mapping)) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        return self.run_child_validation(data)

    def to_representation(self, data: Any) -> Any:
        child = self.child
        return [None if item is None else child.to_representation(item) for item in data]

    def run_child_validation(self, data: Any) -> list[Any]:
        """Validate every item; errors of failing items only, keyed by their index."""
        run = self.child.run_validation
        result = []
        errors: dict[int, Any] = {}
        for index, item in enumerate(data):
            try:
                result.append(run(item))
            except ValidationError as exc:
                errors[index] = exc.detail
            except DjangoValidationError as exc:
                errors[index] = get_error_detail(exc)
        if errors:
            raise ValidationError(errors)
        return result


class DictField(_ChildMixin, Field):
    """A dict with string keys whose values are validated by ``child``."""

    child: Any = _UnvalidatedField()
    initial: Any = {}
    default_error_messages = {
        "not_a_dict": _('Expected a dictionary of items but got type "{input_type}".'),
        "empty": _("This dictionary may not be empty."),
    }

    def __init__(self, **kwargs: Any) -> None:
        self.child = kwargs.pop("child", None) or copy.deepcopy(type(self).child)
        self.allow_empty = kwargs.pop("allow_empty", True)
        _check_child(self.child)
        super().__init__(**kwargs)
        self.child.bind(field_name="", parent=self)

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary):
            prefix = self.field_name or ""
            found = html.parse_html_dict(dictionary, prefix=prefix, default=empty)
            if found is not empty:
                return found
            return {} if self.field_name in dictionary else empty
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        if html.is_html_input(data):
            data = data.dict() if hasattr(data, "dict") else dict(data)
        if not isinstance(data, dict):
            self.fail("not_a_dict", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        return self.run_child_validation(data)

    def to_representation(self, value: Any) -> Any:
        child = self.child
        return {
            str(key): None if item is None else child.to_representation(item)
            for key, item in value.items()
        }

    def run_child_validation(self, data: dict[Any, Any]) -> dict[str, Any]:
        """Validate every value; errors of failing values only, keyed by ``str(key)``.

        Unlike ``ListField``, a Django ``ValidationError`` from the child is not keyed: it
        reaches the serializer as an error of the whole field, as in DRF.
        """
        run = self.child.run_validation
        result = {}
        errors: dict[str, Any] = {}
        for key, item in data.items():
            name = str(key)
            try:
                result[name] = run(item)
            except ValidationError as exc:
                errors[name] = exc.detail
        if errors:
            raise ValidationError(errors)
        return result


class HStoreField(DictField):
    """A ``DictField`` of nullable strings, as PostgreSQL's hstore stores them."""

    child = CharField(allow_blank=True, allow_null=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not isinstance(self.child, CharField):
            raise AssertionError(
                "The `child` argument must be an instance of `CharField`, "
                "as the hstore extension stores values as strings."
            )


class JSONString(str):
    """Form input for a ``JSONField``: text that still has to be parsed as JSON."""

    is_json_string = True


class JSONField(Field):
    """Any JSON value (or JSON text when ``binary=True`` or when sent through a form)."""

    default_error_messages = {"invalid": _("Value must be valid JSON.")}
    _is_jsonfield = True

    def __init__(self, **kwargs: Any) -> None:
        self.binary = kwargs.pop("binary", False)
        self.encoder = kwargs.pop("encoder", None)
        self.decoder = kwargs.pop("decoder", None)
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary) and self.field_name in dictionary:
            return JSONString(dictionary[self.field_name])
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        try:
            if self.binary or getattr(data, "is_json_string", False):
                if isinstance(data, bytes):
                    data = data.decode()
                return json.loads(data, cls=self.decoder, parse_constant=strict_constant)
            # The stdlib codec (not orjson) decides what is valid JSON here, so accepted values
            # match DRF's exactly: orjson reads big integers as floats and writes datetimes.
            json.dumps(data, cls=self.encoder, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        if self.binary:
            return json.dumps(value, cls=self.encoder, allow_nan=False).encode()
        return value


# --- special-purpose fields ------------------------------------------------------------------


class ReadOnlyField(Field):
    """Outputs the attribute as it is (calling it if it is a no-argument method); no input."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return value


class HiddenField(Field):
    """Never read from input nor shown in output; puts its ``default`` in validated data."""

    def __init__(self, **kwargs: Any) -> None:
        if "default" not in kwargs:
            raise AssertionError("default is a required argument.")
        kwargs["write_only"] = True
        super().__init__(**kwargs)

    def get_value(self, dictionary: Any) -> Any:
        return empty

    def to_internal_value(self, data: Any) -> Any:
        return data


class SerializerMethodField(Field):
    """Output computed by the serializer's ``get_<field_name>(obj)`` (or ``method_name``)."""

    def __init__(self, method_name: str | None = None, **kwargs: Any) -> None:
        self.method_name = method_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def _state_before_binding(self) -> dict[str, Any]:
        state = super()._state_before_binding()
        state["method_name"] = self.method_name
        return state

    def bind(self, field_name: str, parent: Any) -> None:
        if "_unbound_state" not in self.__dict__:
            self._unbound_state = self._state_before_binding()
        if self.method_name is None:
            self.method_name = f"get_{field_name}"
        super().bind(field_name, parent)

    def to_representation(self, value: Any) -> Any:
        return getattr(self.parent, str(self.method_name))(value)


class ModelField(Field):
    """Any model field without a dedicated serializer field: delegates to the model field."""

    default_error_messages = {
        "max_length": _("Ensure this field has no more than {max_length} characters."),
    }

    def __init__(self, model_field: Any, **kwargs: Any) -> None:
        self.model_field = model_field
        self.max_length = kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        if self.max_length is not None:
            message = _lazy_message(self.error_messages["max_length"], max_length=self.max_length)
            self.validators.append(MaxLengthValidator(self.max_length, message=message))

    def to_internal_value(self, data: Any) -> Any:
        related = self.model_field.remote_field
        if related is not None:
            target = related.model._meta.get_field(related.field_name)
            return target.to_python(data)
        return self.model_field.to_python(data)

    def get_attribute(self, instance: Any) -> Any:
        # The model field reads its own value from the whole instance.
        return instance

    def to_representation(self, value: Any) -> Any:
        native = self.model_field.value_from_object(value)
        if is_protected_type(native):
            return native
        return self.model_field.value_to_string(value)


# --- defaults --------------------------------------------------------------------------------


class CreateOnlyDefault:
    """A default applied when creating, and skipped when updating an existing instance."""

    requires_context = True

    def __init__(self, default: Any) -> None:
        self.default = default

    def __call__(self, serializer_field: Field) -> Any:
        if serializer_field.parent.instance is not None:
            raise SkipField()
        default = self.default
        if callable(default):
            if getattr(default, "requires_context", False):
                return default(serializer_field)
            return default()
        return default

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.default!r})"


class CurrentUserDefault:
    """The requesting user (``context["request"].user``) as a default value."""

    requires_context = True

    def __call__(self, serializer_field: Field) -> Any:
        return serializer_field.context["request"].user

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
