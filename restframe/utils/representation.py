"""Readable reprs for fields and serializers: the arguments they were declared with.

``CharField(max_length=10, required=False)`` tells a developer more than an address in memory;
reprs are stable (no ``0x...`` addresses) so they can be compared in tests and logs.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.functional import Promise

__all__ = ["field_repr", "list_repr", "manager_repr", "serializer_repr", "smart_repr"]

_MEMORY_ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]{4,32}>")


def manager_repr(value: Any) -> str:
    """``Model.objects.all()`` style text for a model manager."""
    model = value.model
    for manager in model._meta.managers:
        if manager == value:
            return f"{model._meta.object_name}.{manager.name}.all()"
    return repr(value)


def smart_repr(value: Any) -> str:
    """``repr`` without memory addresses; lazy strings shown as text, managers by name."""
    if isinstance(value, models.Manager):
        return manager_repr(value)
    if isinstance(value, Promise):
        value = force_str(value, strings_only=True)
    text = repr(value)
    if text.startswith("u'") and text.endswith("'"):
        return text[1:]
    return _MEMORY_ADDRESS.sub(">", text)


def field_repr(field: Any, force_many: Any = None) -> str:
    """``ClassName(args, key=value, ...)`` from the arguments the field was created with."""
    kwargs: dict[str, Any] = field._kwargs
    if force_many:
        kwargs = dict(kwargs)
        kwargs["many"] = True
        kwargs.pop("child", None)
    parts = [smart_repr(value) for value in field._args]
    parts.extend(f"{key}={smart_repr(kwargs[key])}" for key in sorted(kwargs))
    class_name = type(force_many if force_many else field).__name__
    return f"{class_name}({', '.join(parts)})"


def serializer_repr(serializer: Any, indent: int, force_many: Any = None) -> str:
    """A serializer and its fields, one per line, nested serializers indented."""
    lines = [field_repr(serializer, force_many) + ":"]
    pad = "    " * indent
    fields = force_many.fields if force_many else serializer.fields
    for name, field in fields.items():
        if hasattr(field, "fields"):
            text = serializer_repr(field, indent + 1)
        elif hasattr(field, "child"):
            text = list_repr(field, indent + 1)
        elif hasattr(field, "child_relation"):
            text = field_repr(field.child_relation, force_many=field.child_relation)
        else:
            text = field_repr(field)
        lines.append(f"{pad}{name} = {text}")
    if serializer.validators:
        lines.append(f"{pad}class Meta:")
        lines.append(f"{pad}    validators = {smart_repr(serializer.validators)}")
    return "\n".join(lines)


def list_repr(serializer: Any, indent: int) -> str:
    """A ``many=True`` serializer shows its child's fields; a list field shows itself."""
    child = serializer.child
    if hasattr(child, "fields"):
        return serializer_repr(serializer, indent, force_many=child)
    return field_repr(serializer)
