"""Parsers turn a request body into ``request.data`` (and ``request.FILES``).

The request picks a parser by ``Content-Type`` (see ``restframe.negotiation``) and calls
``parse(stream, media_type, parser_context)``. A body the parser cannot read is the client's
mistake, so every failure becomes a 400 ``ParseError`` with DRF's exact message; charsets that
are not text encodings are refused before decoding.

``JSONParser`` decodes with orjson. Where orjson refuses a body, or cannot be trusted to give
Python's answer (integers wider than 64 bits, lone surrogates, other charsets), the body goes
through the standard library exactly as DRF reads it, so results and messages stay identical.
"""

from __future__ import annotations

import codecs
import io
from functools import lru_cache
from typing import IO, Any, Final

import orjson
from django.conf import settings
from django.core.files.uploadhandler import StopFutureHandlers
from django.http import QueryDict
from django.http.multipartparser import ChunkIter, MultiPartParserError
from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext_lazy as _

from restframe import renderers
from restframe.exceptions import ParseError
from restframe.settings import FromSettings
from restframe.utils.json import decode

__all__ = [
    "BaseParser",
    "DataAndFiles",
    "FileUploadParser",
    "FormParser",
    "JSONParser",
    "MultiPartParser",
    "get_encoding",
]


@lru_cache(maxsize=64)
def _codec_name(encoding: str) -> str | None:
    """Canonical name of a *text* codec, or ``None`` for unknown and bytes-to-bytes codecs."""
    try:
        "".encode(encoding)
        return codecs.lookup(encoding).name
    except (LookupError, UnicodeError):
        return None


def get_encoding(parser_context: dict[str, Any]) -> str:
    """The charset to decode the body with: the request's, else ``settings.DEFAULT_CHARSET``.

    Codecs such as ``bz2_codec`` pass Django's charset check but would decompress the body
    after its size was checked, so only text encodings are allowed.
    """
    encoding = parser_context.get("encoding") or settings.DEFAULT_CHARSET
    if _codec_name(encoding) is None:
        raise ParseError(f'Unsupported charset "{encoding}" in request Content-Type header.')
    return encoding


class DataAndFiles:
    """What a parser returns when the body holds files as well as fields."""

    def __init__(self, data: Any, files: Any) -> None:
        self.data = data
        self.files = files


class BaseParser:
    """Subclasses set ``media_type`` and implement ``parse``."""

    media_type: str | None = None
    # restframe: parsers that need the whole body read it through ``request.body``, so
    # Django's DATA_UPLOAD_MAX_MEMORY_SIZE applies (DRF 3.17.2 does the same for these two).
    reads_whole_body: bool = False

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: dict[str, Any] | None = None,
    ) -> Any:
        """Return the parsed data, or a ``DataAndFiles``."""
        raise NotImplementedError(".parse() must be overridden.")


# A run of 19+ digits may be an integer orjson would silently turn into a float (it keeps
# only 64-bit integers); such bodies take the standard library's path. The run is found by
# writing every digit as "0" and searching for nineteen zeros: a regular expression tries a
# match at every byte and cost as much as parsing the body (a millisecond per 100 kB).
_DIGITS_AS_ZEROS: Final = bytes.maketrans(b"123456789", b"000000000")
_NINETEEN_DIGITS: Final = b"0" * 19


def _has_long_digit_run(body: bytes) -> bool:
    """Whether ``body`` holds 19 or more consecutive ASCII digits."""
    return len(body) >= 19 and _NINETEEN_DIGITS in body.translate(_DIGITS_AS_ZEROS)


# The bytes a JSON text can begin and end with, past whitespace.
_JSON_WHITESPACE = b" \t\n\r"
_OPENING = frozenset(b'{["-0123456789tfn')
_CLOSING = frozenset(b'}]"0123456789el')


def _cannot_be_json(body: bytes) -> bool:
    """Whether orjson would refuse ``body`` for its first or last byte alone (empty, cut short,
    a form sent as JSON). orjson's refusal costs more than this look; the standard library,
    which answers such bodies either way, then reads them once."""
    text = body.strip(_JSON_WHITESPACE)
    return not text or text[0] not in _OPENING or text[-1] not in _CLOSING


def _nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` (parsed JSON) nests lists and objects more than ``limit`` levels deep.

    Walks one level at a time, looking only at containers, so a wide body costs one pass.
    """
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        level = [
            child
            for item in level
            for child in (item.values() if type(item) is dict else item)
            if type(child) is dict or type(child) is list
        ]
    return False


class JSONParser(BaseParser):
    """``application/json`` bodies."""

    media_type = "application/json"
    renderer_class = renderers.JSONRenderer
    reads_whole_body = True

    # restframe: bodies nested deeper than this are refused (400): the renderer could not echo
    # them back (Python's recursion limit), and DRF answers a 500 for the deepest ones.
    max_depth: int | None = 512
    nesting_error_message = _("JSON parse error - nesting deeper than {max_depth} levels.")

    # ``STRICT_JSON``: refuse ``NaN``/``Infinity``. Read per call so settings changes apply, yet
    # a plain attribute as in DRF: a subclass or an instance may set its own value.
    strict: bool = FromSettings("STRICT_JSON")  # type: ignore[assignment]

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: dict[str, Any] | None = None,
    ) -> Any:
        encoding = get_encoding(parser_context or {})
        body = stream.read()
        data = self._decode(body, encoding)
        limit = self.max_depth
        # Each level opens with "[" or "{": fewer of those bytes than the limit is proof enough.
        if (
            limit is not None
            and body.count(b"[") + body.count(b"{") > limit
            and _nested_deeper_than(data, limit)
        ):
            raise self._too_deep(limit)
        return data

    def _decode(self, body: bytes, encoding: str) -> Any:
        if _codec_name(encoding) == "utf-8":
            if not _cannot_be_json(body) and not _has_long_digit_run(body):
                try:
                    return orjson.loads(body)
                except orjson.JSONDecodeError:
                    pass  # the standard library decides, and words the message
            try:
                text = body.decode()
            except UnicodeDecodeError:
                pass  # invalid, or a final character cut short: the stream reader's way
            else:
                # Valid UTF-8 decodes to the same text whichever way it is read.
                return self._loads(text)
        return self._parse_like_stdlib(body, encoding)

    def _parse_like_stdlib(self, body: bytes, encoding: str) -> Any:
        """Decode and parse as DRF does, for its result or its exact error message."""
        try:
            # A stream reader (not bytes.decode) keeps DRF's handling of a truncated final
            # character, which the reader drops silently.
            text = codecs.getreader(encoding)(io.BytesIO(body)).read()
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}")
        return self._loads(text)

    def _loads(self, text: str) -> Any:
        """``json.loads`` as DRF calls it; its error message is the client's answer."""
        try:
            return decode(text, strict=self.strict)
        except RecursionError as exc:
            # Deeply nested input is the client's error too (DRF lets it 500).
            if self.max_depth is not None:
                raise self._too_deep(self.max_depth) from exc
            raise ParseError(f"JSON parse error - {exc}")
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}")

    def _too_deep(self, limit: int) -> ParseError:
        return ParseError(str(self.nesting_error_message).format(max_depth=limit))


class FormParser(BaseParser):
    """``application/x-www-form-urlencoded`` bodies, as a ``QueryDict``."""

    media_type = "application/x-www-form-urlencoded"
    reads_whole_body = True

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: dict[str, Any] | None = None,
    ) -> QueryDict:
        encoding = get_encoding(parser_context or {})
        return QueryDict(stream.read(), encoding=encoding)


class MultiPartParser(BaseParser):
    """``multipart/form-data`` bodies: fields in ``data``, uploads in ``files``.

    The body is streamed through Django's upload handlers, so large files are not held in memory.
    """

    media_type = "multipart/form-data"

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: dict[str, Any] | None = None,
    ) -> DataAndFiles:
        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = get_encoding(parser_context)
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        try:
            parser = DjangoMultiPartParser(meta, stream, request.upload_handlers, encoding)
            data, files = parser.parse()
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}")
        return DataAndFiles(data, files)


class FileUploadParser(BaseParser):
    """A raw body that is one file; it appears as ``request.FILES["file"]``.

    The file name comes from a ``filename`` URL keyword argument or the ``Content-Disposition``
    header.
    """

    media_type = "*/*"
    errors = {
        "unhandled": "FileUpload parse error - none of upload handlers can handle the stream",
        "no_filename": (
            "Missing filename. Request should include a Content-Disposition header "
            "with a filename parameter."
        ),
    }

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: dict[str, Any] | None = None,
    ) -> DataAndFiles:
        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        meta = request.META
        handlers = list(request.upload_handlers)
        filename = self.get_filename(stream, media_type, parser_context)
        if not filename:
            raise ParseError(self.errors["no_filename"])

        content_type = meta.get("HTTP_CONTENT_TYPE", meta.get("CONTENT_TYPE", ""))
        try:
            content_length: int | None = int(
                meta.get("HTTP_CONTENT_LENGTH", meta.get("CONTENT_LENGTH", 0))
            )
        except (ValueError, TypeError):
            content_length = None

        # A handler may take the whole raw body at once (e.g. to store it elsewhere).
        for handler in handlers:
            result = handler.handle_raw_input(stream, meta, content_length, None, encoding)
            if result is not None:
                return DataAndFiles({}, {"file": result[1]})

        chunk_sizes = [handler.chunk_size for handler in handlers if handler.chunk_size]
        chunk_size = min([2**31 - 4, *chunk_sizes])
        for position, handler in enumerate(handlers):
            try:
                handler.new_file(None, filename, content_type, content_length, encoding)
            except StopFutureHandlers:
                handlers = handlers[: position + 1]
                break

        received = [0] * len(handlers)
        for chunk in ChunkIter(stream, chunk_size):
            for position, handler in enumerate(handlers):
                size = len(chunk)
                chunk = handler.receive_data_chunk(chunk, received[position])
                received[position] += size
                if chunk is None:
                    break  # this handler kept the data; later ones see nothing

        for position, handler in enumerate(handlers):
            uploaded = handler.file_complete(received[position])
            if uploaded is not None:
                return DataAndFiles({}, {"file": uploaded})
        raise ParseError(self.errors["unhandled"])

    def get_filename(
        self, stream: IO[bytes], media_type: str | None, parser_context: dict[str, Any]
    ) -> str | None:
        """The ``filename`` URL kwarg, else the ``Content-Disposition`` filename, else ``None``."""
        kwargs = parser_context.get("kwargs")
        if isinstance(kwargs, dict) and "filename" in kwargs:
            return kwargs["filename"]
        try:
            header = parser_context["request"].META["HTTP_CONTENT_DISPOSITION"]
            _, params = parse_header_parameters(header)
        except (AttributeError, KeyError, ValueError):
            return None
        return params.get("filename*", params.get("filename"))
