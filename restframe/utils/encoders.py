"""JSON conversions for the Python values that API data carries.

JSON itself knows strings, numbers, booleans, null, arrays and objects; API responses also hold
datetimes, decimals, UUIDs, lazy translations, querysets, generators and bytes. This module turns
them into JSON values exactly as Django REST framework does, so the bytes on the wire stay the
same after switching. ``JSONEncoder`` plugs into the standard library's ``json.dumps``;
``orjson_default`` is the ``default=`` hook for ``orjson.dumps`` and yields the same values.
"""

from __future__ import annotations

import datetime
import decimal
import ipaddress
import json
import uuid
from typing import Any, Final

from django.db.models.query import QuerySet
from django.utils.encoding import force_str
from django.utils.functional import Promise

__all__ = ["JSONEncoder", "iso_datetime", "orjson_default"]

# Returned by ``_to_json_value`` when no conversion applies, so each caller raises its own way.
_UNSUPPORTED: Final = object()

_IP_TYPES: Final = (
    ipaddress.IPv4Address,
    ipaddress.IPv6Address,
    ipaddress.IPv4Network,
    ipaddress.IPv6Network,
)


def iso_datetime(value: datetime.datetime) -> str:
    """``value`` in ISO 8601, UTC written the short way (``Z``) as ECMA-262 date strings do."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _to_json_value(obj: Any) -> Any:
    """A JSON-friendly stand-in for ``obj``, or ``_UNSUPPORTED``.

    The order matters: ``datetime`` is a ``date``, a ``QuerySet`` has ``__getitem__``, an IP
    network is iterable; the specific types are tried before the duck-typed fallbacks.
    """
    if isinstance(obj, Promise):
        return force_str(obj)
    if isinstance(obj, datetime.datetime):
        return iso_datetime(obj)
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    if isinstance(obj, datetime.time):
        if obj.utcoffset() is not None:
            raise ValueError("JSON can't represent timezone-aware times.")
        return obj.isoformat()
    if isinstance(obj, datetime.timedelta):
        return str(obj.total_seconds())
    if isinstance(obj, decimal.Decimal):
        # Serializer fields already turn decimals into strings when COERCE_DECIMAL_TO_STRING is
        # on; a Decimal that reaches the encoder is written as a number.
        return float(obj)
    if isinstance(obj, uuid.UUID):
        return str(obj)
    if isinstance(obj, _IP_TYPES):
        return str(obj)
    if isinstance(obj, QuerySet):
        return tuple(obj)
    if isinstance(obj, bytes):
        return obj.decode()
    if hasattr(obj, "tolist"):
        # numpy arrays and scalars, memoryview
        return obj.tolist()
    if hasattr(obj, "__getitem__"):
        container: type = list if isinstance(obj, (list, tuple)) else dict
        try:
            return container(obj)
        except Exception:
            return _UNSUPPORTED
    if hasattr(obj, "__iter__"):
        return tuple(obj)
    return _UNSUPPORTED


class JSONEncoder(json.JSONEncoder):
    """``json.JSONEncoder`` that also writes the values API data commonly holds."""

    def default(self, o: Any) -> Any:
        value = _to_json_value(o)
        if value is _UNSUPPORTED:
            return super().default(o)
        return value


def orjson_default(obj: Any) -> Any:
    """``default=`` hook for ``orjson.dumps`` with the same conversions as ``JSONEncoder``.

    orjson writes ``float`` subclasses only through this hook; they become plain floats, as the
    standard library writes them. Pass ``orjson.OPT_PASSTHROUGH_DATETIME`` so datetimes get
    DRF's format rather than orjson's own.
    """
    if isinstance(obj, float):
        return float(obj)
    value = _to_json_value(obj)
    if value is _UNSUPPORTED:
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
    return value
