"""Machine instructions per request, counted by valgrind: the steady comparison.

On a shared machine ``make bench``'s requests-per-second ratios move by several per cent from one
run to the next; the number of instructions a request executes does not. Each (case, framework)
pair is served twice in a fresh interpreter under ``valgrind --tool=callgrind``, N and then 2N
requests after the same warm-up; the difference divided by N is one request, start-up and
warm-up cancelled out. Hash randomisation is fixed and, where ``setarch`` exists, address-space
randomisation is off, so reruns agree to well under 1%.

The handler has no middleware by default (the view layer's own cost, as in ``make bench``'s
"bare" column); ``--middleware`` keeps startproject's. The cases, views and frameworks are
``benchmarks/run.py``'s.

    python benchmarks/instructions.py                      # every case, rf_noauth vs ninja
    python benchmarks/instructions.py --cases not_found,success --impls restframe,drf,raw
    python benchmarks/instructions.py --asgi               # the async views under ASGIHandler
    python benchmarks/instructions.py --no-gc              # without the cyclic garbage collector

Needs valgrind (``apt-get install valgrind``); about half a minute per pair.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run as bench  # benchmarks/run.py, found through the path set above

WARMUP = 300
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def serve(case_name: str, impl: str, requests: int, asgi: bool, middleware: bool) -> None:
    """The child: set up ``impl``, check one answer, warm up, then serve ``requests``."""
    from django.test.utils import override_settings

    bench.configure_django(sorted(set(bench.FRAMEWORK_APPS[impl])))
    bench.install_urls({impl: bench.BUILDERS[impl]()})
    cases = bench.ASYNC_CASES if asgi else bench.CASES
    case = next(c for c in cases if c.name == case_name)
    environ = bench.base_environ(impl, case)
    with override_settings(**({} if middleware else {"MIDDLEWARE": []})):
        if asgi:
            import asyncio

            from django.core.handlers.asgi import ASGIHandler

            loop = asyncio.new_event_loop()
            call = bench.make_async_caller(ASGIHandler(), loop, environ, case.body)
        else:
            from django.core.handlers.wsgi import WSGIHandler

            call = bench.make_caller(WSGIHandler(), environ, case.body)
    status = case.status_by_impl.get(impl, case.status)
    problem = bench.check_reply(call(), status)
    if problem:
        raise SystemExit(f"{impl}/{case_name}: {problem}")
    for _ in range(WARMUP):
        call()
    gc.collect()
    if os.environ.get("INSTRUCTIONS_NO_GC"):
        gc.disable()
    for _ in range(requests):
        call()


def count(case_name: str, impl: str, requests: int, options: argparse.Namespace) -> int:
    """Instructions of one run of the child under callgrind."""
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={scratch}/out",
            sys.executable,
            __file__,
            "--child",
            case_name,
            impl,
            str(requests),
        ]
        command += ["--asgi"] * options.asgi + ["--middleware"] * options.middleware
        if shutil.which("setarch"):
            command = ["setarch", "-R", *command]
        env = dict(os.environ, PYTHONHASHSEED="0")
        if options.no_gc:
            env["INSTRUCTIONS_NO_GC"] = "1"
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{impl}/{case_name} failed:\n{done.stdout}{done.stderr[-2000:]}")
    return int(found.group(1))


def per_request(case_name: str, impl: str, options: argparse.Namespace) -> int:
    n = options.requests
    return (count(case_name, impl, 2 * n, options) - count(case_name, impl, n, options)) // n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--impls", default="rf_noauth,ninja", help="comma-separated frameworks")
    parser.add_argument("--requests", type=int, default=100, help="N (default 100)")
    parser.add_argument("--asgi", action="store_true", help="async views under ASGIHandler")
    parser.add_argument("--middleware", action="store_true", help="keep startproject's")
    parser.add_argument("--no-gc", action="store_true", help="cyclic GC off while counting")
    parser.add_argument("--child", nargs=3, metavar=("CASE", "IMPL", "N"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        case_name, impl, requests = options.child
        serve(case_name, impl, int(requests), options.asgi, options.middleware)
        # No interpreter teardown: freeing what the requests left behind (all of it, with the
        # collector off) would be counted as if the requests had done it.
        sys.stdout.flush()
        os._exit(0)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    cases = bench.ASYNC_CASES if options.asgi else bench.CASES
    names = options.cases.split(",") if options.cases else [c.name for c in cases]
    impls = options.impls.split(",")
    print(
        f"Instructions per request (thousands; valgrind, N={options.requests}, "
        f"{'ASGI' if options.asgi else 'WSGI'}, "
        f"{'startproject middleware' if options.middleware else 'no middleware'}"
        f"{', GC off' if options.no_gc else ''}; lower is better)"
    )
    print(f"{'case':<26}" + "".join(f"{impl:>12}" for impl in impls))
    for name in names:
        row: dict[str, Any] = {impl: per_request(name, impl, options) for impl in impls}
        print(f"{name:<26}" + "".join(f"{row[impl] / 1000:>12.0f}" for impl in impls), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
