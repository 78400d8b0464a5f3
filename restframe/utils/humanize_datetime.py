"""Readable spellings of date/time input formats, used in "wrong format" error messages.

``%Y-%m-%d`` reads as ``YYYY-MM-DD`` and the ``iso-8601`` marker as the ISO pattern, so a client
learns from the error which inputs are accepted.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["date_formats", "datetime_formats", "humanize_strptime", "time_formats"]

ISO_8601 = "iso-8601"

_DIRECTIVES = (
    ("%Y", "YYYY"),
    ("%y", "YY"),
    ("%m", "MM"),
    ("%b", "[Jan-Dec]"),
    ("%B", "[January-December]"),
    ("%d", "DD"),
    ("%H", "hh"),
    ("%I", "hh"),
    ("%M", "mm"),
    ("%S", "ss"),
    ("%f", "uuuuuu"),
    ("%a", "[Mon-Sun]"),
    ("%A", "[Monday-Sunday]"),
    ("%p", "[AM|PM]"),
    ("%z", "[+HHMM|-HHMM]"),
)


def humanize_strptime(format_string: str) -> str:
    """Replace each known ``strptime`` directive by its readable placeholder."""
    for directive, readable in _DIRECTIVES:
        format_string = format_string.replace(directive, readable)
    return format_string


def _humanize(formats: Iterable[str], iso_pattern: str) -> str:
    return humanize_strptime(", ".join(formats).replace(ISO_8601, iso_pattern))


def datetime_formats(formats: Iterable[str]) -> str:
    return _humanize(formats, "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]")


def date_formats(formats: Iterable[str]) -> str:
    return _humanize(formats, "YYYY-MM-DD")


def time_formats(formats: Iterable[str]) -> str:
    return _humanize(formats, "hh:mm[:ss[.uuuuuu]]")
