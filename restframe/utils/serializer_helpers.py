"""Containers that remember which serializer produced them, and the serializer's field views.

Error details and serialized output keep a back-link to their serializer so a renderer (or an
exception handler) can still reach the serializer once only the data is left. ``BindingDict``
holds a serializer's fields (binding each one as it is added); the ``BoundField`` family pairs a
field with its value and errors for form-like rendering.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import ItemsView, Iterator, KeysView, Mapping, MutableMapping, ValuesView
from typing import Any

from django.utils.encoding import force_str

__all__ = [
    "BindingDict",
    "BoundField",
    "JSONBoundField",
    "NestedBoundField",
    "ReturnDict",
    "ReturnList",
]


class ReturnDict(dict[Any, Any]):
    """A ``dict`` carrying ``.serializer``; copies and pickles keep the link."""

    def __init__(self, *args: Any, serializer: Any = None, **kwargs: Any) -> None:
        self.serializer = serializer
        super().__init__(*args, **kwargs)

    def copy(self) -> ReturnDict:
        return ReturnDict(self, serializer=self.serializer)

    def __repr__(self) -> str:
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle as a plain dict: the serializer is request-scoped state.
        return (dict, (dict(self),))

    def __or__(self, other: Any) -> Any:
        if not isinstance(other, dict):
            return NotImplemented
        merged = ReturnDict(self, serializer=self.serializer)
        merged.update(other)
        return merged

    def __ror__(self, other: Any) -> Any:
        if not isinstance(other, dict):
            return NotImplemented
        merged = ReturnDict(other, serializer=self.serializer)
        merged.update(self)
        return merged


class ReturnList(list[Any]):
    """A ``list`` carrying ``.serializer``."""

    def __init__(self, *args: Any, serializer: Any = None, **kwargs: Any) -> None:
        self.serializer = serializer
        super().__init__(*args, **kwargs)

    def __repr__(self) -> str:
        return list.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))


class BoundField:
    """A field together with its current value and errors, as a form field would have.

    Used when iterating a serializer (``for bound in serializer``), e.g. by HTML renderers.
    Attributes the bound field lacks are read from the field itself.
    """

    def __init__(self, field: Any, value: Any, errors: Any, prefix: str = "") -> None:
        self._field = field
        self._prefix = prefix
        self.value = value
        self.errors = errors
        self.name = prefix + self.field_name

    def __getattr__(self, attr_name: str) -> Any:
        return getattr(self._field, attr_name)

    @property
    def _proxy_class(self) -> type[Any]:
        return type(self._field)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} value={self.value} errors={self.errors}>"

    def as_form_field(self) -> BoundField:
        """The same bound field with a value an HTML input can show (None, False → '')."""
        value = "" if (self.value is None or self.value is False) else self.value
        return type(self)(self._field, value, self.errors, self._prefix)


class JSONBoundField(BoundField):
    """Bound ``JSONField``: its form value is the JSON text (indented, keys sorted)."""

    def as_form_field(self) -> BoundField:
        value = self.value
        # Invalid HTML-form input stays the submitted text (marked ``is_json_string``).
        if not getattr(value, "is_json_string", False):
            with contextlib.suppress(TypeError, ValueError):
                value = json.dumps(
                    self.value, sort_keys=True, indent=4, separators=(",", ": "), allow_nan=False
                )
        return type(self)(self._field, value, self.errors, self._prefix)


class NestedBoundField(BoundField):
    """Bound nested serializer: iterable and indexable like the serializer itself."""

    def __init__(self, field: Any, value: Any, errors: Any, prefix: str = "") -> None:
        if value is None or value == "" or not isinstance(value, Mapping):
            value = {}
        super().__init__(field, value, errors, prefix)

    def __iter__(self) -> Iterator[BoundField]:
        for field in self.fields.values():
            yield self[field.field_name]

    def __getitem__(self, key: str) -> BoundField:
        field = self.fields[key]
        value = self.value.get(key) if self.value else None
        error = self.errors.get(key) if isinstance(self.errors, dict) else None
        prefix = self.name + "."
        if hasattr(field, "fields"):
            return NestedBoundField(field, value, error, prefix=prefix)
        if getattr(field, "_is_jsonfield", False):
            return JSONBoundField(field, value, error, prefix=prefix)
        return BoundField(field, value, error, prefix=prefix)

    def as_form_field(self) -> BoundField:
        values: dict[str, Any] = {}
        for key, value in self.value.items():
            if isinstance(value, (list, dict)):
                values[key] = value
            else:
                values[key] = "" if (value is None or value is False) else force_str(value)
        return type(self)(self._field, values, self.errors, self._prefix)


class BindingDict(MutableMapping[str, Any]):
    """The ``fields`` mapping of a serializer: adding a field binds it to the serializer.

    ``version`` changes whenever a field is added or removed, so the serializer can cache what it
    derives from its fields (the validation plan) and notice edits made after construction.
    """

    def __init__(self, serializer: Any) -> None:
        self.serializer = serializer
        self.fields: dict[str, Any] = {}
        self.version = 0

    def __setitem__(self, key: str, field: Any) -> None:
        self.fields[key] = field
        field.bind(field_name=key, parent=self.serializer)
        self.version += 1

    def __getitem__(self, key: str) -> Any:
        return self.fields[key]

    def __delitem__(self, key: str) -> None:
        del self.fields[key]
        self.version += 1

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __contains__(self, key: object) -> bool:
        return key in self.fields

    def values(self) -> ValuesView[Any]:
        return self.fields.values()

    def items(self) -> ItemsView[str, Any]:
        return self.fields.items()

    def keys(self) -> KeysView[str]:
        return self.fields.keys()

    def __repr__(self) -> str:
        return dict.__repr__(self.fields)
