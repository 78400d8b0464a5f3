"""``restframe.exceptions``: DRF 3.18's classes, messages, codes and detail shapes."""

import json
import pickle

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from restframe import exceptions
from restframe.exceptions import (
    APIException,
    AuthenticationFailed,
    ErrorDetail,
    MethodNotAllowed,
    NotAcceptable,
    NotAuthenticated,
    NotFound,
    ParseError,
    PermissionDenied,
    Throttled,
    UnsupportedMediaType,
    ValidationError,
    _get_error_details,
)
from restframe.utils.serializer_helpers import ReturnDict, ReturnList

DEFAULTS = [
    (APIException, 500, "A server error occurred.", "error"),
    (ValidationError, 400, "Invalid input.", "invalid"),
    (ParseError, 400, "Malformed request.", "parse_error"),
    (AuthenticationFailed, 401, "Incorrect authentication credentials.", "authentication_failed"),
    (NotAuthenticated, 401, "Authentication credentials were not provided.", "not_authenticated"),
    (
        PermissionDenied,
        403,
        "You do not have permission to perform this action.",
        "permission_denied",
    ),
    (NotFound, 404, "Not found.", "not_found"),
    (NotAcceptable, 406, "Could not satisfy the request Accept header.", "not_acceptable"),
    (Throttled, 429, "Request was throttled.", "throttled"),
]


@pytest.mark.parametrize(("cls", "status", "message", "code"), DEFAULTS)
def test_declared_defaults(cls, status, message, code):
    exc = cls()
    assert exc.status_code == status
    assert str(cls.default_detail) == message
    assert exc.default_code == code
    if cls is ValidationError:
        assert exc.detail == [ErrorDetail(message, code)]
    else:
        assert exc.detail == ErrorDetail(message, code)
        assert exc.get_codes() == code
        assert exc.get_full_details() == {"message": message, "code": code}
        assert str(exc) == message


def test_method_not_allowed_formats_with_double_quotes():
    exc = MethodNotAllowed("DELETE")
    assert exc.status_code == 405
    assert exc.detail == 'Method "DELETE" not allowed.'
    assert exc.get_codes() == "method_not_allowed"
    assert MethodNotAllowed("GET", detail="custom").detail == "custom"


def test_unsupported_media_type_formats_the_full_value():
    exc = UnsupportedMediaType("text/plain; charset=utf-8")
    assert exc.status_code == 415
    assert exc.detail == 'Unsupported media type "text/plain; charset=utf-8" in request.'
    assert exc.get_codes() == "unsupported_media_type"


def test_not_acceptable_keeps_available_renderers():
    marker = [object()]
    assert NotAcceptable(available_renderers=marker).available_renderers is marker
    assert NotAcceptable().available_renderers is None


@pytest.mark.parametrize(
    ("wait", "stored", "message"),
    [
        (None, None, "Request was throttled."),
        (1, 1, "Request was throttled. Expected available in 1 second."),
        (0.2, 1, "Request was throttled. Expected available in 1 second."),
        (4.01, 5, "Request was throttled. Expected available in 5 seconds."),
        (0, 0, "Request was throttled. Expected available in 0 seconds."),
    ],
)
def test_throttled_message_and_wait(wait, stored, message):
    exc = Throttled(wait)
    assert exc.wait == stored
    assert exc.detail == message


def test_throttled_custom_detail_still_gets_the_wait():
    assert Throttled(3, detail="Slow down.").detail == "Slow down. Expected available in 3 seconds."


def test_throttled_subclass_can_override_the_wait_messages():
    class Custom(Throttled):
        extra_detail_singular = "Retry in {wait} tick."
        extra_detail_plural = "Retry in {wait} ticks."

    assert Custom(1).detail == "Request was throttled. Retry in 1 tick."
    assert Custom(2).detail == "Request was throttled. Retry in 2 ticks."


# --- ValidationError shapes ----------------------------------------------------------------


def test_validation_error_wraps_a_string_in_a_list():
    exc = ValidationError("x")
    assert exc.detail == [ErrorDetail("x", "invalid")]
    assert exc.get_codes() == ["invalid"]
    assert str(exc) == "[ErrorDetail(string='x', code='invalid')]"


def test_validation_error_tuple_becomes_list_and_codes_propagate():
    exc = ValidationError(("a", "b"), code="bad")
    assert exc.detail == [ErrorDetail("a", "bad"), ErrorDetail("b", "bad")]


def test_validation_error_nested_dict():
    exc = ValidationError({"name": ["This field is required."], "age": {"0": ["Bad."]}})
    assert exc.get_codes() == {"name": ["invalid"], "age": {"0": ["invalid"]}}
    assert exc.get_full_details() == {
        "name": [{"message": "This field is required.", "code": "invalid"}],
        "age": {"0": [{"message": "Bad.", "code": "invalid"}]},
    }


def test_leaf_codes_are_kept():
    exc = ValidationError({"name": [ErrorDetail("Required.", code="required")]})
    assert exc.get_codes() == {"name": ["required"]}


def test_non_string_leaves_are_forced_to_text():
    exc = ValidationError({"count": [3, gettext_lazy("Not found.")]})
    assert exc.detail["count"] == ["3", "Not found."]
    assert all(type(item) is ErrorDetail for item in exc.detail["count"])


def test_return_containers_keep_their_serializer():
    marker = object()
    details = _get_error_details(ReturnDict({"a": ["x"]}, serializer=marker))
    assert isinstance(details, ReturnDict) and details.serializer is marker
    items = _get_error_details(ReturnList(["x"], serializer=marker))
    assert isinstance(items, ReturnList) and items.serializer is marker


def test_validation_error_has_no_params_argument():
    with pytest.raises(TypeError):
        ValidationError("x", params={"a": 1})


# --- ErrorDetail ---------------------------------------------------------------------------


def test_error_detail_equality_compares_codes_when_both_have_one():
    assert ErrorDetail("x", "a") == ErrorDetail("x", "a")
    assert ErrorDetail("x", "a") != ErrorDetail("x", "b")
    assert ErrorDetail("x", "a") == "x"
    assert "x" == ErrorDetail("x", "a")
    assert ErrorDetail("x", "a") != "y"
    assert (ErrorDetail("x") == 1) is False


def test_error_detail_hash_and_repr():
    assert hash(ErrorDetail("x", "a")) == hash("x")
    assert len({ErrorDetail("x", "a"), ErrorDetail("x", "b")}) == 2
    assert ErrorDetail("x", "a") in {"x"}
    assert repr(ErrorDetail("x", "a")) == "ErrorDetail(string='x', code='a')"


def test_error_detail_is_json_serializable_as_a_string():
    assert json.dumps({"detail": ErrorDetail("x", "a")}) == '{"detail": "x"}'


def test_exceptions_pickle():
    exc = pickle.loads(pickle.dumps(NotFound("gone")))
    assert exc.detail == "gone"


# --- translation ---------------------------------------------------------------------------


def test_default_details_are_lazy():
    assert not isinstance(NotFound.default_detail, str)
    with translation.override("fr"):
        assert str(APIException().detail) == "Une erreur du serveur est survenue."


# --- JSON error views for handler500 / handler400 ------------------------------------------


def test_server_error_view():
    response = exceptions.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"error": "Server Error (500)"}'


def test_bad_request_view():
    response = exceptions.bad_request(RequestFactory().get("/"), exception=Exception("secret"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"error": "Bad Request (400)"}'


def test_every_exception_is_in_the_catalog_registry():
    from restframe import catalog

    registered = set(catalog.exception_classes())
    for cls, *_ in DEFAULTS:
        assert cls in registered

    class ProjectError(APIException):
        status_code = 503

    assert ProjectError in catalog.exception_classes()
