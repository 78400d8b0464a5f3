"""Relational fields: how a serializer shows and accepts references to other model instances.

A relation is written out as the related object's primary key, a slug, its ``__str__`` or a
hyperlink, and read back by looking the object up in the field's ``queryset``. Declaring
``many=True`` wraps the field in a ``ManyRelatedField`` that applies it to each item of a list.
Messages, codes and query counts match Django REST framework 3.18; input DRF lets escape as a
server error (an infinite float as a primary key, an unparsable URL) is answered with the
field's own 400 message instead.

Writing a primary key needs no query: when a field only shows the related object's pk, it is
read from the foreign key column (``PKOnlyObject``) instead of loading the related row.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Manager
from django.db.models.query import QuerySet
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, resolve
from django.utils.encoding import smart_str, uri_to_iri
from django.utils.translation import gettext_lazy as _

from restframe.exceptions import ErrorDetail, ValidationError
from restframe.fields import (
    Field,
    empty,
    get_attribute,
    get_error_detail,
    is_simple_callable,
    iter_options,
)
from restframe.reverse import reverse
from restframe.settings import api_settings
from restframe.utils import html

__all__ = [
    "MANY_RELATION_KWARGS",
    "Hyperlink",
    "HyperlinkedIdentityField",
    "HyperlinkedRelatedField",
    "ManyRelatedField",
    "ObjectTypeError",
    "ObjectValueError",
    "PKOnlyObject",
    "PrimaryKeyRelatedField",
    "RelatedField",
    "SlugRelatedField",
    "StringRelatedField",
    "method_overridden",
]


class ObjectValueError(ValueError):
    """A hyperlink's lookup value was rejected by the database field (a ``ValueError``)."""


class ObjectTypeError(TypeError):
    """A hyperlink's lookup value had a type the database field cannot take."""


def method_overridden(method_name: str, klass: type, instance: Any) -> bool:
    """Whether ``instance``'s class replaces ``klass``'s ``method_name``."""
    method = getattr(klass, method_name)
    default_method = getattr(method, "__func__", method)
    return default_method is not getattr(instance, method_name).__func__


class Hyperlink(str):
    """A URL that remembers the object it points to.

    It is a plain ``str`` for renderers and JSON; the browsable API uses ``obj`` and ``name``
    to show the link with a readable label.
    """

    is_hyperlink = True
    obj: Any

    def __new__(cls, url: str, obj: Any) -> Hyperlink:
        instance = super().__new__(cls, url)
        instance.obj = obj
        return instance

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        # Pickle (the cache) keeps the label, not the model instance.
        return (str(self), self.name)

    @property
    def name(self) -> str:
        """The label of the link: the object's ``str``."""
        return str(self.obj)


class PKOnlyObject:
    """Stands in for a related instance when only its primary key is needed.

    Reading ``book.author_id`` costs nothing; reading ``book.author`` costs a query.
    """

    def __init__(self, pk: Any) -> None:
        self.pk = pk

    def __str__(self) -> str:
        return str(self.pk)


# The arguments ``many=True`` hands to the ``ManyRelatedField`` as well as to the child.
MANY_RELATION_KWARGS = (
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
    "html_cutoff",
    "html_cutoff_text",
)

_QUERYSET_REQUIRED = (
    "Relational field must provide a `queryset` argument, override `get_queryset`, "
    "or set read_only=`True`."
)
_QUERYSET_READ_ONLY = (
    "Relational fields should not provide a `queryset` argument, when setting read_only=`True`."
)


def _shown(value: Any) -> Any:
    """``value`` for an error message: as text, or described when it cannot be written out.

    Python refuses to write integers of more than 4300 digits (``ValueError``), and deeply
    nested lists overflow the stack; both come from hostile input and must not become a 500.
    (Over HTTP the JSON parser already refuses both; a serializer fed directly may not.)
    """
    try:
        return smart_str(value)
    except (ValueError, RecursionError):
        if isinstance(value, int):
            return f"<integer of {value.bit_length()} bits>"
        return f"<{type(value).__name__} too large to show>"


def _about_item(exc: ValidationError, index: int) -> ValidationError:
    """``exc`` with each message marked as about item ``index`` (``ErrorDetail.item``), so that
    problem details point at ``#/tags/2``; the body keeps DRF's flat list of messages."""
    detail = exc.detail
    if not isinstance(detail, list) or not all(isinstance(m, ErrorDetail) for m in detail):
        return exc
    marked = []
    for message in detail:
        copy_ = ErrorDetail(message, message.code)  # the child's may be shared: mark a copy
        copy_.item = index
        marked.append(copy_)
    return ValidationError(marked)


def _django_error(exc: DjangoValidationError) -> ValidationError:
    """The model field's own conversion failed (a malformed UUID): its message and code.

    DRF lets Django's error escape the field, and its serializer reports it with this detail.
    """
    return ValidationError(get_error_detail(exc))


# --- copying ------------------------------------------------------------------------------------

# Fields are deep-copied for every serializer instance. DRF rebuilds each copy by calling
# ``__init__`` again with deep-copied arguments (the queryset included); restframe's own relation
# classes build all their state in ``__init__`` from those arguments, so a copy of that state is
# the same field at a fraction of the cost. Subclasses that define their own ``__init__`` (or other
# state hooks) are rebuilt as DRF does, since they may keep state we cannot see.
_STATE_HOOKS = ("__init__", "__new__", "__deepcopy__", "bind", "_copy_children")
_OWN_MODULES = frozenset({Field.__module__, __name__})
_COPY_ATTR = "_restframe_relation_copies_by_state"
_IMMUTABLE = (type(None), bool, int, float, str, bytes, tuple, frozenset, type)


def _copies_by_state(cls: type) -> bool:
    """Whether every state hook of ``cls`` is restframe's own (answered once per class)."""
    try:
        return cls.__dict__[_COPY_ATTR]
    except KeyError:
        pass
    answer = all(
        klass.__module__ in _OWN_MODULES
        for klass in cls.__mro__
        if klass is not object and any(hook in klass.__dict__ for hook in _STATE_HOOKS)
    )
    setattr(cls, _COPY_ATTR, answer)
    return answer


def _fresh(value: Any, memo: dict[int, Any]) -> Any:
    """A copy of a declared ``default``/``initial`` that no other serializer shares."""
    if isinstance(value, _IMMUTABLE) or value is empty or callable(value):
        return value
    return copy.deepcopy(value, memo)


class _CopiedByState(Field):
    """Deep copies made from the field's attributes instead of by re-running ``__init__``."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        cls = type(self)
        if not _copies_by_state(cls):
            return self._rebuild(memo)
        state = self.__dict__.copy()
        unbound = state.pop("_unbound_state", None)
        if unbound is not None:
            # A bound field's copy starts unbound, with the label and source it was declared with.
            state.update(unbound)
            state.pop("source_attrs", None)
        state["field_name"] = None
        state["parent"] = None
        for key, value in state.items():
            if type(value) in (dict, list):
                state[key] = value.copy()
        if "default" in state:
            default = state["default"]
            state["default"] = copied = _fresh(default, memo)
            if state.get("default_empty_html") is default:
                state["default_empty_html"] = copied
        if "initial" in state:
            state["initial"] = _fresh(state["initial"], memo)
        queryset = state.get("queryset")
        if isinstance(queryset, QuerySet):
            # Each copy gets its own unevaluated queryset, so a result cache filled through one
            # serializer is never seen by another (what DRF's deep copy guarantees).
            state["queryset"] = queryset.all()
        new = object.__new__(cls)
        new.__dict__ = state
        new._copy_children(memo)
        return new


def _cutoff_from_settings() -> int | None:
    cutoff = api_settings.HTML_SELECT_CUTOFF
    return None if cutoff is None else int(cutoff)


class RelatedField(_CopiedByState):
    """Base of the relational fields: a ``queryset`` to look related objects up in.

    Writable fields need a ``queryset`` (or an overridden ``get_queryset``); read-only fields
    must not have one. Subclasses implement ``to_internal_value`` and ``to_representation``.
    """

    queryset: Any = None
    html_cutoff: int | None = None
    html_cutoff_text: Any = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # ``many=True`` builds a ManyRelatedField around an instance of this class.
        if kwargs.pop("many", False):
            return cls.many_init(*args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, **kwargs: Any) -> None:
        self.queryset = kwargs.pop("queryset", self.queryset)
        self.html_cutoff = kwargs.pop("html_cutoff", _cutoff_from_settings())
        self.html_cutoff_text = kwargs.pop(
            "html_cutoff_text", self.html_cutoff_text or _(api_settings.HTML_SELECT_CUTOFF_TEXT)
        )
        read_only = kwargs.get("read_only")
        if (
            self.queryset is None
            and not read_only
            and not method_overridden("get_queryset", RelatedField, self)
        ):
            raise AssertionError(_QUERYSET_REQUIRED)
        if self.queryset is not None and read_only:
            raise AssertionError(_QUERYSET_READ_ONLY)
        kwargs.pop("many", None)
        kwargs.pop("allow_empty", None)
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> ManyRelatedField:
        """Build the ``ManyRelatedField`` for ``many=True``.

        Every argument configures the child; those in ``MANY_RELATION_KWARGS`` configure the
        list field too. Override to split them differently.
        """
        list_kwargs: dict[str, Any] = {"child_relation": cls(*args, **kwargs)}
        for key, value in kwargs.items():
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = value
        return ManyRelatedField(**list_kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        # A blank form input means "no related object": '' is treated as null.
        if data == "":
            data = None
        return super().run_validation(data)

    def get_queryset(self) -> Any:
        """The objects input may refer to, re-evaluated on every call (``.all()``)."""
        queryset = self.queryset
        if isinstance(queryset, (QuerySet, Manager)):
            # A queryset declared on the class is evaluated once and cached; a fresh one per
            # use keeps newly created objects visible.
            queryset = queryset.all()
        return queryset

    def use_pk_only_optimization(self) -> bool:
        """Whether ``to_representation`` needs only the related object's primary key."""
        return False

    def get_attribute(self, instance: Any) -> Any:
        source_attrs = self.source_attrs
        if self.use_pk_only_optimization() and source_attrs:
            # The foreign key column holds the pk: no query for the related row.
            try:
                attribute_instance = (
                    get_attribute(instance, source_attrs[:-1])
                    if len(source_attrs) > 1
                    else instance
                )
                value = attribute_instance.serializable_value(source_attrs[-1])
                if is_simple_callable(value):
                    # ``source`` names a method returning the related object.
                    value = value()
                # A method or ``@property`` source yields the object itself: keep its pk.
                return PKOnlyObject(pk=getattr(value, "pk", value))
            except AttributeError:
                pass
        return super().get_attribute(instance)

    def get_choices(self, cutoff: int | None = None) -> dict[Any, Any]:
        """``{representation: display text}`` for the queryset, at most ``cutoff`` items."""
        queryset = self.get_queryset()
        if queryset is None:
            # A read-only field has nothing to choose from.
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {self.to_representation(item): self.display_value(item) for item in queryset}

    @property
    def choices(self) -> dict[Any, Any]:
        return self.get_choices()

    @property
    def grouped_choices(self) -> dict[Any, Any]:
        return self.choices

    def iter_options(self) -> Iterator[Any]:
        """The ``<select>`` options of an HTML form, cut off after ``html_cutoff`` items."""
        return iter_options(
            self.get_choices(cutoff=self.html_cutoff),
            cutoff=self.html_cutoff,
            cutoff_text=self.html_cutoff_text,
        )

    def display_value(self, instance: Any) -> str:
        """The label of ``instance`` in an HTML ``<select>``."""
        return str(instance)


class StringRelatedField(RelatedField):
    """Read-only: the related object's ``__str__``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return str(value)


class PrimaryKeyRelatedField(RelatedField):
    """The related object's primary key, optionally converted by ``pk_field``."""

    # DRF repeats Field's "required" message here; it is inherited instead, so that the error
    # catalog lists that message once, under ``Field``.
    default_error_messages: ClassVar[dict[str, Any]] = {
        "does_not_exist": _('Invalid pk "{pk_value}" - object does not exist.'),
        "incorrect_type": _("Incorrect type. Expected pk value, received {data_type}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        self.pk_field = kwargs.pop("pk_field", None)
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return True

    def to_internal_value(self, data: Any) -> Any:
        if self.pk_field is not None:
            data = self.pk_field.to_internal_value(data)
        queryset = self.get_queryset()
        try:
            if isinstance(data, bool):
                # ``True == 1``: a boolean would silently select the object with pk 1.
                raise TypeError
            return queryset.get(pk=data)
        except ObjectDoesNotExist:
            self.fail("does_not_exist", pk_value=_shown(data))
        except (TypeError, ValueError, OverflowError, RecursionError):
            # OverflowError: ``float("inf")`` as an integer pk; RecursionError: Django walks
            # nested lists in a lookup value. DRF answers both with a 500.
            self.fail("incorrect_type", data_type=type(data).__name__)
        except DjangoValidationError as exc:
            raise _django_error(exc) from None

    def to_representation(self, value: Any) -> Any:
        if self.pk_field is not None:
            return self.pk_field.to_representation(value.pk)
        return value.pk


class SlugRelatedField(RelatedField):
    """A unique field of the related object (``slug_field``), such as a username or slug."""

    default_error_messages: ClassVar[dict[str, Any]] = {
        "does_not_exist": _("Object with {slug_name}={value} does not exist."),
        "invalid": _("Invalid value."),
    }

    def __init__(self, slug_field: str | None = None, **kwargs: Any) -> None:
        if slug_field is None:
            raise AssertionError("The `slug_field` argument is required.")
        self.slug_field = slug_field
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        queryset = self.get_queryset()
        try:
            return queryset.get(**{self.slug_field: data})
        except ObjectDoesNotExist:
            self.fail("does_not_exist", slug_name=self.slug_field, value=_shown(data))
        except (TypeError, ValueError, OverflowError, RecursionError):
            self.fail("invalid")
        except DjangoValidationError as exc:
            raise _django_error(exc) from None

    def to_representation(self, obj: Any) -> Any:
        slug = self.slug_field
        if "__" in slug:
            # ``slug_field="author__username"`` follows relations, as the lookup does.
            for part in slug.split("__"):
                obj = getattr(obj, part)
            return obj
        return getattr(obj, slug)


_UNRESOLVABLE = (
    'Could not resolve URL for hyperlinked relationship using view name "{view_name}". You may '
    "have failed to include the related model in your API, or incorrectly configured the "
    "`lookup_field` attribute on this field."
)
_UNRESOLVABLE_VALUE = (
    " WARNING: The value of the field on the model instance was {value}, which may be why it "
    "didn't match any entries in your URL conf."
)
_REQUEST_REQUIRED = (
    "`{class_name}` requires the request in the serializer context. Add "
    "`context={{'request': request}}` when instantiating the serializer."
)


class HyperlinkedRelatedField(RelatedField):
    """A link to the related object's ``view_name`` URL; input URLs are resolved back to it.

    Input may be absolute (any host: only the path is matched) or relative to the site root.
    """

    lookup_field = "pk"
    view_name: str | None = None

    default_error_messages: ClassVar[dict[str, Any]] = {
        "no_match": _("Invalid hyperlink - No URL match."),
        "incorrect_match": _("Invalid hyperlink - Incorrect URL match."),
        "does_not_exist": _("Invalid hyperlink - Object does not exist."),
        "incorrect_type": _("Incorrect type. Expected URL string, received {data_type}."),
    }

    def __init__(self, view_name: str | None = None, **kwargs: Any) -> None:
        if view_name is not None:
            self.view_name = view_name
        if self.view_name is None:
            raise AssertionError("The `view_name` argument is required.")
        self.lookup_field = kwargs.pop("lookup_field", self.lookup_field)
        self.lookup_url_kwarg = kwargs.pop("lookup_url_kwarg", self.lookup_field)
        self.format = kwargs.pop("format", None)
        # An attribute so that subclasses and tests can swap the reversal.
        self.reverse = reverse
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return self.lookup_field == "pk"

    def get_object(self, view_name: str, view_args: Any, view_kwargs: dict[str, Any]) -> Any:
        """The object a resolved URL points to; override for multi-argument lookups."""
        lookup_value = view_kwargs[self.lookup_url_kwarg]
        queryset = self.get_queryset()
        try:
            return queryset.get(**{self.lookup_field: lookup_value})
        except ValueError as exc:
            raise ObjectValueError(str(exc)) from exc
        except TypeError as exc:
            raise ObjectTypeError(str(exc)) from exc

    def get_url(self, obj: Any, view_name: str, request: Any, format: str | None) -> str | None:
        """The URL of ``obj``, or ``None`` for an unsaved object (it has no URL yet)."""
        if hasattr(obj, "pk") and obj.pk in (None, ""):
            return None
        lookup_value = getattr(obj, self.lookup_field)
        kwargs = {self.lookup_url_kwarg: lookup_value}
        return self.reverse(view_name, kwargs=kwargs, request=request, format=format)

    def get_name(self, obj: Any) -> str:
        """The label of a link to ``obj``."""
        return str(obj)

    def to_internal_value(self, data: Any) -> Any:
        request = self.context.get("request")
        if not isinstance(data, str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            if data.startswith(("http:", "https:")):
                # Only the path matters: a link may name another host (a proxy, a CDN).
                path = urlparse(data).path
                prefix = get_script_prefix()
                if path.startswith(prefix):
                    path = "/" + path[len(prefix) :]
                data = path
            data = uri_to_iri(unquote(data))
            match = resolve(data)
        except (Resolver404, ValueError):
            # ValueError: an unparsable URL ("http://[::1"), or one Django cannot resolve.
            self.fail("no_match")

        expected_viewname = self.view_name
        scheme = getattr(request, "versioning_scheme", None)
        if scheme is not None:
            with contextlib.suppress(AttributeError):
                expected_viewname = scheme.get_versioned_viewname(self.view_name, request)
        if match.view_name != expected_viewname:
            self.fail("incorrect_match")

        try:
            return self.get_object(match.view_name, match.args, match.kwargs)
        except (ObjectDoesNotExist, ObjectValueError, ObjectTypeError, OverflowError):
            self.fail("does_not_exist")
        except DjangoValidationError as exc:
            # The URL's value is not valid for the lookup field (a malformed UUID).
            raise _django_error(exc) from None

    def to_representation(self, value: Any) -> Any:
        context = self.context
        if "request" not in context:
            raise AssertionError(_REQUEST_REQUIRED.format(class_name=type(self).__name__))
        request = context["request"]
        format = context.get("format")
        # The field's own format wins only over a different format chosen by the request.
        if format and self.format and self.format != format:
            format = self.format
        try:
            url = self.get_url(value, self.view_name, request, format)  # type: ignore[arg-type]
        except NoReverseMatch:
            message = _UNRESOLVABLE.format(view_name=self.view_name)
            if isinstance(value, str) and value == "":
                message += _UNRESOLVABLE_VALUE.format(value="the empty string")
            elif value is None:
                message += _UNRESOLVABLE_VALUE.format(value="None")
            raise ImproperlyConfigured(message) from None
        if url is None:
            return None
        return Hyperlink(url, value)


class HyperlinkedIdentityField(HyperlinkedRelatedField):
    """Read-only link to the object being serialized itself (its ``url`` field)."""

    def __init__(self, view_name: str | None = None, **kwargs: Any) -> None:
        if view_name is None:
            raise AssertionError("The `view_name` argument is required.")
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(view_name, **kwargs)

    def use_pk_only_optimization(self) -> bool:
        # The whole object is at hand already; nothing to save.
        return False


class ManyRelatedField(_CopiedByState):
    """A list of relations, each shown and validated by ``child_relation``.

    Built by ``many=True`` on a relational field. The first invalid item stops validation, and
    its error is the field's error (items are not keyed by index, unlike ``ListField``).
    """

    initial: Any = []
    default_empty_html: Any = []
    default_error_messages: ClassVar[dict[str, Any]] = {
        "not_a_list": _('Expected a list of items but got type "{input_type}".'),
        "empty": _("This list may not be empty."),
    }
    html_cutoff: int | None = None
    html_cutoff_text: Any = None

    def __init__(self, child_relation: Any = None, *args: Any, **kwargs: Any) -> None:
        self.child_relation = child_relation
        self.allow_empty = kwargs.pop("allow_empty", True)
        self.html_cutoff = kwargs.pop("html_cutoff", _cutoff_from_settings())
        self.html_cutoff_text = kwargs.pop(
            "html_cutoff_text", self.html_cutoff_text or _(api_settings.HTML_SELECT_CUTOFF_TEXT)
        )
        if child_relation is None:
            raise AssertionError("`child_relation` is a required argument.")
        super().__init__(*args, **kwargs)
        self.child_relation.bind(field_name="", parent=self)

    def _copy_children(self, memo: dict[int, Any]) -> None:
        child = copy.deepcopy(self.child_relation, memo)
        child.bind(field_name="", parent=self)
        self.child_relation = child

    def get_value(self, dictionary: Any) -> Any:
        # Form data repeats the key for each item (``?tags=1&tags=2``).
        if html.is_html_input(dictionary):
            if self.field_name not in dictionary and getattr(self.root, "partial", False):
                return empty
            return dictionary.getlist(self.field_name)
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        child = self.child_relation
        values = []
        for index, item in enumerate(data):
            try:
                values.append(child.to_internal_value(item))
            except ValidationError as exc:
                raise _about_item(exc, index) from None
        return values

    def get_attribute(self, instance: Any) -> Any:
        # An unsaved instance cannot have many-to-many relations yet (and asking raises).
        if hasattr(instance, "pk") and instance.pk is None:
            return []
        relationship = super().get_attribute(instance)
        return relationship.all() if hasattr(relationship, "all") else relationship

    def to_representation(self, iterable: Iterable[Any]) -> Any:
        child = self.child_relation
        return [child.to_representation(value) for value in iterable]

    def get_choices(self, cutoff: int | None = None) -> dict[Any, Any]:
        return self.child_relation.get_choices(cutoff)

    @property
    def choices(self) -> dict[Any, Any]:
        return self.get_choices()

    @property
    def grouped_choices(self) -> dict[Any, Any]:
        return self.choices

    def iter_options(self) -> Iterator[Any]:
        """The ``<select multiple>`` options, cut off after ``html_cutoff`` items."""
        return iter_options(
            self.get_choices(cutoff=self.html_cutoff),
            cutoff=self.html_cutoff,
            cutoff_text=self.html_cutoff_text,
        )
