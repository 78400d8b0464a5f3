"""Authenticators: every DRF message for malformed credentials, the token model setting, CSRF for
session users, and the async twins (native where the built-ins promise it).

Each scheme is exercised through ``authenticate`` and ``aauthenticate`` alike (``mode``). Async
tests that touch the database use ``transaction=True``: the ORM's async API runs queries in
another thread, which must see committed rows.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from asgiref.sync import sync_to_async as real_sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import RequestFactory, override_settings

from restframe import authentication
from restframe.authentication import (
    BaseAuthentication,
    BasicAuthentication,
    CSRFCheck,
    RemoteUserAuthentication,
    SessionAuthentication,
    TokenAuthentication,
    get_authorization_header,
)
from restframe.exceptions import AuthenticationFailed, PermissionDenied
from restframe.request import Request
from tests.models_auth import AuthToken

factory = RequestFactory()
MODES = ["sync", "async"]


def api_request(method: str = "GET", **meta: Any) -> Request:
    return Request(factory.generic(method, "/", **meta))


async def run(auth: BaseAuthentication, request: Request, mode: str) -> Any:
    if mode == "sync":
        return await real_sync_to_async(auth.authenticate)(request)
    return await auth.aauthenticate(request)


async def failure(auth: BaseAuthentication, request: Request, mode: str) -> AuthenticationFailed:
    with pytest.raises(AuthenticationFailed) as info:
        await run(auth, request, mode)
    exc = info.value
    assert exc.status_code == 401
    assert exc.get_codes() == "authentication_failed"
    return exc


@pytest.fixture
def no_thread_hop(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("unexpected sync_to_async")

    monkeypatch.setattr(authentication, "sync_to_async", refuse)


@pytest.fixture
def thread_hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def record(func: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(func.__name__)
        return real_sync_to_async(func, *args, **kwargs)

    monkeypatch.setattr(authentication, "sync_to_async", record)
    return calls


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


# --- helpers and the base class -------------------------------------------------------------


def test_get_authorization_header() -> None:
    assert get_authorization_header(api_request()) == b""
    assert get_authorization_header(api_request(HTTP_AUTHORIZATION="Token abc")) == b"Token abc"
    # Servers decode headers as ISO-8859-1; the original bytes come back.
    assert get_authorization_header(api_request(HTTP_AUTHORIZATION="Token caf\xe9")) == (
        b"Token caf\xe9"
    )
    # Text that ISO-8859-1 cannot hold (only a test client can send it) does not crash.
    assert get_authorization_header(api_request(HTTP_AUTHORIZATION="Token €")) == (
        "Token €".encode()
    )


def test_csrf_check_returns_the_reason() -> None:
    check = CSRFCheck(lambda request: None)  # type: ignore[arg-type,return-value]
    request = factory.post("/")
    check.process_request(request)
    assert check.process_view(request, None, (), {}) == "CSRF cookie not set."


async def test_base_authentication(thread_hops: list[str]) -> None:
    with pytest.raises(NotImplementedError, match=r"^\.authenticate\(\) must be overridden\.$"):
        BaseAuthentication().authenticate(api_request())
    assert BaseAuthentication().authenticate_header(api_request()) is None

    class HeaderAuth(BaseAuthentication):
        def authenticate(self, request: Any) -> Any:
            name = request.META.get("HTTP_X_USER")
            return (name, None) if name else None

    assert await HeaderAuth().aauthenticate(api_request(HTTP_X_USER="ann")) == ("ann", None)
    assert await HeaderAuth().aauthenticate(api_request()) is None
    assert thread_hops == ["authenticate", "authenticate"]


# --- Basic ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("header", [None, "", "Token abc", "Bearer abc", "Basicabc"])
async def test_basic_ignores_other_schemes(mode: str, header: str | None) -> None:
    meta = {} if header is None else {"HTTP_AUTHORIZATION": header}
    assert await run(BasicAuthentication(), api_request(**meta), mode) is None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Basic", "Invalid basic header. No credentials provided."),
        ("basic   ", "Invalid basic header. No credentials provided."),
        (
            "Basic " + b64(b"a:b") + " extra",
            "Invalid basic header. Credentials string should not contain spaces.",
        ),
        (
            "Basic " + b64(b"user pw") + " " + b64(b"x"),
            "Invalid basic header. Credentials string should not contain spaces.",
        ),
        ("Basic abc", "Invalid basic header. Credentials not correctly base64 encoded."),
        ("Basic !!!!", "Invalid basic header. Credentials not correctly base64 encoded."),
        (
            "Basic " + b64(b"no-colon"),
            "Invalid basic header. Credentials not correctly base64 encoded.",
        ),
        ("Basic ü€", "Invalid basic header. Credentials not correctly base64 encoded."),
        ("Basic \udcff", "Invalid basic header. Credentials not correctly base64 encoded."),
    ],
)
async def test_basic_malformed_headers(mode: str, header: str, message: str) -> None:
    exc = await failure(BasicAuthentication(), api_request(HTTP_AUTHORIZATION=header), mode)
    assert exc.detail == message


@pytest.fixture
def alice(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("alice", password="s3cret:with:colons")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
async def test_basic_valid_credentials(alice: Any, mode: str) -> None:
    header = "Basic " + b64(b"alice:s3cret:with:colons")
    user, auth = await run(BasicAuthentication(), api_request(HTTP_AUTHORIZATION=header), mode)
    assert (user.pk, auth) == (alice.pk, None)
    # Scheme names are case-insensitive.
    lower = "bAsIc " + b64(b"alice:s3cret:with:colons")
    user, _ = await run(BasicAuthentication(), api_request(HTTP_AUTHORIZATION=lower), mode)
    assert user.pk == alice.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "raw", [b"alice:wrong", b"nobody:x", b":", b"alice\x00:s3cret:with:colons", b"caf\xe9:pw"]
)
async def test_basic_invalid_credentials(alice: Any, mode: str, raw: bytes) -> None:
    header = "Basic " + b64(raw)
    exc = await failure(BasicAuthentication(), api_request(HTTP_AUTHORIZATION=header), mode)
    assert exc.detail == "Invalid username/password."


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
async def test_basic_latin1_credentials(django_user_model: Any, mode: str) -> None:
    """Credentials that are not UTF-8 are read as ISO-8859-1, as older clients send them."""
    await django_user_model.objects.acreate_user("café", password="pw")
    header = "Basic " + b64("café:pw".encode("latin-1"))
    user, _ = await run(BasicAuthentication(), api_request(HTTP_AUTHORIZATION=header), mode)
    assert user.username == "café"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
@override_settings(
    AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.AllowAllUsersModelBackend"]
)
async def test_basic_inactive_user(django_user_model: Any, mode: str) -> None:
    await django_user_model.objects.acreate_user("bob", password="pw", is_active=False)
    header = "Basic " + b64(b"bob:pw")
    exc = await failure(BasicAuthentication(), api_request(HTTP_AUTHORIZATION=header), mode)
    assert exc.detail == "User inactive or deleted."


@pytest.mark.parametrize("mode", MODES)
async def test_basic_obeys_a_replaced_module_authenticate(
    monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """A test double put in place of ``restframe.authentication.authenticate`` (as DRF's own
    tests do) answers for Basic and Remote-User, sync and async alike."""
    calls: list[dict[str, Any]] = []

    class Inactive:
        is_active = False

    class Active:
        is_active = True

    def fake(**credentials: Any) -> Any:
        calls.append({k: v for k, v in credentials.items() if k != "request"})
        return Active() if credentials.get("remote_user") == "ann" else Inactive()

    monkeypatch.setattr(authentication, "authenticate", fake)
    exc = await failure(
        BasicAuthentication(), api_request(HTTP_AUTHORIZATION="Basic " + b64(b"zed:pw")), mode
    )
    assert exc.detail == "User inactive or deleted."
    with pytest.raises(AuthenticationFailed, match=r"^User inactive or deleted\.$"):
        BasicAuthentication().authenticate_credentials("zed", "pw")
    user, auth = await run(RemoteUserAuthentication(), api_request(REMOTE_USER="ann"), mode)
    assert isinstance(user, Active) and auth is None
    assert calls == [
        {"username": "zed", "password": "pw"},
        {"username": "zed", "password": "pw"},
        {"remote_user": "ann"},
    ]


def test_basic_challenge() -> None:
    assert BasicAuthentication().authenticate_header(api_request()) == 'Basic realm="api"'

    class Internal(BasicAuthentication):
        www_authenticate_realm = "internal"

    assert Internal().authenticate_header(api_request()) == 'Basic realm="internal"'


@pytest.mark.django_db(transaction=True)
async def test_basic_async_is_native(alice: Any, no_thread_hop: None) -> None:
    header = "Basic " + b64(b"alice:s3cret:with:colons")
    user, _ = await BasicAuthentication().aauthenticate(api_request(HTTP_AUTHORIZATION=header))
    assert user.pk == alice.pk


async def test_basic_async_honours_custom_authenticate_credentials(thread_hops: list[str]) -> None:
    class Fixed(BasicAuthentication):
        def authenticate_credentials(self, userid: str, password: str, request: Any = None) -> Any:
            if password != "letmein":
                raise AuthenticationFailed("Nope.")
            return (userid, "fixed")

    good = api_request(HTTP_AUTHORIZATION="Basic " + b64(b"zed:letmein"))
    assert await Fixed().aauthenticate(good) == ("zed", "fixed")
    bad = api_request(HTTP_AUTHORIZATION="Basic " + b64(b"zed:no"))
    with pytest.raises(AuthenticationFailed, match="^Nope.$"):
        await Fixed().aauthenticate(bad)
    assert thread_hops == ["authenticate_credentials", "authenticate_credentials"]


# --- Session --------------------------------------------------------------------------------


class Active:
    is_active = True
    is_authenticated = True


class Inactive(Active):
    is_active = False


def session_request(method: str, user: Any, **meta: Any) -> Request:
    django_request = factory.generic(method, "/", **meta)
    if user is not None:
        django_request.user = user

        async def auser() -> Any:
            return user

        django_request.auser = auser
    return Request(django_request)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("user", [None, AnonymousUser(), Inactive()])
async def test_session_without_an_active_user(mode: str, user: Any) -> None:
    # No CSRF token either: anonymous requests are not checked.
    assert await run(SessionAuthentication(), session_request("POST", user), mode) is None


@pytest.mark.parametrize("mode", MODES)
async def test_session_safe_method_needs_no_token(mode: str) -> None:
    user = Active()
    assert await run(SessionAuthentication(), session_request("GET", user), mode) == (user, None)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_session_csrf_failures(mode: str, method: str) -> None:
    with pytest.raises(PermissionDenied) as info:
        await run(SessionAuthentication(), session_request(method, Active()), mode)
    assert info.value.detail == "CSRF Failed: CSRF cookie not set."
    assert info.value.status_code == 403
    assert info.value.get_codes() == "permission_denied"

    secret = _get_new_csrf_string()
    request = session_request(method, Active(), HTTP_COOKIE=f"csrftoken={secret}")
    with pytest.raises(PermissionDenied, match=r"^CSRF Failed: CSRF token missing\.$"):
        await run(SessionAuthentication(), request, mode)


@pytest.mark.parametrize("mode", MODES)
async def test_session_csrf_success(mode: str) -> None:
    secret = _get_new_csrf_string()
    user = Active()
    request = session_request(
        "POST",
        user,
        HTTP_COOKIE=f"csrftoken={secret}",
        HTTP_X_CSRFTOKEN=_mask_cipher_secret(secret),
    )
    assert await run(SessionAuthentication(), request, mode) == (user, None)


async def test_session_async_uses_auser_natively(no_thread_hop: None) -> None:
    user = Active()
    django_request = factory.get("/")
    seen: list[str] = []

    async def auser() -> Any:
        seen.append("auser")
        return user

    django_request.auser = auser
    assert await SessionAuthentication().aauthenticate(Request(django_request)) == (user, None)
    assert seen == ["auser"]


@pytest.mark.django_db(transaction=True)
@override_settings(CSRF_USE_SESSIONS=True)
async def test_session_csrf_in_the_session_store() -> None:
    django_request = factory.post("/")
    django_request.session = SessionStore()
    django_request.user = Active()

    async def auser() -> Any:
        return django_request.user

    django_request.auser = auser
    with pytest.raises(PermissionDenied, match=r"^CSRF Failed: CSRF cookie not set\.$"):
        await SessionAuthentication().aauthenticate(Request(django_request))


def test_session_has_no_challenge() -> None:
    assert SessionAuthentication().authenticate_header(api_request()) is None


# --- Token ----------------------------------------------------------------------------------


class ModelToken(TokenAuthentication):
    model = AuthToken


@pytest.fixture
def token(django_user_model: Any) -> AuthToken:
    user = django_user_model.objects.create_user("tina", password="pw")
    return AuthToken.objects.create(key="a" * 40, user=user)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("header", ["Token " + "a" * 40, "token " + "a" * 40, "TOKEN  " + "a" * 40])
async def test_token_valid(token: AuthToken, mode: str, header: str) -> None:
    user, auth = await run(ModelToken(), api_request(HTTP_AUTHORIZATION=header), mode)
    assert (user.pk, auth.pk) == (token.user_id, token.pk)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Token", "Invalid token header. No credentials provided."),
        ("Token a b", "Invalid token header. Token string should not contain spaces."),
        (
            "Token caf\xe9",
            "Invalid token header. Token string should not contain invalid characters.",
        ),
        ("Token unknown", "Invalid token."),
        ("Token €", "Invalid token."),
        ("Token " + "a" * 39 + "\x00", "Invalid token."),
    ],
)
async def test_token_failures(token: AuthToken, mode: str, header: str, message: str) -> None:
    exc = await failure(ModelToken(), api_request(HTTP_AUTHORIZATION=header), mode)
    assert exc.detail == message


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
async def test_token_inactive_user(token: AuthToken, mode: str, django_user_model: Any) -> None:
    await django_user_model.objects.filter(pk=token.user_id).aupdate(is_active=False)
    header = "Token " + "a" * 40
    exc = await failure(ModelToken(), api_request(HTTP_AUTHORIZATION=header), mode)
    assert exc.detail == "User inactive or deleted."


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("header", [None, "Basic " + b64(b"a:b"), "Tokens abc", "Bearer abc"])
async def test_token_ignores_other_schemes(mode: str, header: str | None) -> None:
    meta = {} if header is None else {"HTTP_AUTHORIZATION": header}
    assert await run(ModelToken(), api_request(**meta), mode) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
async def test_token_custom_keyword(token: AuthToken, mode: str) -> None:
    class Bearer(ModelToken):
        keyword = "Bearer"

    user, _ = await run(Bearer(), api_request(HTTP_AUTHORIZATION="Bearer " + "a" * 40), mode)
    assert user.pk == token.user_id
    assert await run(Bearer(), api_request(HTTP_AUTHORIZATION="Token " + "a" * 40), mode) is None
    assert Bearer().authenticate_header(api_request()) == "Bearer"
    assert TokenAuthentication().authenticate_header(api_request()) == "Token"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
async def test_token_model_from_setting(token: AuthToken, mode: str) -> None:
    header = "Token " + "a" * 40
    with override_settings(REST_FRAMEWORK={"TOKEN_MODEL": "tests.AuthToken"}):
        assert TokenAuthentication().get_model() is AuthToken
        user, _ = await run(TokenAuthentication(), api_request(HTTP_AUTHORIZATION=header), mode)
        assert user.pk == token.user_id


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "tests.Missing",
            "REST_FRAMEWORK['TOKEN_MODEL'] refers to model 'tests.Missing' that is not "
            "installed or is not in the form 'app_label.ModelName'.",
        ),
        (
            "AuthToken",
            "REST_FRAMEWORK['TOKEN_MODEL'] refers to model 'AuthToken' that is not "
            "installed or is not in the form 'app_label.ModelName'.",
        ),
        (
            "tests.PermissionTarget",
            "REST_FRAMEWORK['TOKEN_MODEL'] model 'tests.PermissionTarget' has no 'key' field; "
            "a token model needs 'key' and 'user'.",
        ),
    ],
)
def test_token_model_misconfigured(setting: str | None, message: str) -> None:
    with override_settings(REST_FRAMEWORK={"TOKEN_MODEL": setting}):
        with pytest.raises(ImproperlyConfigured) as info:
            TokenAuthentication().authenticate(api_request(HTTP_AUTHORIZATION="Token abc"))
    assert str(info.value) == message


def test_token_model_defaults_to_authtoken() -> None:
    """With no ``TOKEN_MODEL``, ``restframe.authtoken``'s ``Token`` is used, as DRF uses its own."""
    from restframe.authtoken.models import Token

    with override_settings(REST_FRAMEWORK={"TOKEN_MODEL": None}):
        assert TokenAuthentication().get_model() is Token


def test_token_model_needs_authtoken_installed_or_configured() -> None:
    apps = [app for app in settings.INSTALLED_APPS if app != "restframe.authtoken"]
    with override_settings(INSTALLED_APPS=apps, REST_FRAMEWORK={"TOKEN_MODEL": None}):
        with pytest.raises(ImproperlyConfigured) as info:
            TokenAuthentication().authenticate(api_request(HTTP_AUTHORIZATION="Token abc"))
    assert str(info.value) == (
        "TokenAuthentication needs a token model: add 'restframe.authtoken' to INSTALLED_APPS, "
        "set the 'model' attribute on the authentication class, or set "
        "REST_FRAMEWORK['TOKEN_MODEL'] to 'app_label.ModelName' (a model with a 'key' field "
        "and a 'user' relation)."
    )


def test_token_header_errors_come_before_the_model_lookup() -> None:
    """A malformed header is the client's error even when no model is configured."""
    with pytest.raises(AuthenticationFailed, match="No credentials provided"):
        TokenAuthentication().authenticate(api_request(HTTP_AUTHORIZATION="Token"))


@pytest.mark.django_db(transaction=True)
async def test_token_async_is_native(token: AuthToken, no_thread_hop: None) -> None:
    user, _ = await ModelToken().aauthenticate(api_request(HTTP_AUTHORIZATION="Token " + "a" * 40))
    assert user.pk == token.user_id


async def test_token_async_honours_custom_authenticate_credentials(thread_hops: list[str]) -> None:
    class Static(TokenAuthentication):
        def authenticate_credentials(self, key: str) -> Any:
            return ("static", key)

    request = api_request(HTTP_AUTHORIZATION="Token xyz")
    assert await Static().aauthenticate(request) == ("static", "xyz")
    assert thread_hops == ["authenticate_credentials"]


# --- Remote user ----------------------------------------------------------------------------

REMOTE_BACKENDS = ["django.contrib.auth.backends.RemoteUserBackend"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
@override_settings(AUTHENTICATION_BACKENDS=REMOTE_BACKENDS)
async def test_remote_user(mode: str) -> None:
    user, auth = await run(RemoteUserAuthentication(), api_request(REMOTE_USER="rita"), mode)
    assert (user.username, auth) == ("rita", None)
    assert await run(RemoteUserAuthentication(), api_request(), mode) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
@override_settings(AUTHENTICATION_BACKENDS=REMOTE_BACKENDS)
async def test_remote_user_custom_header(mode: str) -> None:
    class ProxyHeader(RemoteUserAuthentication):
        header = "HTTP_X_AUTH_USER"

    request = api_request(HTTP_X_AUTH_USER="pat", REMOTE_USER="ignored")
    user, _ = await run(ProxyHeader(), request, mode)
    assert user.username == "pat"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", MODES)
@override_settings(AUTHENTICATION_BACKENDS=REMOTE_BACKENDS)
async def test_remote_user_inactive(mode: str, django_user_model: Any) -> None:
    await django_user_model.objects.acreate(username="ivy", is_active=False)
    assert await run(RemoteUserAuthentication(), api_request(REMOTE_USER="ivy"), mode) is None


# --- over HTTP: sync and async views ----------------------------------------------------------

NOT_PROVIDED = b'{"detail":"Authentication credentials were not provided."}'
FLAVOURS = ["sync", "async"]
http = pytest.mark.urls("tests.urls_policy")


@pytest.fixture
def send() -> Any:
    """``tests.urls_policy.send``, imported only by the HTTP tests (it loads the views)."""
    from tests.urls_policy import send

    return send


def assert_error(response: Any, status: int, body: bytes, challenge: str | None) -> None:
    assert response.status_code == status
    assert response.content == body
    assert response["Content-Type"] == "application/json"
    assert response.get("WWW-Authenticate") == challenge


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_basic_challenge(send: Any, flavour: str) -> None:
    response = await send(flavour, "get", "basic/")
    assert_error(response, 401, NOT_PROVIDED, 'Basic realm="api"')


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Basic", "Invalid basic header. No credentials provided."),
        ("Basic a b", "Invalid basic header. Credentials string should not contain spaces."),
        ("Basic abc", "Invalid basic header. Credentials not correctly base64 encoded."),
        # Servers decode header bytes as ISO-8859-1, so this is the most exotic a client gets.
        ("Basic caf\xe9\xff", "Invalid basic header. Credentials not correctly base64 encoded."),
    ],
)
async def test_http_basic_malformed(send: Any, flavour: str, header: str, message: str) -> None:
    response = await send(flavour, "get", "basic/", HTTP_AUTHORIZATION=header)
    body = ('{"detail":"' + message + '"}').encode()
    assert_error(response, 401, body, 'Basic realm="api"')


@http
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_basic_credentials(send: Any, alice: Any, flavour: str) -> None:
    good = "Basic " + b64(b"alice:s3cret:with:colons")
    response = await send(flavour, "get", "basic/", HTTP_AUTHORIZATION=good)
    assert (response.status_code, response.content) == (200, b'{"user":"alice"}')
    bad = "Basic " + b64(b"alice:nope")
    response = await send(flavour, "get", "basic/", HTTP_AUTHORIZATION=bad)
    assert_error(response, 401, b'{"detail":"Invalid username/password."}', 'Basic realm="api"')


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("name", ["session/", "session-first/", "no-auth/"])
async def test_http_no_challenge_means_403(send: Any, flavour: str, name: str) -> None:
    """Without a ``WWW-Authenticate`` challenge a 401 cannot be sent: DRF answers 403."""
    response = await send(flavour, "get", name)
    if name == "no-auth/":
        # No authenticator at all: a plain permission refusal.
        body = b'{"detail":"You do not have permission to perform this action."}'
    else:
        body = NOT_PROVIDED
    assert_error(response, 403, body, None)


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_first_authenticator_decides_the_challenge(send: Any, flavour: str) -> None:
    response = await send(flavour, "get", "basic-first/")
    assert_error(response, 401, NOT_PROVIDED, 'Basic realm="api"')


@http
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_session(send: Any, alice: Any, flavour: str) -> None:
    response = await send(flavour, "get", "session/", login=alice, enforce_csrf_checks=True)
    assert (response.status_code, response.content) == (200, b'{"user":"alice"}')
    response = await send(flavour, "post", "session/", {}, login=alice, enforce_csrf_checks=True)
    assert_error(response, 403, b'{"detail":"CSRF Failed: CSRF cookie not set."}', None)
    # The test clients skip CSRF unless asked to enforce it.
    response = await send(flavour, "post", "session/", {}, login=alice)
    assert (response.status_code, response.content) == (200, b'{"user":"alice"}')


@http
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_token(send: Any, token: AuthToken, flavour: str) -> None:
    response = await send(flavour, "get", "token/")
    assert_error(response, 401, NOT_PROVIDED, "Token")
    response = await send(flavour, "get", "token/", HTTP_AUTHORIZATION="Token nope")
    assert_error(response, 401, b'{"detail":"Invalid token."}', "Token")
    response = await send(flavour, "get", "token/", HTTP_AUTHORIZATION="Token " + "a" * 40)
    assert (response.status_code, response.content) == (200, b'{"user":"tina"}')


# --- the browsable API's login page ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_browsable")
def test_login_page_labels_and_form(client: Any) -> None:
    """The login page labels its inputs as Django's forms do ("Username:"), posts back to the
    same URL (keeping ``next``), and logs the user in."""
    from django.contrib.auth.models import User

    User.objects.create_user("ann", password="pw")
    body = client.get("/api-auth/login/?next=/notes/").content.decode()
    assert '<label for="id_username">Username:</label>' in body
    assert '<label for="id_password">Password:</label>' in body
    assert '<form action="/api-auth/login/?next=/notes/" method="post">' in body
    assert '<input type="hidden" name="next" value="/notes/">' in body
    response = client.post(
        "/api-auth/login/", {"username": "ann", "password": "pw", "next": "/notes/"}
    )
    assert response.status_code == 302 and response["Location"] == "/notes/"
