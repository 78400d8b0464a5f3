"""``make soak``: a bounded load run against real gunicorn and uvicorn servers.

Sends seeded mixed requests (``tests.e2e.load``: good requests, crashes, throttles, bad input,
bodies over Django's limit) to the fault project (``tests.e2e.fault_settings``: a
``got_request_exception`` receiver that raises, an ``async def`` exception handler, a broken
``500.html``) and prints, per server:

* the statuses;
* unexpected 5xx (must be 0) and malformed bodies (must be 0);
* signals vs records vs ids: every crash the client saw as a 500 must have sent
  ``got_request_exception`` once, logged one ``Internal Server Error`` record, and shown an
  error id that is in exactly one record;
* the RSS of every worker after the warm-up (the first 10 %) and at the end (growth < 5 %).

Exit status 0 when all of that holds. ``--requests`` is the total over both servers (default
100,000); the test suite runs a short version (``tests/test_fuzz_live.py``).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.e2e.load import Request, Tally, generate, migrated_database, send  # noqa: E402
from tests.plugins.servers import free_port, start_server  # noqa: E402

SETTINGS = "tests.e2e.fault_settings"
FAULTS = {"RESTFRAME_E2E_ASYNC_HANDLER": "1", "RESTFRAME_E2E_BROKEN_RECEIVER": "1"}
SHARES = {"gunicorn": 0.7, "uvicorn": 0.3}
WARM_UP = 0.1
MAX_RSS_GROWTH = 0.05


@dataclass
class Report:
    kind: str
    requests: int
    seconds: float
    tally: Tally
    crashes_answered: int  # 500s the client got from views that crash on purpose
    signals: int
    records: int
    ids_not_logged_once: list[str]
    rss_warm: dict[int, int] = field(default_factory=dict)
    rss_end: dict[int, int] = field(default_factory=dict)

    @property
    def rss_growth(self) -> float:
        warm = sum(self.rss_warm.values())
        end = sum(self.rss_end.get(pid, 0) for pid in self.rss_warm)
        return (end - warm) / warm if warm else 0.0

    def failures(self, check_rss: bool = True) -> list[str]:
        found = []
        if self.tally.unexpected_5xx:
            found.append(f"{self.tally.unexpected_5xx} unexpected 5xx")
        if self.tally.malformed:
            found.append(f"{self.tally.malformed} malformed answers")
        if not self.crashes_answered == self.signals == self.records:
            found.append(
                f"crashes {self.crashes_answered} / signals {self.signals} / "
                f"records {self.records} differ"
            )
        if self.ids_not_logged_once:
            found.append(f"{len(self.ids_not_logged_once)} shown ids not logged exactly once")
        if check_rss and self.rss_growth >= MAX_RSS_GROWTH:
            found.append(f"worker RSS grew {self.rss_growth:.1%}")
        return found

    def lines(self) -> list[str]:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.tally.statuses.items()))
        rate = self.requests / self.seconds if self.seconds else 0.0
        return [
            f"== {self.kind}: {self.requests} requests in {self.seconds:.1f}s ({rate:.0f}/s)",
            f"statuses        {statuses}",
            f"unexpected 5xx  {self.tally.unexpected_5xx}",
            f"malformed       {self.tally.malformed}",
            f"crash 500s      {self.crashes_answered}",
            f"signals         {self.signals}",
            f"records         {self.records}  (Internal Server Error on django.request)",
            f"ids shown       {len(self.tally.ids)}, not in exactly one record: "
            f"{len(self.ids_not_logged_once)}",
            "worker RSS      "
            + ", ".join(
                f"pid {pid}: {self.rss_warm[pid] // 1024} -> {self.rss_end.get(pid, 0) // 1024} MiB"
                for pid in sorted(self.rss_warm)
            )
            + f"  (growth {self.rss_growth:+.2%})",
        ]


def _rss(pid: int) -> int:
    """Resident set size of ``pid`` in KiB (Linux ``/proc``)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _workers(pid: int) -> list[int]:
    """The server's worker processes: gunicorn's children, or uvicorn itself."""
    children: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(entry))
    return children or [pid]


def _gunicorn_args(port: int) -> list[str]:
    return [
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--graceful-timeout",
        "2",
        "--access-logfile",
        "/dev/null",
        "tests.e2e.wsgi:application",
    ]


def _uvicorn_args(port: int) -> list[str]:
    return [
        "uvicorn",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--lifespan",
        "off",
        "--no-access-log",
        "--timeout-graceful-shutdown",
        "2",
        "tests.e2e.asgi:application",
    ]


def _send_all(port: int, requests: list[Request], threads: int, tally: Tally) -> None:
    with ThreadPoolExecutor(threads) as pool:
        answers = pool.map(lambda request: send("127.0.0.1", port, request), requests)
        for request, answer in zip(requests, answers, strict=True):
            tally.add(request, answer)


def soak_one(
    kind: str, count: int, seed: int, database: Path, threads: int = 3, progress: bool = False
) -> Report:
    """Run ``count`` requests against a fresh ``kind`` server and account for them."""
    port = free_port()
    args = _gunicorn_args(port) if kind == "gunicorn" else _uvicorn_args(port)
    env = {**FAULTS, "RESTFRAME_E2E_DB": str(database)}
    server = start_server(f"soak-{kind}", args, port, SETTINGS, env)
    rng = random.Random(seed)
    tally = Tally()
    crashes = 0
    started = time.monotonic()
    try:
        warm = max(1, int(count * WARM_UP))
        batches = [warm] + [min(5000, count - done) for done in range(warm, count, 5000)]
        rss_warm: dict[int, int] = {}
        done = 0
        for size in batches:
            requests = [generate(rng) for _ in range(size)]
            before = tally.statuses[500]
            _send_all(port, requests, threads, tally)
            crashes += tally.statuses[500] - before
            done += size
            if not rss_warm:
                rss_warm = {pid: _rss(pid) for pid in _workers(server.pid)}
            if progress:
                print(f"  {kind}: {done}/{count}", file=sys.stderr, flush=True)
        seconds = time.monotonic() - started
        rss_end = {pid: _rss(pid) for pid in rss_warm}
        time.sleep(0.5)  # the last records reach the log
        log = server.logs()
    finally:
        server.stop()
    signals = log.count("Error calling broken_receiver in Signal.send_robust()")
    records = log.count("RECORD ERROR django.request Internal Server Error:")
    return Report(
        kind=kind,
        requests=count,
        seconds=seconds,
        tally=tally,
        crashes_answered=crashes,
        signals=signals,
        records=records,
        ids_not_logged_once=tally.ids_not_logged_once(log),
        rss_warm=rss_warm,
        rss_end=rss_end,
    )


def soak(total: int, seed: int = 4242, threads: int = 3, progress: bool = False) -> list[Report]:
    with tempfile.TemporaryDirectory() as tmp:
        database = migrated_database(Path(tmp) / "soak.sqlite3")
        return [
            soak_one(kind, round(total * share), seed + index, database, threads, progress)
            for index, (kind, share) in enumerate(SHARES.items())
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100_000, help="total over both servers")
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--threads", type=int, default=3, help="client threads")
    options = parser.parse_args(argv)
    reports = soak(options.requests, options.seed, options.threads, progress=True)
    failed = False
    for report in reports:
        print("\n".join(report.lines()))
        for problem in report.tally.problems[:10]:
            print(f"  problem: {problem}")
        failures = report.failures()
        print("verdict         " + ("; ".join(failures) if failures else "ok"))
        failed = failed or bool(failures)
    totals: Counter[int] = Counter()
    for report in reports:
        totals.update(report.tally.statuses)
    print(
        f"== total: {sum(totals.values())} requests, unexpected 5xx "
        f"{sum(r.tally.unexpected_5xx for r in reports)}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
