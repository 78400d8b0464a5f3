"""Error bodies: DRF's shape and RFC 9457 problem details (``restframe.formatters``)."""

from __future__ import annotations

from urllib.parse import unquote

import orjson
import pytest
from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from restframe import exceptions
from restframe.formatters import (
    PROBLEM_CONTENT_TYPE,
    drf_body,
    json_pointer,
    problem_body,
    wants_problem,
)

rf = RequestFactory()


def dumps(body):
    return orjson.dumps(body)


class PaymentRequired(exceptions.APIException):
    status_code = 402
    default_detail = "Pay first."
    default_code = "payment_needed"
    default_title = "Payment needed"


# --- wants_problem -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        ("application/json", False),
        ("application/problem+json", True),
        ("application/json, application/problem+json", False),  # tie: not a preference
        ("application/json;q=0.9, application/problem+json", True),
        ("application/problem+json;q=0.5, application/json", False),
        ("application/*;q=0.5, application/problem+json", True),
        ("text/html", False),
        ("garbage;;;,", False),
    ],
)
def test_wants_problem_follows_accept_in_drf_format(accept, expected):
    extra = {} if accept is None else {"HTTP_ACCEPT": accept}
    assert wants_problem(rf.get("/", **extra)) is expected


@override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"})
@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "text/html"])
def test_wants_problem_always_with_problem_format(accept):
    extra = {} if accept is None else {"HTTP_ACCEPT": accept}
    assert wants_problem(rf.get("/", **extra)) is True
    assert wants_problem(None) is True


def test_wants_problem_without_request_uses_setting_only():
    assert wants_problem(None) is False


def test_wants_problem_reads_a_restframe_request():
    from restframe.request import Request

    request = Request(rf.get("/", HTTP_ACCEPT="application/problem+json"))
    assert wants_problem(request) is True


def test_problem_content_type():
    assert PROBLEM_CONTENT_TYPE == "application/problem+json"


# --- drf_body ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (exceptions.NotFound(), b'{"detail":"Not found."}'),
        (exceptions.PermissionDenied("No."), b'{"detail":"No."}'),
        (exceptions.ValidationError("x"), b'["x"]'),
        (exceptions.ValidationError({"a": ["b"]}), b'{"a":["b"]}'),
        (exceptions.APIException(["one", "two"]), b'["one","two"]'),
        (
            exceptions.Throttled(1),
            b'{"detail":"Request was throttled. Expected available in 1 second."}',
        ),
        (exceptions.MethodNotAllowed("DELETE"), b'{"detail":"Method \\"DELETE\\" not allowed."}'),
    ],
)
def test_drf_body(exc, expected):
    assert dumps(drf_body(exc)) == expected


def test_drf_body_keeps_error_details():
    body = drf_body(exceptions.NotFound(code="gone"))
    assert body["detail"].code == "gone"


# --- problem_body --------------------------------------------------------------------------


def test_problem_body_members_in_order():
    request = rf.get("/things/7/?page=2")
    body = problem_body(exceptions.NotFound(), request)
    assert dumps(body) == (
        b'{"type":"about:blank","title":"Not Found","status":404,"detail":"Not found.",'
        b'"instance":"/things/7/","code":"not_found"}'
    )


def test_problem_body_without_request_has_no_instance():
    body = problem_body(exceptions.PermissionDenied(), None)
    assert body == {
        "type": "about:blank",
        "title": "Forbidden",
        "status": 403,
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
    }


def test_problem_body_of_a_single_error_shaped_as_a_dict_with_a_detail():
    """A package's own one-error shape (simplejwt's ``InvalidToken``): its ``detail`` and
    ``code`` are the problem's, its other members extension members, not input ``errors``."""

    class InvalidToken(exceptions.AuthenticationFailed):
        default_code = "token_not_valid"

    exc = InvalidToken(
        {
            "detail": "Given token not valid for any token type",
            "code": "token_not_valid",
            "messages": [{"token_class": "AccessToken", "message": "Token is invalid"}],
        }
    )
    body = problem_body(exc, rf.get("/users/"))
    assert dumps(body) == (
        b'{"type":"about:blank","title":"Unauthorized","status":401,'
        b'"detail":"Given token not valid for any token type","instance":"/users/",'
        b'"code":"token_not_valid",'
        b'"messages":[{"token_class":"AccessToken","message":"Token is invalid"}]}'
    )


def test_problem_body_of_a_validation_error_keyed_detail_is_still_a_field_error():
    body = problem_body(exceptions.ValidationError({"detail": ["Too short."]}), rf.post("/x"))
    assert body["code"] == "invalid"
    assert body["errors"] == [{"pointer": "#/detail", "detail": "Too short.", "code": "invalid"}]


def test_problem_body_error_id_comes_last():
    body = problem_body(exceptions.APIException(), rf.get("/x"), error_id="1234")
    assert list(body) == ["type", "title", "status", "detail", "instance", "code", "error_id"]
    assert body["error_id"] == "1234"
    assert body["title"] == "Internal Server Error"


def test_problem_body_uses_the_detail_code():
    body = problem_body(exceptions.PermissionDenied("Nope.", code="banned"), None)
    assert (body["detail"], body["code"]) == ("Nope.", "banned")


def test_problem_body_status_follows_the_instance():
    # APIView turns a 401 without WWW-Authenticate into a 403 on the instance.
    exc = exceptions.NotAuthenticated()
    exc.status_code = 403
    body = problem_body(exc, None)
    assert (body["status"], body["title"], body["code"]) == (403, "Forbidden", "not_authenticated")


def test_problem_body_instance_is_a_uri_reference():
    request = rf.get('/caf\u00e9/<b>"x"/')
    assert problem_body(exceptions.NotFound(), request)["instance"] == "/caf%C3%A9/%3Cb%3E%22x%22/"


def test_problem_body_with_a_restframe_request():
    from restframe.request import Request

    body = problem_body(exceptions.NotFound(), Request(rf.get("/r/?q=1")))
    assert body["instance"] == "/r/"


def test_problem_body_values_are_plain_json_types():
    body = problem_body(exceptions.ValidationError({"a": ["b"]}), None)
    assert type(body["title"]) is str
    assert type(body["detail"]) is str
    assert type(body["errors"][0]["detail"]) is str


@override_settings(REST_FRAMEWORK={"PROBLEM_TYPE_BASE_URI": "https://errors.example.com/"})
def test_problem_type_base_uri():
    body = problem_body(exceptions.Throttled(), None)
    assert body["type"] == "https://errors.example.com/throttled"
    assert body["title"] == "Too Many Requests"
    body = problem_body(PaymentRequired(), None)
    assert body["type"] == "https://errors.example.com/payment_needed"
    assert body["title"] == "Payment needed"


def test_declared_title_only_used_with_a_base_uri():
    assert problem_body(PaymentRequired(), None)["title"] == "Payment Required"


@override_settings(REST_FRAMEWORK={"PROBLEM_TYPE_BASE_URI": "tag:example.com,2026:"})
def test_problem_type_base_uri_concatenated_as_is():
    assert problem_body(exceptions.ParseError(), None)["type"] == "tag:example.com,2026:parse_error"


def test_unknown_status_title():
    exc = exceptions.APIException()
    exc.status_code = 599
    assert problem_body(exc, None)["title"] == "Server Error"
    exc.status_code = 499
    assert problem_body(exc, None)["title"] == "Client Error"


def test_validation_problem():
    exc = exceptions.ValidationError(
        {
            "non_field_errors": ["Passwords differ."],
            "items": {
                "1": {
                    "email": ["Enter a valid email address."],
                    "non_field_errors": ["Bad item."],
                }
            },
            "tags": {2: [exceptions.ErrorDetail("Not a valid string.", "invalid")]},
            "name": [exceptions.ErrorDetail("This field is required.", "required")],
        }
    )
    body = problem_body(exc, rf.post("/signup"))
    assert dumps(body) == (
        b'{"type":"about:blank","title":"Bad Request","status":400,"detail":"Invalid input.",'
        b'"instance":"/signup","code":"invalid","errors":['
        b'{"pointer":"#","detail":"Passwords differ.","code":"invalid"},'
        b'{"pointer":"#/items/1/email","detail":"Enter a valid email address.","code":"invalid"},'
        b'{"pointer":"#/items/1","detail":"Bad item.","code":"invalid"},'
        b'{"pointer":"#/tags/2","detail":"Not a valid string.","code":"invalid"},'
        b'{"pointer":"#/name","detail":"This field is required.","code":"required"}]}'
    )


def test_validation_problem_from_a_message():
    body = problem_body(exceptions.ValidationError("Bad.", code="bad"), None)
    assert body["detail"] == "Invalid input."
    assert body["code"] == "invalid"
    assert body["errors"] == [{"pointer": "#", "detail": "Bad.", "code": "bad"}]


def test_validation_problem_list_of_items():
    # DRF < 3.18 many=True errors: one dict per item, empty for valid items.
    exc = exceptions.ValidationError([{}, {"num": ["Must be a valid boolean."]}])
    assert problem_body(exc, None)["errors"] == [
        {"pointer": "#/1/num", "detail": "Must be a valid boolean.", "code": "invalid"}
    ]


@override_settings(REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "__all__"})
def test_validation_problem_honours_non_field_errors_key():
    exc = exceptions.ValidationError({"__all__": ["A"], "non_field_errors": ["B"]})
    assert [e["pointer"] for e in problem_body(exc, None)["errors"]] == ["#", "#/non_field_errors"]


@pytest.mark.parametrize(
    ("key", "pointer"),
    [
        ("a/b", "#/a~1b"),
        ("m~n", "#/m~0n"),
        ("~1", "#/~01"),
        ("sp ace", "#/sp%20ace"),
        ("caf\u00e9", "#/caf%C3%A9"),
        ("50%", "#/50%25"),
        ('<"#>', "#/%3C%22%23%3E"),
        ("", "#/"),
        ("a:b@c!$&'()*+,;=?", "#/a:b@c!$&'()*+,;=?"),
    ],
)
def test_pointer_escaping(key, pointer):
    body = problem_body(exceptions.ValidationError({key: ["x"]}), None)
    assert body["errors"][0]["pointer"] == pointer


def _decode(pointer: str) -> list[str]:
    assert pointer.startswith("#")
    rest = unquote(pointer[1:], errors="strict")
    if not rest:
        return []
    return [s.replace("~1", "/").replace("~0", "~") for s in rest.split("/")[1:]]


_FRAGMENT_CHARS = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%"
)


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=8), max_size=4))
def test_pointer_round_trips(segments):
    pointer = json_pointer(segments)
    assert set(pointer[1:]) <= _FRAGMENT_CHARS
    assert _decode(pointer) == segments


@hsettings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.lists(st.text(max_size=5), min_size=1, max_size=3),
        lambda children: st.dictionaries(st.text(max_size=5), children, max_size=3),
        max_leaves=8,
    )
)
def test_every_leaf_message_gets_one_entry(detail):
    exc = exceptions.ValidationError(detail)
    errors = problem_body(exc, None)["errors"]

    def leaves(node):
        if isinstance(node, dict):
            return [leaf for value in node.values() for leaf in leaves(value)]
        if isinstance(node, list):
            return [leaf for item in node for leaf in leaves(item)]
        return [node]

    assert [e["detail"] for e in errors] == [str(leaf) for leaf in leaves(exc.detail)]
    orjson.dumps(errors)  # always JSON-serialisable


def test_system_check_rejects_a_non_string_base_uri():
    from restframe.checks import check_problem_type_base_uri

    assert check_problem_type_base_uri() == []
    with override_settings(REST_FRAMEWORK={"PROBLEM_TYPE_BASE_URI": 42}):
        errors = check_problem_type_base_uri()
    assert [e.id for e in errors] == ["restframe.E003"]
