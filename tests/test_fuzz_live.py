"""A seeded fuzz run against live servers: 20,000 requests split between gunicorn
(``restframe.wsgi``, two workers) and uvicorn (``restframe.asgi``).

Requests come from ``tests.e2e.load.generate`` (methods, known and unknown paths, broken
percent-encoding, ``Accept``/``Authorization``/``Cookie`` variants, ``Content-Type`` parameters
Django cannot parse, invalid UTF-8, deep nesting, too many fields, bodies over Django's limit).
The project has a ``got_request_exception`` receiver that raises, an ``async def``
``EXCEPTION_HANDLER`` and a broken ``500.html``. What must hold:

* no 5xx except from the views that crash (500) or answer 503 on purpose;
* every body is well-formed in its declared type (JSON, problem details, HTML, text);
* every error id shown to a client is in exactly one log record.

``RESTFRAME_FUZZ_REQUESTS`` changes the count (the seed stays fixed); ``make soak`` runs the same
requests for longer with a load report.
"""

from __future__ import annotations

import os
import random
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.load import Tally, generate, migrated_database, send

pytestmark = pytest.mark.e2e

TOTAL = int(os.environ.get("RESTFRAME_FUZZ_REQUESTS", "20000"))
SEED = 20261204
# uvicorn runs sync middleware in threads and answers about a third as fast: a smaller share
# keeps the run short on a 2-core machine.
SHARES = {"gunicorn": 0.75, "uvicorn": 0.25}
CLIENT_THREADS = 3
FAULTS = {"RESTFRAME_E2E_ASYNC_HANDLER": "1", "RESTFRAME_E2E_BROKEN_RECEIVER": "1"}


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return migrated_database(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3")


def run(server, count: int, seed: int) -> Tally:
    rng = random.Random(seed)
    requests = [generate(rng) for _ in range(count)]
    tally = Tally()
    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        answers = pool.map(lambda request: send("127.0.0.1", server.port, request), requests)
        for request, answer in zip(requests, answers, strict=True):
            tally.add(request, answer)
    return tally


def wait_until_logged(server, tally: Tally, timeout: float = 15.0) -> list[str]:
    """Shown ids not (yet) in exactly one record; records may land just after the answer."""
    deadline = time.monotonic() + timeout
    while True:
        missing = tally.ids_not_logged_once(server.logs())
        if not missing or time.monotonic() > deadline:
            return missing
        time.sleep(0.2)


@pytest.mark.parametrize("kind", ["gunicorn", "uvicorn"])
def test_fuzz_live_server(kind, database, gunicorn_server, uvicorn_server):
    env = {**FAULTS, "RESTFRAME_E2E_DB": str(database)}
    if kind == "gunicorn":
        server = gunicorn_server("tests.e2e.fault_settings", workers=2, env=env)
    else:
        server = uvicorn_server("tests.e2e.fault_settings", env=env)
    count = round(TOTAL * SHARES[kind])
    try:
        tally = run(server, count, SEED + (kind == "uvicorn"))
        missing = wait_until_logged(server, tally)
    finally:
        server.stop()

    assert sum(tally.statuses.values()) == count
    assert tally.unexpected_5xx == 0, tally.problems
    assert tally.problems == []
    assert 0 not in tally.statuses  # every request got an HTTP answer
    # The run exercised what it claims: crashes with ids, client errors of many kinds.
    assert tally.statuses[500] > count * 0.01
    assert len(tally.ids) > count * 0.01  # HEAD answers show none: they have no body
    assert {400, 401, 403, 404, 405, 406, 429}.issubset(tally.statuses)
    assert missing == [], f"{len(missing)} shown error ids not in exactly one log record"


def test_short_soak(database):
    """``make soak`` in small (CI): every crash answered is one signal, one record and one
    logged id on both servers; worker memory is only printed (too few requests to judge)."""
    from benchmarks.soak import soak_one

    for index, kind in enumerate(("gunicorn", "uvicorn")):
        report = soak_one(kind, 1200 if kind == "gunicorn" else 600, SEED + 10 + index, database)
        assert report.failures(check_rss=False) == [], "\n".join(report.lines())
        assert report.crashes_answered > 0
