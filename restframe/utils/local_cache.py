"""Cheap reads of a value kept in an ``asgiref`` ``Local`` (the active time zone or language).

Django keeps the active time zone and translation in ``asgiref.local.Local`` objects. Reading
one costs a lock, a few calls and, when nothing was activated, a caught ``AttributeError``:
microseconds, several times per validation. Recent ``asgiref`` versions store a ``Local``'s
contents in a context variable holding an object that is replaced, never changed, on every
write. While the current context still holds the same object, the value read from it last time
is still the value, and a ``ContextVar.get()`` is all it takes to know.

That copy-on-write behaviour is checked once, on a private ``Local``; with any ``asgiref`` that
behaves otherwise every read goes to the ``Local`` itself, as before.
"""

from __future__ import annotations

import contextvars
import threading
from typing import Any

from asgiref.local import Local

__all__ = ["MISSING", "LocalValue"]

MISSING: Any = object()
"""What ``LocalValue.get()`` answers when the attribute is not set."""

_get_ident = threading.get_ident


def _storage_var(local: Any) -> contextvars.ContextVar[Any] | None:
    try:
        var = object.__getattribute__(local, "_storage")._data
    except AttributeError:
        return None
    return var if isinstance(var, contextvars.ContextVar) else None


def _copies_on_write() -> bool:
    """Whether ``Local`` writes put a new storage object (tagged with the thread, never changed
    afterwards) in its context variable: the property ``LocalValue`` relies on."""

    def probe() -> bool:
        local = Local()
        var = _storage_var(local)
        if var is None or var.get(None) is not None:
            return False
        local.first = 1
        before = var.get(None)
        local.second = 2
        after = var.get(None)
        return (
            before is not None
            and after is not before
            and getattr(before, "thread_id", None) == _get_ident()
            and getattr(before, "data", None) == {"first": 1}
        )

    try:
        return contextvars.copy_context().run(probe)
    except Exception:  # an asgiref we do not know: read the Locals directly
        return False


_SUPPORTED = _copies_on_write()


class LocalValue:
    """``getattr(owner.<local_name>, name, MISSING)``, remembered while the Local's storage is
    the same.

    The Local is looked up on its module each time, since Django replaces some of them (the
    active translation's, when ``LANGUAGE_CODE`` changes in tests). The cache holds the storage
    object itself (so its identity cannot be reused) and is one tuple, replaced whole, so
    threads reading and refreshing it at once stay consistent.
    """

    __slots__ = ("_cached", "_local_name", "_name", "_owner")

    def __init__(self, owner: Any, local_name: str, name: str) -> None:
        self._owner = owner
        self._local_name = local_name
        self._name = name
        # (Local, its storage variable or None, storage object, value)
        self._cached: tuple[Any, Any, Any, Any] = (None, None, None, MISSING)

    def get(self) -> Any:
        local = getattr(self._owner, self._local_name)
        cached = self._cached
        if cached[0] is local:
            var = cached[1]
        else:
            var = _storage_var(local) if _SUPPORTED else None
            cached = self._cached = (local, var, None, MISSING)
        if var is None:
            return getattr(local, self._name, MISSING)
        storage = var.get(None)
        if storage is None:
            # Nothing was ever set on this Local in this context.
            return MISSING
        if cached[2] is storage and storage.thread_id == _get_ident():
            return cached[3]
        value = getattr(local, self._name, MISSING)
        if storage.thread_id == _get_ident():
            self._cached = (local, var, storage, value)
        return value
