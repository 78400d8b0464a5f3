"""Error-path benchmark: restframe vs DRF vs django-ninja vs raw Django views.

Everything runs in one process: Django is configured once with ``startproject``'s middleware,
every implementation is mounted under its own URL prefix, and each request goes through Django's
``WSGIHandler`` exactly as a WSGI server would call it (an environ built once per case, the
response iterated and closed). We report the best of several repeats (the least disturbed run)
in requests per second, and the ratios restframe/raw and restframe/DRF against their targets.

A second part starts fresh subprocesses to measure what each framework adds to a bare Django
project: import + setup time, first-request time and peak memory.

Extending: add a ``Case`` to ``CASES`` and a view for it in each ``build_*`` function that can
serve it (an implementation without a view for a case shows ``n/a``).

    python benchmarks/run.py              # full run (about a minute)
    python benchmarks/run.py --quick      # fewer iterations, for a smoke check
    python benchmarks/run.py --cases not_found,success --impls restframe,drf
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

URLCONF = "benchmarks_urls"

# startproject's middleware, in startproject's order.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

FRAMEWORK_APPS = {"restframe": ["restframe"], "drf": ["rest_framework"], "ninja": [], "raw": []}

IMPLS = ("restframe", "drf", "ninja", "raw")

# What an implementation builder returns: {case name: view}, or {"__include__": urls} for a
# framework that mounts a whole URLconf (ninja).
Views = dict[str, Any]

VALIDATION_ERRORS = {
    "email": ["Enter a valid email address."],
    "age": ["Ensure this value is greater than or equal to 0."],
}


# --------------------------------------------------------------------------------------------
# The cases: what is requested, what must come back, and the targets restframe must meet.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request, sent identically to every implementation under ``/<impl>/<path>``."""

    name: str
    method: str
    path: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # Targets: restframe's req/s as a fraction of raw Django's and DRF's (None: no target).
    min_vs_raw: float | None = None
    min_vs_drf: float | None = None
    # Expected status per implementation where it differs from ``status`` (ninja's 422, …).
    status_by_impl: dict[str, int] = field(default_factory=dict)


CASES: list[Case] = [
    Case("not_found", "GET", "not-found/", 404, min_vs_raw=0.75, min_vs_drf=1.6),
    Case(
        "validation",
        "POST",
        "validation/",
        400,
        body=b'{"email": "x", "age": -1}',
        content_type="application/json",
        min_vs_raw=0.75,
        min_vs_drf=1.6,
        status_by_impl={"ninja": 422},
    ),
    Case("method_not_allowed", "DELETE", "echo/", 405, min_vs_raw=0.75, min_vs_drf=1.6),
    Case(
        "malformed_json",
        "POST",
        "echo/",
        400,
        body=b'{"email": "x", "age": ',
        content_type="application/json",
        min_vs_raw=0.65,
    ),
    Case("success", "GET", "echo/", 200, min_vs_raw=0.75),
]


# --------------------------------------------------------------------------------------------
# The implementations: each returns {case name: Django view}. Imports happen inside, after
# Django is configured, so a missing framework only removes its own column.
# --------------------------------------------------------------------------------------------


def _build_apiview_family(views: Any, response: Any, exceptions: Any, renderers: Any) -> Views:
    """DRF and restframe share an API, so one definition serves both (drop-in, as promised)."""
    APIView: Any = views.APIView
    Response: Any = response.Response

    class JSONOnly(APIView):
        # The browsable API is not part of this comparison; both sides render JSON only.
        renderer_classes = [renderers.JSONRenderer]

    class NotFoundView(JSONOnly):
        def get(self, request: Any) -> Any:
            raise exceptions.NotFound()

    class ValidationView(JSONOnly):
        def post(self, request: Any) -> Any:
            raise exceptions.ValidationError(VALIDATION_ERRORS)

    class EchoView(JSONOnly):
        def get(self, request: Any) -> Any:
            return Response({"ok": True})

        def post(self, request: Any) -> Any:
            return Response(request.data)

    echo = EchoView.as_view()
    return {
        "not_found": NotFoundView.as_view(),
        "validation": ValidationView.as_view(),
        "method_not_allowed": echo,
        "malformed_json": echo,
        "success": echo,
    }


def build_restframe() -> Views:
    from restframe import exceptions, renderers, response, views

    return _build_apiview_family(views, response, exceptions, renderers)


def build_drf() -> Views:
    from rest_framework import (  # type: ignore[import-untyped]
        exceptions,
        renderers,
        response,
        views,
    )

    return _build_apiview_family(views, response, exceptions, renderers)


def build_ninja() -> Views:
    from django.http import Http404
    from ninja import NinjaAPI, Schema
    from ninja.errors import ValidationError

    api = NinjaAPI(urls_namespace="bench-ninja")

    class Payload(Schema):
        email: str
        age: int

    @api.get("/not-found/")
    def not_found(request: Any) -> Any:
        raise Http404

    @api.post("/validation/")
    def validation(request: Any) -> Any:
        raise ValidationError(
            [
                {"loc": ["body", k], "msg": v[0], "type": "value_error"}
                for k, v in VALIDATION_ERRORS.items()
            ]
        )

    @api.get("/echo/")
    def echo_get(request: Any) -> Any:
        return {"ok": True}

    def echo_post(request: Any, payload: Any) -> Any:
        return payload.dict()

    # This module postpones annotations, and ninja cannot resolve a string naming a local class.
    echo_post.__annotations__["payload"] = Payload
    api.post("/echo/")(echo_post)

    # Ninja mounts the whole API as one include(); the benchmark's router takes it as is.
    view_for_all = api.urls
    return {"__include__": view_for_all}


def build_raw() -> Views:
    """Hand-written Django views answering the same JSON a careful developer would write."""
    from django.http import JsonResponse
    from django.views.decorators.csrf import csrf_exempt

    def not_found(request: Any) -> Any:
        return JsonResponse({"detail": "Not found."}, status=404)

    @csrf_exempt
    def validation(request: Any) -> Any:
        return JsonResponse(VALIDATION_ERRORS, status=400)

    @csrf_exempt
    def echo(request: Any) -> Any:
        if request.method == "GET":
            return JsonResponse({"ok": True})
        if request.method == "POST":
            try:
                data = json.loads(request.body)
            except ValueError as exc:
                return JsonResponse({"detail": f"JSON parse error - {exc}"}, status=400)
            return JsonResponse(data)
        response = JsonResponse({"detail": f'Method "{request.method}" not allowed.'}, status=405)
        response["Allow"] = "GET, POST, HEAD, OPTIONS"
        return response

    return {
        "not_found": not_found,
        "validation": validation,
        "method_not_allowed": echo,
        "malformed_json": echo,
        "success": echo,
    }


BUILDERS: dict[str, Callable[[], Views]] = {
    "restframe": build_restframe,
    "drf": build_drf,
    "ninja": build_ninja,
    "raw": build_raw,
}


# --------------------------------------------------------------------------------------------
# Django set-up and the request driver.
# --------------------------------------------------------------------------------------------


def configure_django(apps: list[str]) -> None:
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark-not-secret",
        ALLOWED_HOSTS=["testserver"],
        INSTALLED_APPS=DJANGO_APPS + apps,
        MIDDLEWARE=MIDDLEWARE,
        ROOT_URLCONF=URLCONF,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        USE_TZ=True,
        STATIC_URL="static/",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    import django

    django.setup()


def install_urls(views_by_impl: dict[str, Views]) -> None:
    from django.urls import path

    patterns: list[Any] = []
    for impl, views in views_by_impl.items():
        if "__include__" in views:
            patterns.append(path(f"{impl}/", views["__include__"]))
            continue
        seen: set[str] = set()
        for case in CASES:
            view = views.get(case.name)
            if view is not None and case.path not in seen:
                seen.add(case.path)
                patterns.append(path(f"{impl}/{case.path}", view))
    module = types.ModuleType(URLCONF)
    module.urlpatterns = patterns  # type: ignore[attr-defined]
    sys.modules[URLCONF] = module


def supports(impl: str, views: Views, case: Case) -> bool:
    return "__include__" in views or case.name in views


def base_environ(impl: str, case: Case) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": case.method,
        "PATH_INFO": f"/{impl}/{case.path}",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT": "application/json",
        "HTTP_USER_AGENT": "restframe-bench",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(case.body)),
    }
    if case.content_type:
        environ["CONTENT_TYPE"] = case.content_type
    for name, value in case.headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def make_caller(
    handler: Any, environ: dict[str, Any], body: bytes
) -> Callable[[], tuple[str, bytes]]:
    """One WSGI call: fresh environ copy (Django writes into META) and input stream."""
    status_holder: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        status_holder.append(status)

    def call() -> tuple[str, bytes]:
        env = environ.copy()
        env["wsgi.input"] = io.BytesIO(body)
        status_holder.clear()
        response = handler(env, start_response)
        content = b"".join(response)
        response.close()
        return status_holder[0], content

    return call


def measure(calls: dict[str, Callable[[], Any]], iterations: int, repeats: int) -> dict[str, float]:
    """Best requests per second of each implementation over ``repeats`` runs of ``iterations``.

    Implementations take turns within each repeat, so a burst of noise from the machine lands on
    all of them rather than on whichever happened to run at that moment.
    """
    for call in calls.values():
        for _ in range(max(50, iterations // 10)):
            call()
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(repeats):
        for impl, call in calls.items():
            gc.collect()
            start = time.perf_counter()
            for _ in range(iterations):
                call()
            best[impl] = min(best[impl], time.perf_counter() - start)
    return {impl: iterations / seconds for impl, seconds in best.items()}


# --------------------------------------------------------------------------------------------
# Import/setup/memory probes (run in subprocesses, one per framework).
# --------------------------------------------------------------------------------------------


def peak_rss_kb() -> float:
    """This interpreter's peak resident set size.

    Linux's ``ru_maxrss`` survives ``exec`` and so reports the parent's size in a child started
    from a big process; ``VmHWM`` belongs to the new address space.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def probe(impl: str, traced: bool) -> dict[str, float]:
    """Run in a fresh interpreter: configure Django for ``impl``, build its views, serve one
    request. ``impl == "django"`` is the bare baseline (raw views only)."""
    if traced:
        import tracemalloc

        tracemalloc.start()
    start = time.perf_counter()
    configure_django(FRAMEWORK_APPS.get(impl, []))
    views = BUILDERS["raw" if impl == "django" else impl]()
    install_urls({impl: views})
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    setup = time.perf_counter() - start
    success = next(c for c in CASES if c.name == "success")
    call = make_caller(handler, base_environ(impl, success), success.body)
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    result = {
        "setup_s": setup,
        "first_request_s": first,
        "maxrss_kb": peak_rss_kb(),
    }
    if traced:
        import tracemalloc

        result["traced_peak_kb"] = tracemalloc.get_traced_memory()[1] / 1024
    return result


def run_probe(impl: str, traced: bool) -> dict[str, float] | None:
    args = [sys.executable, __file__, "--probe", impl] + (["--traced"] if traced else [])
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        print(f"  probe {impl} failed:\n{proc.stderr.strip()[-2000:]}")
        return None
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def report_footprint(impls: list[str], runs: int) -> None:
    print(
        "\nImport + setup cost over bare Django (fresh interpreter each, best/median of",
        runs,
        "runs)",
    )
    rows: dict[str, dict[str, float]] = {}
    for impl in ["django", *impls]:
        samples = [s for s in (run_probe(impl, traced=False) for _ in range(runs)) if s]
        traced = run_probe(impl, traced=True)
        if not samples or traced is None:
            continue
        rows[impl] = {
            "setup_s": min(s["setup_s"] for s in samples),
            "first_request_s": min(s["first_request_s"] for s in samples),
            "maxrss_kb": statistics.median(s["maxrss_kb"] for s in samples),
            "traced_peak_kb": traced["traced_peak_kb"],
        }
    base = rows.get("django")
    if base is None:
        return
    columns = ("setup ms", 10), ("+ms", 8), ("1st req ms", 11), ("RSS MiB", 9), ("+MiB", 7)
    print(f"  {'':<10}" + "".join(f" {name:>{width}}" for name, width in columns) + " traced +MiB")
    for impl, row in rows.items():
        print(
            f"  {impl:<10} {row['setup_s'] * 1e3:>10.1f}"
            f" {(row['setup_s'] - base['setup_s']) * 1e3:>8.1f}"
            f" {row['first_request_s'] * 1e3:>11.2f} {row['maxrss_kb'] / 1024:>9.1f}"
            f" {(row['maxrss_kb'] - base['maxrss_kb']) / 1024:>7.1f}"
            f" {(row['traced_peak_kb'] - base['traced_peak_kb']) / 1024:>12.2f}"
        )


# --------------------------------------------------------------------------------------------
# Main.
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="300 iterations x 3 repeats")
    parser.add_argument("--cases", help="comma-separated case names (default: all)")
    parser.add_argument("--impls", help=f"comma-separated subset of {','.join(IMPLS)}")
    parser.add_argument("--no-footprint", action="store_true", help="skip the subprocess probes")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.probe:
        print(json.dumps(probe(args.probe, args.traced)))
        return 0
    if args.quick:
        args.iterations, args.repeats = 300, 3

    wanted_impls = args.impls.split(",") if args.impls else list(IMPLS)
    cases = [c for c in CASES if not args.cases or c.name in args.cases.split(",")]

    configure_django(sorted({app for impl in wanted_impls for app in FRAMEWORK_APPS[impl]}))
    views_by_impl: dict[str, Views] = {}
    unavailable: dict[str, str] = {}
    for impl in wanted_impls:
        try:
            views_by_impl[impl] = BUILDERS[impl]()
        except ImportError as exc:
            unavailable[impl] = f"{type(exc).__name__}: {exc}"
    install_urls(views_by_impl)

    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    print(
        f"Python {sys.version.split()[0]}, Django {__import__('django').get_version()};"
        f" best of {args.repeats} x {args.iterations} requests through WSGIHandler"
    )
    for impl, why in unavailable.items():
        print(f"  {impl}: not available ({why})")

    results: dict[tuple[str, str], float] = {}
    errors: list[str] = []
    for case in cases:
        calls: dict[str, Callable[[], tuple[str, bytes]]] = {}
        for impl, views in views_by_impl.items():
            if not supports(impl, views, case):
                continue
            call = make_caller(handler, base_environ(impl, case), case.body)
            # A fast wrong answer is no answer: check the status before timing anything.
            status, content = call()
            expected = case.status_by_impl.get(impl, case.status)
            if status.startswith(f"{expected} "):
                calls[impl] = call
            else:
                errors.append(
                    f"{impl}/{case.name}: got {status} {content[:200]!r}, expected {expected}"
                )
        for impl, rps in measure(calls, args.iterations, args.repeats).items():
            results[(case.name, impl)] = rps

    failed = bool(errors) or "restframe" in unavailable
    header = f"{'case':<20}" + "".join(f"{impl:>11}" for impl in views_by_impl)
    print(
        "\nRequests per second (higher is better)\n"
        + header
        + f"{'rf/raw':>9}{'rf/drf':>9}  verdict"
    )
    for case in cases:
        row = f"{case.name:<20}"
        for impl in views_by_impl:
            value = results.get((case.name, impl))
            row += f"{value:>11,.0f}" if value else f"{'n/a':>11}"
        verdicts = []
        rf = results.get((case.name, "restframe"))
        for other, target, label in (
            ("raw", case.min_vs_raw, "raw"),
            ("drf", case.min_vs_drf, "DRF"),
        ):
            base = results.get((case.name, other))
            ratio = rf / base if rf and base else None
            row += f"{ratio:>9.2f}" if ratio else f"{'-':>9}"
            if target is not None:
                if ratio is None:
                    verdicts.append(f">={target}x{label} ?")
                elif ratio >= target:
                    verdicts.append(f">={target}x{label} PASS")
                else:
                    verdicts.append(f">={target}x{label} FAIL")
                    failed = True
        print(row + "  " + ", ".join(verdicts))
    for error in errors:
        print("  wrong answer:", error)

    if not args.no_footprint:
        report_footprint([i for i in ("restframe", "drf", "ninja") if i in views_by_impl], runs=3)

    if "restframe" not in wanted_impls:
        print("\nOVERALL: n/a (restframe not measured)")
        return 0
    print("\nOVERALL:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
