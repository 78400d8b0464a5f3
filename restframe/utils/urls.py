"""Rewriting one query parameter of a URL, for the next/previous links paginators build.

The other parameters are kept (blank ones too) and the query string is re-encoded with its keys
sorted, so the same page always gets the same link.
"""

from __future__ import annotations

from typing import Any
from urllib import parse

from django.utils.encoding import force_str

__all__ = ["remove_query_param", "replace_query_param"]


def _rebuild(url: str, key: str, value: Any, *, remove: bool) -> str:
    scheme, netloc, path, query, fragment = parse.urlsplit(force_str(url))
    params = parse.parse_qs(query, keep_blank_values=True)
    name = force_str(key)
    if remove:
        params.pop(name, None)
    else:
        params[name] = [force_str(value)]
    query = parse.urlencode(sorted(params.items()), doseq=True)
    return parse.urlunsplit((scheme, netloc, path, query, fragment))


def replace_query_param(url: str, key: str, val: Any) -> str:
    """``url`` with ``key`` set to the single value ``val`` (added if absent)."""
    return _rebuild(url, key, val, remove=False)


def remove_query_param(url: str, key: str) -> str:
    """``url`` without any value for ``key``."""
    return _rebuild(url, key, None, remove=True)
