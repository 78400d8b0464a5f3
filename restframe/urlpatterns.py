"""``format_suffix_patterns``: let every URL also answer with a format suffix (``/items.json``).

A client that cannot send an ``Accept`` header (a browser address bar, a download link) picks the
renderer with a suffix instead. Each endpoint gets a twin pattern capturing the suffix in the
``FORMAT_SUFFIX_KWARG`` keyword argument (default ``format``), which the view hands to content
negotiation: a suffix no renderer has is a 404, as in DRF. ``path()`` routes get a registered
path converter, so their other converters (``<int:pk>``) keep converting; ``re_path()`` routes
get a regex group; ``include()``d patterns are rewritten recursively under the same prefix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, register_converter
from django.urls.converters import get_converters
from django.urls.resolvers import RegexPattern, RoutePattern

from restframe.settings import api_settings

__all__ = ["apply_suffix_patterns", "format_suffix_patterns"]

_AnyURL = URLPattern | URLResolver

# DRF's converter names and regexes, kept so that ``ResolverMatch.route`` (the name tracing and
# error tools group requests by) reads the same after switching, and so that a project loading
# both packages shares one converter per format list instead of registering a name twice.
_CONVERTER_PREFIX = "drf_format_suffix"


class _FormatSuffixConverter:
    """Path converter for ``.json`` (and ``.json/``); subclasses set ``regex`` to the formats."""

    regex = r"\.[a-z0-9]+/?"

    def to_python(self, value: str) -> str:
        # The view wants the bare format name, as a ``?format=`` override gives it.
        return value.strip("./")

    def to_url(self, value: Any) -> str:
        # Reversed URLs always end in "/", as DRF's do.
        return f".{value}/"


def _formats_regex(allowed: Sequence[str] | None, group: str = "(?:") -> str:
    """The regex the format name must match: lowercase letters and digits, or one of ``allowed``.

    The alternatives' group opener differs between the converter and the ``re_path`` suffix only
    because DRF's do (the regex is visible in ``ResolverMatch.route``).
    """
    if not allowed:
        return "[a-z0-9]+"
    if len(allowed) == 1:
        return allowed[0]
    return "{}{})".format(group, "|".join(allowed))


def _converter_name(allowed: Sequence[str] | None) -> str:
    """Register (once) a converter for these formats and return its name.

    Registering a name twice warns in Django 5.x, so an existing converter with the same regex is
    reused. The readable name could clash (``["json_api"]`` vs ``["json", "api"]``, or a ``:`` that
    a route cannot hold): then a name derived from the regex itself is used.
    """
    regex = rf"\.{_formats_regex(allowed)}/?"
    readable = _CONVERTER_PREFIX + "".join("_" + fmt for fmt in allowed or ())
    digest = hashlib.sha256(regex.encode()).hexdigest()[:12]
    registered = get_converters()
    for name in (readable, f"{_CONVERTER_PREFIX}_{digest}"):
        if ":" in name or ">" in name:
            continue
        existing = registered.get(name)
        if existing is None:
            converter = type("FormatSuffixConverter", (_FormatSuffixConverter,), {"regex": regex})
            register_converter(converter, name)
            return name
        if getattr(existing, "regex", None) == regex:
            return name
    raise ImproperlyConfigured(f"Cannot register a format suffix converter for {allowed!r}.")


def _with_suffix(
    urlpattern: URLPattern, suffix_pattern: str, suffix_route: str | None
) -> URLPattern:
    """The suffixed twin of an endpoint: same view, default kwargs and name."""
    base = urlpattern.pattern
    if isinstance(base, RoutePattern):
        if suffix_route is None:
            raise ValueError(f"suffix_route is required to add a suffix to path({str(base)!r}).")
        route = str(base).rstrip("$").rstrip("/") + suffix_route
        pattern: RoutePattern | RegexPattern = RoutePattern(
            route, name=urlpattern.name, is_endpoint=True
        )
    else:
        regex = base.regex.pattern.rstrip("$").rstrip("/") + suffix_pattern
        pattern = RegexPattern(regex, name=urlpattern.name, is_endpoint=True)
    return URLPattern(pattern, urlpattern.callback, urlpattern.default_args, urlpattern.name)


def apply_suffix_patterns(
    urlpatterns: Iterable[_AnyURL],
    suffix_pattern: str,
    suffix_required: bool,
    suffix_route: str | None = None,
) -> list[_AnyURL]:
    """Rewrite ``urlpatterns`` with the given suffix regex (``re_path``) and route (``path``).

    Order is kept, so the project's first-match-wins resolution is unchanged. An ``include()``
    becomes a new resolver over the rewritten patterns, with the same prefix pattern, default
    kwargs, app name and namespace, so ``reverse("ns:name")`` keeps working.
    """
    result: list[_AnyURL] = []
    for urlpattern in urlpatterns:
        if isinstance(urlpattern, URLResolver):
            nested = apply_suffix_patterns(
                urlpattern.url_patterns, suffix_pattern, suffix_required, suffix_route
            )
            result.append(
                URLResolver(
                    urlpattern.pattern,
                    nested,
                    urlpattern.default_kwargs,
                    app_name=urlpattern.app_name,
                    namespace=urlpattern.namespace,
                )
            )
            continue
        if not suffix_required:
            result.append(urlpattern)
        result.append(_with_suffix(urlpattern, suffix_pattern, suffix_route))
    return result


def format_suffix_patterns(
    urlpatterns: Iterable[_AnyURL],
    suffix_required: bool = False,
    allowed: Sequence[str] | None = None,
) -> list[_AnyURL]:
    """Add a ``.<format>`` twin to every pattern (only the twin when ``suffix_required``).

    ``allowed`` (e.g. ``["json", "api"]``) limits the suffixes the URLs match; by default any run
    of lowercase letters and digits matches and negotiation answers 404 for a format no renderer
    has.
    """
    kwarg = api_settings.FORMAT_SUFFIX_KWARG
    if not kwarg or not str(kwarg).isidentifier():
        raise ImproperlyConfigured(
            f"REST_FRAMEWORK['FORMAT_SUFFIX_KWARG'] must be a keyword argument name, not {kwarg!r}."
        )
    suffix_pattern = rf"\.(?P<{kwarg}>{_formats_regex(allowed, group='(')})/?$"
    suffix_route = f"<{_converter_name(allowed)}:{kwarg}>"
    return apply_suffix_patterns(urlpatterns, suffix_pattern, suffix_required, suffix_route)
