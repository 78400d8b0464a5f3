"""restframe.request: lazy parsing and authentication, DRF's errors, raise-once semantics."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, QueryDict
from django.http.request import RawPostDataException
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters
from hypothesis import given, settings
from hypothesis import strategies as st

from restframe.exceptions import AuthenticationFailed, ParseError, UnsupportedMediaType
from restframe.parsers import FormParser, JSONParser, MultiPartParser
from restframe.request import (
    Empty,
    ForcedAuthentication,
    Request,
    WrappedAttributeError,
    clone_request,
    is_form_media_type,
)

drf_request = pytest.importorskip("rest_framework.request")
drf_parsers = pytest.importorskip("rest_framework.parsers")

factory = RequestFactory()


def parsers():
    return [JSONParser(), FormParser(), MultiPartParser()]


def post(body, content_type="application/json", path="/items/", **extra):
    http_request = factory.generic("POST", path, body, content_type=content_type, **extra)
    return Request(http_request, parsers=parsers())


class User:
    is_authenticated = True

    def __init__(self, name):
        self.name = name


class Returns:
    """An authenticator answering a fixed result (``None`` = not mine)."""

    def __init__(self, result):
        self.result = result
        self.calls = 0

    def authenticate(self, request):
        self.calls += 1
        return self.result


class Raises:
    def __init__(self, exc):
        self.exc = exc

    def authenticate(self, request):
        raise self.exc


class AsyncOnly:
    def __init__(self, result):
        self.result = result

    def authenticate(self, request):
        raise AssertionError("the async path must not call the sync method")

    async def aauthenticate(self, request):
        return self.result


# --- construction ---------------------------------------------------------------------------


def test_requires_an_http_request():
    with pytest.raises(TypeError) as info:
        Request("not a request")
    assert str(info.value) == (
        "The `request` argument must be an instance of `django.http.HttpRequest`, "
        "not `builtins.str`."
    )


def test_a_wrapped_request_is_refused_as_drf_refuses_it():
    # DRF raises AssertionError here; restframe's error is both, so either ``except`` works.
    wrapped = Request(factory.get("/"))
    with pytest.raises(AssertionError) as info:
        Request(wrapped)
    assert isinstance(info.value, TypeError)
    assert str(info.value).endswith("not `restframe.request.Request`.")


def test_body_read_before_parsing_fails_on_every_access():
    # Reading the stream first (middleware, a view touching request.read()) is a bug: DRF says
    # so on each access instead of answering empty data the second time.
    http_request = factory.put("/", "a=1", content_type="application/x-www-form-urlencoded")
    request = Request(http_request, parsers=parsers())
    http_request.read()
    for _ in range(2):
        with pytest.raises(RawPostDataException):
            request.POST  # noqa: B018
    with pytest.raises(RawPostDataException):
        request.data  # noqa: B018


def test_construction_is_lazy(settings):
    # A negotiator that cannot even be imported proves nothing was resolved or parsed.
    settings.REST_FRAMEWORK = {"DEFAULT_CONTENT_NEGOTIATION_CLASS": "tests.nowhere.Nothing"}
    request = post(b'{"a": 1}', path="/items/?page=2")
    assert request.query_params["page"] == "2"
    assert request._request._read_started is False
    assert request._data is Empty and request._stream is Empty
    assert "_user" not in request.__dict__
    with pytest.raises(ImportError):
        request.data


def test_parser_context_gets_request_and_encoding():
    context = {"view": "v"}
    request = Request(factory.get("/"), parser_context=context)
    assert request.parser_context is context
    assert context == {"view": "v", "request": request, "encoding": "utf-8"}
    latin = Request(factory.post("/", b"x", content_type="text/plain; charset=latin-1"))
    assert latin.parser_context["encoding"] == "latin-1"


def test_repr_is_drfs():
    request = Request(factory.get("/path/?a=1"))
    assert repr(request) == "<restframe.request.Request: GET '/path/?a=1'>"


def test_attributes_proxy_to_the_http_request():
    http_request = factory.get("/path/?a=1", HTTP_X_THING="yes")
    request = Request(http_request)
    assert request.method == "GET"
    assert request.path == "/path/"
    assert request.META is http_request.META
    assert request.headers["X-Thing"] == "yes"
    assert request.query_params is http_request.GET
    assert request.version is None and request.versioning_scheme is None
    assert getattr(request, "accepted_renderer", None) is None
    with pytest.raises(AttributeError) as info:
        request.no_such_attribute
    assert str(info.value) == "'Request' object has no attribute 'no_such_attribute'"


def test_class_getitem():
    assert Request[int] is Request


# --- body -------------------------------------------------------------------------------------


def test_json_body():
    request = post(b'{"a": [1, 2]}')
    assert request.data == {"a": [1, 2]}
    assert request.POST == QueryDict("")
    assert request.FILES == MultiValueDict()
    assert request.content_type == "application/json"


@pytest.mark.parametrize(
    ("content_type", "expected_type"),
    [
        ("application/json", dict),
        ("text/plain", dict),  # an empty body needs no parser at all
        ("application/x-www-form-urlencoded", QueryDict),
        ("multipart/form-data; boundary=x", QueryDict),
    ],
)
def test_empty_body_is_empty_data(content_type, expected_type):
    # (Django's test factory leaves out Content-Type for an empty body; a client may not.)
    request = post(b"", content_type, CONTENT_TYPE=content_type, CONTENT_LENGTH="0")
    assert request.data == {}
    assert type(request.data) is expected_type


def test_form_body_is_shared_with_django():
    request = post(b"a=1&a=2&b=3", "application/x-www-form-urlencoded")
    assert request.data.getlist("a") == ["1", "2"]
    assert request.POST is request.data
    assert request._request.POST is request.data


def test_multipart_body_with_files():
    upload = SimpleUploadedFile("a.txt", b"content")
    request = Request(factory.post("/", {"name": "x", "doc": upload}), parsers=parsers())
    assert request.data["name"] == "x"
    assert request.data["doc"].read() == b"content"
    assert request.FILES["doc"] is request.data["doc"]
    assert request.POST["name"] == "x"
    assert "doc" not in request.POST


def test_multipart_already_read_by_middleware():
    http_request = factory.post("/", {"name": "x"})
    assert http_request.POST["name"] == "x"  # e.g. CSRF middleware read the form
    request = Request(http_request, parsers=parsers())
    assert request.data["name"] == "x"


def test_unsupported_media_type_names_the_full_header():
    request = post(b"hello", "text/plain; charset=utf-8")
    with pytest.raises(UnsupportedMediaType) as info:
        request.data
    assert info.value.status_code == 415
    assert info.value.detail == 'Unsupported media type "text/plain; charset=utf-8" in request.'
    assert info.value.detail.code == "unsupported_media_type"


def test_missing_content_type_with_a_body_is_unsupported():
    request = post(b"hello", "")
    with pytest.raises(UnsupportedMediaType) as info:
        request.data
    assert info.value.detail == 'Unsupported media type "" in request.'


@pytest.mark.parametrize(
    ("body", "content_type", "error"),
    [
        (b"{", "application/json", ParseError),
        (b"x", "text/plain", UnsupportedMediaType),
        (b"{}", "application/json; charset=bz2_codec", ParseError),
        (b"a=1", "multipart/form-data", ParseError),
    ],
)
def test_failures_raise_once_and_leave_empty_data(body, content_type, error):
    request = post(body, content_type)
    with pytest.raises(error):
        request.data
    for _ in range(2):
        assert request.data == QueryDict("")
        assert request.POST == QueryDict("")
        assert request.FILES == MultiValueDict()


@pytest.mark.parametrize("encoding", [None, "latin-1"])
def test_empty_data_after_a_failure_is_what_django_builds(encoding):
    answers = []
    for _ in range(2):
        request = post(b"{", "application/json")
        request._request.encoding = encoding
        with pytest.raises(ParseError):
            request.data
        answers.append(request.data)
    first, second = answers
    assert first is not second  # each request its own (a QueryDict can be made mutable)
    for data in answers:
        assert type(data) is QueryDict
        assert vars(data) == vars(QueryDict("", encoding=encoding))
        assert data.encoding == (encoding or "utf-8")
        with pytest.raises(AttributeError, match="immutable"):
            data["x"] = "1"
    assert first.copy() == QueryDict("", mutable=True)


def test_parse_error_message_reaches_the_caller():
    request = post(b"[1, 2", "application/json")
    with pytest.raises(ParseError) as info:
        request.POST
    assert str(info.value.detail) == (
        "JSON parse error - Expecting ',' delimiter: line 1 column 6 (char 5)"
    )


def test_body_size_limit_applies_to_json(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    request = post(b'{"a": "' + b"x" * 100 + b'"}')
    with pytest.raises(RequestDataTooBig):
        request.data
    assert request.data == QueryDict("")


def test_body_size_limit_applies_to_forms(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    request = post(b"a=" + b"x" * 100, "application/x-www-form-urlencoded")
    with pytest.raises(RequestDataTooBig):
        request.data


def test_body_read_before_wrapping_is_still_parsed():
    http_request = factory.generic("POST", "/", b'{"a": 1}', content_type="application/json")
    assert http_request.body == b'{"a": 1}'
    assert Request(http_request, parsers=parsers()).data == {"a": 1}


def test_attribute_error_in_a_parser_is_not_masked():
    class Broken(JSONParser):
        def parse(self, stream, media_type=None, parser_context=None):
            raise AttributeError("parser bug")

    request = Request(
        factory.generic("POST", "/", b"{}", content_type="application/json"), parsers=[Broken()]
    )
    with pytest.raises(WrappedAttributeError, match="parser bug"):
        request.data


@pytest.mark.parametrize(
    ("media_type", "expected"),
    [
        ("application/x-www-form-urlencoded", True),
        ("multipart/form-data; boundary=abc", True),
        ("Multipart/Form-Data", True),
        ("application/json", False),
        ("", False),
        (None, False),
        ("multipart/form-data; b=" + "x" * 300, False),
        (" multipart/form-data ; boundary=abc", True),
        ("application/json; charset=utf-8", False),
        ("application/x-www-form-urlencoded; charset*=bogus''x", False),
        ("text/plain; note=form", False),
    ],
)
def test_is_form_media_type(media_type, expected):
    assert is_form_media_type(media_type) is expected


def test_is_form_media_type_parses_only_what_could_be_a_form(monkeypatch):
    from restframe import request as request_module

    calls = []

    def spy(value):
        calls.append(value)
        return parse_header_parameters(value)

    monkeypatch.setattr(request_module, "parse_header_parameters", spy)
    assert is_form_media_type("application/json; charset=utf-8") is False
    assert is_form_media_type("multipart/form-data; boundary=" + "x" * 300) is False
    assert calls == []
    assert is_form_media_type("multipart/form-data; boundary=x") is True
    assert calls == ["multipart/form-data; boundary=x"]


content_types = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=latin-1",
            "application/json; charset=utf-16",
            "application/json; charset=bz2_codec",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=xyz",
            "text/plain",
            "",
        ]
    ),
    st.text(max_size=30),
)


def first_outcome(request_class, parser_classes, body, content_type):
    http_request = factory.generic("POST", "/", body, content_type=content_type)
    request = request_class(http_request, parsers=[cls() for cls in parser_classes])
    try:
        return "ok", repr(request.data)
    except RecursionError:
        return "RecursionError", ""
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.binary(max_size=60), st.just(b"--xyz\r\n\r\n--xyz--"), st.just(b"[" * 3000)),
    content_types,
)
def test_arbitrary_bodies_only_raise_client_errors_and_agree_with_drf(body, content_type):
    try:
        factory.generic("POST", "/", body, content_type=content_type)
    except Exception:  # noqa: BLE001 - Django itself refuses some header values
        return
    ours = first_outcome(Request, [JSONParser, FormParser, MultiPartParser], body, content_type)
    assert ours[0] in ("ok", "ParseError", "UnsupportedMediaType")
    theirs = first_outcome(
        drf_request.Request,
        [drf_parsers.JSONParser, drf_parsers.FormParser, drf_parsers.MultiPartParser],
        body,
        content_type,
    )
    if theirs[0] == "RecursionError":
        assert ours[0] == "ParseError"  # DRF answers 500 here; restframe a 400
    else:
        assert ours == theirs


# --- authentication ---------------------------------------------------------------------------


def test_no_authenticators_means_anonymous():
    request = Request(factory.get("/"))
    assert isinstance(request.user, AnonymousUser)
    assert request.auth is None
    assert request.successful_authenticator is None


def test_first_authenticator_with_an_answer_wins():
    alice = User("alice")
    skip, match, never = Returns(None), Returns((alice, "token")), Returns((User("bob"), None))
    request = Request(factory.get("/"), authenticators=[skip, match, never])
    assert request.user is alice
    assert request.auth == "token"
    assert request.successful_authenticator is match
    assert request._request.user is alice
    assert (skip.calls, match.calls, never.calls) == (1, 1, 0)


def test_authentication_runs_once():
    authenticator = Returns((User("alice"), None))
    request = Request(factory.get("/"), authenticators=[authenticator])
    request.user, request.auth, request.successful_authenticator  # noqa: B018
    assert authenticator.calls == 1


def test_failed_authentication_leaves_an_anonymous_request():
    request = Request(factory.get("/"), authenticators=[Raises(AuthenticationFailed())])
    with pytest.raises(AuthenticationFailed):
        request.user
    assert isinstance(request.user, AnonymousUser)
    assert request.auth is None
    assert request.successful_authenticator is None


def test_unauthenticated_user_and_token_settings(settings):
    settings.REST_FRAMEWORK = {
        "UNAUTHENTICATED_USER": None,
        "UNAUTHENTICATED_TOKEN": "builtins.dict",
    }
    request = Request(factory.get("/"))
    assert request.user is None
    assert request.auth == {}


def test_attribute_error_in_an_authenticator_is_not_masked():
    request = Request(factory.get("/"), authenticators=[Raises(AttributeError("auth bug"))])
    with pytest.raises(WrappedAttributeError, match="auth bug"):
        request.user


def test_user_setter_updates_the_django_request():
    request = Request(factory.get("/"))
    alice = User("alice")
    request.user = alice
    assert request.user is alice
    assert request._request.user is alice
    request.auth = "t"
    assert request._request.auth == "t"


def test_forced_authentication():
    http_request = factory.get("/")
    alice = User("alice")
    http_request._force_auth_user = alice
    http_request._force_auth_token = "tok"
    request = Request(http_request, authenticators=[Raises(AuthenticationFailed())])
    assert request.user is alice
    assert request.auth == "tok"
    assert isinstance(request.successful_authenticator, ForcedAuthentication)


async def test_auser_awaits_aauthenticate():
    alice = User("alice")
    request = Request(factory.get("/"), authenticators=[AsyncOnly(None), AsyncOnly((alice, 1))])
    assert await request.auser() is alice
    assert request.user is alice
    assert request.auth == 1


async def test_auser_runs_sync_only_authenticators_in_a_thread():
    class SyncOnly:
        def authenticate(self, request):
            return (User("carol"), None)

    request = Request(factory.get("/"), authenticators=[SyncOnly()])
    assert (await request.auser()).name == "carol"


async def test_async_failure_leaves_an_anonymous_request():
    class AsyncFails:
        async def aauthenticate(self, request):
            raise AuthenticationFailed("nope")

    request = Request(factory.get("/"), authenticators=[AsyncFails()])
    with pytest.raises(AuthenticationFailed):
        await request.auser()
    assert isinstance(await request.auser(), AnonymousUser)


async def test_async_forced_authentication():
    http_request = factory.get("/")
    http_request._force_auth_user = alice = User("alice")
    assert await Request(http_request).auser() is alice


# --- cloning ----------------------------------------------------------------------------------


def test_clone_request_answers_another_method():
    alice = User("alice")
    request = post(b'{"a": 1}')
    request.user = alice
    request.data  # noqa: B018
    request.accepted_renderer = "renderer"
    clone = clone_request(request, "PUT")
    assert clone.method == "PUT"
    assert request.method == "POST"
    assert clone.data is request.data
    assert clone.user is alice
    assert clone.accepted_renderer == "renderer"
    assert isinstance(clone._request, HttpRequest)


# --- through an APIView -----------------------------------------------------------------------

FORM = "application/x-www-form-urlencoded"
HTTP_CASES = [
    # (method, path suffix, body, content type, extra headers)
    ("post", "", b'{"a": [1, 2.5]}', "application/json", {}),
    ("post", "", b"a=1&a=2", FORM, {}),
    ("post", "", b"a=1&b=2", FORM, {}),
    ("post", "", b"{", "application/json", {}),
    ("post", "", b"\xff", "application/json", {}),
    ("post", "", b"[NaN]", "application/json", {}),
    ("post", "", b"hello", "text/plain; charset=utf-8", {}),
    ("post", "", b"{}", "application/json; charset=bz2_codec", {}),
    ("post", "", b"a=1", "multipart/form-data", {}),
    ("get", "", b"", "", {"HTTP_ACCEPT": "image/png"}),
    ("get", "?format=xml", b"", "", {}),
    ("get", "", b"", "", {"HTTP_ACCEPT": "text/html;q=0.9, application/*;q=0.1"}),
]


def call(client, method, url, body, content_type, extra):
    if method == "get":
        return client.get(url, **extra)
    return client.generic("POST", url, body, content_type=content_type, **extra)


@pytest.mark.urls("tests.urls_input")
@pytest.mark.parametrize(("method", "suffix", "body", "content_type", "extra"), HTTP_CASES)
@pytest.mark.parametrize("view", ["echo", "async-echo"])
def test_http_responses_match_drf_byte_for_byte(
    client, view, method, suffix, body, content_type, extra
):
    ours = call(client, method, f"/{view}/{suffix}", body, content_type, extra)
    theirs = call(client, method, f"/drf-echo/{suffix}", body, content_type, extra)
    assert (ours.status_code, ours.content) == (theirs.status_code, theirs.content)
    assert ours["Content-Type"] == theirs["Content-Type"]


@pytest.mark.urls("tests.urls_input")
@pytest.mark.parametrize(
    ("body", "content_type", "status", "content"),
    [
        (b'{"a": 1}', "application/json", 200, b'{"a":1}'),
        (
            b"{",
            "application/json",
            400,
            b'{"detail":"JSON parse error - Expecting property name enclosed in double quotes:'
            b' line 1 column 2 (char 1)"}',
        ),
        (
            b"x",
            "text/csv",
            415,
            b'{"detail":"Unsupported media type \\"text/csv\\" in request."}',
        ),
    ],
)
def test_http_status_and_body(client, body, content_type, status, content):
    response = client.generic("POST", "/echo/", body, content_type=content_type)
    assert response.status_code == status
    assert response.content == content
    assert response["Content-Type"] == "application/json"


@pytest.mark.urls("tests.urls_input")
def test_http_not_acceptable_and_unknown_format(client):
    response = client.get("/echo/", HTTP_ACCEPT="image/png")
    assert (response.status_code, response.content) == (
        406,
        b'{"detail":"Could not satisfy the request Accept header."}',
    )
    response = client.get("/echo/?format=yaml")
    assert (response.status_code, response.content) == (404, b'{"detail":"Not found."}')
