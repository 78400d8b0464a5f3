"""``install_as_rest_framework()``: make ``rest_framework`` another name for ``restframe``.

A finder at the front of ``sys.meta_path`` answers every ``rest_framework`` and
``rest_framework.<x>`` import with restframe's module of the same name, the very module object
(one ``APIView`` class, one ``api_settings``), so a third-party package's ``isinstance`` checks
and settings see restframe's. Names are mapped on demand, so a module added to restframe later
needs nothing here; a name restframe does not have fails with ``ModuleNotFoundError`` rather than
falling through to a copy of real DRF.

What follows from one module under two names:

- ``"rest_framework"`` in ``INSTALLED_APPS`` imports restframe and finds its ``AppConfig``
  (label ``restframe``): templates, translations, checks. ``"rest_framework.authtoken"`` is
  ``restframe.authtoken`` (label ``authtoken``, like DRF's). Listing a name and its alias twice is
  Django's duplicate-label error.
- Templates named ``rest_framework/...`` resolve to restframe's ``restframe/...`` through the
  ``templates/rest_framework`` link in the package, with or without the alias.

Real DRF and restframe must never serve one process under one name: if ``rest_framework`` was
already imported (and is not restframe), installing raises ``ImproperlyConfigured`` naming what
imported it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
from collections.abc import Sequence
from types import FunctionType, ModuleType
from typing import Any

from django.core.exceptions import ImproperlyConfigured

__all__ = ["AliasFinder", "install"]

ALIAS = "rest_framework"
TARGET = "restframe"


def _target_name(fullname: str) -> str | None:
    """``restframe.<x>`` for ``rest_framework.<x>``; ``None`` for any other name."""
    if fullname == ALIAS:
        return TARGET
    if fullname.startswith(ALIAS + "."):
        return TARGET + fullname[len(ALIAS) :]
    return None


class _AliasLoader(importlib.abc.Loader):
    """Loads an alias by importing the real module and handing back that same object."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._real_spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.target)
        self._real_spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The import system stamped the alias spec on the module; the module keeps its own
        # (``importlib.reload``, ``find_spec("restframe.x")`` and pickling rely on it).
        module.__spec__ = self._real_spec


class AliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``rest_framework[.<x>]`` as ``restframe[.<x>]``."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        real = _target_name(fullname)
        if real is None:
            return None
        try:
            real_spec = importlib.util.find_spec(real)
        except (ImportError, ValueError):
            real_spec = None
        if real_spec is None:
            # Not ours to find, and never real DRF's: the parent package is restframe, so the
            # path finders that come next search restframe's directory and fail cleanly.
            return None
        return importlib.machinery.ModuleSpec(
            fullname,
            _AliasLoader(real),
            is_package=real_spec.submodule_search_locations is not None,
        )


_finder = AliasFinder()
_lock = threading.Lock()


def install() -> None:
    """Alias ``rest_framework`` to ``restframe`` for the rest of the process (idempotent)."""
    import restframe

    with _lock:
        existing = sys.modules.get(ALIAS)
        if existing is not None and existing is not restframe:
            raise ImproperlyConfigured(_already_imported_message(existing))
        if _finder not in sys.meta_path:
            sys.meta_path.insert(0, _finder)
        sys.modules[ALIAS] = restframe
        # restframe modules imported so far: alias them now (the finder does the rest lazily).
        for name, module in list(sys.modules.items()):
            if name.startswith(TARGET + ".") and module is not None:
                sys.modules.setdefault(ALIAS + name[len(TARGET) :], module)


def _already_imported_message(drf: ModuleType) -> str:
    location = getattr(drf, "__file__", None) or "an unknown location"
    importers = _importers()
    who = (
        "It was imported by: " + ", ".join(importers) + "."
        if importers
        else "No module that uses it could be identified."
    )
    return (
        "restframe.install_as_rest_framework() was called after Django REST framework itself "
        f"was imported (rest_framework from {location}). {who} Call "
        "install_as_rest_framework() before anything imports rest_framework (at the top of "
        "settings.py, or in manage.py/wsgi.py/asgi.py before Django starts), so that "
        "rest_framework means restframe everywhere: two frameworks under one name must not mix."
    )


def _importers() -> list[str]:
    """Best effort: the modules (outside rest_framework) holding something from rest_framework."""
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or name == ALIAS or name.startswith(ALIAS + "."):
            continue
        try:
            values = list(vars(module).values())
        except TypeError:
            continue
        if any(_from_alias(value) for value in values):
            found.append(name)
    return sorted(found)


def _from_alias(value: Any) -> bool:
    """Whether ``value`` is a rest_framework module, class or function, or an instance of one of
    its classes (read without calling any ``__getattr__`` a lazy object may have)."""
    try:
        if isinstance(value, ModuleType):
            origin = value.__name__
        elif isinstance(value, (type, FunctionType)):
            origin = value.__module__
        else:
            origin = type(value).__module__
    except Exception:
        return False
    return isinstance(origin, str) and (origin == ALIAS or origin.startswith(ALIAS + "."))
