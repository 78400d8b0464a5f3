"""Containers that remember which serializer produced them.

Error details and serialized output keep a back-link to their serializer so a renderer (or an
exception handler) can still reach the serializer once only the data is left.
"""

from __future__ import annotations

from typing import Any


class ReturnDict(dict[Any, Any]):
    """A ``dict`` carrying ``.serializer``; copies and pickles keep the link."""

    def __init__(self, *args: Any, serializer: Any = None, **kwargs: Any) -> None:
        self.serializer = serializer
        super().__init__(*args, **kwargs)

    def copy(self) -> ReturnDict:
        return ReturnDict(self, serializer=self.serializer)

    def __repr__(self) -> str:
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle as a plain dict: the serializer is request-scoped state.
        return (dict, (dict(self),))

    def __or__(self, other: Any) -> Any:
        if not isinstance(other, dict):
            return NotImplemented
        merged = ReturnDict(self, serializer=self.serializer)
        merged.update(other)
        return merged

    def __ror__(self, other: Any) -> Any:
        if not isinstance(other, dict):
            return NotImplemented
        merged = ReturnDict(other, serializer=self.serializer)
        merged.update(self)
        return merged


class ReturnList(list[Any]):
    """A ``list`` carrying ``.serializer``."""

    def __init__(self, *args: Any, serializer: Any = None, **kwargs: Any) -> None:
        self.serializer = serializer
        super().__init__(*args, **kwargs)

    def __repr__(self) -> str:
        return list.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))
