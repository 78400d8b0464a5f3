"""The ``restframe`` template tags and filters (DRF's ``rest_framework`` library).

``render_form``/``render_field`` render serializers as HTML forms, ``optional_login``/
``optional_logout`` link to ``restframe.urls`` when it is included, and the filters format
values for the browsable API's pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_str, iri_to_uri
from django.utils.html import escape, format_html, smart_urlquote
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _

from restframe.renderers import HTMLFormRenderer
from restframe.utils.urls import replace_query_param

__all__ = [
    "add_class",
    "add_nested_class",
    "add_query_param",
    "as_list_of_strings",
    "as_string",
    "break_long_headers",
    "data",
    "format_value",
    "get_pagination_html",
    "items",
    "optional_docs_login",
    "optional_login",
    "optional_logout",
    "register",
    "render_field",
    "render_form",
    "schema_links",
    "smart_urlquote_wrapper",
    "urlize",
]

register = template.Library()

# The URL namespaces under which the login views may be included.
_NAMESPACES = ("restframe", "rest_framework")


def _reverse_auth(name: str) -> str | None:
    for namespace in _NAMESPACES:
        try:
            return reverse(f"{namespace}:{name}")
        except NoReverseMatch:
            continue
    return None


@register.simple_tag
def render_form(serializer: Any, template_pack: str | None = None) -> str:
    """A serializer's fields as HTML (``template_pack`` e.g. ``'restframe/vertical'``)."""
    style = {"template_pack": template_pack} if template_pack else {}
    return HTMLFormRenderer().render(serializer.data, None, {"style": style})


@register.simple_tag
def render_field(field: Any, style: Mapping[str, Any]) -> str:
    """One bound field, with the style of the form it is in."""
    renderer = style.get("renderer", None) or HTMLFormRenderer()
    return mark_safe(renderer.render_field(field, style))


@register.simple_tag
def optional_login(request: Any) -> SafeString | str:
    """A "Log in" link back to this page, if ``restframe.urls`` is included."""
    login_url = _reverse_auth("login")
    if login_url is None:
        return ""
    return format_html(
        "<li><a href='{}?next={}'>{}</a></li>", login_url, escape(request.path), _("Log in")
    )


@register.simple_tag
def optional_docs_login(request: Any) -> SafeString | str:
    """The login link as the API docs show it (``log in`` or nothing)."""
    login_url = _reverse_auth("login")
    if login_url is None:
        return "log in"
    return format_html('<a href="{}?next={}">log in</a>', login_url, escape(request.path))


@register.simple_tag
def optional_logout(request: Any, user: Any, csrf_token: Any = None) -> SafeString:
    """The user's name, with a log-out button (a POST, as Django requires) if
    ``restframe.urls`` is included."""
    logout_url = _reverse_auth("logout")
    if logout_url is None:
        return format_html('<li class="navbar-text">{}</li>', user)
    token = csrf_token
    if token is None:
        from django.middleware.csrf import get_token

        token = get_token(getattr(request, "_request", request))
    return format_html(
        '<li class="dropdown"><span class="user">{user}</span>'
        '<form id="logoutForm" method="post" action="{url}?next={next}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<button type="submit" class="link">{label}</button></form></li>',
        user=user,
        url=logout_url,
        next=escape(request.path),
        token=token,
        label=_("Log out"),
    )


@register.simple_tag
def get_pagination_html(pager: Any) -> Any:
    """The paginator's page links (its ``to_html()``)."""
    return pager.to_html()


@register.simple_tag
def add_query_param(request: Any, key: str, val: Any) -> str:
    """This page's URL with ``key=val`` set (a link to another format, page, ordering...)."""
    iri = request.get_full_path()
    uri = iri_to_uri(iri)
    return escape(replace_query_param(uri, key, val))


@register.filter
def as_string(value: Any) -> str:
    if value is None:
        return ""
    return f"{value}"


@register.filter
def as_list_of_strings(value: Any) -> list[str]:
    """The values of a multiple select; a single value (a client sent ``5`` where a list was
    expected) counts as a list of one, so the form still renders with its error."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        value = [] if value is None or value == "" else [value]
    return ["" if item is None else f"{item}" for item in value]


@register.filter
def add_class(value: Any, css_class: str) -> SafeString:
    """Add a CSS class to the first tag of an HTML snippet (``{{ html|add_class:"x" }}``)."""
    html = str(value)
    match = re.search(r'class="([^"]*)"', html)
    if match:
        if css_class not in match.group(1).split():
            html = html[: match.start(1)] + f"{match.group(1)} {css_class}" + html[match.end(1) :]
    else:
        html = re.sub(r"^(\s*<[\w-]+)", rf'\1 class="{css_class}"', html, count=1)
    return mark_safe(html)


# Characters after which an unquoted HTML attribute value would end or change meaning.
_UNQUOTABLE = re.compile(r"[\s\"'=<>`]")


@register.filter
def format_value(value: Any) -> Any:
    """A value as the admin pages show it: links for URLs and e-mail addresses, tables for
    mappings, lists as comma-separated text."""
    if getattr(value, "is_hyperlink", False):
        # DRF writes the hyperlink's href unquoted; a URL that could not stay one attribute
        # value that way (spaces, quotes...) is quoted instead.
        href: str = escape(str(value))
        if _UNQUOTABLE.search(href):
            href = f'"{href}"'
        return mark_safe(f"<a href={href}>{escape(value.name)}</a>")
    if value is None or isinstance(value, bool):
        return mark_safe(
            "<code>{}</code>".format({True: "true", False: "false", None: "null"}[value])
        )
    if isinstance(value, list):
        if any(isinstance(item, (list, dict)) for item in value):
            template_obj = template.loader.get_template("restframe/admin/list_value.html")
        else:
            template_obj = template.loader.get_template("restframe/admin/simple_list_value.html")
        return template_obj.render({"value": value})
    if isinstance(value, dict):
        template_obj = template.loader.get_template("restframe/admin/dict_value.html")
        return template_obj.render({"value": value})
    if isinstance(value, str):
        if (
            value.startswith("http:") or value.startswith("https:") or value.startswith("/")
        ) and not re.search(r"\s", value):
            return format_html('<a href="{}">{}</a>', value, value)
        if "@" in value and not re.search(r"\s", value):
            return format_html('<a href="mailto:{}">{}</a>', value, value)
        if "\n" in value:
            return format_html("<pre>{}</pre>", value)
    return str(value)


@register.filter
def items(value: Any) -> Any:
    """``dict.items()`` for templates, where ``value.items`` would read the key ``items``."""
    # Anything without items (a list row that is not an object) has none to show.
    items = getattr(value, "items", None)
    return items() if callable(items) else []


@register.filter
def data(value: Any) -> Any:
    """A schema link's ``data`` (its fields), where ``value.data`` could be a key."""
    return value.data


@register.filter
def schema_links(section: Any, sec_key: str | None = None) -> dict[str, Any]:
    """The links of a schema document section, nested sections' links under ``a > b`` keys."""
    links = dict(getattr(section, "links", {}) or {})
    for key, sub in (getattr(section, "data", {}) or {}).items():
        for sub_key, link in schema_links(sub).items():
            links[f"{key} > {sub_key}"] = link
    return links


@register.filter
def add_nested_class(value: Any) -> str:
    if isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(i, (list, dict)) for i in value)
    ):
        return "class=nested"
    return ""


_TRAILING_PUNCTUATION = (".", ",", ":", ";", ".)", '"', "'", "!")
_WRAPPING_PUNCTUATION = [
    ("(", ")"),
    ("<", ">"),
    ("[", "]"),
    ("&lt;", "&gt;"),
    ('"', '"'),
    ("'", "'"),
]
_WORD_SPLIT = re.compile(r"(\s+)")
_SIMPLE_URL = re.compile(r"^https?://\[?\w", re.IGNORECASE)
_SIMPLE_URL_2 = re.compile(
    r"^www\.|^(?!http)\w[^@]+\.(com|edu|gov|int|mil|net|org)($|/.*)$", re.IGNORECASE
)
_SIMPLE_EMAIL = re.compile(r"^\S+@\S+\.\S+$")


def smart_urlquote_wrapper(matched_url: str) -> str | None:
    """``smart_urlquote``, or ``None`` for text it cannot quote (``http://[`` is an invalid
    IPv6 URL): such text is left as text rather than failing the page."""
    try:
        return smart_urlquote(matched_url)
    except ValueError:
        return None


@register.filter(needs_autoescape=True)
def urlize(
    text: Any, trim_url_limit: int | None = None, nofollow: bool = True, autoescape: bool = True
) -> SafeString:
    """Links for the URLs and e-mail addresses in text (the browsable API's response body,
    which is JSON text: quotes around a URL are not part of it)."""
    safe_input = isinstance(text, SafeData)
    words = _WORD_SPLIT.split(force_str(text))
    for index, word in enumerate(words):
        if "." in word or "@" in word or ":" in word:
            lead, middle, trail = "", word, ""
            for punctuation in _TRAILING_PUNCTUATION:
                if middle.endswith(punctuation):
                    middle = middle[: -len(punctuation)]
                    trail = punctuation + trail
            for opening, closing in _WRAPPING_PUNCTUATION:
                if middle.startswith(opening):
                    middle = middle[len(opening) :]
                    lead = lead + opening
                if middle.endswith(closing) and middle.count(closing) == middle.count(opening) + 1:
                    middle = middle[: -len(closing)]
                    trail = closing + trail
            url = None
            attrs = ' rel="nofollow"' if nofollow else ""
            if _SIMPLE_URL.match(middle):
                url = smart_urlquote_wrapper(middle)
            elif _SIMPLE_URL_2.match(middle):
                url = smart_urlquote_wrapper(f"http://{middle}")
            elif ":" not in middle and _SIMPLE_EMAIL.match(middle):
                local, domain = middle.rsplit("@", 1)
                url = f"mailto:{local}@{domain}"
                attrs = ""
            if url:
                shown = middle
                if trim_url_limit is not None and len(shown) > trim_url_limit:
                    shown = shown[: max(0, trim_url_limit - 1)] + "…"
                if autoescape and not safe_input:
                    lead, trail = escape(lead), escape(trail)
                    url, shown = escape(url), escape(shown)
                words[index] = mark_safe(f'{lead}<a href="{url}"{attrs}>{shown}</a>{trail}')
            elif safe_input:
                words[index] = mark_safe(word)
            elif autoescape:
                words[index] = escape(word)
        elif safe_input:
            words[index] = mark_safe(word)
        elif autoescape:
            words[index] = escape(word)
    return mark_safe("".join(words))


@register.filter
def break_long_headers(header: Any) -> SafeString:
    """A long header value with many comma-separated parts (``Link``, ``Allow``...) on several
    lines."""
    text = str(header)
    if len(text) > 160 and "," in text:
        return mark_safe("<br>".join(escape(part) for part in text.split(",")))
    return escape(text)
