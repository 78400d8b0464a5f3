"""``reverse``: Django's URL reversal, returning absolute URLs when a request is at hand.

API responses link to other resources, and a link a client can follow needs a scheme and host.
Given the request, ``reverse`` builds the absolute URI from it; given a ``format``, it reverses
the format-suffixed twin of the route (see ``urlpatterns.format_suffix_patterns``). When the
request carries a versioning scheme, the scheme reverses (so ``/v2/...`` links stay on ``v2``),
falling back to plain reversal when it cannot. A ``?format=`` override in the current request is
kept on the link, so following it answers in the same format.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from django.urls import NoReverseMatch
from django.urls import reverse as django_reverse
from django.utils.functional import lazy

from restframe.settings import api_settings

__all__ = ["preserve_builtin_query_params", "reverse", "reverse_lazy"]


def _replace_query_param(url: str, key: str, value: str) -> str:
    """``url`` with its ``key`` query parameter set to ``value`` (added when absent)."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    params[key] = [value]
    query = urlencode(sorted(params.items()), doseq=True)
    return urlunsplit((scheme, netloc, path, query, fragment))


def preserve_builtin_query_params(url: str, request: Any = None) -> str:
    """``url`` carrying the request's ``URL_FORMAT_OVERRIDE`` query parameter, if it had one.

    A client that chose ``?format=json`` keeps that choice on every link it is given.
    """
    if request is None:
        return url
    override = api_settings.URL_FORMAT_OVERRIDE
    if not override:
        return url
    value = request.GET.get(override)
    if value is None:
        return url
    return _replace_query_param(url, override, value)


def reverse(
    viewname: Any,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    request: Any = None,
    format: str | None = None,
    **extra: Any,
) -> str:
    """The URL of ``viewname``: absolute when ``request`` is given, format-suffixed with ``format``.

    A request with a ``versioning_scheme`` lets the scheme reverse first; if it finds no match,
    the URL is reversed as if there were no scheme. ``extra`` goes to Django's ``reverse``
    (``urlconf``, ``current_app``, ...).
    """
    scheme = getattr(request, "versioning_scheme", None)
    if scheme is not None:
        try:
            url = scheme.reverse(viewname, args, kwargs, request, format, **extra)
        except NoReverseMatch:
            url = _reverse(viewname, args, kwargs, request, format, **extra)
    else:
        url = _reverse(viewname, args, kwargs, request, format, **extra)
    return preserve_builtin_query_params(url, request)


def _reverse(
    viewname: Any,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    request: Any = None,
    format: str | None = None,
    **extra: Any,
) -> str:
    """Plain reversal (no versioning scheme); versioning schemes call it for the final URL."""
    if format is not None:
        kwargs = dict(kwargs or {})
        kwargs[api_settings.FORMAT_SUFFIX_KWARG] = format
    url = django_reverse(viewname, args=args, kwargs=kwargs, **extra)
    if request is not None:
        return request.build_absolute_uri(url)
    return url


reverse_lazy = lazy(reverse, str)
"""``reverse`` evaluated when the result is first used (for class attributes and settings)."""
