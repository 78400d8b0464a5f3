"""What third-party DRF packages import from ``rest_framework.compat`` (DRF 3.18's names).

Optional libraries are the module when installed and ``None`` otherwise, so ``if yaml is not
None`` checks keep working. ``coreapi`` and ``coreschema`` are always ``None``: restframe, like
DRF 3.18, has no CoreAPI schemas, and packages written for older DRF test them against ``None``.
Nothing here is used by restframe itself on a request path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import import_module
from types import ModuleType
from typing import Any

import django
from django.views.generic import View

from restframe.utils.field_mapping import postgres_fields  # None without a PostgreSQL driver

__all__ = [
    "INDENT_SEPARATORS",
    "LONG_SEPARATORS",
    "SHORT_SEPARATORS",
    "View",
    "apply_markdown",
    "coreapi",
    "coreschema",
    "django",
    "inflection",
    "markdown",
    "md_filter_add_syntax_highlight",
    "postgres_fields",
    "pygments",
    "pygments_css",
    "pygments_highlight",
    "requests",
    "split_header_value",
    "unicode_http_header",
    "uritemplate",
    "yaml",
]

#: ``json.dumps`` separators: compact, with spaces, and for indented output.
SHORT_SEPARATORS = (",", ":")
LONG_SEPARATORS = (", ", ": ")
INDENT_SEPARATORS = (",", ": ")


def _optional(name: str) -> ModuleType | None:
    try:
        return import_module(name)
    except ImportError:
        return None


coreapi: Any = None
coreschema: Any = None
yaml = _optional("yaml")
uritemplate = _optional("uritemplate")
inflection = _optional("inflection")
requests = _optional("requests")
markdown = _optional("markdown")
pygments = _optional("pygments")


def unicode_http_header(value: str | bytes) -> str:
    """A header value as text: bytes are ISO-8859-1, as HTTP defines them."""
    if isinstance(value, bytes):
        return value.decode("iso-8859-1")
    return value


def split_header_value(value: str, sep: str = ",") -> Iterator[str]:
    """The non-empty, stripped items of a ``sep``-separated header value."""
    for item in value.split(sep):
        item = item.strip()
        if item:
            yield item


# Pygments' submodules, loaded once with it (``None`` without Pygments).
_lexers: Any = _optional("pygments.lexers") if pygments is not None else None
_formatters: Any = _optional("pygments.formatters") if pygments is not None else None


def pygments_highlight(text: str, lang: str, style: str) -> str:
    """``text`` as HTML highlighted for ``lang`` (unchanged without Pygments)."""
    if pygments is None:
        return text
    lexer = _lexers.get_lexer_by_name(lang, stripall=False)
    formatter = _formatters.HtmlFormatter(nowrap=True, style=style)
    return str(pygments.highlight(text, lexer, formatter))


def pygments_css(style: str) -> str | None:
    """The CSS for a Pygments ``style`` (``None`` without Pygments)."""
    if pygments is None:
        return None
    return str(_formatters.HtmlFormatter(style=style).get_style_defs(".highlight"))


if markdown is not None:
    _markdown: Any = markdown
    _MARKDOWN_EXTENSIONS = ["toc"]
    _MARKDOWN_SETTINGS = {"toc": {"baselevel": 2}}

    def apply_markdown(text: str) -> str:
        """``text`` rendered from Markdown to HTML (headings start at ``<h2>``)."""
        md = _markdown.Markdown(
            extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_SETTINGS
        )
        md_filter_add_syntax_highlight(md)
        return str(md.convert(text))

else:
    apply_markdown: Any = None  # type: ignore[no-redef]


# A fenced block (```lang ... ```) anywhere in a docstring, highlighted before Markdown sees it.
_FENCED_CODE = re.compile(r"^\s*``` *([^\n]+)\n(.+?)^\s*```", re.MULTILINE | re.DOTALL)


def _highlight_fenced(match: re.Match[str]) -> str:
    """One fenced block as Pygments HTML on a single line (``<br />`` for its line breaks), so
    Markdown leaves it alone; an unknown language is shown as plain text."""
    try:
        lexer = _lexers.get_lexer_by_name(match.group(1))
    except ValueError:  # pygments' ClassNotFound
        lexer = _lexers.TextLexer()
    code = match.group(2).replace("\t", "    ")
    highlighter: Any = pygments
    html = str(highlighter.highlight(code, lexer, _formatters.HtmlFormatter()))
    html = html.replace("\n\n", "\n&nbsp;\n").replace("\n", "<br />").replace("\\@", "@")
    return f"\n\n{html}\n\n"


if markdown is not None and pygments is not None:
    _Preprocessor: Any = import_module("markdown.preprocessors").Preprocessor

    class _FencedCodeHighlighter(_Preprocessor):
        """A Markdown preprocessor that replaces fenced blocks by their highlighted HTML."""

        def run(self, lines: list[str]) -> list[str]:
            return _FENCED_CODE.sub(_highlight_fenced, "\n".join(lines)).split("\n")


def md_filter_add_syntax_highlight(md: Any) -> bool:
    """Have a ``markdown.Markdown`` instance highlight fenced code blocks with Pygments (in a
    ``<div class="highlight">``, as DRF's browsable API styles them).

    ``False`` (nothing added) when Markdown or Pygments is missing.
    """
    if markdown is None or pygments is None:
        return False
    md.preprocessors.register(_FencedCodeHighlighter(md), "highlight", 40)
    return True
