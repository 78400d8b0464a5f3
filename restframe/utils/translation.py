"""The active translation and language, read cheaply.

Every error message restframe sends is translated, so the error path asks for the active
language on each raise, and validation for the active translation on each message. Django keeps
both in an ``asgiref`` ``Local``, whose reads cost microseconds (a lock, and a caught
``AttributeError`` when nothing was activated: the largest single cost of a 404). These read it
through ``utils.local_cache.LocalValue`` and answer exactly what Django's functions answer.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from django.conf import settings
from django.utils import translation

from restframe.utils.local_cache import MISSING, LocalValue

__all__ = ["UNKNOWN", "active_translation", "get_language"]

UNKNOWN: Any = object()
"""What ``active_translation`` answers when Django's own function must be asked instead."""


@functools.cache
def _reader(trans_real: Any) -> LocalValue:
    return LocalValue(trans_real, "_active", "value")


def active_translation(function: str = "gettext") -> Any:
    """The translation object activated now (``None`` when none is), or ``UNKNOWN`` when
    Django's ``translation.<function>`` does not go through ``trans_real`` (``USE_I18N`` off,
    or translation not used yet)."""
    trans_real = sys.modules.get("django.utils.translation.trans_real")
    trans = translation._trans  # type: ignore[attr-defined]
    if trans_real is None or trans.__dict__.get(function) is not getattr(trans_real, function):
        return UNKNOWN
    active = _reader(trans_real).get()
    return None if active is MISSING else active


def get_language() -> str | None:
    """``django.utils.translation.get_language()``, the same answer at a fraction of the cost."""
    active = active_translation("get_language")
    if active is UNKNOWN:
        return translation.get_language()
    if active is not None:
        try:
            return active.to_language()
        except AttributeError:
            pass
    return settings.LANGUAGE_CODE
