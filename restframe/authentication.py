"""Authentication: who is making the request, decided before permissions and throttles run.

An authenticator looks at the request (a header, the session, the web server's ``REMOTE_USER``)
and answers ``(user, auth)`` when it recognises credentials, ``None`` when the request is not
meant for it (so the next authenticator may try), or raises ``AuthenticationFailed`` when the
credentials are present but wrong. Its ``authenticate_header`` decides whether a failure is a 401
with a ``WWW-Authenticate`` challenge or a 403.

Every class has DRF's synchronous ``authenticate`` and restframe's ``aauthenticate`` for async
views. The default twin runs ``authenticate`` in a worker thread; the built-ins that do I/O use
Django's async APIs instead (``auser()``, ``aauthenticate()``, the ORM's ``aget``), unless a
subclass customised the synchronous side, which then stays authoritative.

Malformed ``Authorization`` headers (bad base64, stray spaces, a missing colon, characters outside
ISO-8859-1 or invalid UTF-8) always end in the documented ``AuthenticationFailed``, never a 500.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.apps import apps
from django.conf import settings
from django.contrib.auth import aauthenticate, authenticate, get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext_lazy as _

from restframe import exceptions
from restframe.settings import api_settings

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from restframe.request import Request

__all__ = [
    "BaseAuthentication",
    "BasicAuthentication",
    "CSRFCheck",
    "RemoteUserAuthentication",
    "SessionAuthentication",
    "TokenAuthentication",
    "get_authorization_header",
]

#: HTTP header values are ISO-8859-1 on the wire (RFC 9110 §5.5); Django decodes them that way.
_HEADER_ENCODING = "iso-8859-1"

AuthResult = tuple[Any, Any] | None

#: Django's own ``authenticate``. The authenticators call this module's ``authenticate`` (as
#: DRF's do), so a test that replaces it here is obeyed, by the async twins too.
_DJANGO_AUTHENTICATE = authenticate


async def _aauthenticate(**credentials: Any) -> Any:
    """Django's ``aauthenticate``, or the replaced ``authenticate`` run in a worker thread."""
    if authenticate is not _DJANGO_AUTHENTICATE:
        return await sync_to_async(authenticate)(**credentials)
    return await aauthenticate(**credentials)


def get_authorization_header(request: Request | HttpRequest) -> bytes:
    """The request's ``Authorization`` header as bytes (``b""`` when absent).

    Servers hand Django header values decoded as ISO-8859-1, so encoding them back gives the
    original bytes. Test clients may pass arbitrary text; characters that ISO-8859-1 cannot hold
    are encoded as UTF-8 so the parsers below reject them cleanly instead of crashing.
    """
    auth = request.META.get("HTTP_AUTHORIZATION", b"")
    if isinstance(auth, str):
        try:
            return auth.encode(_HEADER_ENCODING)
        except UnicodeEncodeError:
            return auth.encode("utf-8", "surrogatepass")
    return auth


def _no_response(request: HttpRequest) -> HttpResponseBase:
    """``get_response`` for the CSRF check: never called, the middleware only gives a verdict."""
    raise NotImplementedError("CSRFCheck does not serve requests")


class CSRFCheck(CsrfViewMiddleware):
    """Django's CSRF middleware, made to report the failure reason instead of rendering 403."""

    def _reject(self, request: HttpRequest, reason: str) -> Any:
        return reason


class BaseAuthentication:
    """Base class of authenticators: override ``authenticate`` (and optionally the rest)."""

    def authenticate(self, request: Request) -> AuthResult:
        """``(user, auth)`` for recognised credentials, ``None`` to let another scheme try."""
        raise NotImplementedError(".authenticate() must be overridden.")

    async def aauthenticate(self, request: Request) -> AuthResult:
        """Async twin of ``authenticate``; by default runs it in a thread so blocking I/O
        (database, remote calls) never stalls the event loop."""
        return await sync_to_async(self.authenticate)(request)

    def authenticate_header(self, request: Request) -> str | None:
        """``WWW-Authenticate`` value for a 401, or ``None`` to answer 403 instead."""
        return None


def _split_header(request: Request, keyword: bytes) -> list[bytes] | None:
    """The ``Authorization`` header split on whitespace, if it uses ``keyword`` (lower case)."""
    parts = get_authorization_header(request).split()
    if not parts or parts[0].lower() != keyword:
        return None
    return parts


class BasicAuthentication(BaseAuthentication):
    """HTTP Basic authentication (RFC 7617) against Django's authentication backends."""

    www_authenticate_realm = "api"

    def _credentials(self, request: Request) -> tuple[str, str] | None:
        """Decode ``Basic <base64(userid:password)>``; ``None`` if the scheme is not Basic."""
        parts = _split_header(request, b"basic")
        if parts is None:
            return None
        if len(parts) == 1:
            raise exceptions.AuthenticationFailed(
                _("Invalid basic header. No credentials provided.")
            )
        if len(parts) > 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid basic header. Credentials string should not contain spaces.")
            )
        try:
            raw = base64.b64decode(parts[1])
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                # Older clients send ISO-8859-1 credentials; every byte string decodes as it.
                decoded = raw.decode("latin-1")
            userid, password = decoded.split(":", 1)
        except (TypeError, ValueError, binascii.Error):
            raise exceptions.AuthenticationFailed(
                _("Invalid basic header. Credentials not correctly base64 encoded.")
            )
        return userid, password

    def authenticate(self, request: Request) -> AuthResult:
        """``(user, None)`` for a valid Basic header, ``None`` for any other scheme."""
        credentials = self._credentials(request)
        if credentials is None:
            return None
        return self.authenticate_credentials(credentials[0], credentials[1], request)

    async def aauthenticate(self, request: Request) -> AuthResult:
        """Parse inline, then check the password with Django's async ``aauthenticate``."""
        cls = type(self)
        if cls.authenticate is not BasicAuthentication.authenticate:
            return await sync_to_async(self.authenticate)(request)
        credentials = self._credentials(request)
        if credentials is None:
            return None
        if cls.authenticate_credentials is not BasicAuthentication.authenticate_credentials:
            return await sync_to_async(self.authenticate_credentials)(
                credentials[0], credentials[1], request
            )
        return await self.aauthenticate_credentials(credentials[0], credentials[1], request)

    @staticmethod
    def _lookup(userid: str, password: str) -> dict[str, str] | None:
        """Backend keyword arguments, or ``None`` when no user can match.

        A NUL character can never be part of a stored username, and some databases
        (PostgreSQL) refuse it in a query with an error; answer "invalid" without asking.
        """
        if "\x00" in userid or "\x00" in password:
            return None
        return {get_user_model().USERNAME_FIELD: userid, "password": password}

    @staticmethod
    def _check_user(user: AbstractBaseUser | AnonymousUser | None) -> AuthResult:
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid username/password."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (user, None)

    def authenticate_credentials(
        self, userid: str, password: str, request: Request | None = None
    ) -> AuthResult:
        """Check ``userid``/``password`` with Django's ``authenticate``; raise when they fail."""
        lookup = self._lookup(userid, password)
        user = None if lookup is None else authenticate(request=request, **lookup)  # type: ignore[arg-type]
        return self._check_user(user)

    async def aauthenticate_credentials(
        self, userid: str, password: str, request: Request | None = None
    ) -> AuthResult:
        """Async twin of ``authenticate_credentials`` (Django's ``aauthenticate``)."""
        lookup = self._lookup(userid, password)
        user = None if lookup is None else await _aauthenticate(request=request, **lookup)
        return self._check_user(user)

    def authenticate_header(self, request: Request) -> str:
        return f'Basic realm="{self.www_authenticate_realm}"'


class SessionAuthentication(BaseAuthentication):
    """The user logged in through Django's session, with CSRF enforced for that user.

    Anonymous requests need no CSRF token (there is no session to ride). There is no
    challenge header, so a failure answers 403 rather than 401.
    """

    def authenticate(self, request: Request) -> AuthResult:
        user = getattr(request._request, "user", None)
        if not user or not user.is_active:
            return None
        self.enforce_csrf(request)
        return (user, None)

    async def aauthenticate(self, request: Request) -> AuthResult:
        """Resolve the session user with Django's ``auser()``; no thread hop."""
        if type(self).authenticate is not SessionAuthentication.authenticate:
            return await sync_to_async(self.authenticate)(request)
        django_request = request._request
        auser = getattr(django_request, "auser", None)
        if auser is not None:
            user = await auser()
        else:
            # A request built without AuthenticationMiddleware (e.g. a test factory with
            # ``request.user`` set by hand) carries the user itself.
            user = getattr(django_request, "user", None)
        if not user or not user.is_active:
            return None
        if settings.CSRF_USE_SESSIONS:
            # The CSRF secret lives in the session store: reading it may hit the database.
            await sync_to_async(self.enforce_csrf)(request)
        else:
            self.enforce_csrf(request)
        return (user, None)

    def enforce_csrf(self, request: Request) -> None:
        """Apply Django's CSRF rules; raise ``PermissionDenied("CSRF Failed: <reason>")``."""
        check = CSRFCheck(_no_response)
        # process_request puts the cookie's secret in request.META for process_view to compare.
        check.process_request(request)  # type: ignore[arg-type]
        reason = check.process_view(request, None, (), {})  # type: ignore[arg-type]
        if reason:
            raise exceptions.PermissionDenied(f"CSRF Failed: {reason}")


class _TokenModelCache:
    """The token model resolved from ``TOKEN_MODEL``, re-resolved when settings reload."""

    generation = -1
    model: type[models.Model] | None = None


_token_model_cache = _TokenModelCache()


def _resolve_token_model(label: Any) -> type[models.Model]:
    if not label:
        # DRF's default: the authtoken app's ``Token``, when that app is installed.
        if apps.is_installed("restframe.authtoken"):
            from restframe.authtoken.models import Token

            return Token
        raise ImproperlyConfigured(
            "TokenAuthentication needs a token model: add 'restframe.authtoken' to "
            "INSTALLED_APPS, set the 'model' attribute on the authentication class, or set "
            "REST_FRAMEWORK['TOKEN_MODEL'] to 'app_label.ModelName' (a model with a 'key' field "
            "and a 'user' relation)."
        )
    try:
        model = apps.get_model(label)
    except (ValueError, LookupError) as exc:
        raise ImproperlyConfigured(
            f"REST_FRAMEWORK['TOKEN_MODEL'] refers to model '{label}' that is not installed "
            "or is not in the form 'app_label.ModelName'."
        ) from exc
    for field in ("key", "user"):
        try:
            model._meta.get_field(field)
        except FieldDoesNotExist as exc:
            raise ImproperlyConfigured(
                f"REST_FRAMEWORK['TOKEN_MODEL'] model '{label}' has no '{field}' field; "
                "a token model needs 'key' and 'user'."
            ) from exc
    return model


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>`` looked up in a token model.

    The model is the class attribute ``model``, else ``REST_FRAMEWORK["TOKEN_MODEL"]``
    (``"app_label.ModelName"``; it needs a ``key`` field and a ``user`` relation), else, as in
    DRF, ``restframe.authtoken``'s ``Token`` (that app must be installed).
    Subclasses change ``keyword`` to accept e.g. ``Bearer``.
    """

    keyword = "Token"
    model: type[models.Model] | None = None

    def get_model(self) -> type[models.Model]:
        """The token model (see the class docstring); ``ImproperlyConfigured`` if none is set."""
        if self.model is not None:
            return self.model
        cache = _token_model_cache
        if cache.generation != api_settings.generation or cache.model is None:
            cache.model = _resolve_token_model(api_settings.TOKEN_MODEL)
            cache.generation = api_settings.generation
        return cache.model

    def _key(self, request: Request) -> str | None:
        """The token key from the header; ``None`` when the header uses another scheme."""
        parts = _split_header(request, self.keyword.lower().encode())
        if parts is None:
            return None
        if len(parts) == 1:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header. No credentials provided.")
            )
        if len(parts) > 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header. Token string should not contain spaces.")
            )
        try:
            return parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header. Token string should not contain invalid characters.")
            )

    def authenticate(self, request: Request) -> AuthResult:
        key = self._key(request)
        if key is None:
            return None
        return self.authenticate_credentials(key)

    async def aauthenticate(self, request: Request) -> AuthResult:
        """Parse inline, look the key up with the ORM's async ``aget``."""
        cls = type(self)
        if cls.authenticate is not TokenAuthentication.authenticate:
            return await sync_to_async(self.authenticate)(request)
        key = self._key(request)
        if key is None:
            return None
        if cls.authenticate_credentials is not TokenAuthentication.authenticate_credentials:
            return await sync_to_async(self.authenticate_credentials)(key)
        return await self.aauthenticate_credentials(key)

    @staticmethod
    def _check_token(token: Any) -> AuthResult:
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)

    def authenticate_credentials(self, key: str) -> AuthResult:
        """``(token.user, token)`` for a known key of an active user; raise otherwise."""
        model = self.get_model()
        token = None
        # A NUL byte can never be in a stored key, and PostgreSQL rejects it in queries.
        if "\x00" not in key:
            try:
                token = model._default_manager.select_related("user").get(key=key)
            except ObjectDoesNotExist:
                token = None
        return self._check_token(token)

    async def aauthenticate_credentials(self, key: str) -> AuthResult:
        """Async twin of ``authenticate_credentials``."""
        model = self.get_model()
        token = None
        if "\x00" not in key:
            try:
                token = await model._default_manager.select_related("user").aget(key=key)
            except ObjectDoesNotExist:
                token = None
        return self._check_token(token)

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class RemoteUserAuthentication(BaseAuthentication):
    """Trust the user name the web server authenticated (``REMOTE_USER``).

    Needs ``django.contrib.auth.backends.RemoteUserBackend`` in ``AUTHENTICATION_BACKENDS``.
    ``header`` is the ``request.META`` key to read.
    """

    header = "REMOTE_USER"

    def authenticate(self, request: Request) -> AuthResult:
        user = authenticate(request=request, remote_user=request.META.get(self.header))  # type: ignore[arg-type]
        if user and user.is_active:
            return (user, None)
        return None

    async def aauthenticate(self, request: Request) -> AuthResult:
        """Async twin through Django's ``aauthenticate`` (``RemoteUserBackend`` is async-aware)."""
        if type(self).authenticate is not RemoteUserAuthentication.authenticate:
            return await sync_to_async(self.authenticate)(request)
        user = await _aauthenticate(request=request, remote_user=request.META.get(self.header))
        if user and user.is_active:
            return (user, None)
        return None
