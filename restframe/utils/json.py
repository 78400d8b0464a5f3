"""The standard library's ``json``, kept to the JSON grammar: ``NaN`` and ``Infinity`` are
refused both ways (Python writes and reads them by default, no other JSON parser does).

Imported as ``from restframe.utils import json`` (DRF's ``rest_framework.utils.json``); a caller
that wants the non-standard constants passes ``allow_nan=True`` / its own ``parse_constant``.
"""

from __future__ import annotations

import json as _json
from typing import IO, Any, NoReturn

__all__ = ["JSONDecodeError", "decode", "dump", "dumps", "load", "loads", "strict_constant"]

JSONDecodeError = _json.JSONDecodeError


def strict_constant(name: str) -> NoReturn:
    """``parse_constant`` that refuses ``NaN``, ``Infinity`` and ``-Infinity``."""
    raise ValueError(f"Out of range float values are not JSON compliant: {name!r}")


# ``json.loads`` builds a decoder (and its scanner) on every call that passes a hook such as
# ``parse_constant``; decoders hold no state, so these two are built once.
_STRICT_DECODER = _json.JSONDecoder(parse_constant=strict_constant)
_DECODER = _json.JSONDecoder()


def decode(text: str, *, strict: bool = True) -> Any:
    """``json.loads(text)`` for text, refusing ``NaN``/``Infinity`` when ``strict``: the same
    value or the same error, without building a decoder per call."""
    if text.startswith("\ufeff"):  # json.loads refuses a BOM before decoding
        raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return (_STRICT_DECODER if strict else _DECODER).decode(text)


def dump(obj: Any, fp: IO[str], **kwargs: Any) -> None:
    kwargs.setdefault("allow_nan", False)
    _json.dump(obj, fp, **kwargs)


def dumps(obj: Any, **kwargs: Any) -> str:
    kwargs.setdefault("allow_nan", False)
    return _json.dumps(obj, **kwargs)


def load(fp: IO[str] | IO[bytes], **kwargs: Any) -> Any:
    kwargs.setdefault("parse_constant", strict_constant)
    return _json.load(fp, **kwargs)


def loads(text: str | bytes | bytearray, **kwargs: Any) -> Any:
    if not kwargs and type(text) is str:
        return decode(text)
    kwargs.setdefault("parse_constant", strict_constant)
    return _json.loads(text, **kwargs)
