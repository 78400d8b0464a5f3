"""Whether an aware datetime names a real, unambiguous instant in its time zone (DRF's helpers).

A wall-clock time inside a DST gap does not exist, and one inside a DST overlap happens twice.
Comparing aware datetimes compares instants, which is how existence is tested; ``fold`` picks
between the two readings of an overlap, which is how ambiguity is tested. Note that under
PEP 495 a time inside an overlap also compares unequal across zones, so with ``zoneinfo`` it
counts as not existing and ``datetime_ambiguous`` answers False: DRF's functions answer the same.
"""

from __future__ import annotations

import datetime

__all__ = ["datetime_ambiguous", "datetime_exists", "valid_datetime"]

_UTC = datetime.UTC


def datetime_exists(value: datetime.datetime) -> bool:
    """False for a wall-clock time skipped by a change of offset (the gap going forward):
    such a time does not survive a round trip through UTC."""
    return value.astimezone(_UTC) == value


def datetime_ambiguous(value: datetime.datetime) -> bool:
    """True for a wall-clock time that happens twice (the hour repeated going back): the other
    ``fold`` gives it another offset."""
    return datetime_exists(value) and (
        value.replace(fold=not value.fold).utcoffset() != value.utcoffset()
    )


def valid_datetime(value: datetime.datetime) -> bool:
    """An aware datetime with a real zone that is not ambiguous in it."""
    return isinstance(value.tzinfo, datetime.tzinfo) and not datetime_ambiguous(value)
