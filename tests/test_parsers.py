"""restframe.parsers: DRF's results and exact error messages, with orjson underneath."""

from __future__ import annotations

import io
import json
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from restframe.exceptions import ParseError
from restframe.parsers import (
    BaseParser,
    DataAndFiles,
    FileUploadParser,
    FormParser,
    JSONParser,
    MultiPartParser,
    get_encoding,
)
from restframe.renderers import JSONRenderer
from restframe.request import Request

drf_parsers = pytest.importorskip("rest_framework.parsers")

factory = RequestFactory()


def parse_json(body, encoding="utf-8", parser=None):
    parser = parser or JSONParser()
    return parser.parse(io.BytesIO(body), "application/json", {"encoding": encoding})


def json_error(body, encoding="utf-8"):
    with pytest.raises(ParseError) as info:
        parse_json(body, encoding)
    assert info.value.status_code == 400
    assert info.value.detail.code == "parse_error"
    return str(info.value.detail)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b" ", "Expecting value: line 1 column 2 (char 1)"),
        (b"{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        (b"\xff", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
        (
            b'{"a": "\xe9"}',
            "'utf-8' codec can't decode byte 0xe9 in position 7: invalid continuation byte",
        ),
        (b'"abc\xe2\x82', "Unterminated string starting at: line 1 column 1 (char 0)"),
        (b"NaN", "Out of range float values are not JSON compliant: 'NaN'"),
        (b"[Infinity]", "Out of range float values are not JSON compliant: 'Infinity'"),
        (b"-Infinity", "Out of range float values are not JSON compliant: '-Infinity'"),
        (
            b"\xef\xbb\xbf{}",
            "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)",
        ),
        (b'"\x01"', "Invalid control character at: line 1 column 2 (char 1)"),
        (b"1 2", "Extra data: line 1 column 3 (char 2)"),
        # Refused by their first or last byte (orjson is not asked): the same messages.
        (b"", "Expecting value: line 1 column 1 (char 0)"),
        (b'{"email": "x", "age": ', "Expecting value: line 1 column 23 (char 22)"),
        (b"email=x&age=1", "Expecting value: line 1 column 1 (char 0)"),
        (b"\n[1, 2,\n", "Expecting value: line 3 column 1 (char 8)"),
        (b"\x00", "Expecting value: line 1 column 1 (char 0)"),
        (
            b"{'a': 1}",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
    ],
)
def test_json_error_messages_are_drfs(body, message):
    assert json_error(body) == f"JSON parse error - {message}"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"a": [1, 2.5, "x", null, true, false]}', {"a": [1, 2.5, "x", None, True, False]}),
        (b"123456789012345678901234567890", 123456789012345678901234567890),
        (b"-9223372036854775809", -9223372036854775809),
        (b"18446744073709551616", 18446744073709551616),
        (b'"\\ud800"', "\ud800"),
        (b'{"a":1,"a":2}', {"a": 2}),
        (b"-0", 0),
        (b' \t\r\n{"a": 1}\n', {"a": 1}),
        (b"true ", True),
        (b"null", None),
        (b"1e400", math.inf),
        (b'{"pi": 3.141592653589793}', {"pi": 3.141592653589793}),
        (b'"12345678901234567890 in a string"', "12345678901234567890 in a string"),
        (b"{}\xe2\x82", {}),  # the stream reader drops a truncated last character, as in DRF
    ],
)
def test_json_values(body, expected):
    result = parse_json(body)
    assert result == expected
    assert type(result) is type(expected)


def test_big_integers_are_not_turned_into_floats():
    assert parse_json(b'{"id": 99999999999999999999}') == {"id": 99999999999999999999}
    assert type(parse_json(b"[18446744073709551615]")[0]) is int


@pytest.mark.parametrize(
    "number",
    [
        10**17,  # 18 digits: never in doubt
        2**63 - 1,  # 19 digits, still a 64-bit integer
        10**19 - 1,
        2**64,
        -(2**64) - 1,
        10**40,
    ],
)
@pytest.mark.parametrize("items", [0, 1, 2000])
def test_integers_keep_every_digit_wherever_they_sit(number, items):
    # The number last, after a long run of other items (a large many=True payload): the check
    # for long digit runs must look at the whole body.
    filler = [{"n": 123456789, "s": "1234567890 1234567890"}] * items
    body = json.dumps([*filler, {"id": number}, 0.1234567890123456789]).encode()
    result = parse_json(body)
    assert result == json.loads(body)
    assert type(result[-2]["id"]) is int
    assert result[-2]["id"] == number


def test_deep_nesting_is_a_parse_error_not_a_crash():
    message = json_error(b"[" * 100_000)
    assert message == "JSON parse error - nesting deeper than 512 levels."


def test_strict_json_off_accepts_nan(settings):
    settings.REST_FRAMEWORK = {"STRICT_JSON": False}
    result = parse_json(b"[NaN, Infinity, -Infinity]")
    assert math.isnan(result[0])
    assert result[1:] == [math.inf, -math.inf]


def test_strict_json_can_be_set_on_a_subclass():
    class LenientJSONParser(JSONParser):
        strict = False

    assert math.isnan(parse_json(b"NaN", parser=LenientJSONParser()))
    assert JSONParser().strict is True


@pytest.mark.parametrize(
    ("body", "encoding", "expected"),
    [
        (b'{"a": "\xe9"}', "latin-1", {"a": "é"}),
        ('{"a": "é"}'.encode("utf-16"), "utf-16", {"a": "é"}),
        (b'{"a": "\xc3\xa9"}', "UTF8", {"a": "é"}),
        (b'\xef\xbb\xbf{"a": 1}', "utf-8-sig", {"a": 1}),
    ],
)
def test_json_charsets(body, encoding, expected):
    assert parse_json(body, encoding) == expected


@pytest.mark.parametrize("encoding", ["bz2_codec", "rot13", "nope"])
def test_non_text_charsets_are_refused(encoding):
    assert json_error(b"{}", encoding) == (
        f'Unsupported charset "{encoding}" in request Content-Type header.'
    )


def test_get_encoding(settings):
    assert get_encoding({"encoding": "latin-1"}) == "latin-1"
    assert get_encoding({}) == "utf-8"
    settings.DEFAULT_CHARSET = "latin-1"
    assert get_encoding({}) == "latin-1"
    with pytest.raises(ParseError):
        get_encoding({"encoding": "zlib_codec"})


def test_json_parser_classes():
    assert JSONParser.media_type == "application/json"
    assert JSONParser.renderer_class is JSONRenderer
    assert FormParser.media_type == "application/x-www-form-urlencoded"
    assert MultiPartParser.media_type == "multipart/form-data"
    assert FileUploadParser.media_type == "*/*"
    with pytest.raises(NotImplementedError):
        BaseParser().parse(io.BytesIO(b""))


def json_values(finite=True):
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=not finite, allow_infinity=not finite)
        | st.text(max_size=10)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=5), children, max_size=4)
        ),
        max_leaves=20,
    )


def outcome(parser, body, encoding):
    try:
        return "ok", repr(
            parser.parse(io.BytesIO(body), "application/json", {"encoding": encoding})
        )
    except RecursionError:
        return "recursion", None
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc)


def bodies():
    documents = json_values(finite=False).map(
        lambda value: json.dumps(value, allow_nan=True).encode()
    )
    mangled = st.tuples(documents, st.integers(0, 40), st.binary(max_size=3)).map(
        lambda parts: parts[0][: parts[1]] + parts[2] + parts[0][parts[1] :]
    )
    return st.one_of(documents, mangled, st.binary(max_size=40))


@settings(max_examples=200, deadline=None)
@given(bodies(), st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16", "ascii"]))
def test_json_parser_agrees_with_drf(body, encoding):
    ours = outcome(JSONParser(), body, encoding)
    theirs = outcome(drf_parsers.JSONParser(), body, encoding)
    if theirs[0] == "recursion":
        assert ours[0] == "ParseError"
    else:
        assert ours == theirs
    assert ours[0] in ("ok", "ParseError")


@settings(max_examples=100, deadline=None)
@given(json_values())
def test_json_round_trips(value):
    assert parse_json(json.dumps(value).encode()) == value


# --- forms ---------------------------------------------------------------------------------


def test_form_parser():
    result = FormParser().parse(io.BytesIO(b"a=1&b=2&a=3"), None, {"encoding": "utf-8"})
    assert isinstance(result, QueryDict)
    assert result.getlist("a") == ["1", "3"]
    assert result["b"] == "2"


def test_form_parser_honours_charset():
    result = FormParser().parse(io.BytesIO(b"name=%E9"), None, {"encoding": "latin-1"})
    assert result["name"] == "é"


def multipart_request(data, **extra):
    return Request(factory.post("/", data, **extra), parsers=[MultiPartParser()])


def test_multipart_parser_fields_and_files():
    upload = SimpleUploadedFile("hello.txt", b"hello world", content_type="text/plain")
    request = multipart_request({"name": "x", "doc": upload})
    result = MultiPartParser().parse(
        request.stream, request.content_type, {"request": request, "encoding": "utf-8"}
    )
    assert isinstance(result, DataAndFiles)
    assert result.data["name"] == "x"
    assert result.files["doc"].read() == b"hello world"
    assert result.files["doc"].name == "hello.txt"


@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        ("multipart/form-data", "Multipart form parse error - Invalid boundary in multipart: None"),
        (
            "multipart/form-data; boundary=" + "x" * 300,
            "Multipart form parse error - Invalid boundary in multipart: " + "x" * 300,
        ),
    ],
)
def test_multipart_errors(content_type, message):
    request = Request(factory.generic("POST", "/", b"a=1", content_type=content_type))
    with pytest.raises(ParseError) as info:
        MultiPartParser().parse(request.stream, content_type, {"request": request})
    assert str(info.value.detail) == message


# --- raw file uploads ------------------------------------------------------------------------


def upload_request(body=b"file content", **extra):
    http_request = factory.generic(
        "POST", "/", body, content_type="application/octet-stream", **extra
    )
    return Request(http_request, parsers=[FileUploadParser()])


def test_file_upload_parser_uses_content_disposition():
    request = upload_request(HTTP_CONTENT_DISPOSITION='attachment; filename="report.pdf"')
    uploaded = request.FILES["file"]
    assert uploaded.name == "report.pdf"
    assert uploaded.read() == b"file content"
    assert request.data["file"] is uploaded


def test_file_upload_parser_prefers_url_kwarg():
    request = upload_request(HTTP_CONTENT_DISPOSITION='attachment; filename="ignored.txt"')
    request.parser_context["kwargs"] = {"filename": "from-url.bin"}
    assert request.FILES["file"].name == "from-url.bin"


def test_file_upload_without_filename():
    request = upload_request()
    with pytest.raises(ParseError) as info:
        request.data
    assert str(info.value.detail) == (
        "Missing filename. Request should include a Content-Disposition header "
        "with a filename parameter."
    )


class DiscardingHandler(FileUploadHandler):
    """Takes the data but never produces a file."""

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def test_file_upload_no_handler_takes_the_file():
    request = upload_request(HTTP_CONTENT_DISPOSITION='attachment; filename="a.txt"')
    request._request.upload_handlers = [DiscardingHandler(request._request)]
    with pytest.raises(ParseError) as info:
        request.data
    assert str(info.value.detail) == (
        "FileUpload parse error - none of upload handlers can handle the stream"
    )
    assert FileUploadParser.errors["unhandled"] == str(info.value.detail)
