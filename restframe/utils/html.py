"""Reading lists and nested dicts out of HTML form data.

Browsers send flat ``key=value`` pairs. A form can still carry a list (``tags[0]=a&tags[1]=b``,
or ``items[0]name=x``) or a nested object (``profile.email=x``); these helpers rebuild the
structure a JSON body would have carried, so fields validate both inputs the same way.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.utils.datastructures import MultiValueDict

__all__ = ["is_html_input", "parse_html_dict", "parse_html_list"]

NOT_PROVIDED: Any = object()


def is_html_input(dictionary: Any) -> bool:
    """Form data (``QueryDict``/``MultiValueDict``) has ``getlist``; parsed JSON never does."""
    return hasattr(dictionary, "getlist")


@functools.lru_cache(maxsize=512)
def _list_key_pattern(prefix: str) -> re.Pattern[str]:
    # One compiled pattern per field name, reused across requests.
    return re.compile(rf"^{re.escape(prefix)}\[([0-9]+)\](.*)$")


@functools.lru_cache(maxsize=512)
def _dict_key_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}\.(.+)$")


def parse_html_list(dictionary: Any, prefix: str = "", default: Any = None) -> Any:
    """Collect ``prefix[<n>]`` keys into a list ordered by ``n``.

    ``prefix[0]=a`` gives plain items; ``prefix[0]name=a`` gives one ``MultiValueDict`` per index
    (for a nested serializer). Returns ``default`` when no key matches.
    """
    pattern = _list_key_pattern(prefix)
    found: dict[int, Any] = {}
    for field, value in dictionary.items():
        match = pattern.match(field)
        if match is None:
            continue
        digits, key = match.groups()
        try:
            index = int(digits)
        except ValueError:
            # More digits than Python converts: no real form has such an index.
            continue
        if not key:
            found[index] = value
        elif isinstance(found.get(index), dict):
            found[index][key] = value
        else:
            found[index] = MultiValueDict({key: [value]})
    if not found:
        return default
    return [found[index] for index in sorted(found)]


def parse_html_dict(dictionary: Any, prefix: str = "", default: Any = NOT_PROVIDED) -> Any:
    """Collect ``prefix.<key>`` entries into a ``MultiValueDict`` keyed by ``<key>``.

    Without ``default`` the (possibly empty) dict is returned; with it, an empty result becomes
    ``default``.
    """
    pattern = _dict_key_pattern(prefix)
    result: MultiValueDict[str, Any] = MultiValueDict()
    for field in dictionary:
        match = pattern.match(field)
        if match is None:
            continue
        result.setlist(match.group(1), dictionary.getlist(field))
    if default is NOT_PROVIDED:
        return result
    return result if result else default
