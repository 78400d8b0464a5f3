"""Text helpers that turn a view's class name and docstring into its display name and description.

``APIView.get_view_name`` and ``get_view_description`` use them for OPTIONS metadata and the
browsable page. Descriptions are escaped rather than run through Markdown: restframe has no
Markdown dependency, and the result is the same as DRF's when Markdown is not installed.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "camelcase_to_spaces",
    "dedent",
    "lazy_format",
    "markup_description",
    "remove_trailing_string",
]

# A capital that ends a lowercase run, or a capital that starts a word (followed by a
# non-capital): "HTTPResponseView" → "HTTP Response View".
_CAMELCASE_BOUNDARY = re.compile(r"((?<=[a-z])[A-Z]|[A-Z](?![A-Z]|$))")


def remove_trailing_string(content: str, trailing: str) -> str:
    """Strip ``trailing`` from the end of ``content``, unless that would leave nothing."""
    if content.endswith(trailing) and content != trailing:
        return content[: -len(trailing)]
    return content


def dedent(content: Any) -> str:
    """Remove the common indentation of a docstring's lines after the first, then strip it.

    The first line of a docstring starts right after the quotes, so it does not count. Spaces
    are looked at first; a docstring indented with tabs only is dedented by tabs.
    """
    content = force_str(content)
    lines = [line for line in content.splitlines()[1:] if line.lstrip()]
    if lines:
        spaces = min(len(line) - len(line.lstrip(" ")) for line in lines)
        tabs = min(len(line) - len(line.lstrip("\t")) for line in lines)
        if spaces:
            content = re.sub(f"^ {{{spaces}}}", "", content, flags=re.MULTILINE)
        elif tabs:
            content = re.sub(f"^\t{{{tabs}}}", "", content, flags=re.MULTILINE)
    return content.strip()


def camelcase_to_spaces(content: str) -> str:
    """``"UserListView"`` → ``"User List View"``; underscores become spaces; title case."""
    spaced = _CAMELCASE_BOUNDARY.sub(r" \1", content).strip()
    return " ".join(spaced.split("_")).title()


def markup_description(description: str) -> SafeString:
    """A description as safe HTML: Markdown when the ``markdown`` package is installed (as in
    DRF), else escaped with its line breaks kept as ``<br />``, in one paragraph."""
    from restframe.compat import apply_markdown  # optional packages, looked up on first use

    if apply_markdown is not None:
        return mark_safe(apply_markdown(description))
    html = escape(description).replace("\n", "<br />")
    return mark_safe(f"<p>{html}</p>")


class lazy_format:  # DRF's public name (lower case)
    """``format_string.format(*args, **kwargs)``, done only when the text is first needed.

    Error messages are built at import time from lazily translated strings; formatting them
    then would freeze the language. Cheaper than ``django.utils.functional.lazy``.
    """

    __slots__ = ("args", "format_string", "kwargs", "result")

    def __init__(self, format_string: Any, *args: Any, **kwargs: Any) -> None:
        self.result: str | None = None
        self.format_string = format_string
        self.args = args
        self.kwargs = kwargs

    def __str__(self) -> str:
        if self.result is None:
            # ``format`` of the string itself (a lazy translation proxies it), as DRF calls it.
            self.result = self.format_string.format(*self.args, **self.kwargs)
            # The inputs are no longer needed; drop them (they may be large or lazy).
            self.format_string, self.args, self.kwargs = None, (), {}
        return self.result

    def __mod__(self, value: Any) -> str:
        return str(self) % value
