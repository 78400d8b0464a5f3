"""``restframe.handlers.exception_handler``: called directly, and through views over HTTP.

Direct calls pin the mapping (DRF's, re-checked against DRF itself when it is installed); the
HTTP tests pin what a client receives from sync and async views, including the two opt-in
mappings DRF does not make: Django's ``ValidationError`` (``HANDLE_DJANGO_VALIDATION_ERROR``)
and ``ProtectedError``/``RestrictedError`` (``HANDLE_PROTECTED_ERROR``).
"""

import json
import uuid

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.test import override_settings

from restframe import exceptions
from restframe.handlers import error_headers, exception_handler, to_api_exception
from restframe.test import APIClient, APIRequestFactory, AsyncAPIClient
from tests.models_handlers import Author, Book, Gadget, Loan

MODES = ["sync", "async"]
JSON = "application/json"
PROBLEM = "application/problem+json"
PROTECTED_MESSAGE = "This resource cannot be changed because other resources depend on it."


def opt_in(**flags):
    return override_settings(REST_FRAMEWORK=flags)


# --- direct calls -----------------------------------------------------------------------------


def handle(exc, request=None):
    return exception_handler(exc, {"view": None, "args": (), "kwargs": {}, "request": request})


DIRECT_CASES = [
    (
        Http404("No Book matches the given query."),
        404,
        "No Book matches the given query.",
        "not_found",
    ),
    (Http404(), 404, "Not found.", "not_found"),
    (DjangoPermissionDenied("Members only."), 403, "Members only.", "permission_denied"),
    (
        DjangoPermissionDenied(),
        403,
        "You do not have permission to perform this action.",
        "permission_denied",
    ),
    (exceptions.NotFound("Gone."), 404, "Gone.", "not_found"),
    (exceptions.ParseError(), 400, "Malformed request.", "parse_error"),
    (exceptions.APIException(), 500, "A server error occurred.", "error"),
]


@pytest.mark.parametrize(("exc", "status", "message", "code"), DIRECT_CASES)
def test_known_exceptions_keep_their_messages(exc, status, message, code):
    response = handle(exc)
    assert response.status_code == status
    assert response.data == {"detail": message}
    assert response.data["detail"].code == code
    assert "WWW-Authenticate" not in response
    assert "Retry-After" not in response


UNKNOWN = [
    ValueError("secret"),
    KeyError("secret"),
    Exception("secret"),
    ObjectDoesNotExist("secret"),
    DjangoValidationError("secret"),
    ProtectedError("secret", set()),
    RestrictedError("secret", set()),
]


@pytest.mark.parametrize("exc", UNKNOWN, ids=lambda exc: type(exc).__name__)
def test_unknown_exceptions_are_left_to_django(exc):
    assert handle(exc) is None
    assert to_api_exception(exc) is None


def test_validation_error_body_is_its_detail():
    assert handle(exceptions.ValidationError("x")).data == ["x"]
    response = handle(exceptions.ValidationError({"name": ["Bad."]}))
    assert response.status_code == 400
    assert response.data == {"name": ["Bad."]}


def test_www_authenticate_header_comes_from_the_exception():
    exc = exceptions.NotAuthenticated()
    exc.auth_header = 'Basic realm="api"'
    response = handle(exc)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="api"'
    assert error_headers(exc) == {"WWW-Authenticate": 'Basic realm="api"'}


@pytest.mark.parametrize(
    ("wait", "header"), [(4.2, "5"), (1, "1"), (0.001, "1"), (60, "60"), (0, None), (None, None)]
)
def test_retry_after_header_is_the_rounded_up_wait(wait, header):
    response = handle(exceptions.Throttled(wait))
    assert response.status_code == 429
    if header is None:
        assert "Retry-After" not in response
    else:
        assert response["Retry-After"] == header


def test_problem_details_follow_the_request():
    request = APIRequestFactory().get("/books/7", HTTP_ACCEPT=PROBLEM)
    response = handle(Http404("No Book matches the given query."), request)
    assert response.status_code == 404
    assert response.data == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No Book matches the given query.",
        "instance": "/books/7",
        "code": "not_found",
    }
    assert response.content_type == PROBLEM  # the header is set when the response is rendered
    # the same request without the Accept preference keeps DRF's body
    plain = handle(Http404("x"), APIRequestFactory().get("/books/7"))
    assert plain.data == {"detail": "x"}


def test_opt_in_mappings_are_read_per_call():
    gadget = Gadget(name="giant", size=-1)
    with pytest.raises(DjangoValidationError) as caught:
        gadget.full_clean()
    exc = caught.value
    protected = ProtectedError("Cannot delete", {Book(pk=1)})

    assert handle(exc) is None
    assert handle(protected) is None
    with opt_in(HANDLE_DJANGO_VALIDATION_ERROR=True):
        response = handle(exc)
        assert handle(protected) is None
    assert response.status_code == 400
    assert response.data == {
        "size": ["Ensure this value is greater than or equal to 0."],
        "non_field_errors": ["A giant gadget must be at least 100 big."],
    }
    assert to_api_exception(exc) is None
    with opt_in(HANDLE_PROTECTED_ERROR=True):
        response = handle(protected)
        assert handle(exc) is None
    assert response.status_code == 409
    assert response.data == {"detail": PROTECTED_MESSAGE}
    assert response.data["detail"].code == "protected"
    assert handle(protected) is None


DRF_COMPARABLE = [
    lambda: Http404("No Book matches the given query."),
    lambda: Http404(),
    lambda: DjangoPermissionDenied("Members only."),
    lambda: DjangoPermissionDenied(),
    lambda: ValueError("boom"),
    lambda: DjangoValidationError("not handled by default"),
]


@pytest.mark.parametrize("factory", DRF_COMPARABLE)
def test_direct_results_match_drf(factory):
    drf_views = pytest.importorskip("rest_framework.views")
    ours = handle(factory())
    theirs = drf_views.exception_handler(factory(), {})
    if theirs is None:
        assert ours is None
        return
    assert (ours.status_code, ours.data) == (theirs.status_code, theirs.data)
    assert ours.data["detail"].code == theirs.data["detail"].code


# --- over HTTP ------------------------------------------------------------------------------


def call(mode, method, path, **extra):
    """Send one request to ``/<mode>/<path>`` the way that mode's server would run it."""
    if mode == "async":
        client = AsyncAPIClient(raise_request_exception=False)
        return async_to_sync(getattr(client, method))(f"/async/{path}", **extra)
    client = APIClient(raise_request_exception=False)
    return getattr(client, method)(f"/sync/{path}", **extra)


@pytest.fixture
def signals():
    """Every ``got_request_exception`` sent while the test runs."""
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    got_request_exception.connect(receiver)
    yield received
    got_request_exception.disconnect(receiver)


def assert_generic_500(response, *secrets):
    assert response.status_code == 500
    assert response["Content-Type"] == JSON
    body = json.loads(response.content)
    assert body == {"detail": "A server error occurred.", "error_id": body["error_id"]}
    uuid.UUID(body["error_id"])
    for secret in secrets:
        assert secret.encode() not in response.content


HTTP_CASES = [
    ("http404", 404, b'{"detail":"No Book matches the given query."}'),
    ("http404-bare", 404, b'{"detail":"Not found."}'),
    ("django-denied", 403, b'{"detail":"Members only."}'),
    ("django-denied-bare", 403, b'{"detail":"You do not have permission to perform this action."}'),
]


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("case", "status", "body"), HTTP_CASES)
def test_django_exceptions_over_http(mode, case, status, body):
    response = call(mode, "get", f"{case}/")
    assert response.status_code == status
    assert response["Content-Type"] == JSON
    assert response.content == body
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_unknown_exception_over_http_is_a_reported_500(mode, signals):
    response = call(mode, "get", "crash/")
    assert_generic_500(response, "secret internals", "ValueError")
    assert len(signals) == 1


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_www_authenticate_over_http(mode):
    response = call(mode, "get", "login/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="api"'
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_retry_after_over_http(mode):
    response = call(mode, "get", "throttled/")
    assert response.status_code == 429
    assert response["Retry-After"] == "3"
    assert (
        response.content == b'{"detail":"Request was throttled. Expected available in 3 seconds."}'
    )


@pytest.mark.urls("tests.urls_handlers")
def test_zero_wait_sends_no_retry_after_over_http():
    response = call("sync", "get", "throttled-zero/")
    assert response.status_code == 429
    assert "Retry-After" not in response
    assert (
        response.content == b'{"detail":"Request was throttled. Expected available in 0 seconds."}'
    )


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_headers_survive_problem_details(mode):
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"}):
        login = call(mode, "get", "login/")
        throttled = call(mode, "get", "throttled/")
    assert login["Content-Type"] == throttled["Content-Type"] == PROBLEM
    assert login["WWW-Authenticate"] == 'Basic realm="api"'
    assert json.loads(login.content)["code"] == "not_authenticated"
    assert throttled["Retry-After"] == "3"
    assert json.loads(throttled.content)["code"] == "throttled"


# --- HANDLE_DJANGO_VALIDATION_ERROR ---------------------------------------------------------

FULL_CLEAN_BODY = (
    b'{"size":["Ensure this value is greater than or equal to 0."],'
    b'"non_field_errors":["A giant gadget must be at least 100 big."]}'
)


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_django_validation_error_is_a_500_by_default(mode, signals):
    response = call(mode, "get", "full-clean/")
    assert_generic_500(response, "giant", "Ensure this value")
    assert len(signals) == 1
    response = call(mode, "get", "django-validation/")
    assert_generic_500(response, "Stock is")


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_model_full_clean_error_becomes_a_400(mode, signals):
    with opt_in(HANDLE_DJANGO_VALIDATION_ERROR=True):
        response = call(mode, "get", "full-clean/")
    assert response.status_code == 400
    assert response["Content-Type"] == JSON
    assert response.content == FULL_CLEAN_BODY
    assert signals == []


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_model_wide_errors_use_the_configured_non_field_key(mode):
    with opt_in(HANDLE_DJANGO_VALIDATION_ERROR=True, NON_FIELD_ERRORS_KEY="errors"):
        response = call(mode, "get", "full-clean/")
    assert response.status_code == 400
    assert response.content == (
        b'{"size":["Ensure this value is greater than or equal to 0."],'
        b'"errors":["A giant gadget must be at least 100 big."]}'
    )


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_plain_django_validation_error_keeps_message_params_and_code(mode):
    with opt_in(HANDLE_DJANGO_VALIDATION_ERROR=True):
        drf = call(mode, "get", "django-validation/")
    with opt_in(HANDLE_DJANGO_VALIDATION_ERROR=True, ERROR_FORMAT="problem"):
        problem = call(mode, "get", "django-validation/")
    assert drf.status_code == problem.status_code == 400
    assert drf.content == b'["Stock is gone."]'
    assert json.loads(problem.content)["errors"] == [
        {"pointer": "#", "detail": "Stock is gone.", "code": "stock"}
    ]


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_model_full_clean_error_as_problem_details(mode):
    with opt_in(HANDLE_DJANGO_VALIDATION_ERROR=True, ERROR_FORMAT="problem"):
        response = call(mode, "get", "full-clean/")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Invalid input.",
        "instance": f"/{mode}/full-clean/",
        "code": "invalid",
        "errors": [
            {
                "pointer": "#/size",
                "detail": "Ensure this value is greater than or equal to 0.",
                "code": "min_value",
            },
            {
                "pointer": "#",
                "detail": "A giant gadget must be at least 100 big.",
                "code": "too_small",
            },
        ],
    }


# --- HANDLE_PROTECTED_ERROR -----------------------------------------------------------------


@pytest.fixture
def protected_author(db):
    author = Author.objects.create(name="Ursula")
    Book.objects.create(title="The Dispossessed", author=author)
    return author


@pytest.fixture
def restricted_author(db):
    author = Author.objects.create(name="Octavia")
    Loan.objects.create(author=author)
    return author


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_protected_delete_is_a_500_by_default(mode, protected_author, signals):
    response = call(mode, "delete", f"authors/{protected_author.pk}/")
    assert_generic_500(response, "Cannot delete", "Book", "protected")
    assert len(signals) == 1
    assert Author.objects.filter(pk=protected_author.pk).exists()


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_protected_delete_becomes_a_409(mode, protected_author, signals):
    with opt_in(HANDLE_PROTECTED_ERROR=True):
        response = call(mode, "delete", f"authors/{protected_author.pk}/")
    assert response.status_code == 409
    assert response["Content-Type"] == JSON
    assert response.content == (
        b'{"detail":"This resource cannot be changed because other resources depend on it."}'
    )
    assert response["Allow"] == "DELETE, OPTIONS"
    assert signals == []
    assert Book.objects.filter(author=protected_author).exists()


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_restricted_delete_becomes_a_409(mode, restricted_author):
    with opt_in(HANDLE_PROTECTED_ERROR=True):
        response = call(mode, "delete", f"authors/{restricted_author.pk}/")
    assert response.status_code == 409
    assert json.loads(response.content) == {"detail": PROTECTED_MESSAGE}


@pytest.mark.urls("tests.urls_handlers")
@pytest.mark.parametrize("mode", MODES)
def test_protected_delete_as_problem_details(mode, protected_author):
    with opt_in(HANDLE_PROTECTED_ERROR=True, ERROR_FORMAT="problem"):
        response = call(mode, "delete", f"authors/{protected_author.pk}/")
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": PROTECTED_MESSAGE,
        "instance": f"/{mode}/authors/{protected_author.pk}/",
        "code": "protected",
    }


@pytest.mark.urls("tests.urls_handlers")
def test_unprotected_delete_still_succeeds(db):
    author = Author.objects.create(name="Free")
    with opt_in(HANDLE_PROTECTED_ERROR=True):
        response = call("sync", "delete", f"authors/{author.pk}/")
    assert response.status_code == 204
    assert not Author.objects.exists()


# --- a unique violation the database reports (a race past UniqueValidator) -------------------

from django.db import IntegrityError, connection  # noqa: E402
from django.urls import path  # noqa: E402

from restframe.handlers import is_unique_violation  # noqa: E402
from restframe.response import Response  # noqa: E402
from restframe.views import APIView  # noqa: E402
from tests.models_handlers import Member  # noqa: E402

ALREADY_EXISTS = b'{"detail":"A resource with these unique values already exists."}'


class SignUp(APIView):
    """Saves without validating, as two requests do when both passed ``UniqueValidator``
    before either saved."""

    authentication_classes: list = []

    def post(self, request):
        if request.data.get("audit"):
            Member.objects.create(email=f"audit-{request.data['email']}")  # a write to undo
        nickname = None if request.data.get("no_nickname") else "x"
        Member.objects.create(email=request.data["email"], nickname=nickname)
        return Response({"email": request.data["email"]}, status=201)


class AsyncSignUp(APIView):
    authentication_classes: list = []

    async def post(self, request):
        nickname = None if request.data.get("no_nickname") else "x"
        await Member.objects.acreate(email=request.data["email"], nickname=nickname)
        return Response({"email": request.data["email"]}, status=201)


urlpatterns = [
    path("sync/members/", SignUp.as_view()),
    path("async/members/", AsyncSignUp.as_view()),
]
handler500 = "restframe.defaults.server_error"

race = pytest.mark.urls(__name__)


@race
@pytest.mark.django_db(transaction=True)  # the failed INSERT breaks a test-case transaction
@pytest.mark.parametrize("mode", MODES)
def test_unique_race_is_a_409_not_a_500(mode, signals, caplog):
    first = call(mode, "post", "members/", data={"email": "a@example.com"}, format="json")
    second = call(mode, "post", "members/", data={"email": "a@example.com"}, format="json")

    assert first.status_code == 201
    assert second.status_code == 409
    assert second["Content-Type"] == JSON
    assert second.content == ALREADY_EXISTS
    assert second["Allow"] == "POST, OPTIONS"
    assert signals == []  # a client error: no signal, no ERROR record, no error id
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("WARNING", f"Conflict: /{mode}/members/")
    ]
    assert Member.objects.filter(email="a@example.com").count() == 1


@race
@pytest.mark.django_db
@pytest.mark.parametrize("mode", MODES)
def test_unique_race_as_problem_details(mode):
    call(mode, "post", "members/", data={"email": "b@example.com"}, format="json")
    with opt_in(ERROR_FORMAT="problem"):
        response = call(mode, "post", "members/", data={"email": "b@example.com"}, format="json")
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": "A resource with these unique values already exists.",
        "instance": f"/{mode}/members/",
        "code": "already_exists",
    }


@race
@pytest.mark.django_db
@pytest.mark.parametrize("mode", MODES)
def test_other_integrity_errors_stay_500s(mode, signals):
    response = call(
        mode, "post", "members/", data={"email": "c@example.com", "no_nickname": 1}, format="json"
    )
    assert_generic_500(response, "NOT NULL", "nickname")
    assert len(signals) == 1


@race
@pytest.mark.django_db
@pytest.mark.parametrize("mode", MODES)
def test_unique_race_mapping_can_be_turned_off(mode, signals):
    call(mode, "post", "members/", data={"email": "d@example.com"}, format="json")
    with opt_in(HANDLE_UNIQUE_VIOLATION=False):
        response = call(mode, "post", "members/", data={"email": "d@example.com"}, format="json")
    assert_generic_500(response, "UNIQUE", "email")
    assert len(signals) == 1


@race
@pytest.mark.django_db(transaction=True)
def test_unique_race_rolls_back_the_request_transaction(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    call("sync", "post", "members/", data={"email": "e@example.com"}, format="json")
    response = call(
        "sync", "post", "members/", data={"email": "e@example.com", "audit": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.content == ALREADY_EXISTS
    # The audit row written before the duplicate went with the request's transaction.
    assert list(Member.objects.values_list("email", flat=True)) == ["e@example.com"]


class _DriverError(Exception):
    pass


def _integrity_error(cause):
    error = IntegrityError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("attrs", "message", "unique"),
    [
        ({"sqlstate": "23505"}, "duplicate key value violates unique constraint", True),
        ({"pgcode": "23505"}, "duplicate key value", True),
        ({"sqlstate": "23502"}, 'null value in column "x"', False),
        ({"pgcode": "23503"}, "violates foreign key constraint", False),
        ({"sqlite_errorname": "SQLITE_CONSTRAINT_UNIQUE"}, "UNIQUE constraint failed", True),
        ({"sqlite_errorname": "SQLITE_CONSTRAINT_PRIMARYKEY"}, "UNIQUE constraint failed", True),
        ({"sqlite_errorname": "SQLITE_CONSTRAINT_NOTNULL"}, "NOT NULL constraint failed", False),
        ({}, "UNIQUE constraint failed: tests_member.email", True),
        ({}, "CHECK constraint failed: positive", False),
        ({}, "ORA-00001: unique constraint violated", True),
    ],
)
def test_is_unique_violation_reads_the_driver_error(attrs, message, unique):
    cause = _DriverError(message)
    cause.__dict__.update(attrs)
    assert is_unique_violation(_integrity_error(cause)) is unique


@pytest.mark.parametrize(("args", "unique"), [((1062, "Duplicate entry"), True), ((1048,), False)])
def test_is_unique_violation_reads_mysql_error_numbers(args, unique):
    assert is_unique_violation(_integrity_error(_DriverError(*args))) is unique


def test_already_exists_is_in_the_catalog():
    from restframe.catalog import entries

    [entry] = [e for e in entries() if e.code == "already_exists"]
    assert entry.status == 409
    assert str(entry.message) == "A resource with these unique values already exists."
    assert entry.source == "restframe.exceptions.AlreadyExists"
