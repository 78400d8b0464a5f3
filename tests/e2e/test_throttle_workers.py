"""Two gunicorn workers and one throttle limit.

A sync gunicorn worker serves one request at a time, so while worker A sleeps inside a view the
next connection can only be accepted by worker B. That makes "this request was answered by the
other worker" deterministic, and so the question this module asks: does worker B refuse because
worker A already spent the allowance? It must when the cache is a shared Redis, and (the control)
it cannot when each worker keeps its own in-memory cache.
"""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

pytestmark = pytest.mark.e2e

PAUSE = 1.0  # how long the first request keeps its worker busy
HEAD_START = 0.3  # enough for the first request to pass the throttle and reach the view


def get(url: str) -> httpx.Response:
    with httpx.Client(timeout=10) as http:
        return http.get(url)


def pid(response: httpx.Response) -> str:
    return response.headers["X-Worker-Pid"]


def while_busy(base: str, first: str, second: str) -> tuple[httpx.Response, httpx.Response]:
    """Request ``first`` (which pauses its worker), then ``second`` while that worker is busy."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        busy = pool.submit(get, base + first)
        time.sleep(HEAD_START)
        other = get(base + second)
        return busy.result(), other


def wait_for_both_workers(base: str) -> None:
    """gunicorn answers as soon as one worker is up; the second may still be importing Django."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        busy, other = while_busy(base, "/sync-cbv/ok/?pause=0.5", "/sync-cbv/ok/")
        if pid(busy) != pid(other):
            return
    pytest.fail("the second gunicorn worker never answered")


def two_worker_server(gunicorn_server, env: dict[str, str]):
    server = gunicorn_server(
        "tests.e2e.settings", workers=2, env={"RESTFRAME_E2E_THROTTLE_RATE": "1/min", **env}
    )
    wait_for_both_workers(server.url)
    return server


def test_workers_share_one_limit_through_redis(redis_server, gunicorn_server):
    server = two_worker_server(
        gunicorn_server,
        {"RESTFRAME_E2E_REDIS_URL": redis_server, "RESTFRAME_E2E_CACHE_PREFIX": uuid.uuid4().hex},
    )
    try:
        allowed, refused = while_busy(
            server.url, f"/sync-cbv/throttled/?pause={PAUSE}", "/sync-cbv/throttled/"
        )
    finally:
        server.stop()

    assert pid(allowed) != pid(refused)
    assert allowed.status_code == 200
    assert allowed.content == b'{"ok":true}'
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    assert refused.content == (
        b'{"detail":"Request was throttled. Expected available in 60 seconds."}'
    )


def test_without_a_shared_cache_each_worker_has_its_own_limit(gunicorn_server):
    server = two_worker_server(gunicorn_server, {})
    try:
        first, second = while_busy(
            server.url, f"/sync-cbv/throttled/?pause={PAUSE}", "/sync-cbv/throttled/"
        )
        again = get(server.url + "/sync-cbv/throttled/")
    finally:
        server.stop()

    assert pid(first) != pid(second)
    assert (first.status_code, second.status_code) == (200, 200)
    assert again.status_code == 429
