"""Throttles: rates, request history, ``wait()``, cache keys, real Redis and a cache that is down.

The throttle classes only read ``request.user``, ``request.headers`` and ``request.META``, so the
unit tests hand them Django requests; the HTTP-level tests (429 bodies and ``Retry-After``) go
through ``APIView`` (``tests/urls_policy.py``) at the end of this module.
"""

from __future__ import annotations

import base64
import logging
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from restframe import throttling
from restframe.exceptions import APIException
from restframe.throttling import (
    AnonRateThrottle,
    BaseThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    ThrottleCacheUnavailable,
    UserRateThrottle,
)

factory = RequestFactory()


class Clock:
    """A settable ``timer`` so histories are deterministic."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeUser:
    def __init__(self, pk: int, authenticated: bool = True) -> None:
        self.pk = pk
        self.is_authenticated = authenticated


def make_request(user: Any = None, **meta: str) -> Any:
    request = factory.get("/", **meta)
    request.user = user if user is not None else AnonymousUser()
    return request


class View:
    throttle_scope: str | None = None


def throttle_class(rate: str, clock: Clock, base: type[SimpleRateThrottle] = AnonRateThrottle):
    return type("T", (base,), {"rate": rate, "timer": clock})


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    throttling.reset_cache_breakers()
    yield
    cache.clear()
    throttling.reset_cache_breakers()


# --- rates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("1/s", (1, 1)),
        ("2/sec", (2, 1)),
        ("3/m", (3, 60)),
        ("4/min", (4, 60)),
        ("5/h", (5, 3600)),
        ("6/hour", (6, 3600)),
        ("7/d", (7, 86400)),
        ("8/day", (8, 86400)),
        ("100/minute", (100, 60)),
        (None, (None, None)),
    ],
)
def test_parse_rate(rate: str | None, expected: tuple[int | None, int | None]) -> None:
    throttle = throttle_class("1/s", Clock())()
    assert throttle.parse_rate(rate) == expected


def test_missing_scope_and_rate_message() -> None:
    class NoScope(SimpleRateThrottle):
        pass

    with pytest.raises(ImproperlyConfigured) as info:
        NoScope()
    assert str(info.value) == "You must set either `.scope` or `.rate` for 'NoScope' throttle"


def test_unknown_scope_message() -> None:
    class Unknown(SimpleRateThrottle):
        scope = "burst"

    with pytest.raises(ImproperlyConfigured) as info:
        Unknown()
    assert str(info.value) == "No default throttle rate set for 'burst' scope"


def test_rates_are_read_when_the_throttle_is_built() -> None:
    """``override_settings`` must reach the rates: they are not frozen at import time."""
    with override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"anon": "3/min"}}):
        throttle = AnonRateThrottle()
        assert (throttle.rate, throttle.num_requests, throttle.duration) == ("3/min", 3, 60)
    with override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"anon": "9/hour"}}):
        assert AnonRateThrottle().rate == "9/hour"
    assert AnonRateThrottle().rate is None


def test_class_and_instance_rates_override_the_setting() -> None:
    class Burst(SimpleRateThrottle):
        scope = "burst"
        THROTTLE_RATES = {"burst": "2/s"}

    assert Burst().rate == "2/s"
    throttle = UserRateThrottle.__new__(UserRateThrottle)
    throttle.THROTTLE_RATES = {"user": "5/day"}
    throttle.__init__()  # type: ignore[misc]
    assert (throttle.num_requests, throttle.duration) == (5, 86400)


def test_no_rate_allows_everything() -> None:
    throttle = AnonRateThrottle()
    assert throttle.rate is None
    request = make_request()
    assert all(throttle.allow_request(request, View()) for _ in range(50))


# --- history and wait ---------------------------------------------------------------------


def test_history_fills_refuses_and_expires() -> None:
    clock = Clock(1000.0)
    cls = throttle_class("3/min", clock)
    request = make_request(REMOTE_ADDR="10.0.0.1")
    answers = []
    for at in (1000.0, 1001.0, 1002.0, 1003.0):
        clock.now = at
        answers.append(cls().allow_request(request, View()))
    assert answers == [True, True, True, False]
    throttle = cls()
    clock.now = 1003.0
    assert throttle.allow_request(request, View()) is False
    assert throttle.history == [1002.0, 1001.0, 1000.0]
    # 60 s window, oldest entry at 1000 → free again at 1060; one slot needed.
    assert throttle.wait() == 57.0
    assert cache.get("throttle_anon_10.0.0.1") == [1002.0, 1001.0, 1000.0]
    clock.now = 1060.0  # the entry at 1000 is exactly one window old: it expires
    throttle = cls()
    assert throttle.allow_request(request, View()) is True
    assert cache.get("throttle_anon_10.0.0.1") == [1060.0, 1002.0, 1001.0]


def test_wait_with_empty_history_and_with_spare_capacity() -> None:
    clock = Clock(500.0)
    throttle = throttle_class("4/min", clock)()
    throttle.history, throttle.now = [], 500.0
    assert throttle.wait() == 60 / 5
    throttle.history = [490.0]
    assert throttle.wait() == (60 - (500.0 - 490.0)) / 4
    throttle.history = [499.0, 498.0, 497.0, 496.0, 495.0]
    assert throttle.wait() is None  # more than one over the limit: no suggestion


def test_clients_are_throttled_separately() -> None:
    cls = throttle_class("1/min", Clock())
    a = make_request(REMOTE_ADDR="10.0.0.1")
    b = make_request(REMOTE_ADDR="10.0.0.2")
    assert cls().allow_request(a, View()) is True
    assert cls().allow_request(a, View()) is False
    assert cls().allow_request(b, View()) is True


@settings(max_examples=150, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=5),
    gaps=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=25),
)
def test_sliding_window_matches_a_reference_model(limit: int, gaps: list[int]) -> None:
    """Allowed iff fewer than ``limit`` allowed requests lie in the last 60 s (exclusive)."""
    cache.clear()
    clock = Clock(0.0)
    cls = throttle_class(f"{limit}/min", clock)
    request = make_request(REMOTE_ADDR="10.9.9.9")
    allowed_at: list[float] = []
    now = 0.0
    for gap in gaps:
        now += gap
        clock.now = now
        throttle = cls()
        expected = sum(1 for t in allowed_at if t > now - 60) < limit
        got = throttle.allow_request(request, View())
        assert got is expected
        if got:
            allowed_at.append(now)
        else:
            recent = sorted(t for t in allowed_at if t > now - 60)
            assert throttle.wait() == pytest.approx(60 - (now - recent[0]))


# --- cache keys and client identity -------------------------------------------------------


def test_anon_throttle_ignores_authenticated_users() -> None:
    throttle = throttle_class("1/min", Clock())()
    assert throttle.get_cache_key(make_request(FakeUser(7)), View()) is None
    request = make_request(REMOTE_ADDR="10.1.2.3")
    assert throttle.get_cache_key(request, View()) == "throttle_anon_10.1.2.3"


def test_user_throttle_keys_by_pk_or_address() -> None:
    throttle = throttle_class("1/min", Clock(), UserRateThrottle)()
    assert throttle.get_cache_key(make_request(FakeUser(42)), View()) == "throttle_user_42"
    anon = make_request(REMOTE_ADDR="10.1.2.3")
    assert throttle.get_cache_key(anon, View()) == "throttle_user_10.1.2.3"


def test_custom_cache_format() -> None:
    cls = type("T", (UserRateThrottle,), {"rate": "1/s", "cache_format": "rl:%(scope)s:%(ident)s"})
    assert cls().get_cache_key(make_request(FakeUser(3)), View()) == "rl:user:3"


@pytest.mark.parametrize(
    ("num_proxies", "xff", "expected"),
    [
        (None, None, "10.0.0.9"),
        (None, "1.1.1.1, 2.2.2.2", "1.1.1.1,2.2.2.2"),
        (0, "1.1.1.1, 2.2.2.2", "10.0.0.9"),
        (1, "1.1.1.1, 2.2.2.2", "2.2.2.2"),
        (2, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (5, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (1, None, "10.0.0.9"),
    ],
)
def test_get_ident(num_proxies: int | None, xff: str | None, expected: str) -> None:
    meta = {"REMOTE_ADDR": "10.0.0.9"}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    with override_settings(REST_FRAMEWORK={"NUM_PROXIES": num_proxies}):
        assert BaseThrottle().get_ident(make_request(**meta)) == expected


def test_base_throttle_contract() -> None:
    with pytest.raises(NotImplementedError, match=r"\.allow_request\(\) must be overridden"):
        BaseThrottle().allow_request(make_request(), View())
    assert BaseThrottle().wait() is None


# --- scoped throttle ----------------------------------------------------------------------


@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"uploads": "2/min"}})
def test_scoped_throttle() -> None:
    class Uploads(View):
        throttle_scope = "uploads"

    request = make_request(REMOTE_ADDR="10.0.0.5")
    assert [ScopedRateThrottle().allow_request(request, Uploads()) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert cache.get("throttle_uploads_10.0.0.5") is not None
    # A view without a scope is never throttled.
    assert all(ScopedRateThrottle().allow_request(request, View()) for _ in range(5))


@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {}})
def test_scoped_throttle_unknown_scope() -> None:
    class Odd(View):
        throttle_scope = "odd"

    with pytest.raises(
        ImproperlyConfigured, match="^No default throttle rate set for 'odd' scope$"
    ):
        ScopedRateThrottle().allow_request(make_request(), Odd())


# --- async twin ---------------------------------------------------------------------------


@pytest.fixture
def no_thread_hop(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("unexpected sync_to_async")

    monkeypatch.setattr(throttling, "sync_to_async", refuse)


async def test_async_history_matches_sync(no_thread_hop: None) -> None:
    clock = Clock(1000.0)
    cls = throttle_class("2/min", clock)
    request = make_request(REMOTE_ADDR="10.0.0.7")
    answers = []
    for at in (1000.0, 1010.0, 1020.0):
        clock.now = at
        answers.append(await cls().aallow_request(request, View()))
    assert answers == [True, True, False]
    assert await cache.aget("throttle_anon_10.0.0.7") == [1010.0, 1000.0]
    throttle = cls()
    assert await throttle.aallow_request(request, View()) is False
    assert throttle.wait() == 60 - 20


@override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"uploads": "1/min"}})
async def test_async_scoped(no_thread_hop: None) -> None:
    class Uploads(View):
        throttle_scope = "uploads"

    request = make_request(REMOTE_ADDR="10.0.0.8")
    assert await ScopedRateThrottle().aallow_request(request, Uploads()) is True
    assert await ScopedRateThrottle().aallow_request(request, Uploads()) is False
    assert await ScopedRateThrottle().aallow_request(request, View()) is True


async def test_async_honours_a_custom_sync_allow_request() -> None:
    class Custom(AnonRateThrottle):
        rate = "1/min"

        def allow_request(self, request: Any, view: Any) -> bool:
            return request.META.get("HTTP_X_PASS") == "yes"

    assert await Custom().aallow_request(make_request(HTTP_X_PASS="yes"), View()) is True
    assert await Custom().aallow_request(make_request(), View()) is False


async def test_base_throttle_async_default_runs_the_sync_check() -> None:
    class Odd(BaseThrottle):
        def allow_request(self, request: Any, view: Any) -> bool:
            return request.META["REMOTE_ADDR"].endswith("1")

    assert await Odd().aallow_request(make_request(REMOTE_ADDR="10.0.0.1"), View()) is True
    assert await Odd().aallow_request(make_request(REMOTE_ADDR="10.0.0.2"), View()) is False


# --- real Redis -----------------------------------------------------------------------------


def test_redis_sync(redis_cache: str) -> None:
    clock = Clock(2000.0)
    cls = throttle_class("2/min", clock, UserRateThrottle)
    request = make_request(FakeUser(11))
    assert [cls().allow_request(request, View()) for _ in range(3)] == [True, True, False]
    assert cache.get("throttle_user_11") == [2000.0, 2000.0]
    # Really in Redis (Django's key prefix ":1:"), expiring with the window.
    client = redis.Redis.from_url(redis_cache)
    try:
        assert 0 < client.ttl(":1:throttle_user_11") <= 60
    finally:
        client.close()
    clock.now = 2060.0
    assert cls().allow_request(request, View()) is True


async def test_redis_async(redis_cache: str) -> None:
    clock = Clock(3000.0)
    cls = throttle_class("2/min", clock, UserRateThrottle)
    request = make_request(FakeUser(12))
    answers = [await cls().aallow_request(request, View()) for _ in range(3)]
    assert answers == [True, True, False]
    assert await cache.aget("throttle_user_12") == [3000.0, 3000.0]
    throttle = cls()
    assert await throttle.aallow_request(request, View()) is False
    assert throttle.wait() == 60.0


# --- cache down -----------------------------------------------------------------------------


@pytest.fixture
def dead_cache() -> Iterator[None]:
    """Point the default cache at a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = "django.core.cache.backends.redis.RedisCache"
    with override_settings(
        CACHES={"default": {"BACKEND": backend, "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    ):
        yield


def _limited() -> SimpleRateThrottle:
    return throttle_class("1/min", Clock())()


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_cache_down_fails_open_with_a_warning(
    dead_cache: None, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    request = make_request(REMOTE_ADDR="10.0.0.3")
    with caplog.at_level(logging.WARNING, logger="restframe.throttling"):
        for _ in range(3):  # over the 1/min limit, but nothing can be counted
            throttle = _limited()
            if mode == "sync":
                assert throttle.allow_request(request, View()) is True
            else:
                assert await throttle.aallow_request(request, View()) is True
    records = [r for r in caplog.records if r.name == "restframe.throttling"]
    # One warning: after the failure the cache is skipped for the cool-down (5 s by default).
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert "Throttle cache unavailable" in records[0].getMessage()
    assert "ConnectionError" in records[0].getMessage()
    assert "cache skipped for 5.0s" in records[0].getMessage()


@pytest.mark.parametrize("mode", ["sync", "async"])
@override_settings(REST_FRAMEWORK={"THROTTLE_CACHE_FAIL_OPEN": False})
async def test_cache_down_fails_closed_with_503(dead_cache: None, mode: str) -> None:
    request = make_request(REMOTE_ADDR="10.0.0.3")
    throttle = _limited()
    with pytest.raises(ThrottleCacheUnavailable) as info:
        if mode == "sync":
            throttle.allow_request(request, View())
        else:
            await throttle.aallow_request(request, View())
    exc = info.value
    assert isinstance(exc, APIException)
    assert exc.status_code == 503
    assert exc.detail == "Service temporarily unavailable, try again later."
    assert exc.get_codes() == "service_unavailable"
    assert exc.wait == 30


class FlakyCache:
    """Reads work, writes fail: the history cannot be recorded."""

    def get(self, key: str, default: Any = None) -> Any:
        return default

    async def aget(self, key: str, default: Any = None) -> Any:
        return default

    def set(self, *args: Any) -> None:
        raise OSError("read-only replica")

    async def aset(self, *args: Any) -> None:
        raise OSError("read-only replica")


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_failed_write_is_a_cache_failure_too(mode: str) -> None:
    cls = type("T", (AnonRateThrottle,), {"rate": "5/min", "cache": FlakyCache()})
    request = make_request()

    async def ask() -> bool:
        throttle = cls()
        if mode == "sync":
            return throttle.allow_request(request, View())
        return await throttle.aallow_request(request, View())

    assert await ask() is True
    with override_settings(REST_FRAMEWORK={"THROTTLE_CACHE_FAIL_OPEN": False}):
        with pytest.raises(ThrottleCacheUnavailable):
            await ask()


class CountingDeadCache:
    """Every call fails, slowly in real life (a hung Redis); counts how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    def get(self, key: str, default: Any = None) -> Any:
        self.calls += 1
        raise TimeoutError("Timeout reading from socket")

    async def aget(self, key: str, default: Any = None) -> Any:
        return self.get(key, default)


class Monotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def _ask(cls: type, mode: str) -> bool:
    throttle = cls()
    request = make_request(REMOTE_ADDR="10.0.0.9")
    if mode == "sync":
        return throttle.allow_request(request, View())
    return await throttle.aallow_request(request, View())


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_circuit_breaker_skips_a_failed_cache_for_the_cooldown(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Monotonic()
    monkeypatch.setattr(throttling.time, "monotonic", clock)
    dead = CountingDeadCache()
    cls = type("T", (AnonRateThrottle,), {"rate": "1/min", "cache": dead})

    assert [await _ask(cls, mode) for _ in range(20)] == [True] * 20
    assert dead.calls == 1  # one slow request, not twenty
    clock.now += 4.9
    assert await _ask(cls, mode) is True
    assert dead.calls == 1
    clock.now += 0.2  # the default cool-down (5 s) is over: the cache is tried again
    assert await _ask(cls, mode) is True
    assert dead.calls == 2
    assert await _ask(cls, mode) is True
    assert dead.calls == 2


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_circuit_breaker_fails_closed_without_asking(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttling.time, "monotonic", Monotonic())
    dead = CountingDeadCache()
    cls = type("T", (AnonRateThrottle,), {"rate": "1/min", "cache": dead})
    with override_settings(
        REST_FRAMEWORK={"THROTTLE_CACHE_FAIL_OPEN": False, "THROTTLE_CACHE_COOLDOWN": 30}
    ):
        for _ in range(3):
            with pytest.raises(ThrottleCacheUnavailable) as info:
                await _ask(cls, mode)
            assert info.value.wait == 30
    assert dead.calls == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_cooldown_zero_asks_the_cache_every_time(mode: str) -> None:
    dead = CountingDeadCache()
    cls = type("T", (AnonRateThrottle,), {"rate": "1/min", "cache": dead})
    with override_settings(REST_FRAMEWORK={"THROTTLE_CACHE_COOLDOWN": 0}):
        for _ in range(3):
            assert await _ask(cls, mode) is True
    assert dead.calls == 3


async def test_circuit_breaker_is_per_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttling.time, "monotonic", Monotonic())
    dead = CountingDeadCache()
    broken = type("B", (AnonRateThrottle,), {"rate": "1/min", "cache": dead})
    healthy = type("H", (AnonRateThrottle,), {"rate": "1/min"})
    assert await _ask(broken, "sync") is True
    assert await _ask(healthy, "sync") is True
    assert await _ask(healthy, "sync") is False  # the working cache still counts


# --- over HTTP: sync and async views ----------------------------------------------------------

FLAVOURS = ["sync", "async"]
http = pytest.mark.urls("tests.urls_policy")
THROTTLED_60 = b'{"detail":"Request was throttled. Expected available in 60 seconds."}'


@pytest.fixture
def send() -> Any:
    """``tests.urls_policy.send``, imported only by the HTTP tests (it loads the views)."""
    from tests.urls_policy import send

    return send


async def three_anonymous_gets(send: Any, flavour: str) -> list[Any]:
    return [await send(flavour, "get", "anon-throttle/") for _ in range(3)]


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_429_with_retry_after(send: Any, flavour: str) -> None:
    first, second, third = await three_anonymous_gets(send, flavour)
    assert [first.status_code, second.status_code] == [200, 200]
    assert "Retry-After" not in first
    assert third.status_code == 429
    assert third.content == THROTTLED_60
    assert third["Retry-After"] == "60"
    assert third["Content-Type"] == "application/json"


@http
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_user_throttle(send: Any, flavour: str, django_user_model: Any) -> None:
    await django_user_model.objects.acreate_user("uma", password="pw")
    auth = "Basic " + base64.b64encode(b"uma:pw").decode()
    first = await send(flavour, "get", "user-throttle/", HTTP_AUTHORIZATION=auth)
    assert (first.status_code, first.content) == (200, b'{"user":"uma"}')
    second = await send(flavour, "get", "user-throttle/", HTTP_AUTHORIZATION=auth)
    assert second.status_code == 429
    assert second.content == (
        b'{"detail":"Request was throttled. Expected available in 3600 seconds."}'
    )
    assert second["Retry-After"] == "3600"


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize(
    ("rate", "body", "retry_after"),
    [
        ("1/min", THROTTLED_60, "60"),
        ("1/s", b'{"detail":"Request was throttled. Expected available in 1 second."}', "1"),
    ],
)
async def test_http_scoped(
    send: Any, flavour: str, rate: str, body: bytes, retry_after: str
) -> None:
    with override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": {"uploads": rate}}):
        assert (await send(flavour, "get", "scoped/")).status_code == 200
        response = await send(flavour, "get", "scoped/")
    assert (response.status_code, response.content) == (429, body)
    assert response["Retry-After"] == retry_after


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_throttling_on_redis(send: Any, redis_cache: str, flavour: str) -> None:
    responses = await three_anonymous_gets(send, flavour)
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[2].content == THROTTLED_60
    assert responses[2]["Retry-After"] == "60"


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
async def test_http_cache_down_fail_open(
    send: Any, dead_cache: None, flavour: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="restframe.throttling"):
        responses = await three_anonymous_gets(send, flavour)
    assert [(r.status_code, r.content) for r in responses] == [(200, b'{"user":null}')] * 3
    # Warned once: the failed cache is skipped for the cool-down.
    assert sum(r.name == "restframe.throttling" for r in caplog.records) == 1


@http
@pytest.mark.parametrize("flavour", FLAVOURS)
@override_settings(REST_FRAMEWORK={"THROTTLE_CACHE_FAIL_OPEN": False})
async def test_http_cache_down_fail_closed(send: Any, dead_cache: None, flavour: str) -> None:
    response = await send(flavour, "get", "anon-throttle/")
    assert response.status_code == 503
    assert response.content == b'{"detail":"Service temporarily unavailable, try again later."}'
    assert response["Retry-After"] == "30"
    assert b"refused" not in response.content.lower()
