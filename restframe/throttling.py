"""Throttling: how often a client may call the API, decided after authentication and permissions.

A throttle's ``allow_request(request, view)`` says whether this request fits the rate; when it does
not, the view raises ``Throttled`` with the throttle's ``wait()`` (→ 429 and ``Retry-After``).
``SimpleRateThrottle`` keeps each client's recent request times in Django's cache under
``cache_format % {"scope": ..., "ident": ...}``; rates such as ``"100/hour"`` come from the class's
``rate`` or from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]``, read when the throttle is
built so ``override_settings`` reaches them.

Async views call ``aallow_request``; ``SimpleRateThrottle`` answers it with the cache's ``aget`` /
``aset`` (the default twin of a custom throttle runs ``allow_request`` in a thread).

When the cache cannot be reached (it raises, e.g. Redis is down) the request still gets a clean
answer. ``REST_FRAMEWORK["THROTTLE_CACHE_FAIL_OPEN"]`` decides which:

* ``True`` (default): the request is allowed and a WARNING is logged on ``restframe.throttling``;
* ``False``: ``ThrottleCacheUnavailable`` is raised — status 503, detail
  ``"Service temporarily unavailable, try again later."``, code ``"service_unavailable"``, and a
  ``Retry-After`` of ``cache_unavailable_wait`` seconds (30 by default).

A cache that hangs rather than fails (Redis stopped, a dropped network) costs each request the
client's socket timeout. So after a failure the throttle stops asking that cache for
``REST_FRAMEWORK["THROTTLE_CACHE_COOLDOWN"]`` seconds (default 5; 0 turns this off), answering
as above without waiting, then tries it again: an outage costs one slow request per worker
process per cool-down, not one per request. Give the cache a short socket timeout too (for
Django's ``RedisCache``: ``"OPTIONS": {"socket_timeout": 0.25, "socket_connect_timeout": 0.25}``),
or that one request waits for as long as the client library's default: forever for redis-py.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.core.cache import cache as default_cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from restframe import exceptions, status
from restframe.settings import api_settings

if TYPE_CHECKING:
    from django.core.cache.backends.base import BaseCache

    from restframe.request import Request

__all__ = [
    "AnonRateThrottle",
    "BaseThrottle",
    "ScopedRateThrottle",
    "SimpleRateThrottle",
    "ThrottleCacheUnavailable",
    "UserRateThrottle",
    "reset_cache_breakers",
]

logger = logging.getLogger("restframe.throttling")

View = Any

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# The circuit breaker: id(cache) -> (cache, time.monotonic() until which it is not asked). The
# cache is kept so its id cannot be reused by another object while the entry exists.
_cache_skipped_until: dict[int, tuple[Any, float]] = {}


def _cooldown() -> float:
    """``THROTTLE_CACHE_COOLDOWN`` (read only when a cache has just failed)."""
    return float(api_settings.THROTTLE_CACHE_COOLDOWN or 0)


def reset_cache_breakers() -> None:
    """Forget every failed cache (tests; or after fixing the cache in a running process)."""
    _cache_skipped_until.clear()


class ThrottleCacheUnavailable(exceptions.APIException):
    """The throttle's cache could not be reached and the project chose to fail closed.

    503 with ``Retry-After`` (``wait`` seconds), so well-behaved clients back off.
    """

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("Service temporarily unavailable, try again later.")
    default_code = "service_unavailable"

    def __init__(
        self, detail: Any = None, code: str | None = None, wait: int | None = None
    ) -> None:
        super().__init__(detail, code)
        self.wait = wait


class BaseThrottle:
    """Base class of throttles: override ``allow_request`` (and ``wait`` to suggest a delay)."""

    def allow_request(self, request: Request, view: View) -> bool:
        """Whether this request may proceed."""
        raise NotImplementedError(".allow_request() must be overridden")

    async def aallow_request(self, request: Request, view: View) -> bool:
        """Async twin of ``allow_request``; by default runs it in a thread (it may do I/O)."""
        return bool(await sync_to_async(self.allow_request)(request, view))

    def get_ident(self, request: Request) -> str | None:
        """The client's identity for rate keys: its address.

        With ``NUM_PROXIES`` set, the address that many hops back in ``X-Forwarded-For`` (or
        ``REMOTE_ADDR`` when it is 0 or the header is absent); unset, the whole
        ``X-Forwarded-For`` without whitespace if present, else ``REMOTE_ADDR``.
        """
        xff = request.META.get("HTTP_X_FORWARDED_FOR")
        remote_addr = request.META.get("REMOTE_ADDR")
        num_proxies = api_settings.NUM_PROXIES
        if num_proxies is not None:
            if num_proxies == 0 or xff is None:
                return remote_addr
            addrs = xff.split(",")
            return addrs[-min(num_proxies, len(addrs))].strip()
        if xff:
            return "".join(xff.split())
        return remote_addr

    def wait(self) -> float | None:
        """Suggested seconds before the next request, or ``None`` for no suggestion."""
        return None


class _LiveThrottleRates:
    """``THROTTLE_RATES`` default: the current ``DEFAULT_THROTTLE_RATES`` on every read.

    A non-data descriptor, so a subclass attribute or an instance assignment still overrides it.
    """

    def __get__(self, instance: object, owner: type | None = None) -> dict[str, str | None]:
        return api_settings.DEFAULT_THROTTLE_RATES


class SimpleRateThrottle(BaseThrottle):
    """Rate limiting with a request history per client in Django's cache.

    Subclasses implement ``get_cache_key`` (``None`` exempts the request) and set ``scope`` or
    ``rate`` (``"<number>/<s|sec|m|min|h|hour|d|day>"``).
    """

    cache: BaseCache = default_cache
    timer: Callable[[], float] = time.time
    cache_format = "throttle_%(scope)s_%(ident)s"
    scope: str | None = None
    THROTTLE_RATES: Any = _LiveThrottleRates()
    #: ``Retry-After`` seconds when the cache is down and ``THROTTLE_CACHE_FAIL_OPEN`` is False.
    cache_unavailable_wait = 30

    rate: str | None
    num_requests: int | None
    duration: int | None
    key: str | None
    history: list[float]
    now: float

    def __init__(self) -> None:
        if not getattr(self, "rate", None):
            self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request: Request, view: View) -> str | None:
        """The cache key of this client's history, or ``None`` to not throttle the request."""
        raise NotImplementedError(".get_cache_key() must be overridden")

    def get_rate(self) -> str | None:
        """The rate for ``scope`` from ``THROTTLE_RATES`` (``DEFAULT_THROTTLE_RATES``)."""
        if not getattr(self, "scope", None):
            raise ImproperlyConfigured(
                f"You must set either `.scope` or `.rate` for '{self.__class__.__name__}' throttle"
            )
        try:
            return self.THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No default throttle rate set for '{self.scope}' scope")

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        """``"100/hour"`` → ``(100, 3600)``; ``None`` (no limit) → ``(None, None)``."""
        if rate is None:
            return (None, None)
        num, period = rate.split("/")
        return (int(num), _PERIODS[period[0]])

    # --- the check, shared by the sync and async paths -------------------------------------

    def _start(self, request: Request, view: View) -> bool:
        """Compute the key; ``False`` when the request is exempt (no rate, no key)."""
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request, view)
        return self.key is not None

    def _decide(self, history: list[float]) -> bool:
        """Drop expired entries from ``history`` and say whether the request is over the rate."""
        self.history = history
        self.now = now = self.timer()
        horizon = now - self.duration  # type: ignore[operator]
        while history and history[-1] <= horizon:
            history.pop()
        return len(history) >= self.num_requests  # type: ignore[operator]

    def _cache_down(self, exc: Exception) -> bool:
        """The answer when the cache raised: allow and warn, or refuse with 503. The cache is
        then skipped for the cool-down (``_cache_skipped``)."""
        cooldown = _cooldown()
        if cooldown > 0:
            cache = self.cache
            _cache_skipped_until[id(cache)] = (cache, time.monotonic() + cooldown)
        if api_settings.THROTTLE_CACHE_FAIL_OPEN:
            logger.warning(
                "Throttle cache unavailable for %s (%s: %s); request allowed, cache skipped "
                "for %ss.",
                self.__class__.__name__,
                exc.__class__.__name__,
                exc,
                cooldown,
            )
            return True
        raise ThrottleCacheUnavailable(wait=self.cache_unavailable_wait) from exc

    def _cache_skipped(self) -> bool:
        """Whether the cache failed less than a cool-down ago (then it is not asked)."""
        entry = _cache_skipped_until.get(id(self.cache))
        if entry is None:
            return False
        if time.monotonic() < entry[1]:
            return True
        _cache_skipped_until.pop(id(self.cache), None)  # half-open: the next call tries it
        return False

    def _while_skipped(self) -> bool:
        """The answer while the cache is skipped: as if it had failed, without waiting (and
        without a warning per request)."""
        if api_settings.THROTTLE_CACHE_FAIL_OPEN:
            return True
        raise ThrottleCacheUnavailable(wait=self.cache_unavailable_wait)

    def allow_request(self, request: Request, view: View) -> bool:
        """Record the request and allow it, or refuse it when the history is full.

        Calls ``throttle_success`` or ``throttle_failure`` for the answer.
        """
        if not self._start(request, view):
            return True
        if _cache_skipped_until and self._cache_skipped():
            return self._while_skipped()
        try:
            history = self.cache.get(self.key, [])
        except Exception as exc:
            return self._cache_down(exc)
        if self._decide(history):
            return self.throttle_failure()
        return self.throttle_success()

    async def aallow_request(self, request: Request, view: View) -> bool:
        """Async twin of ``allow_request`` using the cache's ``aget``/``aset``.

        A subclass that customised ``allow_request``, ``throttle_success`` or
        ``throttle_failure`` keeps its sync logic, run in a thread.
        """
        if self._custom_sync(SimpleRateThrottle.allow_request):
            return bool(await sync_to_async(self.allow_request)(request, view))
        return await self._aallow(request, view)

    def _custom_sync(self, own_allow_request: Callable[..., bool]) -> bool:
        """Whether a subclass customised the sync steps the async path would otherwise skip."""
        cls = type(self)
        return (
            cls.allow_request is not own_allow_request
            or cls.throttle_success is not SimpleRateThrottle.throttle_success
            or cls.throttle_failure is not SimpleRateThrottle.throttle_failure
        )

    async def _aallow(self, request: Request, view: View) -> bool:
        if not self._start(request, view):
            return True
        key: str = self.key  # type: ignore[assignment]
        if _cache_skipped_until and self._cache_skipped():
            return self._while_skipped()
        try:
            history = await self.cache.aget(key, [])
        except Exception as exc:
            return self._cache_down(exc)
        if self._decide(history):
            return self.throttle_failure()
        history.insert(0, self.now)
        try:
            await self.cache.aset(key, history, self.duration)
        except Exception as exc:
            return self._cache_down(exc)
        return True

    def throttle_success(self) -> bool:
        """Store this request's time at the head of the history; allow."""
        self.history.insert(0, self.now)
        try:
            self.cache.set(self.key, self.history, self.duration)
        except Exception as exc:
            return self._cache_down(exc)
        return True

    def throttle_failure(self) -> bool:
        """Refuse (a hook for subclasses that want to record refusals)."""
        return False

    def wait(self) -> float | None:
        """Seconds until a request would fit, spread over the remaining allowance.

        ``None`` when the history is over the limit by more than one slot.
        """
        if self.history:
            remaining = self.duration - (self.now - self.history[-1])  # type: ignore[operator]
        else:
            remaining = self.duration  # type: ignore[assignment]
        available = self.num_requests - len(self.history) + 1  # type: ignore[operator]
        if available <= 0:
            return None
        return remaining / float(available)


def _user_or_ip(throttle: BaseThrottle, request: Request) -> Any:
    user = request.user
    if user and user.is_authenticated:
        return user.pk
    return throttle.get_ident(request)


class AnonRateThrottle(SimpleRateThrottle):
    """Anonymous clients only, keyed by address (rate ``DEFAULT_THROTTLE_RATES["anon"]``)."""

    scope = "anon"

    def get_cache_key(self, request: Request, view: View) -> str | None:
        user = request.user
        if user and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserRateThrottle(SimpleRateThrottle):
    """Per user (by pk), anonymous clients by address (rate ``DEFAULT_THROTTLE_RATES["user"]``)."""

    scope = "user"

    def get_cache_key(self, request: Request, view: View) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": _user_or_ip(self, request)}


class ScopedRateThrottle(SimpleRateThrottle):
    """Per view scope: views set ``throttle_scope`` and each scope has its own rate.

    Views without a scope are not throttled. The rate is known only once the view is, so it is
    looked up at check time, not in ``__init__``.
    """

    scope_attr = "throttle_scope"

    def __init__(self) -> None:
        pass

    def _prepare(self, view: View) -> bool:
        """Take the view's scope and its rate; ``False`` when the view has no scope."""
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return False
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return True

    def allow_request(self, request: Request, view: View) -> bool:
        if not self._prepare(view):
            return True
        return super().allow_request(request, view)

    async def aallow_request(self, request: Request, view: View) -> bool:
        if self._custom_sync(ScopedRateThrottle.allow_request):
            return bool(await sync_to_async(self.allow_request)(request, view))
        if not self._prepare(view):
            return True
        return await self._aallow(request, view)

    def get_cache_key(self, request: Request, view: View) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": _user_or_ip(self, request)}
