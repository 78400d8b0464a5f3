"""Run third-party DRF packages' own test suites on restframe (``make compat``).

For each package in ``PACKAGES``: download its pinned sdist (``pip download --no-binary``),
unpack it under ``.venv-compat/src/``, and run its tests, unchanged, with pytest and the ``shim``
plugin, which calls ``restframe.install_as_rest_framework()`` before anything imports
``rest_framework``. Prints ``passed/selected`` per package and every failing test with a
one-line reason; exits 1 when a test fails that ``known_failures.py`` does not list, or a listed
one passes (skips are the packages' own, and only reported). Run it with the ``.venv-compat``
interpreter (the Makefile does): that environment has restframe and the packages, and no
djangorestframework.

Usage: ``python compat/run.py [package ...] [-- extra pytest args]``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = ROOT / ".venv-compat"
sys.path.insert(0, str(HERE))

from known_failures import KNOWN_FAILURES  # noqa: E402


@dataclass(frozen=True)
class Package:
    """One package under test: its PyPI name and version, and how its own CI runs its tests."""

    name: str
    version: str
    sdist_prefix: str | None  # the sdist's file and top directory name; None: compat/project
    tests: tuple[str, ...]  # pytest arguments selecting the tests, relative to the sdist
    options: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    # Paths deleted from the unpacked sdist before its tests run (the package's own code, when
    # restframe must answer for it).
    remove: tuple[str, ...] = ()


PACKAGES = (
    # DRF's own test suite, unchanged, on restframe: the sdist's tests/ and its pytest
    # configuration (pyproject.toml: --no-migrations, strict markers), with DRF's own package
    # and metadata deleted so that only restframe can answer ``import rest_framework``.
    Package(
        "djangorestframework",
        "3.18.3",
        "djangorestframework-3.18.3",
        ("tests",),
        options=(
            "-o",
            "addopts=--no-migrations --strict-markers",
            "--continue-on-collection-errors",
        ),
        remove=("rest_framework", "djangorestframework.egg-info"),
    ),
    # Its DRF integration tests; upstream runs them with Django's runner and tests.settings
    # (runtests.py), here pytest-django runs the same unittest cases with the same settings.
    Package(
        "django-filter",
        "26.2",
        "django_filter-26.2",
        ("tests/rest_framework",),
        options=("-c", str(HERE / "no-config.ini"), "--ds=tests.settings"),
    ),
    # The rest of its suite (no DRF in it, but it runs with "rest_framework", i.e. restframe,
    # installed): the alias must not disturb a package's non-DRF side.
    Package(
        "django-filter-other",
        "26.2",
        "django_filter-26.2",
        ("tests", "--ignore=tests/rest_framework"),
        options=("-c", str(HERE / "no-config.ini"), "--ds=tests.settings"),
    ),
    # The whole suite; upstream's pytest.ini and tests/conftest.py (settings.configure) apply.
    Package(
        "djangorestframework-simplejwt",
        "5.5.1",
        "djangorestframework_simplejwt-5.5.1",
        ("tests",),
        # Upstream's addopts add -v, --showlocals and --durations: noise in this report.
        options=("-o", "addopts="),
    ),
    # Its whole suite but tests/contrib (which tests a dozen other third-party packages'
    # integrations); conftest.py configures the settings. Its own code runs from the sdist.
    Package(
        "drf-spectacular",
        "0.30.0",
        "drf_spectacular-0.30.0",
        ("tests", "--ignore=tests/contrib"),
        options=("-c", str(HERE / "no-config.ini")),
    ),
    # Its tests/contrib: schemas of views from other DRF packages (dj-rest-auth, knox,
    # simplejwt, django-filter, camel-case, nested routers, dataclasses, polymorphic, oauth
    # toolkit...), each running on restframe too.
    Package(
        "drf-spectacular-contrib",
        "0.30.0",
        "drf_spectacular-0.30.0",
        ("tests/contrib",),
        options=("-c", str(HERE / "no-config.ini")),
    ),
    # Ours: a project using both packages gets DRF's bodies byte for byte, and restframe's
    # problem details and error ids for the packages' errors (compat/project/).
    Package(
        "error-bodies",
        "",
        None,
        ("test_error_bodies.py",),
        options=("-c", str(HERE / "no-config.ini"), "--ds=compat_settings"),
    ),
)


def sdist(package: Package) -> Path:
    """The unpacked sdist of ``package`` (downloaded and unpacked once)."""
    if package.sdist_prefix is None:
        return HERE / "project"
    src = WORK / "src" / package.sdist_prefix
    if src.is_dir():
        return src
    downloads = WORK / "sdists"
    downloads.mkdir(parents=True, exist_ok=True)
    archives = sorted(downloads.glob(package.sdist_prefix + ".tar.gz"))
    if not archives:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                str(downloads),
                f"{package.name}=={package.version}",
            ],
            check=True,
        )
        archives = sorted(downloads.glob(package.sdist_prefix + ".tar.gz"))
    if not archives:
        raise SystemExit(f"compat: no sdist {package.sdist_prefix}.tar.gz in {downloads}")
    (WORK / "src").mkdir(exist_ok=True)
    with tarfile.open(archives[0]) as archive:
        archive.extractall(WORK / "src", filter="data")
    if not src.is_dir():
        raise SystemExit(f"compat: {archives[0]} did not unpack to {src}")
    for name in package.remove:
        shutil.rmtree(src / name)
    return src


def run(package: Package, extra: list[str]) -> tuple[bool, str]:
    """Run ``package``'s tests; return whether they went as expected and a printable report."""
    src = sdist(package)
    results = WORK / "results" / f"{package.name}.json"
    results.parent.mkdir(exist_ok=True)
    results.unlink(missing_ok=True)
    log = WORK / "results" / f"{package.name}.log"
    env = dict(os.environ)
    env.update(package.env)
    env["COMPAT_RESULTS"] = str(results)
    # The shim first, then the sdist (its tests import the package's test modules by name).
    # Bytecode stays out of compat/project and the sdists.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(src)])
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "shim",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--rootdir={src}",
        *package.options,
        *package.tests,
        *extra,
    ]
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run(command, cwd=src, env=env, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    where = " ".join(package.tests)
    if package.sdist_prefix is None:
        title = f"{package.name} (compat/project/{where})"
    else:
        title = f"{package.name} {package.version} ({where})"
    if not results.exists():
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        return False, f"{title}: pytest exited {code.returncode} before reporting\n{tail}"
    data = json.loads(results.read_text(encoding="utf-8"))
    selected: list[str] = data["selected"]
    outcomes: dict[str, dict[str, str]] = data["outcomes"]
    failed = {k: v["reason"] for k, v in outcomes.items() if v["outcome"] == "failed"}
    skipped = {k: v["reason"] for k, v in outcomes.items() if v["outcome"] == "skipped"}
    xfailed = {k: v["reason"] for k, v in outcomes.items() if v["outcome"] == "xfailed"}
    passed = len(selected) - len(failed) - len(skipped) - len(xfailed)
    known = KNOWN_FAILURES.get(package.name, {})

    lines = [f"{title}: {passed}/{len(selected)} passed in {seconds:.1f}s"]
    if skipped:
        lines[0] += f", {len(skipped)} skipped"
    if xfailed:
        lines[0] += f", {len(xfailed)} xfailed (as upstream)"
    ok = bool(selected) and code.returncode in (0, 1)
    if not selected:
        lines.append("  no test selected")
    for nodeid, reason in sorted(failed.items()):
        if nodeid in known:
            lines.append(f"  known failure  {nodeid}: {known[nodeid]}")
        else:
            ok = False
            lines.append(f"  FAILED  {nodeid}: {reason}")
    for nodeid in sorted(known):
        if nodeid not in failed:
            ok = False
            state = "passes" if nodeid in selected else "was not selected"
            lines.append(f"  STALE known failure {nodeid} {state}: remove it from known_failures")
    # Skips are the package's own (a Django version, a "todo"): they skip on DRF too. Every
    # optional test dependency upstream's CI installs is installed, so none is for lack of one.
    reasons = Counter(skipped.values())
    for reason, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  skipped by the package ({count}): {reason}")
    if code.returncode not in (0, 1):
        lines.append(f"  pytest exited {code.returncode}; see {log.relative_to(ROOT)}")
    if not ok:
        lines.append(f"  full output: {log.relative_to(ROOT)}")
    return ok, "\n".join(lines)


def main(argv: list[str]) -> int:
    extra: list[str] = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    chosen = [p for p in PACKAGES if not argv or p.name in argv]
    unknown = set(argv) - {p.name for p in PACKAGES}
    if unknown:
        print(f"compat: unknown package(s) {sorted(unknown)}", file=sys.stderr)
        return 2
    all_ok = True
    for package in chosen:
        ok, report = run(package, extra)
        print(report, flush=True)
        all_ok = all_ok and ok
    print("compat: OK" if all_ok else "compat: FAILED (unexpected results above)")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
