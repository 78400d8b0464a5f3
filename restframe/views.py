"""``APIView``: DRF's class-based API view, running natively as sync or async.

A view's request goes through content negotiation, authentication, permission and throttle
checks, then its handler. Anything raised on the way goes to ``handle_exception``, which asks the
configured exception handler for a response; ``None`` re-raises into Django's 500 path.

Whether a view is sync or async is decided once, when the class is created: all handlers
``async def`` → the async path awaits authenticators, permissions and throttles through their
async twins (``aauthenticate``, ``ahas_permission``, ``aallow_request``) so no blocking call runs
on the event loop. Exception → response is pure CPU work and shared by both paths.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

from asgiref.sync import async_to_sync, sync_to_async
from django.core.exceptions import ImproperlyConfigured
from django.db.models.query import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.encoding import smart_str
from django.views.generic import View

from restframe import exceptions, status
from restframe.formatters import PROBLEM_CONTENT_TYPE
from restframe.handlers import exception_handler, set_rollback
from restframe.negotiation import DefaultContentNegotiation
from restframe.permissions import AllowAny
from restframe.renderers import JSONRenderer
from restframe.reporting import run_exception_reporter
from restframe.request import Request
from restframe.response import Response, has_header, put_header, render_on_the_loop
from restframe.schemas.inspectors import DefaultSchema
from restframe.settings import FromSettings, api_settings
from restframe.utils import formatting
from restframe.utils.mediatypes import _parse_accept

__all__ = [
    "APIView",
    "exception_handler",
    "get_view_description",
    "get_view_name",
    "set_rollback",
]


def get_view_name(view: Any) -> str:
    """The human name of a view: its ``name``, else its class name made readable."""
    name = getattr(view, "name", None)
    if name is not None:
        return str(name)
    name = view.__class__.__name__
    name = formatting.remove_trailing_string(name, "View")
    name = formatting.remove_trailing_string(name, "ViewSet")
    name = formatting.camelcase_to_spaces(name)
    suffix = getattr(view, "suffix", None)
    if suffix:
        name += " " + suffix
    return name


def get_view_description(view: Any, html: bool = False) -> str:
    """A view's ``description``, else its dedented docstring (HTML-marked up on request)."""
    description = getattr(view, "description", None)
    if description is None:
        description = view.__class__.__doc__ or ""
    description = formatting.dedent(smart_str(description))
    if html:
        return formatting.markup_description(description)
    return description


class _ResponseTypeError(TypeError, AssertionError):
    """A view returned something that is not a response.

    Also an ``AssertionError``, the type DRF raises here, so code written against DRF still
    catches it.
    """


# Hooks whose sync override on an async view must still run (in a thread) on the async path.
_SYNC_HOOKS_WITH_ASYNC_TWINS = (
    ("initial", "ainitial"),
    ("perform_authentication", "aperform_authentication"),
    ("check_permissions", "acheck_permissions"),
    ("check_throttles", "acheck_throttles"),
    ("handle_exception", "ahandle_exception"),
)


class APIView(View):
    renderer_classes: Any = FromSettings("DEFAULT_RENDERER_CLASSES")
    parser_classes: Any = FromSettings("DEFAULT_PARSER_CLASSES")
    authentication_classes: Any = FromSettings("DEFAULT_AUTHENTICATION_CLASSES")
    throttle_classes: Any = FromSettings("DEFAULT_THROTTLE_CLASSES")
    permission_classes: Any = FromSettings("DEFAULT_PERMISSION_CLASSES")
    content_negotiation_class: Any = FromSettings("DEFAULT_CONTENT_NEGOTIATION_CLASS")
    metadata_class: Any = FromSettings("DEFAULT_METADATA_CLASS")
    versioning_class: Any = FromSettings("DEFAULT_VERSIONING_CLASS")

    # Injectable for tests: ``settings = APISettings({...})`` on a view class.
    settings: Any = api_settings

    # An inspector of ``DEFAULT_SCHEMA_CLASS`` bound to the view (DRF's ``DefaultSchema``);
    # ``schema = None`` on a view class leaves it out of generated schemas.
    schema: Any = DefaultSchema()

    # restframe: ``{ExceptionClass or status code: handler(exc, context)}`` consulted by the
    # default exception handler before the project-wide ones (see ``restframe.handlers``).
    exception_handlers: ClassVar[dict[Any, Callable[[Exception, dict[str, Any]], Any]]] = {}

    view_is_async: ClassVar[bool] = False  # type: ignore[misc]
    # Per class: policy kind -> (classes seen, a copy of them, the shared instances or None,
    # the negotiation answers per Accept header); see ``_policies``.
    _policy_cache: ClassVar[dict[str, _PolicyEntry]] = {}
    # Whether negotiation may be answered from ``_policy_cache`` (no hook it calls overridden).
    _stock_negotiation: ClassVar[bool] = True
    # Names of async-twin hooks that must defer to a user's sync override (see __init_subclass__).
    _sync_overrides: ClassVar[frozenset[str]] = frozenset()
    _allow_header: ClassVar[str | None] = None
    # False when a subclass computes its allowed methods itself: its Allow header is not cached.
    _allow_cacheable: ClassVar[bool] = True
    # Whether ``dispatch`` may take the straight path: no hook it inlines is overridden.
    _straight: ClassVar[bool] = True
    # The same for async views (no async twin it inlines overridden either).
    _astraight: ClassVar[bool] = True
    # The straight path's plans, one per set of policy classes seen (see ``_Plan``).
    _plans: ClassVar[list[_Plan]] = []
    # Overrides of inlined hooks that the straight path honours without calling them, by hook
    # name (``ViewSetMixin``'s: its routes set ``action`` and ``_route_allow`` before dispatch).
    _straight_variants: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.view_is_async = cls._handlers_are_async()
        overrides = set()
        for sync_name, async_name in _SYNC_HOOKS_WITH_ASYNC_TWINS:
            if getattr(cls, sync_name) is not getattr(APIView, sync_name) and getattr(
                cls, async_name
            ) is getattr(APIView, async_name):
                overrides.add(async_name)
        cls._sync_overrides = frozenset(overrides)
        cls._policy_cache = {}
        cls._stock_negotiation = all(
            getattr(cls, name) is getattr(APIView, name)
            for name in ("get_renderers", "get_content_negotiator", "get_format_suffix")
        )
        cls._allow_header = None
        cls._allow_cacheable = (
            cls.allowed_methods is APIView.__dict__["allowed_methods"]
            and getattr(cls, "_allowed_methods") is getattr(View, "_allowed_methods")  # noqa: B009
        )
        cls._straight = cls._allow_cacheable and all(
            _stock_or_known_variant(cls, name) for name in _INLINED_HOOKS
        )
        cls._astraight = (
            cls._straight
            and not overrides
            and all(getattr(cls, name) is getattr(APIView, name) for name in _INLINED_ASYNC_HOOKS)
        )
        cls._plans = []

    @classmethod
    def _handlers_are_async(cls) -> bool:
        """Decide sync or async once; mixing both is a configuration error (as in Django)."""
        handlers = [
            getattr(cls, method)
            for method in cls.http_method_names
            if method != "options" and hasattr(cls, method)
        ]
        if not handlers:
            return False
        kinds = {inspect.iscoroutinefunction(handler) for handler in handlers}
        if len(kinds) > 1:
            raise ImproperlyConfigured(
                f"{cls.__qualname__} HTTP handlers must either be all sync or all async."
            )
        return kinds.pop()

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., Any]:
        """The view function; CSRF is enforced by ``SessionAuthentication``, not the middleware."""
        if isinstance(getattr(cls, "queryset", None), QuerySet):

            def force_evaluation() -> None:
                raise RuntimeError(
                    "Do not evaluate the `.queryset` attribute directly, "
                    "as the result will be cached and reused between requests. "
                    "Use `.all()` or call `.get_queryset()` instead."
                )

            cls.queryset._fetch_all = force_evaluation  # type: ignore[attr-defined]

        view = super().as_view(**initkwargs)
        view.cls = cls  # type: ignore[attr-defined]
        view.initkwargs = initkwargs  # type: ignore[attr-defined]
        # Django's LoginRequiredMiddleware must not redirect API clients to a login page:
        # permission classes decide (DRF does the same).
        view.login_required = False  # type: ignore[attr-defined]
        # What ``csrf_exempt(view)`` marks, without its extra call per request.
        view.csrf_exempt = True  # type: ignore[attr-defined]
        return view

    # --- headers every response of this view carries ---

    @property
    def allowed_methods(self) -> list[str]:
        """Django's ``_allowed_methods()``, public (so overriding either one is honoured)."""
        methods: list[str] = getattr(self, "_allowed_methods")()  # noqa: B009 (not in the stubs)
        return methods

    @property
    def default_response_headers(self) -> dict[str, str]:
        cls = type(self)
        allow = cls._allow_header
        if allow is None or "http_method_names" in self.__dict__:
            allow = ", ".join(self.allowed_methods)
            if cls._allow_cacheable and "http_method_names" not in self.__dict__:
                cls._allow_header = allow
        headers = {"Allow": allow}
        if len(self.renderer_classes) > 1:
            headers["Vary"] = "Accept"
        return headers

    # --- DRF's overridable factories ---

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        raise exceptions.MethodNotAllowed(request.method)

    def permission_denied(self, request: Any, message: Any = None, code: str | None = None) -> None:
        """Unauthenticated requests are told to authenticate; the others are refused."""
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated()
        raise exceptions.PermissionDenied(detail=message, code=code)

    def throttled(self, request: Any, wait: float | None) -> None:
        raise exceptions.Throttled(wait)

    def get_authenticate_header(self, request: Any) -> str | None:
        """The ``WWW-Authenticate`` value of a 401; ``None`` turns the 401 into a 403."""
        authenticators = self.get_authenticators()
        if authenticators:
            header: str | None = authenticators[0].authenticate_header(request)
            return header
        return None

    def get_parser_context(self, http_request: HttpRequest) -> dict[str, Any]:
        return {
            "view": self,
            "args": getattr(self, "args", ()),
            "kwargs": getattr(self, "kwargs", {}),
        }

    def _view_context(self) -> dict[str, Any]:
        return {
            "view": self,
            "args": getattr(self, "args", ()),
            "kwargs": getattr(self, "kwargs", {}),
            "request": getattr(self, "request", None),
        }

    def get_renderer_context(self) -> dict[str, Any]:
        return self._view_context()

    def get_exception_handler_context(self) -> dict[str, Any]:
        return self._view_context()

    def get_view_name(self) -> str:
        return str(self.settings.VIEW_NAME_FUNCTION(self))

    def get_view_description(self, html: bool = False) -> str:
        return str(self.settings.VIEW_DESCRIPTION_FUNCTION(self, html))

    def get_format_suffix(self, **kwargs: Any) -> Any:
        suffix_kwarg = self.settings.FORMAT_SUFFIX_KWARG
        if suffix_kwarg:
            return kwargs.get(suffix_kwarg)
        return None

    def get_renderers(self) -> list[Any]:
        return _policies(self, "renderer", self.renderer_classes)

    def get_parsers(self) -> list[Any]:
        return _policies(self, "parser", self.parser_classes)

    def get_authenticators(self) -> list[Any]:
        return _policies(self, "auth", self.authentication_classes)

    def get_permissions(self) -> list[Any]:
        return _policies(self, "permission", self.permission_classes)

    def get_throttles(self) -> list[Any]:
        return [throttle() for throttle in self.throttle_classes]

    def get_content_negotiator(self) -> Any:
        negotiator = getattr(self, "_negotiator", None)
        if negotiator is None:
            negotiation_class = self.content_negotiation_class
            if negotiation_class is DefaultContentNegotiation:
                negotiator = _DEFAULT_NEGOTIATOR  # stateless: one for every view
            else:
                negotiator = negotiation_class()
            self._negotiator = negotiator
        return negotiator

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Any]:
        handler: Callable[[Exception, dict[str, Any]], Any] = self.settings.EXCEPTION_HANDLER
        return handler

    # --- the checks run before the handler ---

    def perform_content_negotiation(self, request: Any, force: bool = False) -> tuple[Any, str]:
        """Pick the renderer; ``force`` falls back to the first one (error bodies must render)."""
        if self._stock_negotiation and self.format_kwarg is None:
            # The common case: stateless renderers, the stock negotiator, no format override.
            entry = self._policy_cache.get("renderer")
            if (
                entry is not None
                and entry[2] is not None
                and type(self.get_content_negotiator()) is DefaultContentNegotiation
                and _unchanged(entry, self.renderer_classes)
            ):
                chosen = _remembered_choice(request, request.META, entry[2], entry[3])
                if chosen is not None:
                    return chosen
        renderers = self.get_renderers()
        negotiator = self.get_content_negotiator()
        refusal: exceptions.NotAcceptable | None = None
        try:
            if type(negotiator).select_renderer is DefaultContentNegotiation.select_renderer:
                # The stock negotiator says "nothing fits" without raising: the exception is
                # built only if it is really sent, not for the problem-details fallback.
                chosen, candidates = negotiator._choose(request, renderers, self.format_kwarg)
                if chosen is not None:
                    return chosen
            else:
                selected: tuple[Any, str] = negotiator.select_renderer(
                    request, renderers, self.format_kwarg
                )
                return selected
        except exceptions.NotAcceptable as exc:
            refusal, candidates = exc, renderers
        except Exception:
            if force:
                return (renderers[0], renderers[0].media_type)
            raise
        # Nothing fits. A client that accepts problem details still gets the view's real answer
        # (RFC 9110 lets a server disregard Accept rather than send 406); its errors come as
        # problems.
        if force or _accepts_problem(request):
            return (renderers[0], renderers[0].media_type)
        raise refusal or exceptions.NotAcceptable(available_renderers=candidates)

    def perform_authentication(self, request: Any) -> None:
        """Authenticate now rather than lazily, so auth errors surface before the handler."""
        request.user  # noqa: B018

    def check_permissions(self, request: Any) -> None:
        for permission in self.get_permissions():
            if not permission.has_permission(request, self):
                self.permission_denied(
                    request,
                    message=getattr(permission, "message", None),
                    code=getattr(permission, "code", None),
                )

    def check_object_permissions(self, request: Any, obj: Any) -> None:
        for permission in self.get_permissions():
            if not permission.has_object_permission(request, self, obj):
                self.permission_denied(
                    request,
                    message=getattr(permission, "message", None),
                    code=getattr(permission, "code", None),
                )

    def check_throttles(self, request: Any) -> None:
        if not self._throttles_configured():
            return
        waits = [
            throttle.wait()
            for throttle in self.get_throttles()
            if not throttle.allow_request(request, self)
        ]
        if waits:
            self.throttled(request, _longest_wait(waits))

    def _throttles_configured(self) -> bool:
        """False when the stock ``get_throttles`` has no classes to build (the common case)."""
        if (
            type(self).get_throttles is _STOCK_GET_THROTTLES
            and "get_throttles" not in self.__dict__
        ):
            return bool(self.throttle_classes)
        return True

    def determine_version(self, request: Any, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
        if self.versioning_class is None:
            return (None, None)
        scheme = self.versioning_class()
        return (scheme.determine_version(request, *args, **kwargs), scheme)

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        return Request(
            request,
            parsers=self.get_parsers(),
            authenticators=self.get_authenticators(),
            negotiator=self.get_content_negotiator(),
            parser_context=self.get_parser_context(request),
        )

    def _negotiate_and_version(self, request: Any, *args: Any, **kwargs: Any) -> None:
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(
            request
        )
        request.version, request.versioning_scheme = self.determine_version(
            request, *args, **kwargs
        )

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """Everything that runs before the handler: negotiation, auth, permissions, throttles."""
        self._negotiate_and_version(request, *args, **kwargs)
        self.perform_authentication(request)
        self.check_permissions(request)
        self.check_throttles(request)

    # --- async twins (restframe) ---

    async def ainitial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        if "ainitial" in self._sync_overrides:
            await sync_to_async(self.initial)(request, *args, **kwargs)
            return
        self._negotiate_and_version(request, *args, **kwargs)
        await self.aperform_authentication(request)
        await self.acheck_permissions(request)
        await self.acheck_throttles(request)

    async def aperform_authentication(self, request: Any) -> None:
        if "aperform_authentication" in self._sync_overrides:
            await sync_to_async(self.perform_authentication)(request)
            return
        await request.auser()

    async def acheck_permissions(self, request: Any) -> None:
        if "acheck_permissions" in self._sync_overrides:
            await sync_to_async(self.check_permissions)(request)
            return
        for permission in self.get_permissions():
            if not await _ahas_permission(permission, request, self):
                self.permission_denied(
                    request,
                    message=getattr(permission, "message", None),
                    code=getattr(permission, "code", None),
                )

    async def acheck_object_permissions(self, request: Any, obj: Any) -> None:
        for permission in self.get_permissions():
            check = getattr(permission, "ahas_object_permission", None)
            if check is not None:
                allowed = await check(request, self, obj)
            else:
                allowed = await sync_to_async(permission.has_object_permission)(request, self, obj)
            if not allowed:
                self.permission_denied(
                    request,
                    message=getattr(permission, "message", None),
                    code=getattr(permission, "code", None),
                )

    async def acheck_throttles(self, request: Any) -> None:
        if "acheck_throttles" in self._sync_overrides:
            await sync_to_async(self.check_throttles)(request)
            return
        if not self._throttles_configured():
            return
        waits = []
        for throttle in self.get_throttles():
            check = getattr(throttle, "aallow_request", None)
            if check is not None:
                allowed = await check(request, self)
            else:
                allowed = await sync_to_async(throttle.allow_request)(request, self)
            if not allowed:
                waits.append(throttle.wait())
        if waits:
            self.throttled(request, _longest_wait(waits))

    # --- after the handler ---

    def finalize_response(
        self, request: Any, response: Any, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        """Attach the renderer and the view's headers to whatever the handler returned."""
        if not isinstance(response, HttpResponseBase):
            raise _ResponseTypeError(
                "Expected a `Response`, `HttpResponse` or `StreamingHttpResponse` to be "
                f"returned from the view, but received a `{type(response)}`"
            )
        if isinstance(response, Response):
            if response.problem:
                # Problem details are JSON whatever renderer the client negotiated.
                response.accepted_renderer = _PROBLEM_RENDERER
                response.accepted_media_type = PROBLEM_CONTENT_TYPE
            else:
                if getattr(request, "accepted_renderer", None) is None:
                    request.accepted_renderer, request.accepted_media_type = (
                        self.perform_content_negotiation(request, force=True)
                    )
                response.accepted_renderer = request.accepted_renderer
                response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()

        headers = self.headers
        vary = headers.pop("Vary", None)
        if getattr(response, "exception", False) is True:
            # An error body's format follows ``Accept`` (JSON or problem details, or a 406)
            # whatever the renderers: shared caches must key on it (as restframe.defaults
            # and the middleware do). ``Accept-Language`` is LocaleMiddleware's to add.
            vary = _with_accept(vary)
        if vary is not None:
            if vary == "Accept" and not has_header(response, "Vary"):
                put_header(response, "Vary", vary)  # the common case, without re-parsing
            else:
                patch_vary_headers(response, [p.strip() for p in vary.split(",") if p.strip()])
        for key, value in headers.items():
            put_header(response, key, value)
        return response

    # --- errors ---

    def handle_exception(self, exc: Exception) -> HttpResponseBase:
        """Turn ``exc`` into a response, or re-raise it when the exception handler declines.

        An ``async def`` exception handler works here too (run to completion first).
        """
        handler = self._prepare_exception(exc)
        context = self.get_exception_handler_context()
        response = handler(exc, context)
        if not isinstance(response, HttpResponseBase) and inspect.isawaitable(response):
            response = async_to_sync(_awaited)(response)
        return self._finish_exception(exc, handler, response, context)

    async def ahandle_exception(self, exc: Exception) -> HttpResponseBase:
        """``handle_exception`` for async views: an ``async def`` handler is awaited on the loop."""
        if "ahandle_exception" in self._sync_overrides:
            return self.handle_exception(exc)
        handler = self._prepare_exception(exc)
        context = self.get_exception_handler_context()
        response = handler(exc, context)
        if not isinstance(response, HttpResponseBase) and inspect.isawaitable(response):
            response = await response
        return self._finish_exception(exc, handler, response, context)

    def _prepare_exception(self, exc: Exception) -> Callable[..., Any]:
        """Apply the 401→403 rule, then return the exception handler to call."""
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            auth_header = self.get_authenticate_header(self.request)
            if auth_header:
                exc.auth_header = auth_header
            else:
                exc.status_code = status.HTTP_403_FORBIDDEN
        return self.get_exception_handler()

    def _finish_exception(
        self,
        exc: Exception,
        handler: Callable[..., Any],
        response: Any,
        context: dict[str, Any] | None = None,
    ) -> HttpResponseBase:
        if response is None:
            self.raise_uncaught_exception(exc)
        if not isinstance(response, HttpResponseBase):
            # A broken custom handler: fail into Django's 500 path (logged there), never shown.
            raise TypeError(
                f"The exception handler {handler!r} returned {type(response).__name__}, "
                "not a response or None."
            ) from exc
        response.exception = True  # type: ignore[attr-defined]
        # A handled error is an answer, not a crash: the test client must not re-raise it.
        response._restframe_handled = True  # type: ignore[attr-defined]
        # Every status goes to the reporting policy (``EXCEPTION_REPORTER``); by default it
        # reports 5xx once and leaves 4xx to Django's own log line.
        if context is None:
            context = self.get_exception_handler_context()
        run_exception_reporter(exc, context, response)
        return response

    def raise_uncaught_exception(self, exc: Exception) -> None:
        """Let Django's handler report it once and answer with ``handler500``.

        (DEBUG pages need no help: Django already serves API clients a plain-text traceback.)
        """
        raise exc

    # --- dispatch ---

    def _begin(self, request: HttpRequest, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """What both dispatch paths set up before the checks: the API request and headers."""
        self.args = args
        self.kwargs = kwargs
        api_request = self.initialize_request(request, *args, **kwargs)
        self.request = api_request  # type: ignore[assignment]
        self.headers = self.default_response_headers
        return api_request

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        """Run the request through the checks and the handler; errors become responses."""
        if self.view_is_async:
            return self._adispatch(request, *args, **kwargs)
        if self._straight and "http_method_names" not in self.__dict__:
            return self._straight_dispatch(request, args, kwargs)
        api_request = self._begin(request, args, kwargs)
        try:
            self.initial(api_request, *args, **kwargs)
            response = self._get_handler(api_request.method)(api_request, *args, **kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        self.response = self.finalize_response(api_request, response, *args, **kwargs)
        return self.response

    async def _adispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if self._astraight and "http_method_names" not in self.__dict__:
            return await self._astraight_dispatch(request, args, kwargs)
        api_request = self._begin(request, args, kwargs)
        try:
            await self.ainitial(api_request, *args, **kwargs)
            response = self._get_handler(api_request.method)(api_request, *args, **kwargs)
            if inspect.isawaitable(response):
                response = await response
        except Exception as exc:
            response = await self.ahandle_exception(exc)
        self.response = self.finalize_response(api_request, response, *args, **kwargs)
        _render_json_on_the_loop(request, self.response)
        return self.response

    def _straight_dispatch(
        self, request: HttpRequest, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        """``dispatch`` for a class that overrides none of ``_INLINED_HOOKS``: the same steps in
        the same order, with what depends only on the policy classes and the settings taken
        from a ``_Plan`` rather than rebuilt per request (hooks it still calls are methods)."""
        plan = self._plan()
        api_request = self._straight_begin(request, args, kwargs, plan)
        try:
            self._straight_negotiate(api_request, plan, args, kwargs)
            api_request.user  # noqa: B018 (authenticate now, as perform_authentication does)
            if not plan.allow_any or AllowAny.has_permission is not _ALLOW_ANY:
                self.check_permissions(api_request)
            if plan.throttled:
                self.check_throttles(api_request)
            response = self._get_handler(request.method)(api_request, *args, **kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        self.response = self.finalize_response(api_request, response, *args, **kwargs)
        return self.response

    async def _astraight_dispatch(
        self, request: HttpRequest, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        """``_straight_dispatch`` for async views: the checks that may do I/O are awaited."""
        plan = self._plan()
        api_request = self._straight_begin(request, args, kwargs, plan)
        try:
            self._straight_negotiate(api_request, plan, args, kwargs)
            if api_request.authenticators:
                await api_request.auser()
            else:
                api_request.user  # noqa: B018 (nobody to ask: anonymous, without I/O)
            if not plan.allow_any or AllowAny.has_permission is not _ALLOW_ANY:
                await self.acheck_permissions(api_request)
            if plan.throttled:
                await self.acheck_throttles(api_request)
            response = self._get_handler(request.method)(api_request, *args, **kwargs)
            if not isinstance(response, HttpResponseBase) and inspect.isawaitable(response):
                response = await response
        except Exception as exc:
            response = await self.ahandle_exception(exc)
        self.response = self.finalize_response(api_request, response, *args, **kwargs)
        _render_json_on_the_loop(request, self.response)
        return self.response

    def _straight_begin(
        self, request: HttpRequest, args: tuple[Any, ...], kwargs: dict[str, Any], plan: _Plan
    ) -> Request:
        """``_begin`` with the plan's policy instances: the API request and the view's headers."""
        self.args = args
        self.kwargs = kwargs
        api_request = Request(
            request,
            parsers=plan.parsers(),
            authenticators=plan.authenticators(),
            negotiator=self.get_content_negotiator(),
            parser_context={"view": self, "args": args, "kwargs": kwargs},
        )
        self.request = api_request  # type: ignore[assignment]
        # A viewset route's own Allow header, else the class's (both cached on first use).
        allow = self.__dict__.get("_route_allow") or type(self)._allow_header
        if allow is None:
            self.headers = self.default_response_headers
        else:
            self.headers = {"Allow": allow, "Vary": "Accept"} if plan.vary else {"Allow": allow}
        return api_request

    def _straight_negotiate(
        self, api_request: Request, plan: _Plan, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        """``_negotiate_and_version``, answering the stock negotiator from the plan's cache (its
        choice depends on the ``Accept`` header alone when no format is asked for)."""
        suffix_kwarg = self.settings.FORMAT_SUFFIX_KWARG
        self.format_kwarg = kwargs.get(suffix_kwarg) if suffix_kwarg else None
        chosen = None
        if plan.accepts is not None and self.format_kwarg is None:
            chosen = _remembered_choice(
                api_request, api_request._request.META, plan.renderers, plan.accepts
            )
        if chosen is None:
            chosen = self.perform_content_negotiation(api_request)
        api_request.accepted_renderer, api_request.accepted_media_type = chosen
        if plan.versioning_class is not None:
            api_request.version, api_request.versioning_scheme = self.determine_version(
                api_request, *args, **kwargs
            )

    def _plan(self) -> _Plan:
        """The plan for this view's policy classes as they are now (built on first sight)."""
        key = (
            self.renderer_classes,
            self.parser_classes,
            self.authentication_classes,
            self.permission_classes,
            self.throttle_classes,
            self.content_negotiation_class,
            self.versioning_class,
        )
        plans = type(self)._plans
        for plan in plans:
            if plan.key == key:
                return plan
        plan = _Plan(key)
        if len(plans) >= 8:
            del plans[0]
        plans.append(plan)
        return plan

    def _get_handler(self, method: str | None) -> Callable[..., Any]:
        """The handler for the request's ``method`` (``http_method_not_allowed`` when none)."""
        method = method.lower() if method else ""
        if method in self.http_method_names:
            # (No bound ``http_method_not_allowed`` built as a default the common case drops.)
            handler: Any = getattr(self, method, _MISSING)
            if handler is not _MISSING:
                return handler
        return self.http_method_not_allowed

    def options(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """Describe the view (``SimpleMetadata``) — for sync and async views alike."""
        if self.metadata_class is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        data = self.metadata_class().determine_metadata(request, self)
        return Response(data, status=status.HTTP_200_OK)


# The hooks ``_straight_dispatch`` runs inline in their stock form. A class overriding any of
# them (or ``allowed_methods``) dispatches through the general path, every hook a method call.
_INLINED_HOOKS = (
    "initialize_request",
    "get_parsers",
    "get_authenticators",
    "get_content_negotiator",
    "get_parser_context",
    "default_response_headers",
    "initial",
    "_negotiate_and_version",
    "get_format_suffix",
    "perform_content_negotiation",
    "get_renderers",
    "determine_version",
    "perform_authentication",
    "check_permissions",
    "get_permissions",
    "check_throttles",
    "get_throttles",
    "_throttles_configured",
    "_get_handler",
    "_begin",
    "_straight_dispatch",
    "_straight_begin",
    "_straight_negotiate",
    "_plan",
)
_INLINED_ASYNC_HOOKS = ("ainitial", "aperform_authentication", "_astraight_dispatch")


def _stock_or_known_variant(cls: type[APIView], name: str) -> bool:
    """Whether ``cls`` runs APIView's own ``name``, or a variant the straight path honours
    (``_straight_variants``) sitting directly on top of it: an override between the two
    (``class V(ViewSetMixin, MyBase)`` where ``MyBase`` overrides it) must be called."""
    found = []
    for klass in cls.__mro__:
        if name in vars(klass):
            found.append(vars(klass)[name])
            if klass is APIView:
                break
    stock = vars(APIView)[name]
    return found == [stock] or found == [cls._straight_variants.get(name, _MISSING), stock]


_PROBLEM_RENDERER = JSONRenderer()
_STOCK_RENDER = Response.render
_JSON_RENDER = JSONRenderer.render
_DEFAULT_NEGOTIATOR = DefaultContentNegotiation()
_STOCK_SELECT_RENDERER = DefaultContentNegotiation.select_renderer
_STOCK_GET_THROTTLES = APIView.get_throttles
_ALLOW_ANY = AllowAny.has_permission
_MISSING = object()

# (classes as last seen, a copy to notice in-place edits, shared instances or None, Accept ->
# negotiated (renderer, media type) for renderers).
_PolicyEntry = tuple[Any, list[Any], "tuple[Any, ...] | None", dict[str, tuple[Any, str]]]

# Built-in policies that keep no state on the instance: one instance serves every request of a
# view class. Anything else (a project's own class, a subclass of these, throttles, which
# record history) is instantiated per request, as in DRF.
_STATELESS_POLICIES = frozenset(
    {
        "restframe.parsers.JSONParser",
        "restframe.parsers.FormParser",
        "restframe.parsers.MultiPartParser",
        "restframe.parsers.FileUploadParser",
        "restframe.renderers.JSONRenderer",
        "restframe.renderers.BrowsableAPIRenderer",
        "restframe.renderers.TemplateHTMLRenderer",
        "restframe.renderers.StaticHTMLRenderer",
        "restframe.renderers.MultiPartRenderer",
        "restframe.authentication.SessionAuthentication",
        "restframe.authentication.BasicAuthentication",
        "restframe.permissions.AllowAny",
        "restframe.permissions.IsAuthenticated",
        "restframe.permissions.IsAdminUser",
        "restframe.permissions.IsAuthenticatedOrReadOnly",
    }
)


class _Plan:
    """What the straight path needs that depends only on a view's policy classes.

    ``key`` holds the classes (renderers, parsers, authenticators, permissions, throttles,
    negotiation, versioning) copied, so a list edited in place no longer matches. Stateless
    built-in policies are instantiated once; other classes are instantiated per request, as in
    DRF.
    """

    __slots__ = (
        "_authentication_classes",
        "_authenticators",
        "_parser_classes",
        "_parsers",
        "accepts",
        "allow_any",
        "key",
        "renderers",
        "throttled",
        "vary",
        "versioning_class",
    )

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key: tuple[Any, ...] = tuple(
            list(item) if type(item) is list else item for item in key
        )
        (
            renderer_classes,
            self._parser_classes,
            self._authentication_classes,
            permission_classes,
            throttle_classes,
            negotiation_class,
            self.versioning_class,
        ) = self.key
        self._parsers = _shared_instances(self._parser_classes)
        self._authenticators = _shared_instances(self._authentication_classes)
        shared_renderers = _shared_instances(renderer_classes)
        self.renderers = shared_renderers or ()
        # Accept header -> (renderer, media type), for shared renderers and the stock negotiator.
        self.accepts: dict[str, tuple[Any, str]] | None = (
            {}
            if shared_renderers is not None and negotiation_class is DefaultContentNegotiation
            else None
        )
        self.allow_any = all(cls is AllowAny for cls in permission_classes)
        self.throttled = bool(throttle_classes)
        self.vary = len(renderer_classes) > 1

    def parsers(self) -> list[Any]:
        shared = self._parsers
        return list(shared) if shared is not None else [cls() for cls in self._parser_classes]

    def authenticators(self) -> list[Any]:
        shared = self._authenticators
        if shared is not None:
            return list(shared)
        return [cls() for cls in self._authentication_classes]


def _shared_instances(classes: Any) -> tuple[Any, ...] | None:
    """One instance of each class when every one is a stateless built-in, else ``None``."""
    if all(
        isinstance(cls, type) and f"{cls.__module__}.{cls.__qualname__}" in _STATELESS_POLICIES
        for cls in classes
    ):
        return tuple(cls() for cls in classes)
    return None


def _unchanged(entry: _PolicyEntry, classes: Any) -> bool:
    """Whether ``classes`` is the very sequence ``entry`` was built from, unedited."""
    return entry[0] is classes and (type(classes) is tuple or entry[1] == classes)


def _policies(view: APIView, kind: str, classes: Any) -> list[Any]:
    """``[cls() for cls in classes]``, sharing the instances when every class is stateless.

    Decided once per view class and list of classes: a new list (``override_settings``,
    ``as_view(**initkwargs)``) or one edited in place is noticed and decided again.
    """
    cache = view._policy_cache
    entry = cache.get(kind)
    if entry is None or not _unchanged(entry, classes):
        entry = (classes, list(classes), _shared_instances(classes), {})
        if len(cache) < 16:
            cache[kind] = entry
    if entry[2] is not None:
        return list(entry[2])
    return [cls() for cls in classes]


def _remembered_choice(
    request: Any, meta: dict[str, Any], renderers: Any, answers: dict[str, tuple[Any, str]]
) -> tuple[Any, str] | None:
    """The stock negotiator's choice among shared ``renderers`` when no format is asked for,
    remembered in ``answers`` per ``Accept`` value (it depends on nothing else); ``None`` when
    it must be negotiated in full (a possible ``?format=``, a patched negotiator, no match
    and no problem details accepted either).
    ``meta`` is the request's ``META`` (the straight path reads it off the Django request)."""
    if (
        DefaultContentNegotiation.select_renderer is not _STOCK_SELECT_RENDERER
        or not _without_format_override(meta.get("QUERY_STRING"))
    ):
        return None
    accept = meta.get("HTTP_ACCEPT", "*/*")
    chosen = answers.get(accept)
    if chosen is None:
        chosen = _DEFAULT_NEGOTIATOR._choose(request, renderers, None)[0]
        if chosen is None and renderers and _accepts_problem(request):
            # No renderer fits, but problem details do: the view answers with its first
            # renderer (see ``perform_content_negotiation``); that too depends on Accept alone.
            chosen = (renderers[0], renderers[0].media_type)
        if chosen is not None and len(accept) <= 256 and len(answers) < 64:
            answers[accept] = chosen
    return chosen


def _without_format_override(query: str | None) -> bool:
    """Whether a query string surely holds no ``?format=`` override (``URL_FORMAT_OVERRIDE``):
    none at all, or one that does not mention the parameter even percent-encoded (``?page=2``).
    Anything else goes through the full negotiation."""
    if not query:
        return True
    param = api_settings.URL_FORMAT_OVERRIDE
    return not param or (param not in query and "%" not in query)


def _accepts_problem(request: Any) -> bool:
    """Whether ``Accept`` names problem details itself, with a weight above 0.

    A wildcard such as ``application/*`` or ``*/*`` does not count: a client that only allows
    them gets DRF's 406 (e.g. ``?format=api`` with ``Accept: application/*``), and so does a
    header that cannot be parsed.
    """
    accept = request.META.get("HTTP_ACCEPT")
    if not accept or "problem+json" not in accept.lower():
        return False
    ranges = _parse_accept(accept)
    return ranges is not None and any(
        main == "application" and sub == "problem+json" and quality > 0
        for main, sub, _params, quality in ranges
    )


def _with_accept(vary: str | None) -> str:
    """``vary`` (a ``Vary`` value or ``None``) with ``Accept`` among its fields."""
    if vary is None or vary == "Accept":
        return "Accept"
    fields = [field.strip() for field in vary.split(",") if field.strip()]
    if any(field == "*" or field.lower() == "accept" for field in fields):
        return vary
    return ", ".join([*fields, "Accept"])


def _render_json_on_the_loop(request: HttpRequest, response: Any) -> None:
    """A JSON response to a request Django's async handler resolved is rendered on its event
    loop (see ``render_on_the_loop``). Anything else, or a request built by a test factory
    and handed to the view (its caller may render the response itself), is left as it is."""
    if (
        isinstance(response, Response)
        and type(response).render is _STOCK_RENDER
        and getattr(request, "resolver_match", None) is not None
        and hasattr(request, "scope")  # Django's ASGIRequest
        and getattr(type(getattr(response, "accepted_renderer", None)), "render", None)
        is _JSON_RENDER
    ):
        render_on_the_loop(response)


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


def _longest_wait(waits: list[float | None]) -> float | None:
    """The longest known wait among failed throttles (``None`` when none says)."""
    known = [wait for wait in waits if wait is not None]
    return max(known, default=None)


async def _ahas_permission(permission: Any, request: Any, view: APIView) -> bool:
    check = getattr(permission, "ahas_permission", None)
    if check is not None:
        return bool(await check(request, view))
    return bool(await sync_to_async(permission.has_permission)(request, view))
