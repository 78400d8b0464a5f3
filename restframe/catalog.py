"""The error catalog: every error code restframe and the project can produce.

Exception classes register themselves when they are created (``APIException.__init_subclass__``),
so a project's own subclasses are listed without any extra step. Field error messages and
validators are collected on demand. This module must stay importable before Django's settings
are configured: it imports nothing from restframe at module level.
"""

from __future__ import annotations

from typing import Any

_exception_classes: list[type[Any]] = []


def register_exception_class(cls: type[Any]) -> None:
    """Remember ``cls`` (an ``APIException`` subclass) for the catalog."""
    _exception_classes.append(cls)


def exception_classes() -> list[type[Any]]:
    """Every registered exception class, in creation order."""
    return list(_exception_classes)
