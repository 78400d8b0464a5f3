"""Fixtures: real gunicorn (WSGI) and uvicorn (ASGI) processes on 127.0.0.1.

End-to-end tests need the bytes a real server puts on the wire, not what Django's test client
hands back. Each factory fixture starts a server process on a free port running the Django
project named by ``settings_module`` (``tests.e2e.settings`` by default), waits until the port
accepts connections and the app answers, and stops the process by its pid when the test session
is done (or earlier through ``server.stop()``). The server's stdout/stderr go to files under
``tests/artifacts/servers/``; if the server does not come up, the test fails showing them.

Usage::

    def test_x(gunicorn_server):
        server = gunicorn_server("tests.e2e.settings", workers=2, env={"X": "1"})
        httpx.get(server.url + "/api/...")
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = [
    "ServerFactory",
    "ServerProcess",
    "free_port",
    "gunicorn_server",
    "start_server",
    "uvicorn_server",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts" / "servers"
DEFAULT_SETTINGS = "tests.e2e.settings"
WSGI_APP = "tests.e2e.wsgi:application"
ASGI_APP = "tests.e2e.asgi:application"
STARTUP_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A port nobody listens on right now (the kernel picks it; the server binds it next)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A running server process: where to reach it and how to stop it."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    stdout_path: Path
    stderr_path: Path
    stopped: bool = field(default=False)

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:43123``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def logs(self) -> str:
        """stdout and stderr so far, for failure messages."""
        parts = []
        for label, path in (("stdout", self.stdout_path), ("stderr", self.stderr_path)):
            text = path.read_text(errors="replace") if path.exists() else ""
            parts.append(f"----- {self.name} {label} ({path}) -----\n{text}")
        return "\n".join(parts)

    def wait_for_log(
        self, pattern: str, timeout: float = 10.0, count: int = 1
    ) -> list[re.Match[str]]:
        """The first ``count`` matches of the regex ``pattern`` in the server's stdout + stderr.

        Waits until that many are there (log lines may land a moment after the response); fails
        the test showing the logs if they never do.
        """
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            matches = [
                match
                for path in (self.stdout_path, self.stderr_path)
                if path.exists()
                for match in regex.finditer(path.read_text(errors="replace"))
            ]
            if len(matches) >= count:
                return matches[:count]
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{len(matches)} of {count} log lines matching {pattern!r} after {timeout}s"
                    f"\n{self.logs()}",
                    pytrace=False,
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM to the server's pid; SIGKILL to its own process group if it hangs."""
        if self.stopped:
            return
        self.stopped = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                # The process was started in a session of its own, so its group holds only the
                # server and the workers it forked.
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(STOP_TIMEOUT)


def _answers_http(port: int) -> bool:
    """True once the port accepts a connection and the app answers a request with any status.

    A listening socket alone is not enough: gunicorn's master binds before its workers have
    imported Django, so a broken settings module would only show up in the first test.
    """
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            pass
    except OSError:
        return False
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STARTUP_TIMEOUT)
    try:
        conn.request("GET", "/__server_ready__")
        conn.getresponse().read()
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()
    return True


def _wait_until_listening(server: ServerProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        if _answers_http(server.port):
            return
        time.sleep(0.05)
    code = server.process.poll()
    server.stop()
    state = f"exited with {code}" if code is not None else f"not listening after {timeout}s"
    pytest.fail(f"{server.name} on port {server.port} {state}\n{server.logs()}", pytrace=False)


def start_server(
    name: str,
    args: list[str],
    port: int,
    settings_module: str,
    env: Mapping[str, str] | None = None,
    pythonpath: Sequence[str | Path] = (),
) -> ServerProcess:
    """Start ``python -m <args>`` from the repository root with the given Django settings.

    ``pythonpath`` puts more directories first on the server's import path (another project,
    such as ``example/``, whose modules are not under ``tests``).
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / f"{name}-{port}"
    stdout_path = stem.with_suffix(".out")
    stderr_path = stem.with_suffix(".err")
    full_env = dict(os.environ)
    # pytest's own settings must not leak into the server; the test chooses them.
    full_env["DJANGO_SETTINGS_MODULE"] = settings_module
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (*map(str, pythonpath), str(REPO_ROOT), full_env.get("PYTHONPATH", "")) if p
    )
    full_env["PYTHONUNBUFFERED"] = "1"
    if env:
        full_env.update(env)
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=REPO_ROOT,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    server = ServerProcess(name, port, process, stdout_path, stderr_path)
    _wait_until_listening(server, STARTUP_TIMEOUT)
    return server


ServerFactory = Callable[..., ServerProcess]


def _gunicorn_args(port: int, workers: int, app: str) -> list[str]:
    return [
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--graceful-timeout",
        "2",
        "--access-logfile",
        "-",
        app,
    ]


def _uvicorn_args(port: int, app: str) -> list[str]:
    return [
        "uvicorn",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--lifespan",
        "off",
        "--timeout-graceful-shutdown",
        "2",
        app,
    ]


@pytest.fixture(scope="session")
def gunicorn_server() -> Iterator[ServerFactory]:
    """Factory: ``gunicorn_server(settings_module, workers=1, env=None)`` → a running server.

    ``app`` (``module:callable``) and ``pythonpath`` serve another project than ``tests.e2e``.
    """
    started: list[ServerProcess] = []

    def factory(
        settings_module: str = DEFAULT_SETTINGS,
        workers: int = 1,
        env: Mapping[str, str] | None = None,
        app: str = WSGI_APP,
        pythonpath: Sequence[str | Path] = (),
    ) -> ServerProcess:
        port = free_port()
        args = _gunicorn_args(port, workers, app)
        server = start_server("gunicorn", args, port, settings_module, env, pythonpath)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def uvicorn_server() -> Iterator[ServerFactory]:
    """Factory: ``uvicorn_server(settings_module, env=None)`` → a running ASGI server.

    ``app`` (``module:callable``) and ``pythonpath`` serve another project than ``tests.e2e``.
    """
    started: list[ServerProcess] = []

    def factory(
        settings_module: str = DEFAULT_SETTINGS,
        env: Mapping[str, str] | None = None,
        app: str = ASGI_APP,
        pythonpath: Sequence[str | Path] = (),
    ) -> ServerProcess:
        port = free_port()
        args = _uvicorn_args(port, app)
        server = start_server("uvicorn", args, port, settings_module, env, pythonpath)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()
