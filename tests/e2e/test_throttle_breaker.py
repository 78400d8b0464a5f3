"""A hung Redis (SIGSTOP) behind the throttle, through real gunicorn and uvicorn.

With the documented socket timeout in ``CACHES`` the first request after the hang waits for it
once; the circuit breaker then skips the cache for ``THROTTLE_CACHE_COOLDOWN`` seconds, so the
requests after it are answered at once (fail open: allowed, one warning). When Redis is back and
the cool-down is over, the throttle counts again.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

import httpx
import pytest

from tests.plugins.servers import free_port

pytestmark = pytest.mark.e2e

TIMEOUT = 0.3
COOLDOWN = 2.0


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own: it is stopped with SIGSTOP, which would hang every
    other test sharing the session's server."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed; CI must provide it")
        pytest.skip("redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not _answers_ping(port):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.05)
    yield proc, f"redis://127.0.0.1:{port}/0"
    proc.send_signal(signal.SIGCONT)
    proc.terminate()
    proc.wait(10)


@pytest.mark.parametrize(("kind", "flavour"), [("gunicorn", "sync-cbv"), ("uvicorn", "async-cbv")])
def test_hung_redis_costs_one_slow_request_per_cooldown(
    kind, flavour, private_redis, gunicorn_server, uvicorn_server
):
    redis_proc, url = private_redis
    env = {
        "RESTFRAME_E2E_REDIS_URL": url,
        "RESTFRAME_E2E_CACHE_PREFIX": uuid.uuid4().hex,
        "RESTFRAME_E2E_REDIS_TIMEOUT": str(TIMEOUT),
        "RESTFRAME_E2E_THROTTLE_RATE": "3/min",
        "RESTFRAME_E2E_THROTTLE_COOLDOWN": str(COOLDOWN),
    }
    factory = gunicorn_server if kind == "gunicorn" else uvicorn_server
    server = factory("tests.e2e.settings", env=env)
    path = f"/{flavour}/throttled/"
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            assert http.get(path).status_code == 200  # 1 of 3, counted in Redis

            redis_proc.send_signal(signal.SIGSTOP)
            timings = []
            for _ in range(10):
                started = time.monotonic()
                response = http.get(path)
                timings.append(time.monotonic() - started)
                assert (response.status_code, response.content) == (200, b'{"ok":true}')

            redis_proc.send_signal(signal.SIGCONT)
            time.sleep(COOLDOWN + 0.2)
            after = [http.get(path).status_code for _ in range(3)]
    finally:
        redis_proc.send_signal(signal.SIGCONT)
        server.stop()

    assert timings[0] >= TIMEOUT * 0.9  # the one request that waited for the hung Redis
    assert sum(timings[1:]) < 1.0, timings  # the cache is skipped, not waited for
    log = server.logs()
    assert log.count("Throttle cache unavailable") == 1
    assert "Internal Server Error" not in log
    # Redis is back and the cool-down is over: requests 2 and 3 of 3, then refused.
    assert after == [200, 200, 429]
