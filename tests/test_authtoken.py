"""restframe.authtoken: the Token model and its migrations, the obtain-token endpoint, token
authentication with it, the admin and the ``drf_create_token`` command.

Bodies, statuses, headers and SQL were compared with DRF 3.18's authtoken for the same requests.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.admin import AdminSite
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_delete
from django.db.utils import ConnectionDoesNotExist
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from restframe.authentication import TokenAuthentication
from restframe.authtoken.admin import TokenAdmin
from restframe.authtoken.models import Token, TokenProxy
from restframe.test import APIClient, AsyncAPIClient
from tests.interpreter import ROOT, run_python

pytestmark = [pytest.mark.urls("tests.urls_authtoken"), pytest.mark.django_db]

KEY = re.compile(r"^[0-9a-f]{40}$")
JSON = "application/json"


@pytest.fixture
def client() -> APIClient:
    return APIClient()


@pytest.fixture
def alice(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("alice", password="secret")


@pytest.fixture
def token(alice: Any) -> Token:
    return Token.objects.create(user=alice)


def sql(queries: Any) -> list[str]:
    """The statements, without the savepoints the test transaction adds."""
    return [
        q["sql"].split(" ", 1)[0] + " " + q["sql"].split('"', 2)[1]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))
    ]


# --- model and migrations -----------------------------------------------------------------------


def test_token_key_is_generated_with_one_insert(alice: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        token = Token.objects.create(user=alice)
    assert KEY.match(token.key)
    assert sql(queries) == ["INSERT authtoken_token"]
    assert str(token) == token.key
    assert Token.objects.get().key == token.key


def test_token_keys_differ_and_are_kept_on_save(alice: Any, django_user_model: Any) -> None:
    first = Token.objects.create(user=alice)
    second = Token.objects.create(user=django_user_model.objects.create_user("bob"))
    assert first.key != second.key
    key = first.key
    with CaptureQueriesContext(connection) as queries:
        first.save()
    assert first.key == key
    assert sql(queries) == ["UPDATE authtoken_token"]


def test_token_with_a_given_key(alice: Any) -> None:
    token = Token(user=alice, key="fixed")
    token.save()
    assert Token.objects.get(user=alice).key == "fixed"


def test_generate_key() -> None:
    keys = {Token.generate_key() for _ in range(50)}
    assert len(keys) == 50
    assert all(KEY.match(key) for key in keys)


def test_model_meta_matches_drf() -> None:
    assert Token._meta.app_label == "authtoken"
    assert Token._meta.db_table == "authtoken_token"
    assert str(Token._meta.verbose_name) == "Token"
    assert str(Token._meta.verbose_name_plural) == "Tokens"
    assert [(f.name, str(f.verbose_name)) for f in Token._meta.concrete_fields] == [
        ("key", "Key"),
        ("user", "User"),
        ("created", "Created"),
    ]
    assert Token._meta.pk.max_length == 40  # type: ignore[union-attr]
    assert Token._meta.get_field("user").remote_field.related_name == "auth_token"
    assert TokenProxy._meta.proxy
    assert str(TokenProxy._meta.verbose_name) == "Token"


def test_token_proxy_pk_is_the_users(token: Token) -> None:
    proxy = TokenProxy.objects.get()
    assert proxy.pk == token.user_id
    assert proxy.key == token.key


def test_token_proxy_delete_removes_its_own_token(django_user_model: Any) -> None:
    """Deleting a proxy deletes the token by its key, never the token whose key equals the
    user's id (the proxy's ``pk``), and reports and signals it as a ``Token``."""
    alice = django_user_model.objects.create_user("alice")
    bob = django_user_model.objects.create_user("bob")
    Token.objects.create(user=alice, key="alice key")
    Token.objects.create(user=bob, key=str(alice.pk))  # a key that looks like alice's pk
    seen: list[tuple[str, str]] = []

    def record(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append((sender.__name__, instance.key))

    post_delete.connect(record, sender=Token)
    post_delete.connect(record, sender=TokenProxy)
    try:
        proxy = TokenProxy.objects.get(user=alice)
        assert proxy.delete() == (1, {"authtoken.Token": 1})
    finally:
        post_delete.disconnect(record, sender=Token)
        post_delete.disconnect(record, sender=TokenProxy)
    assert seen == [("Token", "alice key")]
    assert list(Token.objects.values_list("key", "user_id")) == [(str(alice.pk), bob.pk)]
    assert proxy.key is None
    with pytest.raises(ValueError, match="^TokenProxy object can't be deleted because its key"):
        proxy.delete()


def test_token_proxy_delete_of_a_deferred_instance(token: Token) -> None:
    proxy = TokenProxy.objects.defer("created").get()
    assert proxy.delete() == (1, {"authtoken.Token": 1})
    assert not Token.objects.exists()


def test_token_proxy_queryset_delete(django_user_model: Any) -> None:
    alice = django_user_model.objects.create_user("alice")
    bob = django_user_model.objects.create_user("bob")
    Token.objects.create(user=alice, key=str(bob.pk))
    Token.objects.create(user=bob, key=str(alice.pk))
    assert TokenProxy.objects.filter(user__username="alice").delete() == (
        1,
        {"authtoken.Token": 1},
    )
    assert list(Token.objects.values_list("user_id", flat=True)) == [bob.pk]
    assert TokenProxy.objects.all().delete() == (1, {"authtoken.Token": 1})
    assert TokenProxy.objects.all().delete() == (0, {})
    for refused in (
        TokenProxy.objects.all()[:1],
        TokenProxy.objects.distinct(),
        TokenProxy.objects.values("key"),
    ):
        with pytest.raises(TypeError):
            refused.delete()


class _NowhereRouter:
    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "nowhere"


def test_token_proxy_delete_goes_to_the_write_database(token: Token) -> None:
    """As with any model, ``using`` or the router's write database decides where rows go."""
    proxy = TokenProxy.objects.get()
    with pytest.raises(ConnectionDoesNotExist):
        proxy.delete(using="nowhere")
    with override_settings(DATABASE_ROUTERS=[_NowhereRouter()]):
        with pytest.raises(ConnectionDoesNotExist):
            proxy.delete()
        with pytest.raises(ConnectionDoesNotExist):
            TokenProxy.objects.all().delete()
    assert Token.objects.get().key == token.key
    assert proxy.delete(using="default") == (1, {"authtoken.Token": 1})


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor refuses an open transaction
def test_migrations_have_drfs_names_and_schema() -> None:
    """A database migrated by DRF's authtoken app has these migrations recorded already."""
    loader = MigrationLoader(connection)
    names = sorted(name for app, name in loader.disk_migrations if app == "authtoken")
    assert names == [
        "0001_initial",
        "0002_auto_20160226_1747",
        "0003_tokenproxy",
        "0004_alter_tokenproxy_options",
    ]
    out = StringIO()
    call_command("sqlmigrate", "authtoken", "0001", stdout=out)
    assert (
        'CREATE TABLE "authtoken_token" ("key" varchar(40) NOT NULL PRIMARY KEY, '
        '"created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES '
        '"auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);'
    ) in out.getvalue()
    for name in names[1:]:
        out = StringIO()
        call_command("sqlmigrate", "authtoken", name, stdout=out)
        assert "CREATE" not in out.getvalue() and "ALTER" not in out.getvalue()


def test_no_missing_migrations() -> None:
    call_command("makemigrations", "authtoken", "--check", "--dry-run", verbosity=0)


# --- obtaining a token --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["multipart", "json"])
def test_obtain_token(client: APIClient, alice: Any, fmt: str) -> None:
    response = client.post(
        "/api-token-auth/", {"username": "alice", "password": "secret"}, format=fmt
    )
    assert response.status_code == 200
    assert response["Content-Type"] == JSON
    token = Token.objects.get(user=alice)
    assert response.content == b'{"token":"%s"}' % token.key.encode()
    again = client.post("/api-token-auth/", {"username": "alice", "password": "secret"})
    assert again.content == response.content


def test_obtain_token_urlencoded(client: APIClient, alice: Any) -> None:
    response = client.post(
        "/api-token-auth/",
        "username=alice&password=secret",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get().key}


def test_obtain_token_queries(client: APIClient, alice: Any) -> None:
    """Same statements as DRF: the user, the token lookup, then an insert only the first time."""
    data = {"username": "alice", "password": "secret"}
    with CaptureQueriesContext(connection) as first:
        client.post("/api-token-auth/", data)
    with CaptureQueriesContext(connection) as second:
        client.post("/api-token-auth/", data)
    assert sql(first) == ["SELECT auth_user", "SELECT authtoken_token", "INSERT authtoken_token"]
    assert sql(second) == ["SELECT auth_user", "SELECT authtoken_token"]


@pytest.mark.parametrize(
    ("data", "fmt", "body"),
    [
        (
            {"username": "alice", "password": "wrong"},
            "multipart",
            b'{"non_field_errors":["Unable to log in with provided credentials."]}',
        ),
        (
            {"username": "nobody", "password": "secret"},
            "json",
            b'{"non_field_errors":["Unable to log in with provided credentials."]}',
        ),
        (
            # Passwords are not trimmed.
            {"username": "alice", "password": " secret"},
            "json",
            b'{"non_field_errors":["Unable to log in with provided credentials."]}',
        ),
        ({"username": "alice"}, "multipart", b'{"password":["This field is required."]}'),
        (
            {},
            "json",
            b'{"username":["This field is required."],"password":["This field is required."]}',
        ),
        (
            {"username": "", "password": ""},
            "json",
            b'{"username":["This field may not be blank."],'
            b'"password":["This field may not be blank."]}',
        ),
        (
            {"username": "al\x00ice", "password": "secret"},
            "json",
            b'{"username":["Null characters are not allowed."]}',
        ),
        (
            {"username": ["alice"], "password": {"x": 1}},
            "json",
            b'{"username":["Not a valid string."],"password":["Not a valid string."]}',
        ),
    ],
)
def test_obtain_token_failures(
    client: APIClient, alice: Any, data: Any, fmt: str, body: bytes
) -> None:
    response = client.post("/api-token-auth/", data, format=fmt)
    assert response.status_code == 400
    assert response["Content-Type"] == JSON
    assert response.content == body
    assert not Token.objects.exists()


def test_obtain_token_inactive_user(client: APIClient, alice: Any) -> None:
    alice.is_active = False
    alice.save()
    response = client.post("/api-token-auth/", {"username": "alice", "password": "secret"})
    assert response.status_code == 400
    assert response.content == (
        b'{"non_field_errors":["Unable to log in with provided credentials."]}'
    )


def test_obtain_token_error_codes(client: APIClient, alice: Any) -> None:
    """The code is ``authorization`` (visible in problem details)."""
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"}):
        response = client.post("/api-token-auth/", {"username": "alice", "password": "x"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "pointer": "#",
            "detail": "Unable to log in with provided credentials.",
            "code": "authorization",
        }
    ]


def test_must_include_username_and_password() -> None:
    from restframe.authtoken.serializers import AuthTokenSerializer

    serializer = AuthTokenSerializer()
    with pytest.raises(Exception) as info:
        serializer.validate({"username": "alice"})
    assert info.value.detail == ['Must include "username" and "password".']  # type: ignore[attr-defined]
    assert info.value.get_codes() == ["authorization"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "body"),
    [
        ("get", {}, 405, b'{"detail":"Method \\"GET\\" not allowed."}'),
        (
            "post",
            {"data": "garbage", "content_type": "application/json"},
            400,
            b'{"detail":"JSON parse error - Expecting value: line 1 column 1 (char 0)"}',
        ),
        (
            "post",
            {"data": {"username": "alice", "password": "secret"}, "HTTP_ACCEPT": "text/html"},
            406,
            b'{"detail":"Could not satisfy the request Accept header."}',
        ),
        (
            "post",
            {"data": "<x/>", "content_type": "application/xml"},
            415,
            b'{"detail":"Unsupported media type \\"application/xml\\" in request."}',
        ),
    ],
)
def test_obtain_token_bad_requests(
    client: APIClient, alice: Any, method: str, kwargs: Any, status: int, body: bytes
) -> None:
    response = getattr(client, method)("/api-token-auth/", **kwargs)
    assert response.status_code == status
    assert response["Content-Type"] == JSON
    assert response.content == body
    assert response["Allow"] == "POST, OPTIONS"


def test_obtain_token_options(client: APIClient) -> None:
    response = client.options("/api-token-auth/")
    assert response.status_code == 200
    assert response.json() == {
        "name": "Obtain Auth Token",
        "description": "",
        "renders": ["application/json"],
        "parses": ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"],
        "actions": {
            "POST": {
                "username": {
                    "type": "string",
                    "required": True,
                    "read_only": False,
                    "label": "Username",
                },
                "password": {
                    "type": "string",
                    "required": True,
                    "read_only": False,
                    "label": "Password",
                },
                "token": {
                    "type": "string",
                    "required": False,
                    "read_only": True,
                    "label": "Token",
                },
            }
        },
    }


def test_obtain_token_subclass_uses_the_serializer_context(client: APIClient, alice: Any) -> None:
    response = client.post("/custom-token-auth/", {"username": "alice", "password": "secret"})
    assert response.json() == {"user": "alice"}


# --- authenticating with the token --------------------------------------------------------------


def test_token_authentication_uses_the_token_model_by_default(
    client: APIClient, token: Token
) -> None:
    assert TokenAuthentication().get_model() is Token
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.content == b'{"user":"alice","token":"%s"}' % token.key.encode()
    assert sql(queries) == ["SELECT authtoken_token"]  # one query, the user joined


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Authentication credentials were not provided."),
        ("Token", "Invalid token header. No credentials provided."),
        ("Token a b", "Invalid token header. Token string should not contain spaces."),
        ("Token " + "0" * 40, "Invalid token."),
        (
            "Token caf\xe9",
            "Invalid token header. Token string should not contain invalid characters.",
        ),
        # DRF answers 500 (the header cannot be encoded); restframe reads it as UTF-8.
        ("Token 漢字", "Invalid token."),
        ("Token abc\x00", "Invalid token."),
    ],
)
def test_token_authentication_failures(
    client: APIClient, token: Token, header: str | None, message: str
) -> None:
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = client.get("/me/", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response["Content-Type"] == JSON
    assert response.content == b'{"detail":"%s"}' % message.encode()


def test_tampered_and_reset_tokens_are_invalid(client: APIClient, token: Token) -> None:
    tampered = token.key[:-1] + ("0" if token.key[-1] != "0" else "1")
    response = client.get("/me/", HTTP_AUTHORIZATION=f"Token {tampered}")
    assert response.status_code == 401
    assert response.content == b'{"detail":"Invalid token."}'
    old = token.key
    call_command("drf_create_token", "alice", "--reset", stdout=StringIO())
    response = client.get("/me/", HTTP_AUTHORIZATION=f"Token {old}")
    assert response.status_code == 401
    assert response.content == b'{"detail":"Invalid token."}'


def test_token_of_an_inactive_user(client: APIClient, token: Token) -> None:
    token.user.is_active = False
    token.user.save()
    response = client.get("/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401
    assert response.content == b'{"detail":"User inactive or deleted."}'


def test_other_keyword(client: APIClient, token: Token) -> None:
    response = client.get("/bearer-me/", HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert response.status_code == 200
    response = client.get("/bearer-me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_configured_token_model_wins(client: APIClient) -> None:
    with override_settings(REST_FRAMEWORK={"TOKEN_MODEL": "tests.AuthToken"}):
        from tests.models_auth import AuthToken

        assert TokenAuthentication().get_model() is AuthToken
    assert TokenAuthentication().get_model() is Token


@pytest.mark.django_db(transaction=True)
async def test_async_token_authentication(django_user_model: Any) -> None:
    from asgiref.sync import sync_to_async

    user = await sync_to_async(django_user_model.objects.create_user)("carol")
    token = await Token.objects.acreate(user=user)
    client = AsyncAPIClient()
    response = await client.get("/async-me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json() == {"user": "carol", "token": token.key}
    response = await client.get("/async-me/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.content == b'{"detail":"Invalid token."}'


# --- the management command ---------------------------------------------------------------------


def test_drf_create_token(alice: Any) -> None:
    out = StringIO()
    call_command("drf_create_token", "alice", stdout=out)
    key = Token.objects.get(user=alice).key
    assert out.getvalue() == f"Generated token {key} for user alice\n"
    out = StringIO()
    call_command("drf_create_token", "alice", stdout=out)
    assert out.getvalue() == f"Generated token {key} for user alice\n"


@pytest.mark.parametrize("flag", ["-r", "--reset"])
def test_drf_create_token_reset(token: Token, flag: str) -> None:
    out = StringIO()
    call_command("drf_create_token", "alice", flag, stdout=out)
    new = Token.objects.get(user=token.user).key
    assert new != token.key
    assert out.getvalue() == f"Generated token {new} for user alice\n"


def test_drf_create_token_unknown_user() -> None:
    with pytest.raises(CommandError) as info:
        call_command("drf_create_token", "nobody")
    assert str(info.value) == "Cannot create the Token: user nobody does not exist"


def test_drf_create_token_help() -> None:
    from restframe.authtoken.management.commands.drf_create_token import Command

    parser = Command().create_parser("manage.py", "drf_create_token")
    text = parser.format_help()
    assert "Create DRF Token for a given user" in text
    assert "-r, --reset" in text
    assert "Reset existing User token and create a new one" in text


# --- admin --------------------------------------------------------------------------------------


def test_admin_finds_tokens_by_user_pk(token: Token, alice: Any) -> None:
    model_admin = TokenAdmin(TokenProxy, AdminSite())
    request = RequestFactory().get("/")
    found = model_admin.get_object(request, str(alice.pk))
    assert found is not None and found.key == token.key
    assert model_admin.get_object(request, token.key) is None
    assert model_admin.get_object(request, "999") is None
    model_admin.delete_model(request, found)
    assert not Token.objects.exists()


def test_admin_options_match_drf() -> None:
    model_admin = TokenAdmin(TokenProxy, AdminSite())
    assert model_admin.list_display == ("key", "user", "created")
    assert model_admin.fields == ("user",)
    assert model_admin.search_fields == ("user__username",)
    assert str(model_admin.search_help_text) == "Username"
    assert model_admin.ordering == ("user__username",)
    assert model_admin.actions is None
    assert model_admin.list_filter == ("created",)


def test_admin_searches_and_orders_by_the_user_models_username_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a custom user model whose login is ``email``, the admin searches and orders by it.
    (The admin app is not installed here, so reloading registers nothing.)"""
    import importlib

    import django.contrib.auth

    import restframe.authtoken.admin as admin_module

    class EmailUser:
        USERNAME_FIELD = "email"

    monkeypatch.setattr(django.contrib.auth, "get_user_model", lambda: EmailUser)
    try:
        reloaded = importlib.reload(admin_module)
        model_admin = reloaded.TokenAdmin(TokenProxy, AdminSite())
        request = RequestFactory().get("/")
        assert model_admin.get_search_fields(request) == ("user__email",)
        assert model_admin.get_ordering(request) == ("user__email",)
    finally:
        monkeypatch.undo()
        importlib.reload(admin_module)


ADMIN_SCRIPT = """
from django.conf import settings
settings.configure(
    SECRET_KEY="x", DEBUG=False, ALLOWED_HOSTS=["*"], USE_TZ=True, ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.admin", "django.contrib.auth",
                    "django.contrib.contenttypes", "django.contrib.sessions",
                    "django.contrib.messages", "restframe", "restframe.authtoken"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                "django.contrib.auth.middleware.AuthenticationMiddleware",
                "django.contrib.messages.middleware.MessageMiddleware"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
                "OPTIONS": {"context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages"]}}],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
)
import django
django.setup()
from django.contrib import admin
from django.urls import path
urlpatterns = [path("admin/", admin.site.urls)]
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.test import Client
from restframe.authtoken.models import Token
root = User.objects.create_superuser("root", password="pw")
bob = User.objects.create_user("bob")
client = Client()
client.force_login(root)
base = "/admin/authtoken/tokenproxy/"
print(client.post(base + "add/", {"user": bob.pk}).status_code)
token = Token.objects.get(user=bob)
page = client.get(base).content.decode()
print(f'href="{base}{bob.pk}/change/"' in page, token.key in page, f"{token.key}/change" in page)
print(client.get(f"{base}{bob.pk}/change/").status_code)
print(client.get(f"{base}{token.key}/change/").status_code)
print(client.post(f"{base}{bob.pk}/delete/", {"post": "yes"}).status_code)
print(Token.objects.filter(user=bob).exists())
"""


def test_admin_through_http() -> None:
    """Rows link by the user's id (never the key); add, change and delete work."""
    out = run_python(ADMIN_SCRIPT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"})
    assert out.split("\n")[:6] == ["302", "True True False", "200", "302", "302", "False"]
