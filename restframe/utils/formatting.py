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

__all__ = ["camelcase_to_spaces", "dedent", "markup_description", "remove_trailing_string"]

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
    """A description as safe HTML: escaped, line breaks kept as ``<br />``, in one paragraph."""
    html = escape(description).replace("\n", "<br />")
    return mark_safe(f"<p>{html}</p>")
