"""Content negotiation: which parser reads a request body and which renderer writes the response.

The view asks the negotiator once per request. The parser is chosen by the request's
``Content-Type``; the renderer by a ``?format=`` override or URL format suffix (an unknown one is
a 404) and then by the ``Accept`` header, most specific media range first, as DRF does. When
nothing fits the client gets 406 ``NotAcceptable``, never a server error, however odd the header.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.http import Http404

from restframe import exceptions
from restframe.settings import api_settings
from restframe.utils.mediatypes import _MediaType, media_type_matches

if TYPE_CHECKING:
    from collections.abc import Sequence

    from restframe.parsers import BaseParser
    from restframe.request import Request

__all__ = ["BaseContentNegotiation", "DefaultContentNegotiation"]


class BaseContentNegotiation:
    """Interface of a negotiator; set ``DEFAULT_CONTENT_NEGOTIATION_CLASS`` to your subclass."""

    def select_parser(self, request: Request, parsers: Sequence[BaseParser]) -> BaseParser | None:
        raise NotImplementedError(".select_parser() must be implemented")

    def select_renderer(
        self, request: Request, renderers: Sequence[Any], format_suffix: str | None = None
    ) -> tuple[Any, str]:
        raise NotImplementedError(".select_renderer() must be implemented")


class DefaultContentNegotiation(BaseContentNegotiation):
    """DRF's negotiation rules; a request's ``Accept`` ranges are parsed once, then kept on it."""

    settings = api_settings

    # Bounds on client input (DRF 3.18.3): longer headers are cut at a comma, extra media
    # ranges and overlong ones are dropped, and an overlong Content-Type matches no parser.
    max_accept_header_length = 8192
    max_accept_tokens = 64
    max_media_type_length = 256

    def select_parser(self, request: Request, parsers: Sequence[BaseParser]) -> BaseParser | None:
        """The first parser whose media type the request's ``Content-Type`` matches, or ``None``."""
        content_type = request.content_type
        if content_type and len(content_type) > self.max_media_type_length:
            return None
        for parser in parsers:
            if _media_type_matches(parser.media_type, content_type):
                return parser
        return None

    def select_renderer(
        self, request: Request, renderers: Sequence[Any], format_suffix: str | None = None
    ) -> tuple[Any, str]:
        """Return ``(renderer, accepted media type)``.

        Raises ``Http404`` for a format no renderer has and ``NotAcceptable`` when the
        ``Accept`` header admits none of the renderers.
        """
        choice, candidates = self._choose(request, renderers, format_suffix)
        if choice is None:
            raise exceptions.NotAcceptable(available_renderers=candidates)
        return choice

    def _choose(
        self, request: Request, renderers: Sequence[Any], format_suffix: str | None = None
    ) -> tuple[tuple[Any, str] | None, Sequence[Any]]:
        """``select_renderer`` without the ``NotAcceptable``: the choice (``None`` when nothing
        fits, so the view may fall back without building an exception it would throw away) and
        the renderers left after the format filter."""
        requested_format = format_suffix
        # Most requests have no query string: skip building a QueryDict just to learn that.
        if not requested_format and request.META.get("QUERY_STRING"):
            query_params = getattr(request, "query_params", None)
            if query_params is None:  # a plain HttpRequest (e.g. from middleware)
                query_params = request.GET
            param = self.settings.URL_FORMAT_OVERRIDE
            # (``in`` first: a missing key costs QueryDict.get two exceptions)
            requested_format = query_params.get(param) if param in query_params else None
        if requested_format:
            renderers = self.filter_renderers(renderers, requested_format)

        accepts = self._get_parsed_accept_list(request)
        choice = _choose_renderer(accepts, tuple(renderer.media_type for renderer in renderers))
        if choice is None:
            return None, renderers
        index, media_type = choice
        return (renderers[index], media_type), renderers

    def filter_renderers(self, renderers: Sequence[Any], format: str) -> list[Any]:
        """Keep the renderers for ``format``; none at all is a 404, as for an unknown URL."""
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            raise Http404
        return matching

    def get_accept_list(self, request: Request) -> list[str]:
        """The media ranges of the ``Accept`` header (``*/*`` when absent), within the bounds."""
        header = request.META.get("HTTP_ACCEPT", "*/*")
        limit = self.max_accept_header_length
        if len(header) > limit:
            cut = header.rfind(",", 0, limit)
            header = header[: cut + 1] if cut != -1 else ""
        tokens = []
        for token in header.split(","):
            token = token.strip()
            if token and len(token) <= self.max_media_type_length:
                tokens.append(token)
                if len(tokens) >= self.max_accept_tokens:
                    break
        return tokens

    def _get_parsed_accept_list(self, request: Any) -> list[_MediaType]:
        """The ``Accept`` ranges as ``_MediaType``, parsed on the request's first negotiation.

        A forced re-negotiation (the fallback for an error body) reuses them. They live on the
        request, not in a process-wide cache that clients could fill with their headers.
        """
        parsed: list[_MediaType] | None = getattr(request, "_parsed_accept_list", None)
        if parsed is None:
            parsed = [_MediaType(token) for token in self.get_accept_list(request)]
            # (try/except rather than contextlib.suppress: cheaper, and this runs per request)
            try:  # noqa: SIM105
                request._parsed_accept_list = parsed
            except Exception:  # an object that takes no attributes parses again next time
                pass
        return parsed


def _choose_renderer(
    accepts: Sequence[_MediaType], renderer_media_types: tuple[str, ...]
) -> tuple[int, str] | None:
    """Index of the chosen renderer and the media type it is accepted as, or ``None``.

    Most specific media ranges are tried first; within one level the renderers' order decides,
    then the header's order (DRF leaves that last tie to set ordering; header order makes the
    answer stable). A renderer more specific than the range it matched is reported with its
    own type plus the range's parameters, e.g. ``*/*;q=0.8`` → ``application/json;q=0.8``.
    """
    # Group by precedence, keeping the header's order in each group. A repeated range needs no
    # removing: it cannot match where its first occurrence did not.
    levels: dict[int, list[_MediaType]] = {}
    for accept in accepts:
        precedence = accept.precedence
        level = levels.get(precedence)
        if level is None:
            levels[precedence] = [accept]
        else:
            level.append(accept)
    renderer_types = _renderer_types(renderer_media_types)
    for precedence in sorted(levels, reverse=True):
        level = levels[precedence]
        for index, (renderer_type, renderer_precedence) in enumerate(renderer_types):
            for accept in level:
                if renderer_type.match(accept):
                    if renderer_precedence > precedence:
                        extra = "".join(f";{key}={value}" for key, value in accept.params.items())
                        return index, renderer_media_types[index] + extra
                    return index, accept.orig
    return None


@lru_cache(maxsize=128)
def _renderer_types(renderer_media_types: tuple[str, ...]) -> tuple[tuple[_MediaType, int], ...]:
    """The renderers' media types, parsed, with their precedence: once per process, as they are
    the server's own values."""
    parsed = [_MediaType(media_type) for media_type in renderer_media_types]
    return tuple((media_type, media_type.precedence) for media_type in parsed)


# Content types are bounded by max_media_type_length before they reach this cache.
_media_type_matches = lru_cache(maxsize=256)(media_type_matches)
