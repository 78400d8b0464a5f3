"""Validation errors through HTTP: what a client receives, byte for byte, from sync and async views.

The serializers and views live in ``tests/urls_validation_http.py``. The expected bodies are
DRF 3.18's (``test_sync_bodies_match_drf`` re-checks them against DRF itself when installed);
the ``"problem"`` cases pin restframe's RFC 9457 rendering of the same errors.
"""

import json
import sys

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restframe.exceptions import ErrorDetail, ValidationError
from restframe.test import APIClient, AsyncAPIClient
from tests import urls_validation_http
from tests.models_handlers import Author

pytestmark = pytest.mark.urls("tests.urls_validation_http")

MODES = ["sync", "async"]
JSON = "application/json"
PROBLEM = "application/problem+json"


def post(mode, name, body, **extra):
    """POST raw ``body`` (bytes, or a value to JSON-encode) to ``/<mode>/<name>/``."""
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    path = f"/{mode}/{name}/"
    if mode == "async":
        client = AsyncAPIClient(raise_request_exception=False)
        return async_to_sync(client.post)(path, data=body, content_type=JSON, **extra)
    client = APIClient(raise_request_exception=False)
    return client.post(path, data=body, content_type=JSON, **extra)


def problem_settings(**more):
    return override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem", **more})


GOOD_ITEM = {"sku": "a", "email": "a@b.co", "qty": 1}
GOOD_FIELDS = {
    "name": "bob",
    "age": 30,
    "email": "bob@example.com",
    "colour": "red",
    "when": "2024-01-01T00:00Z",
}
DATETIME_MESSAGE = (
    "Datetime has wrong format. Use one of these formats instead: "
    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
)

# (name, view, request body, expected DRF-format body)
CASES = [
    (
        "required",
        "fields",
        {},
        b'{"name":["This field is required."],"age":["This field is required."],'
        b'"email":["This field is required."],"colour":["This field is required."],'
        b'"when":["This field is required."]}',
    ),
    (
        "field-errors",
        "fields",
        {"name": "", "age": "x", "email": "nope", "colour": "blue", "when": "yesterday"},
        b'{"name":["This field may not be blank."],"age":["A valid integer is required."],'
        b'"email":["Enter a valid email address."],"colour":["\\"blue\\" is not a valid choice."],'
        b'"when":["' + DATETIME_MESSAGE.encode() + b'"]}',
    ),
    (
        "max-length-and-float",
        "fields",
        {**GOOD_FIELDS, "name": "toolong", "age": 1.5},
        b'{"name":["Ensure this field has no more than 5 characters."],'
        b'"age":["A valid integer is required."]}',
    ),
    (
        "validate-field",
        "fields",
        {**GOOD_FIELDS, "name": "root"},
        b'{"name":["This name is reserved."]}',
    ),
    (
        "validate",
        "fields",
        {**GOOD_FIELDS, "age": 3},
        b'{"non_field_errors":["Red is for adults only."]}',
    ),
    (
        "not-a-dict",
        "fields",
        ["a"],
        b'{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}',
    ),
    ("nested-missing", "order", {"items": []}, b'{"customer":["This field is required."]}'),
    (
        "nested-not-dict",
        "order",
        {"customer": "bob", "items": {"a": 1}},
        b'{"customer":{"non_field_errors":["Invalid data. Expected a dictionary, but got str."]},'
        b'"items":{"non_field_errors":["Expected a list of items but got type \\"dict\\"."]}}',
    ),
    (
        "nested-deep",
        "order",
        {
            "customer": {},
            "items": [GOOD_ITEM, {"sku": "b", "email": "bad", "qty": 0}, {**GOOD_ITEM, "qty": 9}],
            "tags": [1, "x", 3, "y"],
            "limits": {"a": 1, "b": "no"},
        },
        b'{"customer":{"name":["This field is required."]},'
        b'"items":{"1":{"email":["Enter a valid email address."],'
        b'"qty":["Ensure this value is greater than or equal to 1."]},'
        b'"2":{"non_field_errors":["Not enough stock."]}},'
        b'"tags":{"1":["A valid integer is required."],"3":["A valid integer is required."]},'
        b'"limits":{"b":["A valid integer is required."]}}',
    ),
    (
        "list-dict-not-containers",
        "order",
        {"customer": {"name": "x"}, "items": [GOOD_ITEM], "tags": "no", "limits": [1]},
        b'{"tags":["Expected a list of items but got type \\"str\\"."],'
        b'"limits":["Expected a dictionary of items but got type \\"list\\"."]}',
    ),
    (
        "nested-validate",
        "order",
        {"customer": {"name": "x"}, "items": [GOOD_ITEM] * 4},
        b'{"non_field_errors":["An order holds at most 3 items."]}',
    ),
    (
        "nested-items-wrong-types",
        "order",
        {"customer": {"name": "x"}, "items": ["str", None]},
        b'{"items":{"0":{"non_field_errors":["Invalid data. Expected a dictionary, but got str."]},'
        b'"1":["This field may not be null."]}}',
    ),
    (
        "many-not-a-list",
        "items",
        {"a": 1},
        b'{"non_field_errors":["Expected a list of items but got type \\"dict\\"."]}',
    ),
    (
        "many-index-keyed",
        "items",
        [GOOD_ITEM, {**GOOD_ITEM, "email": "bad"}, GOOD_ITEM, {"sku": ""}],
        b'{"1":{"email":["Enter a valid email address."]},'
        b'"3":{"sku":["This field may not be blank."],"email":["This field is required."],'
        b'"qty":["This field is required."]}}',
    ),
    (
        "many-empty",
        "items-not-empty",
        [],
        b'{"non_field_errors":["This list may not be empty."]}',
    ),
    ("raised-string", "raise-string", {}, b'["x"]'),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("case", "view", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_validation_errors_render_drf_bodies(mode, case, view, data, expected):
    response = post(mode, view, data)
    assert response.status_code == 400
    assert response["Content-Type"] == JSON
    assert response.content == expected


@pytest.mark.parametrize(("case", "view", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sync_bodies_match_drf(case, view, data, expected):
    """The same request to the same serializer under DRF 3.18 answers the same bytes."""
    if urls_validation_http.DRF is None:
        pytest.skip("Django REST framework is not installed")
    ours = post("sync", view, data)
    theirs = post("drf", view, data)
    assert (ours.status_code, ours["Content-Type"], ours.content) == (
        theirs.status_code,
        theirs["Content-Type"],
        theirs.content,
    )


@pytest.mark.parametrize("mode", MODES)
def test_valid_data_is_answered(mode):
    response = post(mode, "fields", GOOD_FIELDS)
    assert response.status_code == 200
    assert response.content == (
        b'{"name":"bob","age":30,"email":"bob@example.com","colour":"red",'
        b'"when":"2024-01-01T00:00:00Z"}'
    )
    assert post(mode, "items", []).content == b"[]"


def test_manual_errors_response_matches_raised_one():
    """``Response(serializer.errors, status=400)`` and ``raise_exception=True`` agree."""
    manual = post("sync", "manual", {"name": ""})
    raised = post("sync", "fields", {"name": ""})
    assert manual.status_code == raised.status_code == 400
    assert manual.content == raised.content
    assert manual.content.startswith(b'{"name":["This field may not be blank."],"age":')


# --- NON_FIELD_ERRORS_KEY -------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_non_field_errors_key_is_read_per_request(mode):
    with override_settings(REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "errors"}):
        response = post(mode, "fields", {**GOOD_FIELDS, "age": 3})
        nested = post(mode, "order", {"customer": "x", "items": [GOOD_ITEM] * 4})
        many = post(mode, "items-not-empty", [])
    assert response.content == b'{"errors":["Red is for adults only."]}'
    assert nested.content == (
        b'{"customer":{"errors":["Invalid data. Expected a dictionary, but got str."]}}'
    )
    assert many.content == b'{"errors":["This list may not be empty."]}'
    # and back to the default once the override ends
    assert post(mode, "fields", {**GOOD_FIELDS, "age": 3}).content == (
        b'{"non_field_errors":["Red is for adults only."]}'
    )


# --- the same errors as RFC 9457 problem details --------------------------------------------


def problem(mode, view, errors):
    return {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Invalid input.",
        "instance": f"/{mode}/{view}/",
        "code": "invalid",
        "errors": [{"pointer": p, "detail": d, "code": c} for p, d, c in errors],
    }


PROBLEM_CASES = [
    (
        "field-errors",
        "fields",
        {"name": "", "age": "x", "email": "nope", "colour": "blue", "when": "yesterday"},
        [
            ("#/name", "This field may not be blank.", "blank"),
            ("#/age", "A valid integer is required.", "invalid"),
            ("#/email", "Enter a valid email address.", "invalid"),
            ("#/colour", '"blue" is not a valid choice.', "invalid_choice"),
            ("#/when", DATETIME_MESSAGE, "invalid"),
        ],
    ),
    (
        "max-length",
        "fields",
        {**GOOD_FIELDS, "name": "toolong"},
        [("#/name", "Ensure this field has no more than 5 characters.", "max_length")],
    ),
    (
        "validate",
        "fields",
        {**GOOD_FIELDS, "age": 3},
        [("#", "Red is for adults only.", "invalid")],
    ),
    (
        "not-a-dict",
        "fields",
        "text",
        [("#", "Invalid data. Expected a dictionary, but got str.", "invalid")],
    ),
    (
        "nested",
        "order",
        {
            "customer": {},
            "items": [GOOD_ITEM, {"sku": "b", "email": "bad", "qty": 0}, {**GOOD_ITEM, "qty": 9}],
            "tags": [1, "x"],
            "limits": {"a/b~c d": "no", "ok": 1},
        },
        [
            ("#/customer/name", "This field is required.", "required"),
            ("#/items/1/email", "Enter a valid email address.", "invalid"),
            ("#/items/1/qty", "Ensure this value is greater than or equal to 1.", "min_value"),
            ("#/items/2", "Not enough stock.", "stock"),
            ("#/tags/1", "A valid integer is required.", "invalid"),
            ("#/limits/a~1b~0c%20d", "A valid integer is required.", "invalid"),
        ],
    ),
    (
        "nested-not-dict",
        "order",
        {"customer": "bob", "items": {"a": 1}},
        [
            ("#/customer", "Invalid data. Expected a dictionary, but got str.", "invalid"),
            ("#/items", 'Expected a list of items but got type "dict".', "not_a_list"),
        ],
    ),
    (
        "nested-validate",
        "order",
        {"customer": {"name": "x"}, "items": [GOOD_ITEM] * 4},
        [("#", "An order holds at most 3 items.", "invalid")],
    ),
    (
        "many",
        "items",
        [GOOD_ITEM, {**GOOD_ITEM, "email": "bad"}, {**GOOD_ITEM, "qty": 6}],
        [
            ("#/1/email", "Enter a valid email address.", "invalid"),
            ("#/2", "Not enough stock.", "stock"),
        ],
    ),
    (
        "many-not-a-list",
        "items",
        {},
        [("#", 'Expected a list of items but got type "dict".', "not_a_list")],
    ),
    ("many-empty", "items-not-empty", [], [("#", "This list may not be empty.", "empty")]),
    ("raised-string", "raise-string", {}, [("#", "x", "invalid")]),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("case", "view", "data", "errors"), PROBLEM_CASES, ids=[c[0] for c in PROBLEM_CASES]
)
def test_validation_errors_as_problem_details(mode, case, view, data, errors):
    with problem_settings():
        response = post(mode, view, data)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == problem(mode, view, errors)
    # member order is part of the rendering: type, title, status, detail, instance, code, errors
    assert response.content.startswith(
        b'{"type":"about:blank","title":"Bad Request","status":400,"detail":"Invalid input.",'
        b'"instance":"/' + mode.encode() + b"/" + view.encode() + b'/","code":"invalid","errors":['
    )


@pytest.mark.parametrize("mode", MODES)
def test_problem_pointers_ignore_a_renamed_non_field_key(mode):
    with problem_settings(NON_FIELD_ERRORS_KEY="errors"):
        response = post(
            mode, "order", {"customer": "x", "items": [GOOD_ITEM, {**GOOD_ITEM, "qty": 7}]}
        )
    assert json.loads(response.content)["errors"] == [
        {
            "pointer": "#/customer",
            "detail": "Invalid data. Expected a dictionary, but got str.",
            "code": "invalid",
        },
        {"pointer": "#/items/1", "detail": "Not enough stock.", "code": "stock"},
    ]


@pytest.mark.parametrize("mode", MODES)
def test_accept_problem_json_selects_problem_details_under_drf_format(mode):
    response = post(mode, "fields", {**GOOD_FIELDS, "age": 3}, HTTP_ACCEPT=PROBLEM)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["errors"] == [
        {"pointer": "#", "detail": "Red is for adults only.", "code": "invalid"}
    ]


# --- the exception behind the response ------------------------------------------------------


def test_codes_and_full_details_of_serializer_errors():
    caught = urls_validation_http.RaiseValidationError.caught
    caught.clear()
    response = post(
        "sync",
        "codes",
        {"customer": {}, "items": [GOOD_ITEM, {"sku": "", "email": "x", "qty": 9}], "tags": ["a"]},
    )
    assert response.status_code == 400
    assert response.content == (
        b'{"customer":{"name":["This field is required."]},'
        b'"items":{"1":{"sku":["This field may not be blank."],'
        b'"email":["Enter a valid email address."]}},'
        b'"tags":{"0":["A valid integer is required."]}}'
    )
    (exc,) = caught
    assert isinstance(exc, ValidationError)
    assert exc.get_codes() == {
        "customer": {"name": ["required"]},
        "items": {1: {"sku": ["blank"], "email": ["invalid"]}},
        "tags": {0: ["invalid"]},
    }
    full = exc.get_full_details()
    assert full == {
        "customer": {"name": [{"message": "This field is required.", "code": "required"}]},
        "items": {
            1: {
                "sku": [{"message": "This field may not be blank.", "code": "blank"}],
                "email": [{"message": "Enter a valid email address.", "code": "invalid"}],
            }
        },
        "tags": {0: [{"message": "A valid integer is required.", "code": "invalid"}]},
    }
    message = full["customer"]["name"][0]["message"]
    assert type(message) is ErrorDetail
    assert message.code == "required"


@pytest.mark.parametrize("mode", MODES)
def test_is_valid_raise_exception_goes_through_the_exception_handler(mode):
    handled = urls_validation_http.HANDLED
    handled.clear()
    handler = "tests.urls_validation_http.recording_exception_handler"
    with override_settings(REST_FRAMEWORK={"EXCEPTION_HANDLER": handler}):
        response = post(mode, "fields", {**GOOD_FIELDS, "name": "root"})
    assert response.status_code == 400
    assert response.content == b'{"name":["This name is reserved."]}'
    (exc,) = handled
    assert isinstance(exc, ValidationError)
    assert exc.get_codes() == {"name": ["invalid"]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("atomic", [True, False])
def test_serializer_error_rolls_back_atomic_request(monkeypatch, atomic):
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", atomic)
    response = post("sync", "atomic", {"text": "x" * 21})
    assert response.status_code == 400
    assert response.content == b'{"text":["Ensure this field has no more than 20 characters."]}'
    # Without ATOMIC_REQUESTS the write stays: the check below can tell the two apart.
    assert Author.objects.count() == (0 if atomic else 1)


# --- hostile input: always a 400 with a documented message, never a 500 ---------------------

DEEP = 500  # within JSONParser.max_depth (512): the fields see it


def deep_list(depth=DEEP):
    return b"[" * depth + b"]" * depth


def deep_dict(depth=DEEP):
    return b'{"a":' * depth + b"1" + b"}" * depth


HOSTILE = [
    (
        "deep-document",
        "text",
        deep_list(),
        b'{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}',
    ),
    (
        "deep-string-field",
        "text",
        b'{"text":' + deep_list() + b"}",
        b'{"text":["Not a valid string."]}',
    ),
    (
        "deep-choice",
        "fields",
        b'{"name":"bob","age":30,"email":"a@b.co","when":"2024-01-01T00:00Z","colour":'
        + deep_dict(1000)
        + b"}",
        # Deeper than JSONParser.max_depth: refused before any field sees it (a 1000-deep echo
        # used to parse and then fail to render).
        b'{"detail":"JSON parse error - nesting deeper than 512 levels."}',
    ),
    (
        "deep-list-field",
        "order",
        b'{"customer":{"name":"x"},"items":[],"tags":' + deep_list() + b"}",
        b'{"tags":{"0":["A valid integer is required."]}}',
    ),
    (
        "deep-many",
        "items",
        deep_list(),
        b'{"0":{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}}',
    ),
    (
        "5000-digits",
        "text",
        b'{"text": ' + b"7" * 5000 + b"}",
        b'{"detail":"JSON parse error - Exceeds the limit (4300 digits) for integer string '
        b"conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase "
        b'the limit"}',
    ),
    (
        "nan",
        "text",
        b'{"text": NaN}',
        b'{"detail":"JSON parse error - Out of range float values are not JSON compliant: '
        b"'NaN'\"}",
    ),
    (
        "infinity",
        "fields",
        b'{"age": -Infinity}',
        b'{"detail":"JSON parse error - Out of range float values are not JSON compliant: '
        b"'-Infinity'\"}",
    ),
    (
        "lone-surrogate",
        "text",
        b'{"text": "\\ud800"}',
        b'{"text":["Surrogate characters are not allowed: U+D800."]}',
    ),
    (
        "nested-lone-surrogate",
        "order",
        b'{"customer": {"name": "ok\\udfff"}, "items": []}',
        b'{"customer":{"name":["Surrogate characters are not allowed: U+DFFF."]}}',
    ),
    ("surrogate-key", "text", b'{"\\ud800": "a"}', b'{"text":["This field is required."]}'),
    (
        "null-character",
        "text",
        b'{"text": "a\\u0000b"}',
        b'{"text":["Null characters are not allowed."]}',
    ),
    (
        "truncated",
        "text",
        b'{"text": ',
        b'{"detail":"JSON parse error - Expecting value: line 1 column 10 (char 9)"}',
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("case", "view", "body", "expected"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_json_is_a_client_error(mode, case, view, body, expected):
    response = post(mode, view, body)
    assert response.status_code == 400
    assert response["Content-Type"] == JSON
    assert response.content == expected


@pytest.mark.parametrize("mode", MODES)
def test_nesting_beyond_the_recursion_limit_is_a_parse_error(mode):
    depth = max(100_000, sys.getrecursionlimit() * 10)
    for body in (deep_list(depth), b'{"text":' + b"[" * depth):
        response = post(mode, "text", body)
        assert response.status_code == 400
        assert response["Content-Type"] == JSON
        detail = json.loads(response.content)["detail"]
        assert detail == "JSON parse error - nesting deeper than 512 levels."


@pytest.mark.parametrize("mode", MODES)
def test_ten_megabyte_string_over_the_upload_limit_is_a_bad_request(mode):
    # DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default) refuses the body before it is parsed;
    # the URLconf's handler400 is restframe.defaults.bad_request.
    body = b'{"text": "' + b"a" * 10_000_000 + b'"}'
    response = post(mode, "text", body)
    assert response.status_code == 400
    assert response["Content-Type"] == JSON
    assert response.content == b'{"detail":"Bad request."}'


@pytest.mark.parametrize("mode", MODES)
def test_ten_megabyte_string_within_the_upload_limit_is_a_field_error(mode, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000_000
    body = b'{"text": "' + b"a" * 10_000_000 + b'"}'
    response = post(mode, "text", body)
    assert response.status_code == 400
    assert response.content == b'{"text":["Ensure this field has no more than 20 characters."]}'


@pytest.mark.parametrize("mode", MODES)
def test_hostile_json_as_problem_details(mode):
    with problem_settings():
        response = post(mode, "text", b'{"text": NaN}')
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "JSON parse error - Out of range float values are not JSON compliant: 'NaN'",
        "instance": f"/{mode}/text/",
        "code": "parse_error",
    }


# --- property: any JSON document gets a 200 or a 400 with a JSON body -----------------------

FIELD_NAMES = ["name", "age", "email", "colour", "when", "customer", "items", "tags", "limits"]
PLAUSIBLE = st.sampled_from(
    ["bob", "root", "", "a@b.co", "red", "green", "2024-01-01T00:00Z", 3, 30, 0, -1, 9.5, True]
)
# Lone surrogates and NUL are valid JSON escapes that Python decodes into str; include them.
ODD_TEXT = st.text(st.sampled_from(["a", "é", "/", "~", " ", "%", "\x00", "\ud800", "\udfff"]))
TEXT = st.text(max_size=12) | ODD_TEXT


def documents(keys):
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | TEXT
        | PLAUSIBLE
    )
    values = st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5)
        ),
        max_leaves=25,
    )
    # Shaped like the serializers' input, so nested and child fields see odd values too.
    item = st.fixed_dictionaries({}, optional={"sku": scalars, "email": scalars, "qty": scalars})
    shaped = st.fixed_dictionaries(
        {},
        optional={
            **{name: scalars for name in FIELD_NAMES[:5]},
            "customer": st.fixed_dictionaries({}, optional={"name": scalars}) | values,
            "items": st.lists(item | values, max_size=4) | values,
            "tags": st.lists(scalars, max_size=4) | values,
            "limits": st.dictionaries(keys, scalars, max_size=4) | values,
        },
    )
    return shaped | st.lists(item, max_size=4) | st.dictionaries(keys, values, max_size=8) | values


KEYS = st.sampled_from([*FIELD_NAMES, "sku", "qty", "a/b", "~"]) | st.text(max_size=6)
ANY_KEYS = KEYS | ODD_TEXT


def check_answer(response, error_format):
    assert response.status_code in (200, 400), response.content
    body = json.loads(response.content)
    if response.status_code == 200:
        assert response["Content-Type"] == JSON
    elif error_format == "drf":
        assert response["Content-Type"] == JSON
        assert isinstance(body, (dict, list)) and body
    else:
        assert response["Content-Type"] == PROBLEM
        assert body["status"] == 400
        assert all(error["pointer"].startswith("#") for error in body.get("errors", []))


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("view", ["fields", "order", "items"])
@PROPERTY
@given(document=documents(ANY_KEYS))
def test_any_json_document_is_answered_200_or_400(mode, view, document):
    check_answer(post(mode, view, document), "drf")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("view", ["fields", "order", "items"])
@PROPERTY
@given(document=documents(ANY_KEYS))
def test_any_json_document_is_answered_200_or_400_as_problem(mode, view, document):
    with problem_settings():
        response = post(mode, view, document)
    check_answer(response, "problem")


# --- known bugs (strict xfail: they fail loudly once fixed) ---------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_problem_pointer_of_a_lone_surrogate_member_name(mode):
    body = b'{"customer":{"name":"x"},"items":[],"limits":{"\\ud800":"x"}}'
    with problem_settings():
        response = post(mode, "order", body)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    (error,) = json.loads(response.content)["errors"]
    assert error["pointer"].startswith("#/limits/")
    assert error["pointer"] == "#/limits/%ED%A0%80"
    assert error["detail"] == "A valid integer is required."


def test_lone_surrogate_member_name_in_drf_format():
    body = b'{"customer":{"name":"x"},"items":[],"limits":{"\\ud800":"x"}}'
    response = post("sync", "order", body)
    assert response.status_code == 400
    assert response.content == b'{"limits":{"\\ud800":["A valid integer is required."]}}'


def test_problem_pointer_of_a_dict_member_named_like_the_non_field_key():
    body = {"customer": {"name": "x"}, "items": [], "limits": {"non_field_errors": "x"}}
    assert post("sync", "order", body).content == (
        b'{"limits":{"non_field_errors":["A valid integer is required."]}}'
    )
    with problem_settings():
        response = post("sync", "order", body)
    assert json.loads(response.content)["errors"] == [
        {
            "pointer": "#/limits/non_field_errors",
            "detail": "A valid integer is required.",
            "code": "invalid",
        }
    ]
