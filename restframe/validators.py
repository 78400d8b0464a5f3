"""Validators that need the database or the whole serializer, not just one value.

Uniqueness is checked explicitly by the serializer (not through ``Model.full_clean``), so a plain
``Serializer`` can enforce the same rules as the model and report them as ordinary field or
non-field errors. Messages and codes are DRF's; query helpers never crash on a value the database
cannot compare (a bad lookup simply means "no clash").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.core.exceptions import FieldError
from django.db import DataError, models
from django.db.models import Exists, Q, QuerySet
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from restframe.exceptions import ValidationError

__all__ = [
    "BaseUniqueForValidator",
    "ProhibitSurrogateCharactersValidator",
    "UniqueForDateValidator",
    "UniqueForMonthValidator",
    "UniqueForYearValidator",
    "UniqueTogetherValidator",
    "UniqueValidator",
    "qs_exists",
    "qs_exists_with_condition",
    "qs_filter",
]

# A value the database cannot compare (a string for an integer column, an out-of-range number)
# is not a uniqueness clash: the field's own validation reports it.
_QUERY_ERRORS = (TypeError, ValueError, DataError)


def qs_exists(queryset: QuerySet[Any]) -> bool:
    """``queryset.exists()``, but ``False`` when the query cannot be built or run for the value."""
    try:
        return queryset.exists()
    except _QUERY_ERRORS:
        return False


def qs_exists_with_condition(
    queryset: QuerySet[Any], condition: Q | None, against: Mapping[str, Any]
) -> bool:
    """Whether a clash exists among rows matching ``condition``, evaluated as Django's
    ``UniqueConstraint.validate`` does (the condition must also hold for ``against``)."""
    if condition is None:
        return qs_exists(queryset)
    try:
        combined: Q = condition & Exists(queryset.filter(condition))  # type: ignore[assignment]
        return bool(combined.check(dict(against)))
    except (*_QUERY_ERRORS, FieldError):
        return False


def qs_filter(queryset: QuerySet[Any], **kwargs: Any) -> QuerySet[Any]:
    """``queryset.filter(**kwargs)``, or an empty queryset when a value does not fit a lookup."""
    try:
        return queryset.filter(**kwargs)
    except _QUERY_ERRORS:
        return queryset.none()


_MEMORY_ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]{4,32}>")


def _short_repr(value: Any) -> str:
    """A stable, readable repr for validator reprs (managers by name, no memory addresses)."""
    if isinstance(value, models.Manager):
        model_meta = value.model._meta
        for manager in model_meta.managers:
            if manager == value:
                return f"{model_meta.object_name}.{manager.name}.all()"
        return repr(value)
    if isinstance(value, Promise):
        value = force_str(value)
    return _MEMORY_ADDRESS.sub(">", repr(value))


def _check_single_instance(serializer: Any, instance: Any, validator: Any) -> None:
    """Refuse a list/queryset ``instance`` (a ``many=True`` update that did not set the child's
    instance per item): there is no single row to exclude from the uniqueness check."""
    if (
        instance is not None
        and getattr(serializer.parent, "many", False)
        and not hasattr(instance, "pk")
    ):
        raise RuntimeError(
            f"`{type(validator).__name__}` cannot determine the current instance during a "
            "multiple update. Override `ListSerializer.run_child_validation()` to set "
            "`child.instance` before validation."
        )


def _exclude_instance(queryset: QuerySet[Any], instance: Any) -> QuerySet[Any]:
    if instance is not None:
        return queryset.exclude(pk=instance.pk)
    return queryset


class UniqueValidator:
    """A field-level ``unique=True``: no other row may hold the value.

    The updated instance (``serializer.instance``) is excluded, so saving an object unchanged
    does not clash with itself.
    """

    message: str | Promise = _("This field must be unique.")
    requires_context = True

    def __init__(
        self, queryset: QuerySet[Any], message: str | Promise | None = None, lookup: str = "exact"
    ) -> None:
        self.queryset = queryset
        self.message = message or self.message
        self.lookup = lookup

    def filter_queryset(
        self, value: Any, queryset: QuerySet[Any], field_name: str
    ) -> QuerySet[Any]:
        """Rows whose ``field_name`` matches ``value`` with this validator's lookup."""
        return qs_filter(queryset, **{f"{field_name}__{self.lookup}": value})

    def exclude_current_instance(self, queryset: QuerySet[Any], instance: Any) -> QuerySet[Any]:
        """Leave out the row being updated."""
        return _exclude_instance(queryset, instance)

    def __call__(self, value: Any, serializer_field: Any) -> None:
        # The model column is the last part of the field's source, not its serializer name.
        field_name = serializer_field.source_attrs[-1]
        serializer = serializer_field.parent
        instance = getattr(serializer, "instance", None)
        _check_single_instance(serializer, instance, self)
        queryset = self.filter_queryset(value, self.queryset, field_name)
        queryset = self.exclude_current_instance(queryset, instance)
        if qs_exists(queryset):
            raise ValidationError(self.message, code="unique")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}(queryset={_short_repr(self.queryset)})>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return NotImplemented
        return (
            self.message == other.message
            and self.requires_context == other.requires_context
            and self.queryset == other.queryset
            and self.lookup == other.lookup
        )


class UniqueTogetherValidator:
    """A serializer-level ``unique_together`` / ``UniqueConstraint(fields=...)``.

    Every field in the set is implicitly required on create. ``message`` and ``code`` can be
    set per validator, e.g. from a constraint's ``violation_error_message`` /
    ``violation_error_code``; ``condition`` (a ``Q``) restricts the check as a conditional
    ``UniqueConstraint`` does, and ``nulls_distinct=False`` makes ``None`` values clash.
    """

    message: str | Promise = _("The fields {field_names} must make a unique set.")
    missing_message: str | Promise = _("This field is required.")
    requires_context = True
    code = "unique"

    def __init__(
        self,
        queryset: QuerySet[Any],
        fields: Sequence[str],
        message: str | Promise | None = None,
        condition_fields: Sequence[str] | None = None,
        condition: Q | None = None,
        code: str | None = None,
        nulls_distinct: bool | None = None,
    ) -> None:
        self.queryset = queryset
        self.fields = fields
        self.message = message or self.message
        self.condition_fields: Sequence[str] = [] if condition_fields is None else condition_fields
        self.condition = condition
        self.code = code or self.code
        self.nulls_distinct = nulls_distinct

    def enforce_required_fields(self, attrs: Mapping[str, Any], serializer: Any) -> None:
        """On create, every field of the set (and of the condition) must be present."""
        if serializer.instance is not None:
            return
        fields = serializer.fields
        missing = {
            name: self.missing_message
            for name in (*self.fields, *self.condition_fields)
            if fields[name].source not in attrs
        }
        if missing:
            raise ValidationError(missing, code="required")

    def filter_queryset(
        self, attrs: dict[str, Any], queryset: QuerySet[Any], serializer: Any
    ) -> QuerySet[Any]:
        """Rows holding the same values; on update, omitted values come from the instance."""
        sources = [serializer.fields[name].source for name in self.fields]
        instance = serializer.instance
        if instance is not None:
            for source in sources:
                if source not in attrs:
                    attrs[source] = getattr(instance, source)
        return qs_filter(queryset, **{source: attrs[source] for source in sources})

    def exclude_current_instance(
        self, attrs: Mapping[str, Any], queryset: QuerySet[Any], instance: Any
    ) -> QuerySet[Any]:
        """Leave out the row being updated."""
        return _exclude_instance(queryset, instance)

    def __call__(self, attrs: dict[str, Any], serializer: Any) -> None:
        instance = serializer.instance
        _check_single_instance(serializer, instance, self)
        self.enforce_required_fields(attrs, serializer)
        queryset = self.filter_queryset(attrs, self.queryset, serializer)
        queryset = self.exclude_current_instance(attrs, queryset, instance)

        fields = serializer.fields
        constraint_sources = [fields[name].source for name in self.fields]
        constraint_values = [
            attrs[source] if source in attrs else getattr(instance, source, None)
            for source in constraint_sources
        ]
        condition_sources = [fields[name].source for name in self.condition_fields]
        checked = set(constraint_sources) | set(condition_sources)

        if instance is None:
            # On create a clash is possible whatever the values.
            changed = [attrs.get(source) for source in checked]
        else:
            # On update only a changed value (constraint or condition) can create a clash.
            changed = [
                attrs[source]
                for source in checked
                if source in attrs and attrs[source] != getattr(instance, source, None)
            ]
        if not changed:
            return
        # SQL NULLs are distinct unless the constraint says otherwise.
        if self.nulls_distinct is not False and any(value is None for value in constraint_values):
            return
        against = {
            source: attrs[source] if source in attrs else getattr(instance, source, None)
            for source in condition_sources
        }
        if qs_exists_with_condition(queryset, self.condition, against):
            message = force_str(self.message).format(field_names=", ".join(self.fields))
            raise ValidationError(message, code=self.code)

    def __repr__(self) -> str:
        parts = [
            f"{name}={_short_repr(getattr(self, name))}"
            for name in ("queryset", "fields", "condition", "nulls_distinct")
            if getattr(self, name) is not None
        ]
        return f"<{type(self).__name__}({', '.join(parts)})>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return NotImplemented
        return (
            self.message == other.message
            and self.requires_context == other.requires_context
            and self.missing_message == other.missing_message
            and self.queryset == other.queryset
            and self.fields == other.fields
            and self.code == other.code
            and self.nulls_distinct == other.nulls_distinct
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


class ProhibitSurrogateCharactersValidator:
    """Reject lone UTF-16 surrogates: they cannot be encoded as UTF-8 (nor stored, nor rendered)."""

    message: str | Promise = _("Surrogate characters are not allowed: U+{code_point:X}.")
    code = "surrogate_characters_not_allowed"

    def __call__(self, value: Any) -> None:
        # A regex scan runs in C: a 10 MB string costs milliseconds, not a Python-level loop.
        found = _SURROGATE.search(str(value))
        if found is not None:
            message = force_str(self.message).format(code_point=ord(found.group()))
            raise ValidationError(message, code=self.code)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return NotImplemented
        return self.message == other.message and self.code == other.code


class BaseUniqueForValidator:
    """``unique_for_date`` and friends: ``field`` must be unique within a period of ``date_field``.

    Subclasses name the parts of the date that define the period (``date_parts``), or override
    ``filter_queryset``.
    """

    message: str | Promise | None = None
    date_parts: ClassVar[tuple[str, ...]] = ()
    missing_message: str | Promise = _("This field is required.")
    requires_context = True

    def __init__(
        self,
        queryset: QuerySet[Any],
        field: str,
        date_field: str,
        message: str | Promise | None = None,
    ) -> None:
        self.queryset = queryset
        self.field = field
        self.date_field = date_field
        self.message = message or self.message

    def enforce_required_fields(self, attrs: Mapping[str, Any]) -> None:
        """Both the field and the date field are required, even on update."""
        missing = {
            name: self.missing_message
            for name in (self.field, self.date_field)
            if name not in attrs
        }
        if missing:
            raise ValidationError(missing, code="required")

    def filter_queryset(
        self,
        attrs: Mapping[str, Any],
        queryset: QuerySet[Any],
        field_name: str,
        date_field_name: str,
    ) -> QuerySet[Any]:
        """Rows with the same value whose date shares ``date_parts`` with the input's."""
        if not self.date_parts:
            raise NotImplementedError("`filter_queryset` must be implemented.")
        date = attrs[self.date_field]
        lookups = {field_name: attrs[self.field]}
        for part in self.date_parts:
            lookups[f"{date_field_name}__{part}"] = getattr(date, part)
        return qs_filter(queryset, **lookups)

    def exclude_current_instance(
        self, attrs: Mapping[str, Any], queryset: QuerySet[Any], instance: Any
    ) -> QuerySet[Any]:
        """Leave out the row being updated."""
        return _exclude_instance(queryset, instance)

    def __call__(self, attrs: Mapping[str, Any], serializer: Any) -> None:
        # Model column names: the last part of each serializer field's source.
        fields = serializer.fields
        field_name = fields[self.field].source_attrs[-1]
        date_field_name = fields[self.date_field].source_attrs[-1]
        _check_single_instance(serializer, serializer.instance, self)
        self.enforce_required_fields(attrs)
        queryset = self.filter_queryset(attrs, self.queryset, field_name, date_field_name)
        queryset = self.exclude_current_instance(attrs, queryset, serializer.instance)
        if qs_exists(queryset):
            message = force_str(self.message).format(date_field=self.date_field)
            raise ValidationError({self.field: message}, code="unique")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return NotImplemented
        return (
            self.message == other.message
            and self.missing_message == other.missing_message
            and self.requires_context == other.requires_context
            and self.queryset == other.queryset
            and self.field == other.field
            and self.date_field == other.date_field
        )

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__}(queryset={_short_repr(self.queryset)}, "
            f"field={_short_repr(self.field)}, date_field={_short_repr(self.date_field)})>"
        )


class UniqueForDateValidator(BaseUniqueForValidator):
    """``field`` is unique per calendar day of ``date_field``."""

    message = _('This field must be unique for the "{date_field}" date.')
    date_parts = ("day", "month", "year")


class UniqueForMonthValidator(BaseUniqueForValidator):
    """``field`` is unique per month number of ``date_field`` (any year, as Django's option)."""

    message = _('This field must be unique for the "{date_field}" month.')
    date_parts = ("month",)


class UniqueForYearValidator(BaseUniqueForValidator):
    """``field`` is unique per year of ``date_field``."""

    message = _('This field must be unique for the "{date_field}" year.')
    date_parts = ("year",)
