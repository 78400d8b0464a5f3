"""Fixtures: a real redis-server on 127.0.0.1, and a Django cache pointed at it.

``redis_server`` starts one server per test session (no persistence, working directory in a temp
dir) and yields its URL. Without the binary the tests that need it are skipped, except under CI
(``CI`` set), where a missing server is a failure: CI installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

__all__ = ["redis_cache", "redis_server"]

REDIS_CACHE_BACKEND = "django.core.cache.backends.redis.RedisCache"
_START_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers_ping(port: int) -> bool:
    """Whether a Redis server on ``port`` answers ``PING`` (inline command, no client library)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL (``redis://127.0.0.1:<port>/0``) of a private redis-server for this session."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must provide it")
        pytest.skip(message)
    workdir: Path = tmp_path_factory.mktemp("redis")
    port = _free_port()
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
            str(workdir),
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while not _answers_ping(port):
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                pytest.fail(f"redis-server exited with {proc.returncode}: {err}")
            if time.monotonic() > deadline:
                pytest.fail(f"redis-server did not answer on port {port} in {_START_TIMEOUT}s")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(proc)
        if proc.stderr:
            proc.stderr.close()


@pytest.fixture
def redis_cache(redis_server: str) -> Iterator[str]:
    """Make Django's default cache a ``RedisCache`` on ``redis_server``, empty; yields the URL."""
    with override_settings(
        CACHES={"default": {"BACKEND": REDIS_CACHE_BACKEND, "LOCATION": redis_server}}
    ):
        caches["default"].clear()
        yield redis_server
        caches["default"].clear()
        caches["default"].close()
