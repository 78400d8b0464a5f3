"""Media types and ``Accept`` headers: matching, precedence and quality values.

Two audiences use this module. Content negotiation (``restframe.negotiation``) needs DRF's
semantics exactly: ``media_type_matches``, ``order_by_precedence`` and ``_MediaType`` rank a
media range by how *specific* it is and ignore ``q``. The negotiated error pages need what
RFC 9110 §12.5.1 says instead: the quality a client gives a media type, so that a browser gets
HTML only when it really prefers HTML (``accept_quality``, ``prefers``).

Header values come from clients, so nothing here raises on malformed input. ``_MediaType``
parses every time (negotiation keeps the parsed ``Accept`` ranges on the request, as DRF does);
the quality helpers for error pages cache by header string, within bounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.http import parse_header_parameters

__all__ = [
    "_MediaType",
    "accept_quality",
    "media_type_matches",
    "order_by_precedence",
    "order_parsed_by_precedence",
    "prefers",
]


def media_type_matches(lhs: str | None, rhs: str | None) -> bool:
    """Whether the media type ``lhs`` is satisfied by the media range ``rhs``.

    Wildcards on either side match, and every parameter of ``lhs`` other than ``q`` must be
    present in ``rhs`` with the same value (``rhs`` may carry more).
    """
    return _MediaType(lhs).match(_MediaType(rhs))


def order_parsed_by_precedence(media_types: Iterable[_MediaType]) -> list[set[_MediaType]]:
    """``order_by_precedence`` for already parsed media types."""
    groups: list[set[_MediaType]] = [set(), set(), set(), set()]
    for media_type in media_types:
        groups[3 - media_type.precedence].add(media_type)
    return [group for group in groups if group]


def order_by_precedence(media_type_lst: list[str]) -> list[set[str]]:
    """Group media types from most to least specific, dropping empty groups.

    The groups are: types with parameters other than ``q``; plain ``type/subtype``;
    ``type/*``; ``*/*``.
    """
    groups: list[set[str]] = [set(), set(), set(), set()]
    for media_type in media_type_lst:
        groups[3 - _MediaType(media_type).precedence].add(media_type)
    return [group for group in groups if group]


class _MediaType:
    """A parsed media type or media range, as DRF's negotiation sees it."""

    def __init__(self, media_type_str: str | None) -> None:
        self.orig = "" if media_type_str is None else media_type_str
        try:
            full_type, params = parse_header_parameters(self.orig)
        except Exception:
            # Django refuses e.g. an unknown RFC 2231 charset (ValueError); like DRF 3.18.3, such
            # a value is an empty media type, which matches nothing, instead of a server error.
            full_type, params = "", {}
        self.full_type: str = full_type
        self.params: dict[str, str] = params
        self.main_type, _, self.sub_type = full_type.partition("/")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _MediaType) and self.orig == other.orig

    def __hash__(self) -> int:
        return hash(self.orig)

    def match(self, other: _MediaType) -> bool:
        """Whether the media range ``other`` satisfies this type (see ``media_type_matches``)."""
        other_params = other.params
        for key, value in self.params.items():
            if key != "q" and other_params.get(key) != value:
                return False
        if self.sub_type != "*" and other.sub_type != "*" and other.sub_type != self.sub_type:
            return False
        return not (
            self.main_type != "*" and other.main_type != "*" and other.main_type != self.main_type
        )

    @property
    def precedence(self) -> int:
        """3: parameters besides ``q``; 2: ``type/subtype``; 1: ``type/*``; 0: ``*/*``."""
        if self.main_type == "*":
            return 0
        if self.sub_type == "*":
            return 1
        if not self.params or list(self.params) == ["q"]:
            return 2
        return 3

    def __str__(self) -> str:
        text = f"{self.main_type}/{self.sub_type}"
        for key, value in self.params.items():
            text += f"; {key}={value}"
        return text

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {str(self)!r}>"


# --- RFC 9110 quality values -------------------------------------------------------------

_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_TOKEN_RE = re.compile(_TOKEN)
# One list element or one parameter: runs of anything but the separator, with quoted
# strings (which may contain the separator) kept whole; an unterminated quote runs to the end.
_ELEMENT_RE = re.compile(r'(?:[^,"]|"(?:[^"\\]|\\.)*(?:"|$))+')
_PARAM_RE = re.compile(r'(?:[^;"]|"(?:[^"\\]|\\.)*(?:"|$))+')
_QVALUE_RE = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_UNESCAPE_RE = re.compile(r"\\(.)")

# (main type, subtype, parameters sorted by name, quality)
_Range = tuple[str, str, tuple[tuple[str, str], ...], float]


def _parse_parameter(text: str) -> tuple[str, str] | None:
    name, sep, value = text.partition("=")
    name = name.strip().lower()
    value = value.strip()
    if not sep or not _TOKEN_RE.fullmatch(name):
        return None
    if value.startswith('"'):
        if len(value) < 2 or not value.endswith('"'):
            return None
        value = _UNESCAPE_RE.sub(r"\1", value[1:-1])
    elif not _TOKEN_RE.fullmatch(value):
        return None
    return name, value


def _parse_range(text: str, *, with_quality: bool) -> _Range | None:
    """Parse one media range; ``None`` if its type or its weight is malformed."""
    parts = (
        [match.group() for match in _PARAM_RE.finditer(text)] if '"' in text else text.split(";")
    )
    if not parts:
        return None
    main, slash, sub = parts[0].strip().lower().partition("/")
    if not slash or not _TOKEN_RE.fullmatch(main) or not _TOKEN_RE.fullmatch(sub):
        return None
    if main == "*" and sub != "*":
        return None
    params: list[tuple[str, str]] = []
    quality = 1.0
    for part in parts[1:]:
        param = _parse_parameter(part)
        if param is None:
            continue  # a broken parameter is ignored, not the whole range
        if with_quality and param[0] == "q":
            if not _QVALUE_RE.fullmatch(param[1]):
                return None
            quality = float(param[1])
            if quality > 1.0:
                return None
            break  # what follows the weight is not a media-type parameter
        params.append(param)
    return main, sub, tuple(sorted(params)), quality


def _parse_accept(accept_header: str) -> tuple[_Range, ...] | None:
    """The usable media ranges of an ``Accept`` value; ``None`` means "accepts anything"."""
    if len(accept_header) > _CACHEABLE_ACCEPT_LENGTH:
        return _parse_accept_uncached(accept_header)
    return _parse_accept_cached(accept_header)


_CACHEABLE_ACCEPT_LENGTH = 1024


def _parse_accept_uncached(accept_header: str) -> tuple[_Range, ...] | None:
    if '"' in accept_header:
        elements = [match.group() for match in _ELEMENT_RE.finditer(accept_header)]
    else:
        elements = accept_header.split(",")
    ranges = []
    for element in elements:
        if element.strip():
            parsed = _parse_range(element, with_quality=True)
            if parsed is not None:
                ranges.append(parsed)
    # No usable range at all (absent, empty or garbage): disregard the header, as RFC 9110
    # allows, which means every media type is acceptable.
    return tuple(ranges) or None


_parse_accept_cached = lru_cache(maxsize=512)(_parse_accept_uncached)
_parse_target = lru_cache(maxsize=64)(_parse_range)


def accept_quality(accept_header: str, media_type: str) -> float:
    """The quality (0.0 to 1.0) that ``accept_header`` gives ``media_type`` (RFC 9110 §12.5.1).

    The most specific matching range decides: one with parameters beats ``type/subtype``, which
    beats ``type/*``, which beats ``*/*``. A type no range matches gets 0.0. An absent, empty
    or unparseable header accepts everything with quality 1.0. Never raises.
    """
    ranges = _parse_accept(accept_header or "")
    if ranges is None:
        return 1.0
    target = _parse_target(media_type or "", with_quality=False)
    if target is None:
        return 0.0
    main, sub, params, _ = target
    best_rank: tuple[int, int] = (-1, -1)
    quality = 0.0
    for range_main, range_sub, range_params, range_quality in ranges:
        if range_main == "*":
            kind = 0
        elif range_main != main:
            continue
        elif range_sub == "*":
            kind = 1
        elif range_sub != sub:
            continue
        else:
            kind = 2
        if range_params and not set(range_params) <= set(params):
            continue
        rank = (kind, len(range_params))
        if rank > best_rank:
            best_rank, quality = rank, range_quality
    return quality


def prefers(accept_header: str, preferred: str, other: str) -> bool:
    """Whether ``accept_header`` rates ``preferred`` strictly higher than ``other``.

    A tie is not a preference, so wildcards and a missing header favour neither.
    """
    if len(accept_header) > _CACHEABLE_ACCEPT_LENGTH:  # client input: keep it out of the cache
        return _prefers(accept_header, preferred, other)
    return _prefers_cached(accept_header, preferred, other)


def _prefers(accept_header: str, preferred: str, other: str) -> bool:
    return accept_quality(accept_header, preferred) > accept_quality(accept_header, other)


# Every error answer outside a view asks this once or twice of the same few headers.
_prefers_cached = lru_cache(maxsize=512)(_prefers)
