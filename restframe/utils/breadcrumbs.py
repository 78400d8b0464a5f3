"""Breadcrumbs for the browsable API: the API views found along a URL's path.

``get_breadcrumbs("/users/7/posts/")`` walks up the path (``/users/7/posts/``, ``/users/7/posts``,
``/users/7/``, ``/users/7``, ``/users/``, ``/users``, ``/``) and keeps each prefix that resolves to
an API view, as ``(view name, url)`` pairs from the root down. The same view twice in a row (a
route with an optional trailing slash) is listed once.
"""

from __future__ import annotations

from typing import Any

from django.urls import get_script_prefix, resolve

__all__ = ["get_breadcrumbs"]


def get_breadcrumbs(url: str, request: Any = None) -> list[tuple[str, str]]:
    """``[(name, url), ...]`` of the API views along ``url``, outermost first.

    With a ``request``, each URL keeps the request's ``?format=`` override (as links in the
    browsable API do). A prefix that does not resolve, or resolves to a non-API view, is skipped.
    """
    # Imported here: views import the renderers, which use this module.
    from restframe.reverse import preserve_builtin_query_params
    from restframe.views import APIView

    prefix = get_script_prefix().rstrip("/")
    path = url[len(prefix) :]
    crumbs: list[tuple[str, str]] = []
    previous_view: Any = None
    while True:
        try:
            match = resolve(path)
        except Exception:  # a path that is no URL: no crumb, never a broken page
            match = None
        if match is not None:
            view = match.func
            view_class = getattr(view, "cls", None)
            if (
                isinstance(view_class, type)
                and issubclass(view_class, APIView)
                and view is not previous_view
            ):
                try:
                    name = view_class(**getattr(view, "initkwargs", {})).get_view_name()
                except Exception:  # a view that cannot describe itself: its class name
                    name = view_class.__name__
                crumbs.append((name, preserve_builtin_query_params(prefix + path, request)))
                previous_view = view
        if not path:
            break
        # One step up: first drop a trailing slash, then the last segment.
        path = path.rstrip("/") if path.endswith("/") else path[: path.rfind("/") + 1]
    crumbs.reverse()
    return crumbs
