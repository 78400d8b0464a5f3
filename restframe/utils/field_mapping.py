"""How a Django model field becomes the keyword arguments of a serializer field.

``ModelSerializer`` picks a serializer field class from the model field's class and then asks
these helpers for its arguments: label, help text, required/null/blank, lengths and bounds
taken out of the model's validators, choices, and uniqueness validators.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from importlib.util import find_spec
from typing import Any

from django.core import validators
from django.db import models
from django.utils.text import capfirst

from restframe.validators import UniqueValidator

__all__ = [
    "NUMERIC_FIELD_TYPES",
    "ClassLookupDict",
    "get_detail_view_name",
    "get_field_kwargs",
    "get_nested_relation_kwargs",
    "get_relation_kwargs",
    "get_unique_error_message",
    "get_unique_validators",
    "get_url_kwargs",
    "needs_label",
]


def _import_postgres_fields() -> Any:
    """``django.contrib.postgres.fields``, or ``None`` where it cannot be imported.

    It needs a PostgreSQL driver (psycopg or psycopg2). Without one the import is not even
    tried: a failed attempt still loads half of ``django.contrib.postgres`` first, about
    0.3 MiB and several milliseconds of every start-up, for nothing.
    """
    if not any(name in sys.modules or find_spec(name) for name in ("psycopg", "psycopg2")):
        return None
    try:
        from django.contrib.postgres import fields
    except ImportError:  # pragma: no cover - a broken driver installation
        return None
    return fields


postgres_fields = _import_postgres_fields()

NUMERIC_FIELD_TYPES = (
    models.IntegerField,
    models.FloatField,
    models.DecimalField,
    models.DurationField,
)


class ClassLookupDict:
    """A mapping keyed by classes, looked up along the key's class hierarchy.

    ``lookup[model_field]`` finds the entry of the nearest class in ``type(model_field)``'s
    MRO, so a subclass of ``CharField`` maps like ``CharField`` unless it has its own entry.
    An object may name the class to look up with ``_proxy_class``.
    """

    def __init__(self, mapping: dict[type, Any]) -> None:
        self.mapping = mapping

    def _base_class(self, key: Any) -> type:
        if hasattr(key, "_proxy_class"):
            return key._proxy_class
        return key if isinstance(key, type) else type(key)

    def __getitem__(self, key: Any) -> Any:
        base_class = self._base_class(key)
        for cls in inspect.getmro(base_class):
            if cls in self.mapping:
                return self.mapping[cls]
        raise KeyError(f"Class {base_class.__name__} not found in lookup.")

    def __setitem__(self, key: type, value: Any) -> None:
        self.mapping[key] = value

    def __contains__(self, key: Any) -> bool:
        return any(cls in self.mapping for cls in inspect.getmro(self._base_class(key)))


def needs_label(model_field: Any, field_name: str) -> bool:
    """Whether the verbose name says more than the label a field name gives by default."""
    default_label = field_name.replace("_", " ").capitalize()
    return bool(capfirst(model_field.verbose_name).strip() != default_label)


def get_detail_view_name(model: Any) -> str:
    """The URL name ``<model>-detail`` a router gives a model's detail view."""
    return f"{model._meta.object_name.lower()}-detail"


def get_unique_error_message(model_field: Any) -> Any:
    """The model field's own ``unique`` message, filled in as Django fills it."""
    message = model_field.error_messages.get("unique", None)
    if message:
        message = message % {
            "model_name": model_field.model._meta.verbose_name,
            "field_label": model_field.verbose_name,
        }
    return message


def get_unique_validators(field_name: str, model_field: Any) -> Iterator[UniqueValidator]:
    """``UniqueValidator``s for ``unique=True`` and for single-column unconditional
    ``UniqueConstraint``s on the field (a conditional one becomes a serializer-level
    ``UniqueTogetherValidator`` instead)."""
    model = model_field.model
    unique = getattr(model_field, "unique", False)
    if not unique:
        for parent in (model, *model._meta.parents):
            for constraint in parent._meta.constraints:
                if (
                    isinstance(constraint, models.UniqueConstraint)
                    and tuple(constraint.fields) == (model_field.name,)
                    and constraint.condition is None
                ):
                    unique = True
                    break
            if unique:
                break
    if unique:
        yield UniqueValidator(
            queryset=model._default_manager, message=get_unique_error_message(model_field)
        )


def _without(items: list[Any], kind: Any) -> list[Any]:
    return [item for item in items if not isinstance(item, kind)]


def _limit(items: list[Any], kind: type) -> Any:
    return next(
        (getattr(item, "limit_value", None) for item in items if isinstance(item, kind)), None
    )


def get_field_kwargs(field_name: str, model_field: Any) -> dict[str, Any]:
    """Serializer field arguments for a non-relational model field."""
    kwargs: dict[str, Any] = {}
    validator_kwarg = list(model_field.validators)

    # Only ``ModelField`` uses it; the caller drops it for every other class.
    kwargs["model_field"] = model_field

    if model_field.verbose_name and needs_label(model_field, field_name):
        kwargs["label"] = capfirst(model_field.verbose_name)
    if model_field.help_text:
        kwargs["help_text"] = model_field.help_text

    max_digits = getattr(model_field, "max_digits", None)
    if max_digits is not None:
        kwargs["max_digits"] = max_digits
    decimal_places = getattr(model_field, "decimal_places", None)
    if decimal_places is not None:
        kwargs["decimal_places"] = decimal_places

    if isinstance(model_field, models.SlugField):
        kwargs["allow_unicode"] = getattr(model_field, "allow_unicode", False)

    if (isinstance(model_field, models.TextField) and not model_field.choices) or isinstance(
        model_field, models.JSONField
    ):
        kwargs["style"] = {"base_template": "textarea.html"}

    # Nullability and choices describe the output too, so read-only fields keep them (a
    # non-editable column with choices is still a ``ChoiceField``).
    if model_field.null:
        kwargs["allow_null"] = True
    if model_field.choices:
        kwargs["choices"] = model_field.choices

    if isinstance(model_field, models.AutoField) or not model_field.editable:
        # A read-only field takes no input, so no further argument applies.
        kwargs["read_only"] = True
        return kwargs

    if model_field.has_default() or model_field.blank or model_field.null:
        kwargs["required"] = False
    if model_field.blank and isinstance(model_field, (models.CharField, models.TextField)):
        kwargs["allow_blank"] = True
    if (
        not model_field.blank
        and postgres_fields is not None
        and isinstance(model_field, postgres_fields.ArrayField)
    ):
        kwargs["allow_empty"] = False  # blank=False refuses [] (Django's own rule for lists)

    if isinstance(model_field, models.FilePathField):
        kwargs["path"] = model_field.path
        if model_field.match is not None:
            kwargs["match"] = model_field.match
        if model_field.recursive is not False:
            kwargs["recursive"] = model_field.recursive
        if model_field.allow_files is not True:
            kwargs["allow_files"] = model_field.allow_files
        if model_field.allow_folders is not False:
            kwargs["allow_folders"] = model_field.allow_folders

    if not model_field.choices:
        # Bounds and formats the serializer field already checks become arguments, so the
        # model's validators do not report the same problem twice.
        if isinstance(model_field, NUMERIC_FIELD_TYPES):
            max_value = _limit(validator_kwarg, validators.MaxValueValidator)
            if max_value is not None:
                kwargs["max_value"] = max_value
                validator_kwarg = _without(validator_kwarg, validators.MaxValueValidator)
            min_value = _limit(validator_kwarg, validators.MinValueValidator)
            if min_value is not None:
                kwargs["min_value"] = min_value
                validator_kwarg = _without(validator_kwarg, validators.MinValueValidator)
        if isinstance(model_field, models.URLField):
            validator_kwarg = _without(validator_kwarg, validators.URLValidator)
        if isinstance(model_field, models.EmailField):
            validator_kwarg = [v for v in validator_kwarg if v is not validators.validate_email]
        if isinstance(model_field, models.SlugField):
            validator_kwarg = [
                v
                for v in validator_kwarg
                if v is not validators.validate_slug and v is not validators.validate_unicode_slug
            ]
        if isinstance(model_field, models.GenericIPAddressField):
            kwargs["protocol"] = model_field.protocol
            validator_kwarg = [
                v
                for v in validator_kwarg
                if v
                not in (
                    validators.validate_ipv46_address,
                    validators.validate_ipv4_address,
                    validators.validate_ipv6_address,
                )
            ]
        if isinstance(model_field, models.DecimalField):
            validator_kwarg = _without(validator_kwarg, validators.DecimalValidator)

    max_length = getattr(model_field, "max_length", None)
    if max_length is not None and isinstance(
        model_field, (models.CharField, models.TextField, models.FileField)
    ):
        kwargs["max_length"] = max_length
        validator_kwarg = _without(validator_kwarg, validators.MaxLengthValidator)

    min_length = _limit(validator_kwarg, validators.MinLengthValidator)
    if min_length is not None and isinstance(model_field, models.CharField):
        kwargs["min_length"] = min_length
        validator_kwarg = _without(validator_kwarg, validators.MinLengthValidator)

    validator_kwarg += get_unique_validators(field_name, model_field)
    if validator_kwarg:
        kwargs["validators"] = validator_kwarg
    return kwargs


def get_relation_kwargs(field_name: str, relation_info: Any) -> dict[str, Any]:
    """Serializer field arguments for a relation (forward or reverse)."""
    model_field, related_model, to_many, to_field, has_through_model, _reverse = relation_info
    kwargs: dict[str, Any] = {
        "queryset": related_model._default_manager,
        "view_name": get_detail_view_name(related_model),
    }
    if to_many:
        kwargs["many"] = True
    if to_field:
        kwargs["to_field"] = to_field

    limit_choices_to = model_field and model_field.get_limit_choices_to()
    if limit_choices_to:
        if not isinstance(limit_choices_to, models.Q):
            limit_choices_to = models.Q(**limit_choices_to)
        kwargs["queryset"] = kwargs["queryset"].filter(limit_choices_to)

    if has_through_model:
        # Rows of a custom through model need their own fields: not writable from here.
        kwargs["read_only"] = True
        kwargs.pop("queryset", None)

    if model_field:
        if model_field.verbose_name and needs_label(model_field, field_name):
            kwargs["label"] = capfirst(model_field.verbose_name)
        if model_field.help_text:
            kwargs["help_text"] = model_field.help_text
        if not model_field.editable:
            kwargs["read_only"] = True
            kwargs.pop("queryset", None)
        if model_field.null:
            kwargs["allow_null"] = True
        if kwargs.get("read_only", False):
            return kwargs
        if model_field.has_default() or model_field.blank or model_field.null:
            kwargs["required"] = False
        if model_field.validators:
            kwargs["validators"] = model_field.validators
        unique_validators = list(get_unique_validators(field_name, model_field))
        if unique_validators:
            kwargs["validators"] = kwargs.get("validators", []) + unique_validators
        if to_many and not model_field.blank:
            kwargs["allow_empty"] = False
    return kwargs


def get_nested_relation_kwargs(relation_info: Any) -> dict[str, Any]:
    """Arguments of a nested serializer for a relation (``Meta.depth``): read-only."""
    kwargs: dict[str, Any] = {"read_only": True}
    if relation_info.to_many:
        kwargs["many"] = True
    return kwargs


def get_url_kwargs(model_field: Any) -> dict[str, Any]:
    """Arguments of the identity URL field for a model (``model_field`` is the model)."""
    return {"view_name": get_detail_view_name(model_field)}
