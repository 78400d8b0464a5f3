"""System checks: configuration mistakes fail at startup, not on the first request."""

from __future__ import annotations

import inspect
from collections.abc import Collection, Iterator
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.core.checks import Error, Tags, Warning, register
from django.db import connections
from django.urls import URLPattern, URLResolver, get_resolver

from restframe.settings import IMPORT_STRINGS, api_settings


@register()
def check_import_strings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every import string in ``REST_FRAMEWORK`` must resolve."""
    errors: list[Error] = []
    for name in IMPORT_STRINGS:
        try:
            getattr(api_settings, name)
        except ImportError as exc:
            errors.append(Error(str(exc), id="restframe.E001"))
    return errors


@register()
def check_error_format(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """``ERROR_FORMAT`` must name a known body format."""
    if api_settings.ERROR_FORMAT not in ("drf", "problem"):
        return [
            Error(
                f"REST_FRAMEWORK['ERROR_FORMAT'] must be 'drf' or 'problem', "
                f"not {api_settings.ERROR_FORMAT!r}.",
                id="restframe.E002",
            )
        ]
    return []


@register()
def check_problem_type_base_uri(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """``PROBLEM_TYPE_BASE_URI`` is ``None`` or a string the error code is appended to."""
    base = api_settings.PROBLEM_TYPE_BASE_URI
    if base is None or isinstance(base, str):
        return []
    return [
        Error(
            f"REST_FRAMEWORK['PROBLEM_TYPE_BASE_URI'] must be a string or None, not {base!r}.",
            id="restframe.E003",
        )
    ]


@register()
def check_reporting(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The reporting policy must be usable: a failing reporter would only show in the logs."""
    errors: list[Error] = []
    try:
        reporter = api_settings.EXCEPTION_REPORTER
    except ImportError:
        reporter = None  # restframe.E001 reports it
    else:
        if not callable(reporter) or inspect.iscoroutinefunction(reporter):
            errors.append(
                Error(
                    "REST_FRAMEWORK['EXCEPTION_REPORTER'] must be a (sync) function "
                    f"(exc, context, response), not {reporter!r}.",
                    id="restframe.E004",
                )
            )
    codes = api_settings.REPORT_STATUS_CODES
    if (
        isinstance(codes, (str, bytes))
        or not isinstance(codes, Collection)
        or not all(isinstance(c, int) and 100 <= c <= 599 for c in codes)
    ):
        errors.append(
            Error(
                "REST_FRAMEWORK['REPORT_STATUS_CODES'] must be a collection of HTTP status "
                f"codes such as range(500, 600), not {codes!r}.",
                id="restframe.E005",
            )
        )
    try:
        items = api_settings.REPORT_WITHOUT_TRACEBACK
    except ImportError:
        items = []  # restframe.E001 reports it
    if not isinstance(items, (list, tuple)) or not all(
        isinstance(i, int) or (isinstance(i, type) and issubclass(i, BaseException)) for i in items
    ):
        errors.append(
            Error(
                "REST_FRAMEWORK['REPORT_WITHOUT_TRACEBACK'] must be a list of exception classes "
                f"(or their import strings) and status codes, not {items!r}.",
                id="restframe.E006",
            )
        )
    return errors


@register(Tags.compatibility)
def check_page_size_without_paginator(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """DRF's ``rest_framework.W001`` (same id, so a DRF project's ``SILENCED_SYSTEM_CHECKS``
    keeps working): ``PAGE_SIZE`` is set with no default paginator, so the page size applies
    nowhere unless views set their own ``pagination_class``."""
    try:
        paginator = api_settings.DEFAULT_PAGINATION_CLASS
    except ImportError:
        return []  # restframe.E001 reports it
    if api_settings.PAGE_SIZE and not paginator:
        return [
            Warning(
                "REST_FRAMEWORK['PAGE_SIZE'] is set but DEFAULT_PAGINATION_CLASS is not, so no "
                "view paginates by default.",
                hint=(
                    "DEFAULT_PAGINATION_CLASS defaults to None. Silence this check if views "
                    "set pagination_class themselves."
                ),
                id="rest_framework.W001",
            )
        ]
    return []


pagination_system_check = check_page_size_without_paginator  # DRF's name for it


@register(Tags.urls)
def check_atomic_requests_async_views(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """``ATOMIC_REQUESTS`` and async views do not mix: Django refuses every request to such a
    view with a 500 (``RuntimeError``). Said at start-up instead, naming the views, unless they
    are exempt (``transaction.non_atomic_requests``) for every database that wants it."""
    atomic = [alias for alias, db in connections.settings.items() if db.get("ATOMIC_REQUESTS")]
    if not atomic:
        return []
    try:
        patterns = get_resolver().url_patterns
    except Exception:
        return []  # a broken URLconf: Django's own URL checks report it
    offending: list[str] = []
    for route, callback in _views(patterns, ""):
        if not iscoroutinefunction(callback):
            continue
        exempt: set[str] = getattr(callback, "_non_atomic_requests", set())
        if any(alias not in exempt for alias in atomic):
            offending.append(f"{route} ({_view_name(callback)})")
    if not offending:
        return []
    return [
        Error(
            "ATOMIC_REQUESTS is on for database(s) "
            + ", ".join(repr(alias) for alias in atomic)
            + ", but these async views cannot run in a request transaction; Django answers "
            "every request to them with a 500: " + "; ".join(offending) + ".",
            hint=(
                "Make the views sync, exempt them with "
                "django.db.transaction.non_atomic_requests, or turn ATOMIC_REQUESTS off and "
                "use transaction.atomic where it is needed."
            ),
            id="restframe.E007",
        )
    ]


def _views(patterns: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """``(route, view callable)`` of every URL pattern, included URLconfs walked."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            try:
                children = pattern.url_patterns
            except Exception:
                continue
            yield from _views(children, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _view_name(callback: Any) -> str:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return f"{view.__module__}.{view.__qualname__}"
