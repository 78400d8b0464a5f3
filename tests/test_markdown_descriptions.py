"""View descriptions written in Markdown, as the browsable API shows them (Markdown and Pygments
are optional, as in DRF; the test extra installs both)."""

from __future__ import annotations

import pytest

pytest.importorskip("markdown")
pytest.importorskip("pygments")

from restframe.compat import apply_markdown  # noqa: E402
from restframe.views import APIView  # noqa: E402


class Documented(APIView):
    """Books
    =====

    Indented code stays a plain block:

        GET /books/

    ```json
    {"id": 1}
    ```
    """


def test_headings_start_at_h2_and_fenced_json_is_highlighted_on_one_line():
    assert Documented().get_view_description(html=True) == (
        '<h2 id="books">Books</h2>\n'
        "<p>Indented code stays a plain block:</p>\n"
        "<pre><code>GET /books/\n</code></pre>\n"
        '<div class="highlight"><pre><span></span><span class="p">{</span>'
        '<span class="nt">"id"</span><span class="p">:</span>'
        '<span class="w"> </span><span class="mi">1</span><span class="p">}</span><br />'
        "</pre></div>\n"
        "<p><br /></p>"
    )


def test_an_unknown_language_is_shown_as_plain_text():
    html = apply_markdown("```no-such-language\na < b\n\nc\n```")
    assert (
        '<div class="highlight"><pre><span></span>a &lt; b<br />&nbsp;<br />c<br /></pre></div>'
    ) in html
