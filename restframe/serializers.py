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
Where a class validates with its shared templates, each stock field in the plan is compiled into
one function (``restframe.validation_plan``), and a class that keeps ``Serializer``'s own validation
methods collects its errors without raising them per field or per item.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import operator
import traceback
import warnings
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar, NamedTuple

from asgiref.sync import sync_to_async
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from restframe import fields as _fields
from restframe import relations as _relations
from restframe.deprecation import RemovedInDRF320Warning
from restframe.exceptions import ErrorDetail, ValidationError
from restframe.fields import *  # noqa: F403  (every field class is public here, as in DRF)
from restframe.fields import (
    CreateOnlyDefault,
    CurrentUserDefault,
    Field,
    JSONField,
    SkipField,
    empty,
    get_error_detail,
)
from restframe.relations import *  # noqa: F403  (every relational field too, as in DRF)
from restframe.relations import (
    Hyperlink,
    HyperlinkedIdentityField,
    HyperlinkedRelatedField,
    PKOnlyObject,
    PrimaryKeyRelatedField,
    SlugRelatedField,
)
from restframe.settings import api_settings
from restframe.utils import html, model_meta, representation
from restframe.utils.field_mapping import (
    ClassLookupDict,
    get_field_kwargs,
    get_nested_relation_kwargs,
    get_relation_kwargs,
    get_url_kwargs,
)
from restframe.utils.field_mapping import postgres_fields as _postgres_fields
from restframe.utils.serializer_helpers import (
    BindingDict,
    BoundField,
    JSONBoundField,
    NestedBoundField,
    ReturnDict,
    ReturnList,
)
from restframe.validation_plan import SKIP, Failed, compile_field
from restframe.validators import (
    UniqueForDateValidator,
    UniqueForMonthValidator,
    UniqueForYearValidator,
    UniqueTogetherValidator,
    UniqueValidator,
)

# Module names DRF's serializers module has and third-party code imports from it.
postgres_fields = _postgres_fields
DjangoModelField = models.Field

__all__ = [
    "ALL_FIELDS",
    "LIST_SERIALIZER_KWARGS",
    "LIST_SERIALIZER_KWARGS_REMOVE",
    "BaseSerializer",
    "BindingDict",
    "BoundField",
    "CreateOnlyDefault",
    "CurrentUserDefault",
    "ErrorDetail",
    "Hyperlink",
    "HyperlinkedModelSerializer",
    "JSONBoundField",
    "ListSerializer",
    "ModelSerializer",
    "NestedBoundField",
    "PKOnlyObject",
    "ReturnDict",
    "ReturnList",
    "Serializer",
    "SerializerMetaclass",
    "SkipField",
    "UniqueForDateValidator",
    "UniqueForMonthValidator",
    "UniqueForYearValidator",
    "UniqueTogetherValidator",
    "UniqueValidator",
    "ValidationError",
    "as_serializer_error",
    "empty",
    "raise_errors_on_nested_writes",
]
__all__ += [name for name in _fields.__all__ if name not in __all__]
__all__ += [name for name in _relations.__all__ if name not in __all__]

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
        if kwargs or not _inits_as_field(type(self)):
            super().__init__(**kwargs)
        else:
            self._init_without_arguments()

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
        self._check_save(kwargs)
        validated_data = {**self.validated_data, **kwargs}
        self._save_validated(validated_data)
        return self.instance

    def _check_save(self, kwargs: Mapping[str, Any]) -> None:
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
            outcome = self._inline_outcome(self.initial_data)
            if outcome is None:
                try:
                    value, errors = self.run_validation(self.initial_data), None
                except ValidationError as exc:
                    value, errors = None, exc.detail
            else:
                value, errors = outcome
            if errors is None:
                self._validated_data = value
                self._errors = self._empty_result()
            else:
                self._validated_data = self._empty_result()
                self._errors = errors
        if self._errors and raise_exception:
            raise ValidationError(self.errors)
        return not self._errors

    def _inline_outcome(self, data: Any) -> tuple[Any, Any] | None:
        """``run_validation(data)`` as ``(value, None)`` or ``(None, errors)`` where it can be
        run without raising the errors; ``None`` where ``run_validation`` must be called."""
        return None

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

    # Async twins (restframe, beyond DRF; adrf's names). Validation and representation run
    # the sync code in Django's thread-sensitive worker (hooks and validators may query the
    # database), so they give exactly the sync results and errors.

    async def ais_valid(self, *, raise_exception: bool = False) -> bool:
        """``is_valid()`` for async code."""
        return await sync_to_async(self.is_valid, thread_sensitive=True)(
            raise_exception=raise_exception
        )

    @property
    def adata(self) -> Any:
        """``await serializer.adata``: ``data`` for async code."""
        return sync_to_async(_read_data, thread_sensitive=True)(self)

    async def ato_representation(self, instance: Any) -> Any:
        """``to_representation()`` for async code."""
        return await sync_to_async(self.to_representation, thread_sensitive=True)(instance)

    async def acreate(self, validated_data: Any) -> Any:
        """``create()`` for async code; by default runs ``create()`` in a worker thread."""
        return await sync_to_async(self.create, thread_sensitive=True)(validated_data)

    async def aupdate(self, instance: Any, validated_data: Any) -> Any:
        """``update()`` for async code; by default runs ``update()`` in a worker thread."""
        return await sync_to_async(self.update, thread_sensitive=True)(instance, validated_data)

    async def asave(self, **kwargs: Any) -> Any:
        """``save()`` for async code: ``aupdate()`` or ``acreate()`` with the same checks."""
        self._check_save(kwargs)
        validated_data = {**self.validated_data, **kwargs}
        if self.instance is not None:
            self.instance = await self.aupdate(self.instance, validated_data)
            if self.instance is None:
                raise AssertionError("`aupdate()` did not return an object instance.")
        else:
            self.instance = await self.acreate(validated_data)
            if self.instance is None:
                raise AssertionError("`acreate()` did not return an object instance.")
        return self.instance

    @property
    def validated_data(self) -> Any:
        if not hasattr(self, "_validated_data"):
            raise AssertionError("You must call `.is_valid()` before accessing `.validated_data`.")
        return self._validated_data


_FIELD_INIT = Field.__init__


def _inits_as_field(cls: type) -> bool:
    """Whether ``BaseSerializer.__init__``'s ``super().__init__()`` is ``Field.__init__`` for
    ``cls`` (no class between them in its MRO defines ``__init__``), so that a call without
    arguments may take ``Field._init_without_arguments`` instead."""
    try:
        return cls.__dict__["_restframe_inits_as_field"]
    except KeyError:
        pass
    mro = cls.__mro__
    following = mro[mro.index(BaseSerializer) + 1 :]
    owner = next(klass for klass in following if "__init__" in klass.__dict__)
    answer = owner is Field and Field.__init__ is _FIELD_INIT
    type.__setattr__(cls, "_restframe_inits_as_field", answer)
    return answer


def _read_data(serializer: Any) -> Any:
    return serializer.data


def _validate_whole(serializer: Any, data: Any) -> Any:
    """``run_validation`` of ``Serializer`` and ``ListSerializer``: the parts, then the
    validators and ``validate()``, whose errors are reshaped by ``as_serializer_error``."""
    is_empty_value, data = serializer.validate_empty_values(data)
    if is_empty_value:
        return data
    return _validate_object(serializer, serializer.to_internal_value(data))


def _validate_object(serializer: Any, value: Any) -> Any:
    """The object-level checks on validated fields: validators, then ``validate()``; their
    errors are reshaped by ``as_serializer_error``."""
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

    def __setattr__(cls, name: str, value: Any) -> None:
        if name.startswith("validate_"):
            _hook_generation[0] += 1
        super().__setattr__(name, value)

    def __delattr__(cls, name: str) -> None:
        if name.startswith("validate_"):
            _hook_generation[0] += 1
        super().__delattr__(name)


# Bumped whenever a ``validate_<field>`` hook is set on or removed from a serializer class after
# its creation, so the per-class hook names (``Serializer._field_hook``) are looked up again.
_hook_generation = [0]


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
    run: Any  # the field's compiled validation (``validation_plan``), or None


_STATE_HOOKS = ("__init__", "__new__", "__deepcopy__", "__copy__", "bind", "_copy_children")
_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, tuple, frozenset, type)
# Relational fields copy by state too (``relations._CopiedByState``): a clone of one is what its
# deep copy would be, given its own unevaluated queryset (see ``_BoundTemplate.clone``).
_OWN_FIELD_MODULES = frozenset({Field.__module__, _relations.__name__})


def _copies_by_state(field_class: type) -> bool:
    """Whether every piece of ``field_class``'s state is built by restframe's own field code
    (so copying its attributes is a faithful copy) and it owns no child fields."""
    if getattr(field_class, "_copy_children", None) is not getattr(Field, "_copy_children", None):
        return False
    return all(
        klass.__module__ in _OWN_FIELD_MODULES
        for klass in field_class.__mro__
        if klass is not object and any(hook in klass.__dict__ for hook in _STATE_HOOKS)
    )


class _BoundTemplate:
    """A declared field, copied and bound once per serializer class, cloned per instance."""

    __slots__ = ("deep_keys", "field", "own_queryset", "shallow_keys")

    def __init__(
        self,
        field: Any,
        shallow_keys: tuple[str, ...],
        deep_keys: tuple[str, ...],
        own_queryset: bool = False,
    ):
        self.field = field
        self.shallow_keys = shallow_keys
        self.deep_keys = deep_keys
        self.own_queryset = own_queryset

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
        own_queryset = isinstance(state.get("queryset"), models.QuerySet)
        return cls(field, shallow, deep, own_queryset)

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
        if self.own_queryset:
            # Each clone gets its own unevaluated queryset, so a result cache filled through
            # one serializer is never seen by another (as with a deep copy).
            state["queryset"] = state["queryset"].all()
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
        """The writable fields with what validating each needs, computed once per field set.

        Until ``fields`` is first read, a serializer whose fields are all of the simple kinds
        (``_shareable``) validates with its class's bound templates themselves: they hold the
        same state its own copies would, and validating does not change them. That spares
        cloning every field per instance (per item with ``many=True``) just to validate.
        """
        state = self.__dict__
        if "fields" not in state:
            cached = state.get("_plan_cache")
            if cached is not None and cached[0] is None:
                if not _root_partial(self):
                    return cached[2]
            else:
                plan = self._shared_plan()
                if plan is not None and not _root_partial(self):
                    state["_plan_cache"] = (None, 0, plan)
                    return plan
        fields = self.fields
        cached = state.get("_plan_cache")
        if cached is not None and cached[0] is fields and cached[1] == fields.version:
            return cached[2]
        if type(self)._writable_fields is Serializer._writable_fields:
            writable = [field for field in fields.values() if not field.read_only]
        else:
            writable = list(self._writable_fields)
        plan = self._steps(writable)
        state["_plan_cache"] = (fields, fields.version, plan)
        return plan

    def _steps(self, writable: list[Any], compiled: bool = False) -> list[_Step]:
        """The plan of ``writable``; ``compiled`` (for the class's unchanging templates only)
        adds each field's compiled validation."""
        # A ``set_value`` override must see every value, so no direct stores then.
        direct_store = type(self).set_value is Serializer.set_value
        plan = []
        for field in writable:
            name = field.field_name
            source_attrs = field.source_attrs
            plan.append(
                _Step(
                    field,
                    name,
                    type(field).get_value in _PLAIN_GET_VALUE,
                    self._field_hook(name),
                    source_attrs[0] if direct_store and len(source_attrs) == 1 else None,
                    source_attrs,
                    compile_field(field) if compiled else None,
                )
            )
        return plan

    def _shared_plan(self) -> list[_Step] | None:
        """The plan over the class's shared templates (see ``_plan``), or ``None`` when this
        class cannot validate with them.

        Worked out once per class. For a plain ``Serializer`` it is kept with what it depends
        on (the settings, the ``validate_*`` hooks, the declared fields, and ``get_fields`` and
        ``fields`` not being overridden), which is far cheaper to check per instance than
        re-deriving it; other classes (``ModelSerializer`` builds its fields from ``Meta``)
        look their templates up first and key the plan on them.
        """
        cls = type(self)
        entry = cls.__dict__.get("_restframe_shared_plan")
        if cls._class_templates is Serializer._class_templates:
            declared = self._declared_fields
            # The declared fields themselves are part of the key (fields compare by identity),
            # so one put in ``_declared_fields`` or taken out of it after first use is seen.
            key: Any = (
                api_settings.generation,
                _hook_generation[0],
                cls.get_fields,
                cls.fields,
                declared,
                tuple(declared.values()),
                tuple(declared),
            )
            shared: Any = empty
        else:
            shared = self._shared_writable()
            key = (_hook_generation[0], shared)
        # Compared item by item: identical objects (the usual case) compare equal at once.
        if entry is None or entry[0] != key:
            if shared is empty:
                shared = self._shared_writable()
            names: frozenset[str]
            if shared is None:
                steps, names, hooked = None, frozenset(), False
            else:
                hooks = self._hook_names()
                names = frozenset("validate_" + field.field_name for field in shared)
                hooked = hooks is None or not names.isdisjoint(hooks)
                steps = self._steps(shared, compiled=True)
            entry = (key, steps, names, hooked)
            type.__setattr__(cls, "_restframe_shared_plan", entry)
        steps = entry[1]
        # The hooks are bound per instance; one set on the instance itself is found too.
        if steps is not None and (entry[3] or not entry[2].isdisjoint(self.__dict__)):
            return [step._replace(validate_method=self._field_hook(step.name)) for step in steps]
        return steps

    def _class_templates(self) -> tuple[dict[str, Any], dict[str, _BoundTemplate | None]] | None:
        """The per-class fields ``fields`` copies and their templates (``None`` where a field
        is deep-copied instead), or ``None`` when ``fields`` is built another way (an
        overridden ``get_fields`` or ``fields``)."""
        cls = type(self)
        if cls.get_fields is not Serializer.get_fields or cls.fields is not Serializer.fields:
            return None
        return self._declared_fields, self._bound_templates()

    def _shared_writable(self) -> list[Any] | None:
        """The writable template fields, when every one of them may validate for any
        instance of the class (see ``_plan``); ``None`` otherwise."""
        found = self._class_templates()
        if found is None:
            return None
        built, templates = found
        cls = type(self)
        cached = cls.__dict__.get("_restframe_shared_writable")
        if cached is not None and cached[0] is templates:
            return cached[1]
        writable: list[Any] | None = None
        if cls._writable_fields is Serializer._writable_fields:
            writable = []
            for name, template in templates.items():
                if template is None:
                    # Copied per instance (a nested serializer, say): fine when read-only,
                    # since validating never reads it.
                    if not built[name].read_only:
                        writable = None
                        break
                elif not template.field.read_only:
                    writable.append(template.field)
            if writable is not None and not all(map(_shareable, writable)):
                writable = None
        type.__setattr__(cls, "_restframe_shared_writable", (templates, writable))
        return writable

    def _hook_names(self) -> frozenset[str] | None:
        """The ``validate_*`` names the class has (``None``: any name may answer)."""
        cls = type(self)
        generation = _hook_generation[0]
        hooks = cls.__dict__.get("_field_hook_names")
        if hooks is None or hooks[0] != generation:
            names = frozenset(a for a in dir(cls) if a.startswith("validate_"))
            # ``__getattr__`` could answer any name: then every name is asked for.
            hooks = (generation, None if hasattr(cls, "__getattr__") else names)
            type.__setattr__(cls, "_field_hook_names", hooks)
        return hooks[1]

    def _field_hook(self, name: str) -> Any:
        """``getattr(self, "validate_<name>", None)``, without the failed attribute look-up
        (an exception inside ``getattr``) for the fields that have no hook, which is most."""
        attr = "validate_" + name
        names = self._hook_names()
        if names is not None and attr not in names and attr not in self.__dict__:
            return None
        return getattr(self, attr, None)

    def to_internal_value(self, data: Any) -> Any:
        """Validate each writable field of a dict; collect every field's errors."""
        if not isinstance(data, Mapping):
            message = self.error_messages["invalid"].format(datatype=type(data).__name__)
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]}, code="invalid")
        ret, errors = self._validate_fields(data)
        if errors:
            raise _detail_error(errors)
        return ret

    def _validate_fields(self, data: Mapping[Any, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The body of ``to_internal_value`` for a mapping: the validated values and the errors
        (empty when there are none), returned rather than raised."""
        ret: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        # Parsed JSON is a plain dict: read it directly, skipping the HTML-form branch.
        plain = type(data) is dict
        for field, name, plain_get, validate_method, key, source_attrs, run in self._plan():
            if plain and plain_get:
                primitive_value = data.get(name, empty)
            else:
                primitive_value = field.get_value(data)
            try:
                if run is None:
                    validated_value = field.run_validation(primitive_value)
                else:
                    # The compiled validation returns its failure rather than raising it.
                    validated_value = run(primitive_value)
                    if type(validated_value) is Failed:
                        errors[name] = validated_value.detail
                        continue
                    if validated_value is SKIP:
                        continue
                if validate_method is not None:
                    validated_value = validate_method(validated_value)
            except ValidationError as exc:
                errors[name] = exc.detail
                continue
            except DjangoValidationError as exc:
                errors[name] = get_error_detail(exc)
                continue
            except SkipField:
                continue
            if key is not None:
                ret[key] = validated_value
            else:
                self.set_value(ret, source_attrs, validated_value)
        return ret, errors

    def _inline_outcome(self, data: Any) -> tuple[Any, Any] | None:
        """``run_validation(data)`` as ``(value, None)`` or ``(None, errors)``; ``None`` where
        ``run_validation`` must be called instead.

        Where the class keeps ``Serializer``'s own ``run_validation``, ``validate_empty_values``
        and ``to_internal_value`` (checked per call, so a patched method is seen), a mapping
        is validated without raising and catching the field errors on the way: invalid input
        is ordinary for an API, and ``many=True`` pays that once per failing item.
        ``run_validators`` and ``validate`` are called as ``run_validation`` calls them.
        """
        cls = type(self)
        if (
            cls.run_validation is not Serializer.run_validation
            or cls.to_internal_value is not Serializer.to_internal_value
            or cls.validate_empty_values is not Field.validate_empty_values
            or self.read_only
            # Parsed JSON is a plain dict; the ABC check is for everything else.
            or (type(data) is not dict and not isinstance(data, Mapping))
        ):
            return None
        value, errors = self._validate_fields(data)
        if errors:
            return None, errors
        try:
            return _validate_object(self, value), None
        except ValidationError as exc:
            return None, exc.detail

    def _output_plan(self) -> list[tuple[Any, str, str | None, Any]]:
        """The readable fields as ``(field, name, attribute or None, to_representation)``,
        computed once per field set. ``attribute`` is set where the field reads one plain
        attribute with ``Field.get_attribute``, so it can be read directly (see below)."""
        fields = self.fields
        cached = self.__dict__.get("_output_plan_cache")
        if cached is not None and cached[0] is fields and cached[1] == fields.version:
            return cached[2]
        if type(self)._readable_fields is Serializer._readable_fields:
            readable = [field for field in fields.values() if not field.write_only]
        else:
            readable = list(self._readable_fields)
        plan = []
        for field in readable:
            source_attrs = field.source_attrs
            direct = (
                source_attrs[0]
                if type(field).get_attribute is Field.get_attribute and len(source_attrs) == 1
                else None
            )
            plan.append((field, field.field_name, direct, field.to_representation))
        self.__dict__["_output_plan_cache"] = (fields, fields.version, plan)
        return plan

    def to_representation(self, instance: Any) -> Any:
        """Each readable field's representation of ``instance`` (``None`` stays ``None``)."""
        ret: dict[str, Any] = {}
        # A field reading one attribute of an object is read here, as ``get_attribute`` would:
        # a missing related object is ``None``; callables and failures take the field's path.
        by_attribute = not isinstance(instance, Mapping)
        for field, name, attr, to_representation in self._output_plan():
            if attr is not None and by_attribute:
                try:
                    attribute = getattr(instance, attr)
                except ObjectDoesNotExist:
                    ret[name] = None
                    continue
                except (KeyError, AttributeError) as exc:
                    try:
                        attribute = field._missing_attribute(instance, exc)
                    except SkipField:
                        continue
                else:
                    if callable(attribute):
                        try:
                            attribute = field.get_attribute(instance)
                        except SkipField:
                            continue
            else:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
            # Related fields may hand back a pk-only stand-in: ``None`` means a null relation.
            if attribute is None or (isinstance(attribute, PKOnlyObject) and attribute.pk is None):
                ret[name] = None
            else:
                ret[name] = to_representation(attribute)
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


def _root_partial(field: Any) -> bool:
    node = field
    while node.parent is not None:
        node = node.parent
    return bool(getattr(node, "partial", False))


# Field classes whose validation reads only the field's own state (never ``parent``, ``root``
# beyond the ``partial`` flag, or ``context``) and changes none of it: a template of one of
# these exact classes validates like the serializer's own copy would.
_SHAREABLE_TYPES = frozenset(
    {
        _fields.BooleanField,
        _fields.CharField,
        _fields.EmailField,
        _fields.RegexField,
        _fields.SlugField,
        _fields.URLField,
        _fields.UUIDField,
        _fields.IPAddressField,
        _fields.IntegerField,
        _fields.FloatField,
        _fields.DecimalField,
        _fields.DateTimeField,
        _fields.DateField,
        _fields.TimeField,
        _fields.DurationField,
        _fields.ChoiceField,
        PrimaryKeyRelatedField,
        SlugRelatedField,
    }
)


def _shareable(field: Any) -> bool:
    """Whether a bound template may validate for every instance of its serializer class: a
    simple field class, an immutable default (or none), and no validator that reads the
    field's context."""
    if type(field) not in _SHAREABLE_TYPES:
        return False
    default = field.default
    # A mutable default would be handed out as is to every instance's ``validated_data``
    # (each copy of the field has its own); a callable one may need the field's context.
    if default is not empty and (callable(default) or not isinstance(default, _IMMUTABLE)):
        return False
    validators = field.__dict__.get("_validators", ())
    return not any(getattr(validator, "requires_context", False) for validator in validators)


def _is_pk_only(value: Any) -> bool:
    return isinstance(value, PKOnlyObject)


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
        inline = getattr(self.child, "_inline_outcome", None)
        if type(self).run_child_validation is not ListSerializer.run_child_validation:
            inline = None
        for index, item in enumerate(data):
            # The child's own ``run_validation`` without an exception raised and caught per
            # failing item, where it allows (``Serializer._inline_outcome``).
            outcome = None if inline is None else inline(item)
            if outcome is None:
                try:
                    ret.append(run_child_validation(item))
                except ValidationError as exc:
                    errors[index] = exc.detail
            elif outcome[1] is None:
                ret.append(outcome[0])
            else:
                errors[index] = outcome[1]
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

    async def asave(self, **kwargs: Any) -> Any:
        """``save()`` for async code: ``acreate()`` (or a custom ``aupdate()``) of every item."""
        if "commit" in kwargs:
            raise AssertionError(_SAVE_COMMIT_MESSAGE)
        validated_data = [{**attrs, **kwargs} for attrs in self.validated_data]
        if self.instance is not None:
            self.instance = await self.aupdate(self.instance, validated_data)
            if self.instance is None:
                raise AssertionError("`aupdate()` did not return an object instance.")
        else:
            self.instance = await self.acreate(validated_data)
            if self.instance is None:
                raise AssertionError("`acreate()` did not return an object instance.")
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


# ModelSerializer & HyperlinkedModelSerializer
# --------------------------------------------

_NESTED_CREATE_TYPE_ERROR = (
    "Got a `TypeError` when calling `{model}.{manager}.create()`. This may be because you "
    "have a writable field on the serializer class that is not a valid argument to "
    "`{model}.{manager}.create()`. You may need to make the field read-only, or override "
    "the {serializer}.create() method to handle this correctly.\n"
    "Original exception was:\n {traceback}"
)

# ``Meta.extra_kwargs`` keys a read-only field cannot take.
_READ_ONLY_DROPPED_KWARGS = (
    "required",
    "default",
    "allow_blank",
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "validators",
    "queryset",
)

# The keyword arguments a ``ChoiceField`` built for a model field with choices accepts.
_CHOICE_FIELD_KWARGS = frozenset(
    {
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
        "validators",
        "allow_null",
        "allow_blank",
        "choices",
    }
)

# The hooks that decide a model serializer's fields: while a class keeps ModelSerializer's own,
# its fields depend only on the class, the model and the settings, so they are built once.
_FIELD_BUILDING_HOOKS = (
    "get_fields",
    "get_field_names",
    "get_default_field_names",
    "get_extra_kwargs",
    "include_extra_kwargs",
    "get_uniqueness_extra_kwargs",
    "get_unique_together_constraints",
    "_get_model_fields",
    "build_field",
    "build_standard_field",
    "build_relational_field",
    "build_nested_field",
    "build_property_field",
    "build_url_field",
    "build_unknown_field",
)


class ModelSerializer(Serializer):
    """A serializer whose fields, validators, ``create()`` and ``update()`` come from a model.

    ``Meta.model`` names the model and ``Meta.fields`` (or ``Meta.exclude``) the fields; each
    model field becomes the serializer field ``serializer_field_mapping`` names, with
    arguments derived from the model field (``utils.field_mapping``). ``unique``,
    ``unique_together``, ``UniqueConstraint`` and ``unique_for_*`` become validators.

    The default ``create()`` and ``update()`` do not write nested serializers: how a nested
    write should touch related rows is for the developer to decide.
    """

    serializer_field_mapping: ClassVar[dict[type, type[Field]]] = {
        models.AutoField: _fields.IntegerField,
        models.BigAutoField: _fields.BigIntegerField,
        models.BigIntegerField: _fields.BigIntegerField,
        models.BooleanField: _fields.BooleanField,
        models.CharField: _fields.CharField,
        models.CommaSeparatedIntegerField: _fields.CharField,
        models.DateField: _fields.DateField,
        models.DateTimeField: _fields.DateTimeField,
        models.DecimalField: _fields.DecimalField,
        models.DurationField: _fields.DurationField,
        models.EmailField: _fields.EmailField,
        models.Field: _fields.ModelField,
        models.FileField: _fields.FileField,
        models.FloatField: _fields.FloatField,
        models.ImageField: _fields.ImageField,
        models.IntegerField: _fields.IntegerField,
        models.PositiveIntegerField: _fields.IntegerField,
        models.PositiveSmallIntegerField: _fields.IntegerField,
        models.SlugField: _fields.SlugField,
        models.SmallIntegerField: _fields.IntegerField,
        models.TextField: _fields.CharField,
        models.TimeField: _fields.TimeField,
        models.URLField: _fields.URLField,
        models.UUIDField: _fields.UUIDField,
        models.GenericIPAddressField: _fields.IPAddressField,
        models.FilePathField: _fields.FilePathField,
        models.JSONField: _fields.JSONField,
    }
    if hasattr(models, "NullBooleanField"):  # pragma: no cover - removed from Django
        serializer_field_mapping[models.NullBooleanField] = _fields.BooleanField
    if _postgres_fields is not None:  # pragma: no branch
        serializer_field_mapping[_postgres_fields.ArrayField] = _fields.ListField
        serializer_field_mapping[_postgres_fields.HStoreField] = _fields.HStoreField
    serializer_related_field: ClassVar[type[Field]] = PrimaryKeyRelatedField
    serializer_related_to_field: ClassVar[type[Field]] = SlugRelatedField
    serializer_url_field: ClassVar[type[Field]] = HyperlinkedIdentityField
    serializer_choice_field: ClassVar[type[Field]] = _fields.ChoiceField

    # The name of the identity URL field; ``None`` means the ``URL_FIELD_NAME`` setting.
    url_field_name: str | None = None

    Meta: Any

    # Default `create` and `update` behavior...

    def create(self, validated_data: Any) -> Any:
        """Create the model instance; many-to-many values are set once it has a primary key.

        The row and its many-to-many links are written in one transaction, so a failing
        ``set()`` leaves no half-created row behind.
        """
        raise_errors_on_nested_writes("create", self, validated_data)
        model_class = self.Meta.model
        info = model_meta.get_field_info(model_class)
        many_to_many = {
            name: validated_data.pop(name)
            for name, relation in info.relations.items()
            if relation.to_many and name in validated_data
        }
        manager = model_class._default_manager
        # Only a write with many-to-many values has two steps that must succeed together.
        with _all_or_nothing(manager.db) if many_to_many else contextlib.nullcontext():
            try:
                instance = manager.create(**validated_data)
            except TypeError as exc:
                message = _NESTED_CREATE_TYPE_ERROR.format(
                    model=model_class.__name__,
                    manager=manager.name,
                    serializer=type(self).__name__,
                    traceback=traceback.format_exc(),
                )
                raise TypeError(message) from exc
            for name, value in many_to_many.items():
                getattr(instance, name).set(value)
        return instance

    def update(self, instance: Any, validated_data: Any) -> Any:
        """Set each attribute and save; many-to-many values are set after the save (their
        signals may change the instance, which must not collide with ``save()``)."""
        raise_errors_on_nested_writes("update", self, validated_data)
        info = model_meta.get_field_info(instance)
        relations = info.relations
        m2m_fields = []
        for attr, value in validated_data.items():
            relation = relations.get(attr)
            if relation is not None and relation.to_many:
                m2m_fields.append((attr, value))
            else:
                setattr(instance, attr, value)
        if m2m_fields:
            with _all_or_nothing(router.db_for_write(type(instance), instance=instance)):
                instance.save()
                for attr, value in m2m_fields:
                    getattr(instance, attr).set(value)
        else:
            instance.save()
        return instance

    # Determine the fields to apply...

    def get_fields(self) -> dict[str, Any]:
        """The serializer's fields: declared ones plus those built from the model.

        While the class keeps ModelSerializer's own field-building hooks, the result depends
        only on the class, so it is built once per class (and settings generation) and each
        serializer gets copies; a class that overrides a hook is built per instance, as DRF
        does.
        """
        if not _builds_fields_per_class(type(self)):
            return self._build_fields()
        return copy.deepcopy(self._class_fields()[0])

    @cached_property
    def fields(self) -> BindingDict:
        """The serializer's own, bound copies of its fields (edit them per instance freely).

        With the default hooks, per-class bound templates are cloned: neither model
        introspection, ``__init__``, ``__deepcopy__`` nor ``bind`` runs per instance for
        restframe's own field classes.
        """
        cls = type(self)
        if cls.get_fields is not ModelSerializer.get_fields or not _builds_fields_per_class(cls):
            return Serializer.fields.func(self)  # type: ignore[attr-defined]
        built, templates = self._class_fields()
        fields = BindingDict(self)
        bound = fields.fields
        for name, template in templates.items():
            if template is None:
                fields[name] = copy.deepcopy(built[name])
            else:
                bound[name] = template.clone(self)
        return fields

    def _class_templates(self) -> tuple[dict[str, Any], dict[str, _BoundTemplate | None]] | None:
        cls = type(self)
        if (
            cls.get_fields is not ModelSerializer.get_fields
            or cls.fields is not ModelSerializer.fields
            or not _builds_fields_per_class(cls)
        ):
            return None
        return self._class_fields()

    def _class_fields(self) -> tuple[dict[str, Any], dict[str, _BoundTemplate | None]]:
        """The fields built once for this class, and their bound templates.

        Rebuilt when settings change, or when what they are built from (``Meta``, the model's
        fields and relations, the declared fields) is replaced.
        """
        cls = type(self)
        declared = cls._declared_fields
        meta = getattr(cls, "Meta", None)
        model = getattr(meta, "model", None)
        info = None
        if hasattr(model, "_meta") and not model_meta.is_abstract_model(model):
            info = model_meta.get_field_info(model)
        generation = api_settings.generation
        # Compared by identity: cheap, and a changed Meta, model or declared field is a new
        # object. The Meta options are compared by value, so editing them in place (tests do)
        # is seen as DRF would see it.
        key = (meta, info, declared, *declared.values())
        options = _meta_options(meta)
        cached = cls.__dict__.get("_restframe_model_fields")
        if (
            cached is None
            or cached[0] != generation
            or len(cached[1]) != len(key)
            or any(map(operator.is_not, cached[1], key))
            or cached[5] != options
        ):
            built = self._build_fields()
            templates = {name: _BoundTemplate.build(name, field) for name, field in built.items()}
            cached = (
                generation,
                key,
                built,
                templates,
                self.url_field_name,
                copy.deepcopy(options),
            )
            type.__setattr__(cls, "_restframe_model_fields", cached)
        elif self.url_field_name is None:
            self.url_field_name = cached[4]
        return cached[2], cached[3]

    def _build_fields(self) -> dict[str, Any]:
        """DRF's ``get_fields`` algorithm, calling every overridable hook."""
        if self.url_field_name is None:
            self.url_field_name = api_settings.URL_FIELD_NAME
        class_name = type(self).__name__
        if not hasattr(self, "Meta"):
            raise AssertionError(f'Class {class_name} missing "Meta" attribute')
        if not hasattr(self.Meta, "model"):
            raise AssertionError(f'Class {class_name} missing "Meta.model" attribute')
        if model_meta.is_abstract_model(self.Meta.model):
            raise ValueError("Cannot use ModelSerializer with Abstract Models.")

        declared_fields = copy.deepcopy(self._declared_fields)
        model = self.Meta.model
        depth = getattr(self.Meta, "depth", 0)
        if depth is not None:
            if depth < 0:
                raise AssertionError("'depth' may not be negative.")
            if depth > 10:
                raise AssertionError("'depth' may not be greater than 10.")

        info = model_meta.get_field_info(model)
        field_names = self.get_field_names(declared_fields, info)

        extra_kwargs = self.get_extra_kwargs()
        extra_kwargs, hidden_fields = self.get_uniqueness_extra_kwargs(
            field_names, declared_fields, extra_kwargs
        )

        # ``None`` cannot be ``.set()`` on a to-many manager: refuse it now, not at save time.
        for field_name, declared in declared_fields.items():
            relation = info.relations.get(field_name)
            if relation is not None and relation.to_many and declared.default is None:
                raise ValueError(
                    f"The field '{field_name}' on serializer '{class_name}' is a ManyToMany "
                    "field and cannot have a default value of None."
                )

        fields: dict[str, Any] = {}
        for field_name in field_names:
            if field_name in declared_fields:
                fields[field_name] = declared_fields[field_name]
                continue
            extra_field_kwargs = extra_kwargs.get(field_name, {})
            source = extra_field_kwargs.get("source", "*")
            if source == "*":
                source = field_name
            field_class, field_kwargs = self.build_field(source, info, model, depth)
            field_kwargs = self.include_extra_kwargs(field_kwargs, extra_field_kwargs)
            fields[field_name] = field_class(**field_kwargs)
        fields.update(hidden_fields)
        return fields

    # Methods for determining the set of field names to include...

    def get_field_names(self, declared_fields: Mapping[str, Any], info: Any) -> Sequence[str]:
        """The names listed in ``Meta.fields``, or the defaults minus ``Meta.exclude``."""
        fields = getattr(self.Meta, "fields", None)
        exclude = getattr(self.Meta, "exclude", None)
        class_name = type(self).__name__

        if fields and fields != ALL_FIELDS and not isinstance(fields, (list, tuple)):
            raise TypeError(
                'The `fields` option must be a list or tuple or "__all__". '
                f"Got {type(fields).__name__}."
            )
        if exclude and not isinstance(exclude, (list, tuple)):
            raise TypeError(
                f"The `exclude` option must be a list or tuple. Got {type(exclude).__name__}."
            )
        if fields and exclude:
            raise AssertionError(
                f"Cannot set both 'fields' and 'exclude' options on serializer {class_name}."
            )
        if fields is None and exclude is None:
            # DRF raises this message wrapped in a one-element tuple; kept as observed.
            raise AssertionError(
                (
                    "Creating a ModelSerializer without either the 'fields' attribute or the "
                    "'exclude' attribute has been deprecated since 3.3.0, and is now "
                    "disallowed. Add an explicit fields = '__all__' to the "
                    f"{class_name} serializer.",
                )
            )

        if fields == ALL_FIELDS:
            fields = None

        if fields is not None:
            # Every field declared on this class (not on a parent: a subclass may narrow
            # ``fields``) must be listed.
            required_field_names = set(declared_fields)
            for base in type(self).__bases__:
                required_field_names -= set(getattr(base, "_declared_fields", ()))
            for field_name in required_field_names:
                if field_name not in fields:
                    raise AssertionError(
                        f"The field '{field_name}' was declared on serializer {class_name}, "
                        "but has not been included in the 'fields' option."
                    )
            return fields

        fields = self.get_default_field_names(declared_fields, info)
        if exclude is not None:
            for field_name in exclude:
                if field_name in self._declared_fields:
                    raise AssertionError(
                        f"Cannot both declare the field '{field_name}' and include it in the "
                        f"{class_name} 'exclude' option. Remove the field or, if inherited "
                        f"from a parent serializer, disable with `{field_name} = None`."
                    )
                if field_name not in fields:
                    raise AssertionError(
                        f"The field '{field_name}' was included on serializer {class_name} "
                        "in the 'exclude' option, but does not match any model field."
                    )
                fields.remove(field_name)
        return fields

    def get_default_field_names(
        self, declared_fields: Mapping[str, Any], model_info: Any
    ) -> list[str]:
        """``'__all__'``: the primary key, the declared fields, the model's fields and its
        forward relations (reverse relations only when listed explicitly)."""
        return [
            model_info.pk.name,
            *declared_fields,
            *model_info.fields,
            *model_info.forward_relations,
        ]

    # Methods for constructing serializer fields...

    def build_field(
        self, field_name: str, info: Any, model_class: Any, nested_depth: int
    ) -> tuple[Any, dict[str, Any]]:
        """The field class and arguments for a name in ``Meta.fields`` that was not declared."""
        if field_name in info.fields_and_pk:
            return self.build_standard_field(field_name, info.fields_and_pk[field_name])
        if field_name in info.relations:
            relation_info = info.relations[field_name]
            if not nested_depth:
                return self.build_relational_field(field_name, relation_info)
            return self.build_nested_field(field_name, relation_info, nested_depth)
        if hasattr(model_class, field_name):
            return self.build_property_field(field_name, model_class)
        if field_name == self.url_field_name:
            return self.build_url_field(field_name, model_class)
        return self.build_unknown_field(field_name, model_class)

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[Any, dict[str, Any]]:
        """A plain model field: the class from ``serializer_field_mapping``."""
        field_class = _class_lookup(type(self))[model_field]
        field_kwargs = get_field_kwargs(field_name, model_field)

        # A one-to-one primary key (multi-table inheritance, profiles) is a relation.
        if model_field.one_to_one and model_field.primary_key:
            field_class = self.serializer_related_field
            field_kwargs["queryset"] = model_field.related_model._default_manager

        if "choices" in field_kwargs:
            field_class = self.serializer_choice_field
            field_kwargs = {
                key: value for key, value in field_kwargs.items() if key in _CHOICE_FIELD_KWARGS
            }

        if not issubclass(field_class, _fields.ModelField):
            field_kwargs.pop("model_field", None)
        if not issubclass(field_class, (_fields.CharField, _fields.ChoiceField)):
            field_kwargs.pop("allow_blank", None)

        if isinstance(model_field, models.JSONField) or (
            _postgres_fields is not None
            and isinstance(model_field, getattr(_postgres_fields, "JSONField", ()))
        ):
            field_kwargs["encoder"] = getattr(model_field, "encoder", None)
            field_kwargs["decoder"] = getattr(model_field, "decoder", None)

        if _postgres_fields is not None and isinstance(model_field, _postgres_fields.ArrayField):
            child_class, child_kwargs = self.build_standard_field("child", model_field.base_field)
            field_kwargs["child"] = child_class(**child_kwargs)
        return field_class, field_kwargs

    def build_relational_field(
        self, field_name: str, relation_info: Any
    ) -> tuple[Any, dict[str, Any]]:
        """A relation: ``serializer_related_field``, or ``serializer_related_to_field`` when
        the foreign key targets a non-primary-key column (``to_field``)."""
        field_class: Any = self.serializer_related_field
        field_kwargs = get_relation_kwargs(field_name, relation_info)
        to_field = field_kwargs.pop("to_field", None)
        if (
            to_field
            and not relation_info.reverse
            and not relation_info.related_model._meta.get_field(to_field).primary_key
        ):
            field_kwargs["slug_field"] = to_field
            field_class = self.serializer_related_to_field
        # Only hyperlinked relations take a view name.
        if not issubclass(field_class, HyperlinkedRelatedField):
            field_kwargs.pop("view_name", None)
        return field_class, field_kwargs

    def build_nested_field(
        self, field_name: str, relation_info: Any, nested_depth: int
    ) -> tuple[Any, dict[str, Any]]:
        """A relation within ``Meta.depth``: a read-only nested model serializer."""
        return _nested_serializer(ModelSerializer, relation_info, nested_depth)

    def build_property_field(self, field_name: str, model_class: Any) -> tuple[Any, dict[str, Any]]:
        """A model attribute or method that is not a field: output only."""
        return _fields.ReadOnlyField, {}

    def build_url_field(self, field_name: str, model_class: Any) -> tuple[Any, dict[str, Any]]:
        """The identity URL (``url_field_name``) of each object."""
        return self.serializer_url_field, get_url_kwargs(model_class)

    def build_unknown_field(self, field_name: str, model_class: Any) -> tuple[Any, dict[str, Any]]:
        """A name in ``Meta.fields`` that is neither declared nor on the model."""
        cls = type(self)
        raise ImproperlyConfigured(
            f"Field name `{field_name}` is not valid for model `{model_class.__name__}` "
            f"in `{cls.__module__}.{cls.__name__}`."
        )

    def include_extra_kwargs(
        self, kwargs: dict[str, Any], extra_kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        """Merge ``Meta.extra_kwargs`` (and ``read_only_fields``) into the built arguments."""
        if extra_kwargs.get("read_only", False):
            for attr in _READ_ONLY_DROPPED_KWARGS:
                kwargs.pop(attr, None)
        if extra_kwargs.get("default") and kwargs.get("required") is False:
            kwargs.pop("required")
        if extra_kwargs.get("read_only", kwargs.get("read_only", False)):
            # A read-only field never takes ``required``.
            extra_kwargs.pop("required", None)
        kwargs.update(extra_kwargs)
        return kwargs

    # Methods for determining additional keyword arguments to apply...

    def get_extra_kwargs(self) -> dict[str, Any]:
        """``Meta.extra_kwargs`` with ``Meta.read_only_fields`` folded in (a fresh copy)."""
        extra_kwargs = copy.deepcopy(getattr(self.Meta, "extra_kwargs", {}))
        read_only_fields = getattr(self.Meta, "read_only_fields", None)
        if read_only_fields is not None:
            if not isinstance(read_only_fields, (list, tuple)):
                raise TypeError(
                    "The `read_only_fields` option must be a list or tuple. "
                    f"Got {type(read_only_fields).__name__}."
                )
            for field_name in read_only_fields:
                kwargs = extra_kwargs.get(field_name, {})
                kwargs["read_only"] = True
                extra_kwargs[field_name] = kwargs
        elif hasattr(self.Meta, "readonly_fields"):
            # The Django admin's spelling, an easy slip.
            cls = type(self)
            raise AssertionError(
                f"Serializer `{cls.__module__}.{cls.__name__}` has field `readonly_fields`; "
                "the correct spelling for the option is `read_only_fields`."
            )
        return extra_kwargs

    def get_uniqueness_extra_kwargs(
        self,
        field_names: Sequence[str],
        declared_fields: Mapping[str, Any],
        extra_kwargs: dict[str, Any],
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Make the fields of uniqueness checks required (or defaulted), since a validator
        cannot check a set it does not see; a field left out of the serializer but with a
        default becomes a ``HiddenField``."""
        if getattr(self.Meta, "validators", None) is not None:
            return extra_kwargs, {}

        model = self.Meta.model
        model_info = model_meta.get_field_info(model)
        names: set[str] = set()
        for model_field in model_info.fields.values():
            names |= {
                model_field.unique_for_date,
                model_field.unique_for_month,
                model_field.unique_for_year,
            }
        names.discard(None)
        # The model columns the serializer writes (through ``source`` too) must cover a
        # whole rule, condition included, for it to apply.
        model_fields = self._get_model_fields(field_names, declared_fields, extra_kwargs)
        for (
            unique_fields,
            _queryset,
            condition_fields,
            *_rest,
        ) in self.get_unique_together_constraints(model):
            together = set(unique_fields) | set(condition_fields)
            if together.issubset(model_fields):
                names |= together

        hidden_fields: dict[str, Any] = {}
        uniqueness_extra_kwargs: dict[str, dict[str, Any]] = {}
        for name in sorted(names, key=_field_order(model)):
            model_field = model._meta.get_field(name)
            default: Any
            if getattr(model_field, "auto_now_add", None):
                default = _fields.CreateOnlyDefault(timezone.now)
            elif getattr(model_field, "auto_now", None):
                default = timezone.now
            elif model_field.has_default():
                default = model_field.default
            elif model_field.null:
                default = None
            elif model_field.blank and isinstance(model_field, models.CharField | models.TextField):
                # An omitted blank text column is stored as "", so "" is what the check compares.
                default = ""
            else:
                default = empty

            if name in model_fields:
                if default is empty:
                    uniqueness_extra_kwargs[name] = {"required": True}
                else:
                    uniqueness_extra_kwargs[name] = {"default": default}
            elif default is not empty:
                hidden_fields[name] = _fields.HiddenField(default=default)

        for key, value in uniqueness_extra_kwargs.items():
            if key in extra_kwargs:
                value.update(extra_kwargs[key])
            extra_kwargs[key] = value
        return extra_kwargs, hidden_fields

    def _get_model_fields(
        self,
        field_names: Sequence[str],
        declared_fields: Mapping[str, Any],
        extra_kwargs: Mapping[str, Any],
    ) -> dict[str, Any]:
        """The model fields the serializer's fields write to, keyed by model field name."""
        model = self.Meta.model
        model_fields = {}
        for field_name in field_names:
            if field_name in declared_fields:
                field = declared_fields[field_name]
                source = field.source or field_name
            else:
                try:
                    source = extra_kwargs[field_name]["source"]
                except KeyError:
                    source = field_name
            if "." in source or source == "*":
                continue
            try:
                model_field = model._meta.get_field(source)
            except FieldDoesNotExist:
                continue
            if isinstance(model_field, models.Field):
                model_fields[source] = model_field
        return model_fields

    # Determine the validators to apply...

    def get_validators(self) -> list[Any]:
        """``Meta.validators`` if set; otherwise the model's uniqueness checks."""
        validators = getattr(getattr(self, "Meta", None), "validators", None)
        if validators is not None:
            return list(validators)
        return self.get_unique_together_validators() + self.get_unique_for_date_validators()

    def get_unique_together_constraints(self, model: Any) -> Iterator[tuple[Any, ...]]:
        """Each multi-column uniqueness rule of ``model`` (and its parents), as
        ``(fields, queryset, condition_fields, condition, nulls_distinct, constraint)``.

        ``unique_together`` sets have no constraint object; a single-column
        ``UniqueConstraint`` appears here only with a ``condition`` (the unconditional one is
        a ``UniqueValidator`` on the field).
        """
        for parent_class in [model, *model._meta.parents]:
            for unique_together in parent_class._meta.unique_together:
                yield unique_together, model._default_manager, [], None, None, None
            for constraint in parent_class._meta.constraints:
                if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
                    continue
                if len(constraint.fields) == 1 and constraint.condition is None:
                    continue
                if constraint.condition is None:
                    condition_fields: list[str] = []
                else:
                    condition_fields = list(_q_field_names(constraint.condition))
                yield (
                    constraint.fields,
                    model._default_manager,
                    condition_fields,
                    constraint.condition,
                    getattr(constraint, "nulls_distinct", None),
                    constraint,
                )

    def get_unique_together_validators(self) -> list[Any]:
        """A ``UniqueTogetherValidator`` for each rule whose columns are all writable (or
        read-only with a default) fields of this serializer."""
        constraints = list(self.get_unique_together_constraints(self.Meta.model))
        if not constraints:
            return []
        fields = self.fields
        field_sources = {
            field.field_name: field.source
            for field in self._writable_fields
            if field.source != "*" and "." not in field.source
        }
        # Read-only fields with defaults take part too (their value is known).
        field_sources.update(
            {
                field.field_name: field.source
                for field in fields.values()
                if field.read_only
                and field.default is not empty
                and field.source != "*"
                and "." not in field.source
            }
        )
        source_map: dict[str, list[str]] = defaultdict(list)
        for name, source in field_sources.items():
            source_map[source].append(name)

        validators = []
        for (
            unique_together,
            queryset,
            condition_fields,
            condition,
            nulls_distinct,
            constraint,
        ) in constraints:
            sources = set(unique_together) | set(condition_fields)
            if not set(source_map).issuperset(sources):
                continue
            for source in sources:
                if len(source_map[source]) != 1:
                    raise AssertionError(
                        f"Unable to create `UniqueTogetherValidator` for "
                        f"`{self.Meta.model.__name__}.{source}` as `{type(self).__name__}` has "
                        f"multiple fields ({', '.join(source_map[source])}) that map to this "
                        "model field. Either remove the extra fields, or override "
                        "`Meta.validators` with a `UniqueTogetherValidator` using the desired "
                        "field names."
                    )
            message, code = self._get_constraint_violation_error_message(constraint)
            validators.append(
                UniqueTogetherValidator(
                    queryset=queryset,
                    fields=tuple(source_map[name][0] for name in unique_together),
                    condition_fields=tuple(source_map[name][0] for name in condition_fields),
                    condition=condition,
                    message=message,
                    code=code,
                    nulls_distinct=nulls_distinct,
                )
            )
        return validators

    def _get_constraint_violation_error_message(self, constraint: Any) -> tuple[Any, Any]:
        """A constraint's own ``violation_error_message``/``code``, or ``None`` for the
        validator's defaults."""
        if constraint is None:
            return None, None
        message = None
        custom = getattr(constraint, "violation_error_message", None)
        if custom is not None and custom != getattr(
            constraint, "default_violation_error_message", None
        ):
            message = constraint.get_violation_error_message()
        return message, getattr(constraint, "violation_error_code", None)

    def get_unique_for_date_validators(self) -> list[Any]:
        """A ``UniqueFor{Date,Month,Year}Validator`` for each ``unique_for_*`` model field on
        this serializer."""
        info = model_meta.get_field_info(self.Meta.model)
        dated = [
            (name, field)
            for name, field in info.fields.items()
            if field.unique_for_date or field.unique_for_month or field.unique_for_year
        ]
        if not dated:
            return []
        default_manager = self.Meta.model._default_manager
        field_names = {
            field.source
            for field in self.fields.values()
            if field.source != "*" and "." not in field.source
        }
        validators: list[Any] = []
        for field_name, field in dated:
            if field_name not in field_names:
                continue
            for option, validator_class in (
                ("unique_for_date", UniqueForDateValidator),
                ("unique_for_month", UniqueForMonthValidator),
                ("unique_for_year", UniqueForYearValidator),
            ):
                date_field = getattr(field, option)
                if date_field:
                    validators.append(
                        validator_class(
                            queryset=default_manager, field=field_name, date_field=date_field
                        )
                    )
        return validators


class HyperlinkedModelSerializer(ModelSerializer):
    """A model serializer that links: an identity ``url`` field instead of the primary key,
    and relations as ``HyperlinkedRelatedField`` (``<model>-detail`` view names)."""

    serializer_related_field: ClassVar[type[Field]] = HyperlinkedRelatedField

    def get_default_field_names(
        self, declared_fields: Mapping[str, Any], model_info: Any
    ) -> list[str]:
        """``'__all__'``: the URL field instead of the primary key."""
        return [
            str(self.url_field_name),
            *declared_fields,
            *model_info.fields,
            *model_info.forward_relations,
        ]

    def build_nested_field(
        self, field_name: str, relation_info: Any, nested_depth: int
    ) -> tuple[Any, dict[str, Any]]:
        """A relation within ``Meta.depth``: a read-only nested hyperlinked serializer."""
        return _nested_serializer(HyperlinkedModelSerializer, relation_info, nested_depth)


_META_OPTIONS = (
    "model",
    "fields",
    "exclude",
    "read_only_fields",
    "readonly_fields",
    "extra_kwargs",
    "depth",
    "validators",
)


def _meta_options(meta: Any) -> tuple[Any, ...]:
    """A snapshot of the ``Meta`` options fields are built from, compared by value (one level
    deep: lists become tuples, ``extra_kwargs`` dicts are copied, values compared as they are).
    """
    snapshot: list[Any] = []
    for name in _META_OPTIONS:
        value = getattr(meta, name, None)
        if isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, dict):
            value = {
                key: dict(item) if isinstance(item, dict) else item for key, item in value.items()
            }
        snapshot.append(value)
    return tuple(snapshot)


def _all_or_nothing(using: str | None) -> Any:
    """A transaction around a multi-step write.

    Inside an existing atomic block (``ATOMIC_REQUESTS``, tests) it joins that block without a
    savepoint, so no extra statement is sent: a failure marks the whole block for rollback.
    """
    in_block = transaction.get_connection(using).in_atomic_block
    return transaction.atomic(using=using, savepoint=not in_block)


def _builds_fields_per_class(cls: type) -> bool:
    """Whether ``cls`` keeps every field-building hook of (Hyperlinked)ModelSerializer."""
    try:
        return cls.__dict__["_restframe_fields_per_class"]
    except KeyError:
        pass
    answer = all(
        getattr(cls, hook)
        in (getattr(ModelSerializer, hook), getattr(HyperlinkedModelSerializer, hook))
        for hook in _FIELD_BUILDING_HOOKS
    )
    type.__setattr__(cls, "_restframe_fields_per_class", answer)
    return answer


def _class_lookup(cls: type) -> ClassLookupDict:
    """``serializer_field_mapping`` as a ``ClassLookupDict``, kept per class and mapping."""
    mapping = cls.serializer_field_mapping  # type: ignore[attr-defined]
    cached = cls.__dict__.get("_restframe_field_lookup")
    if cached is None or cached.mapping is not mapping:
        cached = ClassLookupDict(mapping)
        type.__setattr__(cls, "_restframe_field_lookup", cached)
    return cached


def _field_order(model: Any) -> Any:
    """Sort key putting model field names in the model's field order (stable output)."""
    order = {field.name: index for index, field in enumerate(model._meta.get_fields())}
    return lambda name: order.get(name, len(order))


def _q_field_names(q: Any) -> Iterator[str]:
    """The model field names a ``Q`` condition refers to (first part of each lookup)."""
    for child in q.children:
        if isinstance(child, Q):
            yield from _q_field_names(child)
        elif isinstance(child, tuple):
            yield child[0].split(LOOKUP_SEP, 1)[0]


def _nested_serializer(
    base: type[ModelSerializer], relation_info: Any, nested_depth: int
) -> tuple[Any, dict[str, Any]]:
    """``build_nested_field``'s answer: a ``base`` subclass for the related model, one level
    shallower (named ``NestedSerializer``, as DRF's ``repr`` shows it)."""

    class NestedSerializer(base):  # type: ignore[valid-type,misc]
        class Meta:
            model = relation_info.related_model
            depth = nested_depth - 1
            fields = "__all__"

    return NestedSerializer, get_nested_relation_kwargs(relation_info)
