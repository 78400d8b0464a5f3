"""Seeded requests, a raw HTTP/1.1 client and the checks shared by the live fuzz test
(``tests/test_fuzz_live.py``) and ``make soak`` (``benchmarks/soak.py``).

The server runs ``tests.e2e.fault_settings``: the e2e flavours plus plain Django views, some of
which crash on purpose. A raw socket client sends what a well-behaved client library would
refuse to (malformed ``Content-Type`` parameters, invalid UTF-8 bodies, broken percent-encoding,
bodies over Django's limits) while staying inside HTTP/1.1 framing, so every answer comes from
the application rather than from the server's protocol checks.
"""

from __future__ import annotations

import base64
import json
import os
import random
import re
import socket
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ERROR_ID",
    "Answer",
    "Request",
    "Tally",
    "check",
    "generate",
    "migrated_database",
    "send",
]

ERROR_ID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
LOGGED_ID = re.compile(r"\(error id: ([0-9a-f-]{36})\)")

FLAVOURS = ("sync-cbv", "async-cbv", "sync-fbv", "async-fbv")
FLAVOUR_CASES = (
    "ok",
    "echo",
    "not-found",
    "django-404",
    "invalid",
    "basic",
    "session",
    "forbidden",
    "throttled",
    "unavailable",
    "crash",
)
PLAIN = (
    "/plain/crash/",
    "/plain/async-crash/",
    "/plain/throttled/",
    "/plain/async-not-found/",
    "/plain/unavailable/",
    "/plain/query/",
    "/plain/echo/",
    "/plain/echo-csrf/",
    "/api/books/",
    "/api/crash/",
    "/api/async-crash/",
)
UNKNOWN = ("/nope/", "/", "/sync-cbv/", "/plain/%ff/", "/a%00b/", "/%E2%82%AC/", "/x" * 300)

METHODS = ("GET", "GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")
ACCEPTS = (
    None,
    "application/json",
    "application/problem+json",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "*/*",
    "application/xml",
    "application/json;q=0, text/html;q=0",
    "text/html;q=0.5, application/problem+json",
    "garbage;;q=x, /",
    "application/*",
)
CONTENT_TYPES = (
    None,
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=latin-1",
    "application/json; charset=utf-16",
    "application/json; charset=bz2_codec",
    "application/json; charset=nope",
    "application/json; charset*=unknown''x",
    "application/json; charset*=utf-8''%ff",
    "application/json; charset=",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=bz2_codec",
    "multipart/form-data",
    "multipart/form-data; boundary=xyz",
    "multipart/form-data; boundary=",
    "text/plain",
    "application/octet-stream",
    ";;;",
    "application/json; a=b; a=c",
)
AUTHORIZATIONS = (
    None,
    "Basic",
    "Basic !!!",
    "Basic " + base64.b64encode(b"\xff\xfe:\x00").decode(),
    "Basic " + base64.b64encode(b"user:pass").decode(),
    "Token abc",
    "Bearer",
)
CRASH_PATHS = frozenset(
    [f"/{flavour}/crash/" for flavour in FLAVOURS]
    + ["/plain/crash/", "/plain/async-crash/", "/api/crash/", "/api/async-crash/"]
)
UNAVAILABLE_PATHS = frozenset(
    [f"/{flavour}/unavailable/" for flavour in FLAVOURS] + ["/plain/unavailable/"]
)
# Bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default) are rare: each costs a few ms.
OVERSIZED = 3 * 1024 * 1024


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    path: str

    @property
    def crashes(self) -> bool:
        return self.path in CRASH_PATHS

    @property
    def unavailable(self) -> bool:
        return self.path in UNAVAILABLE_PATHS


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def _path(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return f"/{rng.choice(FLAVOURS)}/{rng.choice(FLAVOUR_CASES)}/"
    if roll < 0.9:
        return rng.choice(PLAIN)
    return rng.choice(UNKNOWN)


def _query(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return ""
    if roll < 0.7:
        return "?" + "&" * rng.choice((10, 1001, 3000)) + "a=1"
    if roll < 0.8:
        return "?a=%ff&b=%E2%82%AC&c=%"
    if roll < 0.9:
        return "?format=" + rng.choice(("json", "api", "xml", "%00"))
    return "?" + "&".join(f"k{i}={rng.randrange(10**6)}" for i in range(rng.randrange(1, 20)))


def _body(rng: random.Random, content_type: str | None) -> bytes:
    roll = rng.random()
    if roll < 0.0005:
        return b"x" * OVERSIZED
    if roll < 0.2:
        return b""
    if roll < 0.35:
        return json.dumps({"name": "x" * rng.randrange(50), "n": rng.randrange(100)}).encode()
    if roll < 0.45:
        return b"\xff\xfe\xfa{" + bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    if roll < 0.55:
        depth = rng.choice((10, 1000, 20_000))
        return b"[" * depth + b"]" * depth
    if roll < 0.65:
        return b'{"a": NaN, "b": "\\ud800"}'
    if roll < 0.75:
        return b"a=1&b=%ff&" + b"&" * rng.choice((1, 2000)) + b"csrfmiddlewaretoken=x"
    if roll < 0.85:
        return (
            b'--xyz\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\n'
            b"hello\r\n--xyz--\r\n"
        )
    if roll < 0.9:
        return b"--xyz\r\nbroken"
    return b'{"email": "x", "age": -1, "nested": {"a": [1, 2, {"b": null}]}}'


def generate(rng: random.Random) -> Request:
    """One random request; the same seed gives the same sequence."""
    path = _path(rng)
    method = rng.choice(METHODS)
    headers: list[tuple[str, str]] = []
    accept = rng.choice(ACCEPTS)
    if accept is not None:
        headers.append(("Accept", accept))
    if rng.random() < 0.2:
        headers.append(("Accept-Language", rng.choice(("fr", "de;q=0.5, xx", "*", "zz-ZZ"))))
    authorization = rng.choice(AUTHORIZATIONS)
    if authorization is not None:
        headers.append(("Authorization", authorization))
    if rng.random() < 0.3:
        headers.append(("Cookie", rng.choice(("csrftoken=" + "a" * 32, "sessionid=zzz", "a"))))
    if rng.random() < 0.1:
        headers.append(("X-Forwarded-For", rng.choice(("1.2.3.4, 5.6.7.8", "garbage", ""))))
    body = b""
    if method not in ("GET", "HEAD", "OPTIONS") or rng.random() < 0.05:
        content_type = rng.choice(CONTENT_TYPES)
        if content_type is not None:
            headers.append(("Content-Type", content_type))
        body = _body(rng, content_type)
    return Request(method, path + _query(rng), tuple(headers), body, path)


def send(host: str, port: int, request: Request, timeout: float = 30.0) -> Answer:
    """Send ``request`` on a fresh connection (``Connection: close``) and read the answer."""
    head = [f"{request.method} {request.target} HTTP/1.1", f"Host: {host}", "Connection: close"]
    head += [f"{name}: {value}" for name, value in request.headers]
    head.append(f"Content-Length: {len(request.body)}")
    payload = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + request.body
    with socket.create_connection((host, port), timeout=timeout) as sock:
        try:
            sock.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer (413/400) and close before reading an oversized body
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return _parse(b"".join(chunks), request.method == "HEAD")


def _parse(raw: bytes, head: bool) -> Answer:
    header_block, _, body = raw.partition(b"\r\n\r\n")
    lines = header_block.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1]) if lines and lines[0].startswith("HTTP/") else 0
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _dechunk(body)
    elif "content-length" in headers and not head:
        body = body[: int(headers["content-length"])]
    return Answer(status, headers, b"" if head else body)


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return out


def check(request: Request, answer: Answer) -> list[str]:
    """What is wrong with ``answer`` (an empty list when nothing is)."""
    problems: list[str] = []
    status = answer.status
    if status == 0:
        problems.append("no HTTP answer")
        return problems
    if request.crashes and (request.method != "OPTIONS" or request.path.startswith("/plain/")):
        # A plain Django view crashes whatever the method; an API view answers OPTIONS.
        allowed_5xx = {500}
    elif request.unavailable:
        allowed_5xx = {503}
    else:
        allowed_5xx = set()
    if status >= 500 and status not in allowed_5xx:
        problems.append(f"unexpected {status}")
    content_type = answer.headers.get("content-type", "")
    body = answer.body
    if request.method == "HEAD" or status in (204, 304) or not body:
        return problems
    media = content_type.split(";")[0].strip().lower()
    if media in ("application/json", "application/problem+json"):
        try:
            json.loads(body)
        except ValueError as exc:
            problems.append(f"{media} body is not JSON: {exc}")
    elif media == "text/html":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("text/html body is not UTF-8")
        else:
            if "<" not in text:
                problems.append("text/html body has no markup")
    elif media == "text/plain":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("text/plain body is not UTF-8")
    else:
        problems.append(f"unexpected content type {content_type!r}")
    return problems


def shown_ids(answer: Answer) -> list[str]:
    """Error ids shown in a body (JSON ``error_id`` or the 500 page's ``#error-id``)."""
    return [match.decode() for match in ERROR_ID.findall(answer.body)]


@dataclass
class Tally:
    """What a run saw: statuses, problems, and the error ids shown to clients."""

    statuses: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    unexpected_5xx: int = 0
    malformed: int = 0  # answers whose body or type is wrong (or missing)

    def add(self, request: Request, answer: Answer) -> None:
        self.statuses[answer.status] += 1
        found = check(request, answer)
        if any(p.startswith("unexpected 5") for p in found):
            self.unexpected_5xx += 1
        if any(not p.startswith("unexpected 5") for p in found):
            self.malformed += 1
        if found and len(self.problems) < 50:
            headers = "; ".join(f"{name}: {value}" for name, value in request.headers)
            self.problems.append(
                f"{request.method} {request.target[:120]} [{headers}] "
                f"body {request.body[:40]!r}... ({len(request.body)} bytes): {found}"
            )
        self.ids.extend(shown_ids(answer))

    def ids_not_logged_once(self, log: str) -> list[str]:
        """Shown ids that are not in exactly one log record."""
        logged = Counter(LOGGED_ID.findall(log))
        return [error_id for error_id in self.ids if logged[error_id] != 1]


def migrated_database(path: Path) -> Path:
    """A fresh SQLite file with the fault project's tables (auth, sessions): Basic credentials
    and session cookies in the requests reach the database."""
    repo = Path(__file__).resolve().parents[2]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.fault_settings",
        "RESTFRAME_E2E_DB": str(path),
        "PYTHONPATH": str(repo),
    }
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"],
        cwd=repo,
        env=env,
        check=True,
    )
    return path
