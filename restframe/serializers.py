"""Serializers: validate incoming primitive data into native values, and represent objects back.

A ``Serializer`` is a declared set of fields (like a Django form). ``is_valid()`` runs every
writable field, the ``validate_<field>()`` hooks, the serializer's validators and ``validate()``,
and collects the failures into ``.errors`` — a dict keyed by field name, non-field errors under
``NON_FIELD_ERRORS_KEY``, nested serializers nesting their own dicts, and ``many=True`` lists
keyed by the index of each failing item. Those structures are exactly DRF's, because they are
what API clients parse.

Speed: each class keeps a template of its declared fields and each instance clones it cheaply
instead of re-running every field's ``__init__``; validation walks a precomputed plan of the
writable fields instead of rebuilding it per call (per item with ``many=True``). The walk follows
the declared fields only, so an input nested far deeper than the serializer costs nothing extra.
"""

from __future__ import annotations

import copy
import inspect
import operator
import warnings
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any, ClassVar, NamedTuple

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from restframe import fields as _fields
from restframe.exceptions import ErrorDetail, ValidationError
from restframe.fields import *  # noqa: F403  (every field class is public here, as in DRF)
from restframe.fields import Field, JSONField, SkipField, _run_memo, empty, get_error_detail
from restframe.settings import api_settings
from restframe.utils import html, representation
from restframe.utils.serializer_helpers import (
    BindingDict,
    BoundField,
    JSONBoundField,
    NestedBoundField,
    ReturnDict,
    ReturnList,
)
from restframe.validators import (
    UniqueForDateValidator,
    UniqueForMonthValidator,
    UniqueForYearValidator,
    UniqueTogetherValidator,
)

__all__ = [
    "ALL_FIELDS",
    "LIST_SERIALIZER_KWARGS",
    "LIST_SERIALIZER_KWARGS_REMOVE",
    "BaseSerializer",
    "BindingDict",
    "BoundField",
    "ErrorDetail",
    "JSONBoundField",
    "ListSerializer",
    "NestedBoundField",
    "ReturnDict",
    "ReturnList",
    "Serializer",
    "SerializerMetaclass",
    "SkipField",
    "UniqueForDateValidator",
    "UniqueForMonthValidator",
    "UniqueForYearValidator",
    "UniqueTogetherValidator",
    "ValidationError",
    "as_serializer_error",
    "empty",
    "raise_errors_on_nested_writes",
]
__all__ += [name for name in _fields.__all__ if name not in __all__]

# Keyword arguments of a ``many=True`` serializer that go to the outer ``ListSerializer``
# (validators are assumed to be meant for each item, so they stay with the child).
LIST_SERIALIZER_KWARGS = (
    "read_only",
    "write_only",
    "required",
    "default",
    "initial",
    "source",
    "label",
    "help_text",
    "style",
    "error_messages",
    "allow_empty",
    "instance",
    "data",
    "partial",
    "context",
    "allow_null",
    "max_length",
    "min_length",
)
# ...and of those, the ones that only the list understands.
LIST_SERIALIZER_KWARGS_REMOVE = ("allow_empty", "min_length", "max_length")

ALL_FIELDS = "__all__"


class RemovedInDRF320Warning(PendingDeprecationWarning):
    """Flags a DRF behaviour kept for now (the list-shaped ``many=True`` errors); a *pending*
    deprecation, as in DRF, so ``-W error::DeprecationWarning`` does not turn it into an error."""


_SAVE_COMMIT_MESSAGE = (
    "'commit' is not a valid keyword argument to the 'save()' method. "
    "If you need to access data before committing to the database then "
    "inspect 'serializer.validated_data' instead. "
    "You can also pass additional keyword arguments to 'save()' if you "
    "need to set extra attributes on the saved model instance. "
    "For example: 'serializer.save(owner=request.user)'.'"
)


def _detail_error(detail: Any) -> ValidationError:
    """A ``ValidationError`` around ``detail`` that is already made of ``ErrorDetail`` leaves.

    Field errors arrive normalised (they come from other ``ValidationError``s), so normalising
    them again at every nesting level would only cost time: depth times size.
    """
    exc = ValidationError.__new__(ValidationError, detail)
    exc.detail = detail
    return exc


# BaseSerializer
# --------------


class BaseSerializer(Field):
    """The minimal serializer contract: validate with ``is_valid``, then ``save`` or read ``data``.

    With ``data=`` the serializer validates input: ``is_valid()`` must come before ``errors``,
    ``validated_data``, ``data`` and ``save()``. Without it, ``data`` represents ``instance``.
    Subclasses implement ``to_internal_value``/``to_representation`` and ``create``/``update``.
    """

    initial_data: Any
    _validated_data: Any
    _errors: Any
    _data: Any

    def __init__(self, instance: Any = None, data: Any = empty, **kwargs: Any) -> None:
        self.instance = instance
        if data is not empty:
            self.initial_data = data
        self.partial = kwargs.pop("partial", False)
        self._context = kwargs.pop("context", {})
        kwargs.pop("many", None)
        super().__init__(**kwargs)

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # ``many=True`` builds a ListSerializer wrapping an instance of this class.
        if kwargs.pop("many", False):
            return cls.many_init(*args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __class_getitem__(cls, *args: Any, **kwargs: Any) -> Any:
        # ``Serializer[Model]`` in annotations.
        return cls

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> ListSerializer:
        """Build the ``ListSerializer`` for ``many=True``; override to control which arguments
        go to the list and which to the child."""
        list_kwargs: dict[str, Any] = {}
        for key in LIST_SERIALIZER_KWARGS_REMOVE:
            value = kwargs.pop(key, None)
            if value is not None:
                list_kwargs[key] = value
        list_kwargs["child"] = cls(*args, **kwargs)
        list_kwargs.update(
            {key: value for key, value in kwargs.items() if key in LIST_SERIALIZER_KWARGS}
        )
        meta = getattr(cls, "Meta", None)
        list_serializer_class = getattr(meta, "list_serializer_class", ListSerializer)
        return list_serializer_class(*args, **list_kwargs)

    def to_internal_value(self, data: Any) -> Any:
        raise NotImplementedError("`to_internal_value()` must be implemented.")

    def to_representation(self, instance: Any) -> Any:
        raise NotImplementedError("`to_representation()` must be implemented.")

    def update(self, instance: Any, validated_data: Any) -> Any:
        raise NotImplementedError("`update()` must be implemented.")

    def create(self, validated_data: Any) -> Any:
        raise NotImplementedError("`create()` must be implemented.")

    def save(self, **kwargs: Any) -> Any:
        """Create or update ``instance`` from the validated data merged with ``kwargs``."""
        if not hasattr(self, "_errors"):
            raise AssertionError("You must call `.is_valid()` before calling `.save()`.")
        if self.errors:
            raise AssertionError("You cannot call `.save()` on a serializer with invalid data.")
        if "commit" in kwargs:
            raise AssertionError(_SAVE_COMMIT_MESSAGE)
        if hasattr(self, "_data"):
            raise AssertionError(
                "You cannot call `.save()` after accessing `serializer.data`."
                "If you need to access data before committing to the database then "
                "inspect 'serializer.validated_data' instead. "
            )
        validated_data = {**self.validated_data, **kwargs}
        self._save_validated(validated_data)
        return self.instance

    def _save_validated(self, validated_data: Any) -> None:
        if self.instance is not None:
            self.instance = self.update(self.instance, validated_data)
            if self.instance is None:
                raise AssertionError("`update()` did not return an object instance.")
        else:
            self.instance = self.create(validated_data)
            if self.instance is None:
                raise AssertionError("`create()` did not return an object instance.")

    _empty_result: ClassVar[type[Any]] = dict

    def is_valid(self, *, raise_exception: bool = False) -> bool:
        """Validate ``initial_data`` once; later calls reuse the first result."""
        if not hasattr(self, "initial_data"):
            raise AssertionError(
                "Cannot call `.is_valid()` as no `data=` keyword argument was "
                "passed when instantiating the serializer instance."
            )
        if not hasattr(self, "_validated_data"):
            # A fresh memo per run (see ``fields._run_memo``): the time zone and translated
            # messages are looked up once, not once per field and item.
            token = _run_memo.set({})
            try:
                self._validated_data = self.run_validation(self.initial_data)
            except ValidationError as exc:
                self._validated_data = self._empty_result()
                self._errors = exc.detail
            else:
                self._errors = self._empty_result()
            finally:
                _run_memo.reset(token)
        if self._errors and raise_exception:
            raise ValidationError(self.errors)
        return not self._errors

    @property
    def data(self) -> Any:
        if hasattr(self, "initial_data") and not hasattr(self, "_validated_data"):
            raise AssertionError(
                "When a serializer is passed a `data` keyword argument you "
                "must call `.is_valid()` before attempting to access the "
                "serialized `.data` representation.\n"
                "You should either call `.is_valid()` first, "
                "or access `.initial_data` instead."
            )
        if not hasattr(self, "_data"):
            errors = getattr(self, "_errors", None)
            if self.instance is not None and not errors:
                self._data = self.to_representation(self.instance)
            elif hasattr(self, "_validated_data") and not errors:
                self._data = self.to_representation(self.validated_data)
            else:
                self._data = self.get_initial()
        return self._data

    @property
    def errors(self) -> Any:
        if not hasattr(self, "_errors"):
            raise AssertionError("You must call `.is_valid()` before accessing `.errors`.")
        return self._errors

    @property
    def validated_data(self) -> Any:
        if not hasattr(self, "_validated_data"):
            raise AssertionError("You must call `.is_valid()` before accessing `.validated_data`.")
        return self._validated_data


def _validate_whole(serializer: Any, data: Any) -> Any:
    """``run_validation`` of ``Serializer`` and ``ListSerializer``: the parts, then the
    validators and ``validate()``, whose errors are reshaped by ``as_serializer_error``."""
    is_empty_value, data = serializer.validate_empty_values(data)
    if is_empty_value:
        return data
    value = serializer.to_internal_value(data)
    try:
        serializer.run_validators(value)
        value = serializer.validate(value)
        if value is None:
            raise AssertionError(".validate() should return the validated data")
    except (ValidationError, DjangoValidationError) as exc:
        raise ValidationError(detail=as_serializer_error(exc))
    return value


# DRF's text (untranslated there); translated here like every other message.
NO_DATA_MESSAGE = _("No data provided")


def _no_data_errors(errors: Any) -> Any:
    """``data=None`` fails as "may not be null"; say "No data provided" under the non-field key."""
    if isinstance(errors, list) and len(errors) == 1 and getattr(errors[0], "code", None) == "null":
        message = ErrorDetail(str(NO_DATA_MESSAGE), code="null")
        return {api_settings.NON_FIELD_ERRORS_KEY: [message]}
    return errors


# Serializer
# ----------


class SerializerMetaclass(type):
    """Collects the class's ``Field`` attributes (and its bases') into ``_declared_fields``.

    Fields keep declaration order, subclasses extend their bases, and a subclass attribute of the
    same name (``name = None``) removes an inherited field.
    """

    @classmethod
    def _get_declared_fields(cls, bases: tuple[type, ...], attrs: dict[str, Any]) -> dict[str, Any]:
        own = [
            (name, attrs.pop(name)) for name, obj in list(attrs.items()) if isinstance(obj, Field)
        ]
        own.sort(key=lambda item: item[1]._creation_counter)
        # A name defined on this class (a field or anything else) hides the bases' field; among
        # bases, the first in the MRO wins.
        known = set(attrs)
        inherited: list[tuple[str, Any]] = []
        for base in bases:
            for name, field in getattr(base, "_declared_fields", {}).items():
                if name not in known:
                    known.add(name)
                    inherited.append((name, field))
        return dict(inherited + own)

    def __new__(cls, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        attrs["_declared_fields"] = cls._get_declared_fields(bases, attrs)
        return super().__new__(cls, name, bases, attrs)


def as_serializer_error(exc: ValidationError | DjangoValidationError) -> dict[Any, Any]:
    """Shape an error from ``validate()`` or a validator as serializer errors.

    A dict keeps its keys (each value made a list); a list or a single message becomes the
    non-field errors.
    """
    if isinstance(exc, DjangoValidationError):
        detail = get_error_detail(exc)
    elif isinstance(exc, ValidationError):
        detail = exc.detail
    else:
        # A programming error, reported as DRF does (its check is an ``assert``).
        raise AssertionError(f"Expected a ValidationError, got {type(exc).__name__}.")
    if isinstance(detail, Mapping):
        return {
            key: value if isinstance(value, (list, Mapping)) else [value]
            for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return {api_settings.NON_FIELD_ERRORS_KEY: [detail]}


class _Step(NamedTuple):
    """One writable field in a serializer's validation plan."""

    field: Any
    name: str
    plain_get: bool  # ``get_value`` on a plain dict is ``dict.get(name, empty)``
    validate_method: Any
    key: str | None  # the single source attribute, or None for dotted / ``*`` sources
    source_attrs: list[str]


_STATE_HOOKS = ("__init__", "__new__", "__deepcopy__", "__copy__", "bind", "_copy_children")
_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, tuple, frozenset, type)


def _copies_by_state(field_class: type) -> bool:
    """Whether every piece of ``field_class``'s state is built by restframe's own field code
    (so copying its attributes is a faithful copy) and it owns no child fields."""
    if getattr(field_class, "_copy_children", None) is not getattr(Field, "_copy_children", None):
        return False
    return all(
        klass.__module__ == Field.__module__
        for klass in field_class.__mro__
        if klass is not object and any(hook in klass.__dict__ for hook in _STATE_HOOKS)
    )


class _BoundTemplate:
    """A declared field, copied and bound once per serializer class, cloned per instance."""

    __slots__ = ("deep_keys", "field", "shallow_keys")

    def __init__(self, field: Any, shallow_keys: tuple[str, ...], deep_keys: tuple[str, ...]):
        self.field = field
        self.shallow_keys = shallow_keys
        self.deep_keys = deep_keys

    @classmethod
    def build(cls, name: str, declared: Any) -> _BoundTemplate | None:
        if isinstance(declared, BaseSerializer) or not _copies_by_state(type(declared)):
            return None
        field = copy.deepcopy(declared)
        try:
            field.bind(field_name=name, parent=None)
        except AssertionError:
            # Let the real ``bind`` raise, naming the serializer.
            return None
        state = field.__dict__
        if any(isinstance(value, Field) for value in state.values()):
            return None
        shallow = tuple(key for key, value in state.items() if type(value) in (list, dict))
        deep = tuple(
            key
            for key in ("default", "initial")
            if key in state
            and state[key] is not empty
            and not isinstance(state[key], _IMMUTABLE)
            and not callable(state[key])
        )
        return cls(field, shallow, deep)

    def clone(self, parent: Any) -> Any:
        """A bound copy for ``parent``: containers copied one level, mutable defaults deeply."""
        template = self.field
        state = template.__dict__.copy()
        for key in self.shallow_keys:
            state[key] = state[key].copy()
        for key in self.deep_keys:
            value = state[key]
            state[key] = copied = copy.deepcopy(value)
            if key == "default" and state.get("default_empty_html") is value:
                state["default_empty_html"] = copied
        state["parent"] = parent
        clone = object.__new__(type(template))
        clone.__dict__ = state
        return clone


class Serializer(BaseSerializer, metaclass=SerializerMetaclass):
    """A serializer made of declared fields; validates dicts and represents objects as dicts."""

    _declared_fields: ClassVar[dict[str, Any]]
    _bound_template_cache: ClassVar[tuple[Any, ...]]

    default_error_messages: ClassVar[dict[str, Any]] = {
        "invalid": _("Invalid data. Expected a dictionary, but got {datatype}.")
    }

    def set_value(self, dictionary: dict[str, Any], keys: list[str], value: Any) -> None:
        """Set ``value`` at the path ``keys`` (creating dicts); no keys merges ``value`` in."""
        _fields.set_value(dictionary, keys, value)

    @cached_property
    def fields(self) -> BindingDict:
        """The serializer's own, bound copies of its fields (edit them per instance freely)."""
        fields = BindingDict(self)
        if type(self).get_fields is not Serializer.get_fields:
            for key, value in self.get_fields().items():
                fields[key] = value
            return fields
        # Fast path for the default ``get_fields``: copy per-class templates that are already
        # bound, so neither ``__deepcopy__`` nor ``bind`` runs per instance.
        declared = self._declared_fields
        bound = fields.fields
        for name, template in self._bound_templates().items():
            if template is None:
                fields[name] = copy.deepcopy(declared[name])
            else:
                bound[name] = template.clone(self)
        return fields

    @classmethod
    def _bound_templates(cls) -> dict[str, _BoundTemplate | None]:
        """Per-class bound copies of the declared fields (``None`` where one cannot be shared).

        Rebuilt when settings change, so whatever a field derives from settings stays current,
        and when ``_declared_fields`` gains, loses or replaces a field after the class was built
        (the declared field objects are compared by identity, as cheap as a key check).
        """
        declared = cls._declared_fields
        generation = api_settings.generation
        cached = cls.__dict__.get("_bound_template_cache")
        if (
            cached is not None
            and cached[0] == generation
            and cached[1] is declared
            and len(cached[2]) == len(declared)
            and all(map(operator.is_, cached[2], declared.values()))
            and all(map(operator.eq, cached[3], declared))
        ):
            return cached[4]
        templates = {name: _BoundTemplate.build(name, field) for name, field in declared.items()}
        cls._bound_template_cache = (
            generation,
            declared,
            tuple(declared.values()),
            tuple(declared),
            templates,
        )
        return templates

    @property
    def _writable_fields(self) -> Iterator[Any]:
        for field in self.fields.values():
            if not field.read_only:
                yield field

    @property
    def _readable_fields(self) -> Iterator[Any]:
        for field in self.fields.values():
            if not field.write_only:
                yield field

    def get_fields(self) -> dict[str, Any]:
        """Fresh copies of the declared fields; override to add or change fields per instance.

        Copying restframe's own fields copies their state rather than re-running ``__init__``
        (see ``Field.__deepcopy__``), which is most of a serializer's construction cost.
        """
        return copy.deepcopy(self._declared_fields)

    def get_validators(self) -> list[Any]:
        """Serializer-level validators, from ``Meta.validators``."""
        meta = getattr(self, "Meta", None)
        validators = getattr(meta, "validators", None)
        return list(validators) if validators else []

    def get_initial(self) -> Any:
        if hasattr(self, "initial_data"):
            initial_data = self.initial_data
            # The input may be of any type; only a mapping has field values to echo.
            if not isinstance(initial_data, Mapping):
                return {}
            initial = {}
            for field_name, field in self.fields.items():
                if field.read_only:
                    continue
                value = field.get_value(initial_data)
                if value is not empty:
                    initial[field_name] = value
            return initial
        return {
            field.field_name: field.get_initial()
            for field in self.fields.values()
            if not field.read_only
        }

    def get_value(self, dictionary: Any) -> Any:
        # Nested HTML form input arrives as ``<name>.<field>`` keys.
        if html.is_html_input(dictionary):
            return html.parse_html_dict(dictionary, prefix=self.field_name or "", default=empty)
        return dictionary.get(self.field_name, empty)

    def run_validation(self, data: Any = empty) -> Any:
        """Validate the fields, then validators and ``validate()``; the errors of the latter
        two are reshaped by ``as_serializer_error``."""
        return _validate_whole(self, data)

    def _read_only_defaults(self) -> dict[str, Any]:
        defaults = {}
        for field in self.fields.values():
            if (
                field.read_only
                and field.default is not empty
                and field.source != "*"
                and "." not in field.source
            ):
                try:
                    defaults[field.source] = field.get_default()
                except SkipField:
                    continue
        return defaults

    def run_validators(self, value: Any) -> None:
        """Run ``Meta.validators``; read-only fields with defaults are visible to them."""
        if not self.validators:
            return
        if isinstance(value, dict):
            to_validate = self._read_only_defaults()
            to_validate.update(value)
        else:
            to_validate = value
        super().run_validators(to_validate)

    def _plan(self) -> list[_Step]:
        """The writable fields with what validating each needs, computed once per field set."""
        fields = self.fields
        cached = self.__dict__.get("_plan_cache")
        if cached is not None and cached[0] is fields and cached[1] == fields.version:
            return cached[2]
        if type(self)._writable_fields is Serializer._writable_fields:
            writable = [field for field in fields.values() if not field.read_only]
        else:
            writable = list(self._writable_fields)
        # A ``set_value`` override must see every value, so no direct stores then.
        direct_store = type(self).set_value is Serializer.set_value
        plan = []
        for field in writable:
            name = field.field_name
            source_attrs = field.source_attrs
            plain_get = type(field).get_value in _PLAIN_GET_VALUE
            plan.append(
                _Step(
                    field,
                    name,
                    plain_get,
                    getattr(self, "validate_" + name, None),
                    source_attrs[0] if direct_store and len(source_attrs) == 1 else None,
                    source_attrs,
                )
            )
        self.__dict__["_plan_cache"] = (fields, fields.version, plan)
        return plan

    def to_internal_value(self, data: Any) -> Any:
        """Validate each writable field of a dict; collect every field's errors."""
        if not isinstance(data, Mapping):
            message = self.error_messages["invalid"].format(datatype=type(data).__name__)
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid")

        ret: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        # Parsed JSON is a plain dict: read it directly, skipping the HTML-form branch.
        plain = type(data) is dict
        for field, name, plain_get, validate_method, key, source_attrs in self._plan():
            if plain and plain_get:
                primitive_value = data.get(name, empty)
            else:
                primitive_value = field.get_value(data)
            try:
                validated_value = field.run_validation(primitive_value)
                if validate_method is not None:
                    validated_value = validate_method(validated_value)
            except ValidationError as exc:
                errors[name] = exc.detail
            except DjangoValidationError as exc:
                errors[name] = get_error_detail(exc)
            except SkipField:
                pass
            else:
                if key is not None:
                    ret[key] = validated_value
                else:
                    self.set_value(ret, source_attrs, validated_value)
        if errors:
            raise _detail_error(errors)
        return ret

    def to_representation(self, instance: Any) -> Any:
        """Each readable field's representation of ``instance`` (``None`` stays ``None``)."""
        ret: dict[str, Any] = {}
        for field in self._readable_fields:
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            # Related fields may hand back a pk-only stand-in: ``None`` means a null relation.
            check_for_none = attribute.pk if _is_pk_only(attribute) else attribute
            if check_for_none is None:
                ret[field.field_name] = None
            else:
                ret[field.field_name] = field.to_representation(attribute)
        return ret

    def validate(self, attrs: Any) -> Any:
        """Cross-field validation hook: return the (possibly changed) data or raise."""
        return attrs

    def __repr__(self) -> str:
        return representation.serializer_repr(self, indent=1)

    # Form-like access: ``serializer["name"]`` is the field with its value and errors.

    def __iter__(self) -> Iterator[BoundField]:
        for field in self.fields.values():
            yield self[field.field_name]

    def __getitem__(self, key: str) -> BoundField:
        field = self.fields[key]
        value = self.data.get(key)
        error = self.errors.get(key) if hasattr(self, "_errors") else None
        if isinstance(field, Serializer):
            return NestedBoundField(field, value, error)
        if isinstance(field, JSONField):
            return JSONBoundField(field, value, error)
        return BoundField(field, value, error)

    @property
    def data(self) -> ReturnDict:
        return ReturnDict(super().data, serializer=self)

    @property
    def errors(self) -> ReturnDict:
        return ReturnDict(_no_data_errors(super().errors), serializer=self)


def _is_pk_only(value: Any) -> bool:
    return type(value).__name__ == "PKOnlyObject" and hasattr(value, "pk")


# ListSerializer
# --------------


class ListSerializer(BaseSerializer):
    """``many=True``: a list of items, each validated and represented by ``child``.

    Item errors are a dict keyed by the (int) index of each failing item only (DRF 3.18).
    """

    child: Any = None
    many = True
    _empty_result = list

    default_error_messages: ClassVar[dict[str, Any]] = {
        "not_a_list": _('Expected a list of items but got type "{input_type}".'),
        "empty": _("This list may not be empty."),
        "max_length": _("Ensure this field has no more than {max_length} elements."),
        "min_length": _("Ensure this field has at least {min_length} elements."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.child = kwargs.pop("child") if "child" in kwargs else copy.deepcopy(self.child)
        self.allow_empty = kwargs.pop("allow_empty", True)
        self.max_length = kwargs.pop("max_length", None)
        self.min_length = kwargs.pop("min_length", None)
        if self.child is None:
            raise AssertionError("`child` is a required argument.")
        if inspect.isclass(self.child):
            raise AssertionError("`child` has not been instantiated.")
        super().__init__(*args, **kwargs)
        self.child.bind(field_name="", parent=self)

    def get_initial(self) -> Any:
        if hasattr(self, "initial_data"):
            return self.to_representation(self.initial_data)
        return []

    def get_value(self, dictionary: Any) -> Any:
        # A list in HTML form input arrives as ``<name>[<index>]...`` keys.
        if html.is_html_input(dictionary):
            return html.parse_html_list(dictionary, prefix=self.field_name or "", default=empty)
        return dictionary.get(self.field_name, empty)

    def run_validation(self, data: Any = empty) -> Any:
        """Validate the items, then validators and ``validate()`` (errors reshaped as for
        ``Serializer``)."""
        return _validate_whole(self, data)

    def run_child_validation(self, data: Any) -> Any:
        """Validate one item; override to set ``child.instance`` per item for bulk updates."""
        return self.child.run_validation(data)

    def _fail_list(self, key: str, **kwargs: Any) -> ValidationError:
        message = self.error_messages[key]
        if kwargs:
            message = message.format(**kwargs)
        return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code=key)

    def to_internal_value(self, data: Any) -> Any:
        """Validate every item; collect the errors of the failing ones by index."""
        if html.is_html_input(data):
            data = html.parse_html_list(data, default=[])
        if not isinstance(data, list):
            raise self._fail_list("not_a_list", input_type=type(data).__name__)
        length = len(data)
        if not self.allow_empty and length == 0:
            raise self._fail_list("empty")
        if self.max_length is not None and length > self.max_length:
            raise self._fail_list("max_length", max_length=self.max_length)
        if self.min_length is not None and length < self.min_length:
            raise self._fail_list("min_length", min_length=self.min_length)

        ret = []
        errors: dict[int, Any] = {}
        run_child_validation = self.run_child_validation
        for index, item in enumerate(data):
            try:
                ret.append(run_child_validation(item))
            except ValidationError as exc:
                errors[index] = exc.detail
        if errors:
            if not api_settings.LIST_SERIALIZER_ERRORS_AS_DICT:
                warnings.warn(
                    "The list-based error format for `ListSerializer` is deprecated and will "
                    'be removed in DRF 3.20. Set `REST_FRAMEWORK["LIST_SERIALIZER_ERRORS_AS_DICT"]`'
                    " to `True` to use the dictionary-based error format.",
                    RemovedInDRF320Warning,
                    stacklevel=5,  # to_internal_value, _validate_whole, run_validation, is_valid
                )
                raise _detail_error([errors.get(index, {}) for index in range(length)])
            raise _detail_error(errors)
        return ret

    def to_representation(self, data: Any) -> Any:
        """Each item's representation; a related manager is read through ``.all()``."""
        iterable = data.all() if isinstance(data, models.manager.BaseManager) else data
        to_representation = self.child.to_representation
        return [to_representation(item) for item in iterable]

    def validate(self, attrs: Any) -> Any:
        return attrs

    def update(self, instance: Any, validated_data: Any) -> Any:
        raise NotImplementedError(
            "Serializers with many=True do not support multiple update by "
            "default, only multiple create. For updates it is unclear how to "
            "deal with insertions and deletions. If you need to support "
            "multiple update, use a `ListSerializer` class and override "
            "`.update()` so you can specify the behavior exactly."
        )

    def create(self, validated_data: Any) -> Any:
        return [self.child.create(attrs) for attrs in validated_data]

    def save(self, **kwargs: Any) -> Any:
        """Create (or, with a custom ``update``, update) every item; ``kwargs`` go to each."""
        if "commit" in kwargs:
            raise AssertionError(_SAVE_COMMIT_MESSAGE)
        validated_data = [{**attrs, **kwargs} for attrs in self.validated_data]
        self._save_validated(validated_data)
        return self.instance

    def __repr__(self) -> str:
        return representation.list_repr(self, indent=1)

    @property
    def data(self) -> ReturnList:
        return ReturnList(super().data, serializer=self)

    @property
    def errors(self) -> Any:
        errors = _no_data_errors(super().errors)
        if isinstance(errors, dict):
            return ReturnDict(errors, serializer=self)
        return ReturnList(errors, serializer=self)


_PLAIN_GET_VALUE = frozenset({Field.get_value, Serializer.get_value, ListSerializer.get_value})


def _relation_names(model: type[models.Model]) -> set[str]:
    """Names under which ``model`` reaches related objects (forward fields, reverse accessors)."""
    names = set()
    for field in model._meta.get_fields():
        if not field.is_relation:
            continue
        if field.auto_created and not field.concrete:
            accessor = field.get_accessor_name()  # type: ignore[union-attr]
            if accessor:
                names.add(accessor)
        else:
            names.add(field.name)
    return names


def raise_errors_on_nested_writes(method_name: str, serializer: Any, validated_data: Any) -> None:
    """Refuse default create/update of writable nested or dotted-source relations.

    Whether a nested write should create, update or ignore the related object is a decision the
    developer must write down in an explicit ``create()``/``update()``.
    """
    relations = _relation_names(serializer.Meta.model)
    module = type(serializer).__module__
    class_name = type(serializer).__name__
    writable = list(serializer._writable_fields)
    if any(
        isinstance(field, BaseSerializer)
        and field.source in validated_data
        and field.source in relations
        and isinstance(validated_data[field.source], (list, dict))
        for field in writable
    ):
        raise AssertionError(
            f"The `.{method_name}()` method does not support writable nested "
            f"fields by default.\nWrite an explicit `.{method_name}()` method for "
            f"serializer `{module}.{class_name}`, or set `read_only=True` on "
            "nested serializer fields."
        )
    if any(
        len(field.source_attrs) > 1
        and field.source_attrs[0] in validated_data
        and field.source_attrs[0] in relations
        and isinstance(validated_data[field.source_attrs[0]], (list, dict))
        for field in writable
    ):
        raise AssertionError(
            f"The `.{method_name}()` method does not support writable dotted-source "
            f"fields by default.\nWrite an explicit `.{method_name}()` method for "
            f"serializer `{module}.{class_name}`, or set `read_only=True` on "
            "dotted-source serializer fields."
        )
