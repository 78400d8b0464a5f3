"""One function per field that validates a primitive the way ``field.run_validation`` does.

``Serializer`` validates with its class's bound field templates (``serializers._plan``); those
never change once built, so what validating one of them involves can be decided once: which
branches of ``validate_empty_values`` apply, which conversion runs, which validators need
calling. ``compile_field`` bakes those decisions into a closure for the stock fields whose
validation restframe itself defines, with the common inputs (text for text fields, numbers for
numeric ones) handled inline and everything else handed to the field's own methods.

A compiled function returns the validated value, ``SKIP`` (leave the field out, as for
``SkipField``) or a ``Failed`` carrying the field's error list, instead of raising: failures are
part of the ordinary flow of an API, and building and catching an exception per failing field
costs more than the check itself. The messages, codes and their order are the field's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import (
    EmailValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)

from restframe import fields as f
from restframe.exceptions import ErrorDetail, ValidationError
from restframe.settings import api_settings
from restframe.validators import ProhibitSurrogateCharactersValidator

__all__ = ["SKIP", "Failed", "compile_field"]

Run = Callable[[Any], Any]


class Failed:
    """A field's validation failed with ``detail`` (what its ``ValidationError`` would carry)."""

    __slots__ = ("detail",)

    def __init__(self, detail: Any) -> None:
        self.detail = detail


SKIP: Any = object()
"""The field takes no part in the result (``SkipField``)."""

# Methods the compiled functions stand in for; a field that has any of them replaced (on its
# class or on itself) is validated through its own methods.
_BYPASSED = (
    "run_validation",
    "validate_empty_values",
    "get_default",
    "to_internal_value",
    "run_validators",
    "_validator_errors",
    "fail",
    "enforce_timezone",
    "default_timezone",
)


def _fail(field: Any, key: str, **kwargs: Any) -> Failed:
    """``field.fail(key, **kwargs)`` as a result."""
    text = str(f._resolve_text(field.error_messages[key])).format(**kwargs)
    return Failed([ErrorDetail(text, key)])


def _outcome_of(method: Callable[[Any], Any]) -> Run:
    """``method(data)`` (a field's ``run_validation`` or ``to_internal_value``) with its
    outcome as a result: the value, a ``Failed`` or ``SKIP``."""

    def run(data: Any) -> Any:
        try:
            return method(data)
        except ValidationError as exc:
            return Failed(exc.detail)
        except DjangoValidationError as exc:
            detail = f.get_error_detail(exc)
            f._release(exc)
            return Failed(detail)
        except f.SkipField:
            return SKIP

    return run


def _uncommon_input(field: Any) -> Run:
    """What a compiled field does with input its inline branch does not take: a missing
    value, ``None``, or anything else through the field's own ``run_validation``."""
    missing = _missing(field)
    null = _null(field)
    fallback = _outcome_of(field.run_validation)

    def run(data: Any) -> Any:
        if data is f.empty:
            return missing()
        if data is None:
            return null()
        return fallback(data)

    return run


def _validators_run(field: Any) -> Callable[[Any], Failed | None] | None:
    """``field.run_validators`` with its outcome as a result (``None`` when there are no
    validators): ``None`` for a value they accept, else a ``Failed``."""
    if not field.validators:
        return None
    validator_errors = field._validator_errors

    def check(value: Any) -> Failed | None:
        try:
            errors = validator_errors(value)
        except ValidationError as exc:  # a validator's dict-shaped error
            return Failed(exc.detail)
        return Failed(errors) if errors else None

    return check


def _text_acceptor(validators: list[Any]) -> Callable[[str], bool] | None:
    """For validators all of Django's and restframe's stock text kinds, a predicate that is true
    when every one of them certainly accepts a text (else ``None``: always run them)."""
    max_length = min_length = None
    nulls = surrogates = False
    emails: list[Any] = []
    for validator in validators:
        kind = type(validator)
        if kind is MaxLengthValidator or kind is MinLengthValidator:
            limit = f._plain_limit(validator)
            if limit is None:
                return None
            if kind is MaxLengthValidator:
                max_length = limit if max_length is None else min(max_length, limit)
            else:
                min_length = limit if min_length is None else max(min_length, limit)
        elif kind is ProhibitNullCharactersValidator:
            nulls = True
        elif kind is ProhibitSurrogateCharactersValidator:
            surrogates = True
        elif kind is EmailValidator:
            emails.append(validator)
        else:
            return None
    accepted = f._email_accepted
    email = emails[0] if len(emails) == 1 else None

    def accepts(value: str) -> bool:
        if max_length is not None and len(value) > max_length:
            return False
        if min_length is not None and len(value) < min_length:
            return False
        if nulls and "\x00" in value:
            return False
        if surrogates and not value.isascii():
            return False
        if email is not None:
            return accepted(email, value)
        return not emails or all(accepted(each, value) for each in emails)

    return accepts


def _int_acceptor(validators: list[Any]) -> Callable[[int], bool] | None:
    """``_text_acceptor`` for integers and Django's stock bound validators."""
    low = high = None
    for validator in validators:
        kind = type(validator)
        limit = f._plain_limit(validator)
        if limit is None:
            return None
        if kind is MinValueValidator:
            low = limit if low is None else max(low, limit)
        elif kind is MaxValueValidator:
            high = limit if high is None else min(high, limit)
        else:
            return None

    def accepts(value: int) -> bool:
        return (low is None or value >= low) and (high is None or value <= high)

    return accepts


def _missing(field: Any) -> Callable[[], Any]:
    """What validating a missing value gives: the "required" error, ``SKIP`` or the (never
    callable, see ``compile_field``) default; the serializer is not partial."""
    if field.required:
        return lambda: _fail(field, "required")
    outcome = SKIP if field.default is f.empty else field.default
    return lambda: outcome


def _null(field: Any) -> Callable[[], Any]:
    """What validating ``None`` gives (``source='*'`` is not compiled)."""
    if field.allow_null:
        return lambda: None
    return lambda: _fail(field, "null")


def _compile_text(field: Any) -> Run:
    """``CharField`` and ``EmailField``: text input handled inline."""
    uncommon = _uncommon_input(field)
    allow_blank = field.allow_blank
    trim = field.trim_whitespace
    acceptor = _text_acceptor(field.validators)
    check = _validators_run(field)

    def run(data: Any) -> Any:
        if type(data) is str:
            if data == "" or (trim and data.isspace()):
                return "" if allow_blank else _fail(field, "blank")
            value = data.strip() if trim else data
            if check is None or (acceptor is not None and acceptor(value)):
                return value
            return check(value) or value
        return uncommon(data)

    return run


def _compile_integer(field: Any) -> Run:
    """``IntegerField``: ``int`` and text input handled inline."""
    uncommon = _uncommon_input(field)
    max_string_length = field.MAX_STRING_LENGTH
    strip_decimal = field.re_decimal.sub
    acceptor = _int_acceptor(field.validators)
    check = _validators_run(field)
    safe_bits = f._SAFE_INT_BITS

    def run(data: Any) -> Any:
        kind = type(data)
        if kind is int and data.bit_length() <= safe_bits:
            value = data
        elif kind is str:
            if len(data) > max_string_length:
                return _fail(field, "max_string_length")
            try:
                value = int(strip_decimal("", data))
            except (ValueError, TypeError):
                return _fail(field, "invalid")
        else:
            return uncommon(data)
        if check is None or (acceptor is not None and type(value) is int and acceptor(value)):
            return value
        return check(value) or value

    return run


def _compile_choice(field: Any) -> Run:
    """``ChoiceField``: text and ``int`` input looked up inline."""
    uncommon = _uncommon_input(field)
    allow_blank = field.allow_blank
    choices = field.choice_strings_to_values
    check = _validators_run(field)
    choice_key = f._choice_key

    def run(data: Any) -> Any:
        kind = type(data)
        if kind is str:
            if data == "" and allow_blank:
                value: Any = ""
            else:
                try:
                    value = choices[data]
                except KeyError:
                    return _fail(field, "invalid_choice", input=data)
        elif kind is int:
            try:
                value = choices[choice_key(data)]
            except KeyError:
                return _fail(field, "invalid_choice", input=f._input_text(data))
        else:
            return uncommon(data)
        if check is None:
            return value
        return check(value) or value

    return run


def _compile_plain(field: Any) -> Run:
    """Any other stock field: the empty-value branches inline, then its ``to_internal_value``
    and validators."""
    missing = _missing(field)
    null = _null(field)
    convert = _outcome_of(field.to_internal_value)
    check = _validators_run(field)

    def run(data: Any) -> Any:
        if data is f.empty:
            return missing()
        if data is None:
            return null()
        value = convert(data)
        if check is None or value is SKIP or type(value) is Failed:
            return value
        return check(value) or value

    return run


def _compile_datetime(field: Any) -> Run:
    """``DateTimeField``: ISO 8601 text parsed inline when that is the first input format."""
    plain = _compile_plain(field)
    input_formats = getattr(field, "input_formats", None)
    if input_formats is None:
        input_formats = api_settings.DATETIME_INPUT_FORMATS
    if not input_formats or str(input_formats[0]).lower() != f.ISO_8601:
        return plain
    enforce_timezone = field.enforce_timezone
    check = _validators_run(field)

    def run(data: Any) -> Any:
        if type(data) is not str:
            return plain(data)
        try:
            parsed = f.parse_datetime(data)
        except (ValueError, TypeError):
            parsed = None
        if parsed is None:
            # Not ISO 8601: the other formats, or the error naming them all.
            return plain(data)
        try:
            value = enforce_timezone(parsed)
        except ValidationError as exc:
            return Failed(exc.detail)
        if check is None:
            return value
        return check(value) or value

    return run


_COMPILERS: dict[type, Callable[[Any], Run]] = {
    f.CharField: _compile_text,
    f.EmailField: _compile_text,
    f.IntegerField: _compile_integer,
    f.ChoiceField: _compile_choice,
    f.BooleanField: _compile_plain,
    f.FloatField: _compile_plain,
    f.DecimalField: _compile_plain,
    f.DateTimeField: _compile_datetime,
    f.DateField: _compile_plain,
    f.TimeField: _compile_plain,
    f.DurationField: _compile_plain,
    f.UUIDField: _compile_plain,
}


# The methods each class had when this module was imported: a class patched since is not ours.
_ORIGINAL = {cls: tuple(getattr(cls, name, None) for name in _BYPASSED) for cls in _COMPILERS}


def compile_field(field: Any) -> Run | None:
    """The validating function of a bound field template that never changes afterwards, or
    ``None`` when the field is validated through its own methods (another class, a method
    replaced on it, ``source='*'``, a callable default)."""
    cls = type(field)
    compiler = _COMPILERS.get(cls)
    if compiler is None or field.read_only or field.source == "*":
        return None
    if field.default is not f.empty and callable(field.default):
        return None
    state = field.__dict__
    if any(name in state for name in _BYPASSED):
        return None
    if tuple(getattr(cls, name, None) for name in _BYPASSED) != _ORIGINAL[cls]:
        return None
    return compiler(field)
