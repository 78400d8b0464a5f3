"""pytest plugin (``-p shim``) that runs a third-party package's own tests on restframe.

Importing it, which pytest does while reading its command line (before any conftest, settings
module or test module is imported), calls ``restframe.install_as_rest_framework()``: every
``import rest_framework...`` in the package and its tests then gets restframe's modules. It
refuses to run where real Django REST framework is installed, so a pass can only be
restframe's.

With ``COMPAT_RESULTS`` set to a path, it writes there one JSON object: the selected test ids,
and each failed, errored or skipped test with a one-line reason (``compat/run.py`` reads it).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
from typing import Any

import restframe

try:
    importlib.metadata.distribution("djangorestframework")
except importlib.metadata.PackageNotFoundError:
    pass
else:  # pragma: no cover - a misbuilt environment
    raise SystemExit("compat: real djangorestframework is installed here; restframe is not tested")

restframe.install_as_rest_framework()

import rest_framework  # noqa: E402  (after the alias, on purpose)

assert rest_framework is restframe, rest_framework

_selected: list[str] = []
_outcomes: dict[str, dict[str, str]] = {}  # nodeid -> {"outcome": ..., "reason": ...}
_RANK = {"xfailed": 1, "skipped": 2, "failed": 3}


def pytest_report_header() -> str:
    return f"compat: rest_framework is restframe {restframe.__file__}"


def pytest_collection_finish(session: Any) -> None:
    _selected.extend(item.nodeid for item in session.items)


def _record(nodeid: str, outcome: str, reason: str) -> None:
    seen = _outcomes.get(nodeid)
    if seen is None or _RANK[outcome] > _RANK[seen["outcome"]]:
        _outcomes[nodeid] = {"outcome": outcome, "reason": reason}


def _one_line(report: Any) -> str:
    if report.skipped and isinstance(report.longrepr, tuple):
        text = str(report.longrepr[2]).removeprefix("Skipped: ")
    else:
        crash = getattr(report.longrepr, "reprcrash", None)
        text = crash.message if crash is not None else str(report.longrepr)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    line = lines[0] if lines else "(no message)"
    return line if len(line) <= 200 else line[:197] + "..."


def pytest_collectreport(report: Any) -> None:
    if report.failed:
        _selected.append(report.nodeid)
        _record(report.nodeid, "failed", "collection error: " + _one_line(report))


def pytest_runtest_logreport(report: Any) -> None:
    if report.failed:
        # An xfail that passed under xfail_strict fails too; its reason says so.
        _record(report.nodeid, "failed", _one_line(report))
    elif report.skipped and hasattr(report, "wasxfail"):
        _record(report.nodeid, "xfailed", "expected failure upstream: " + str(report.wasxfail))
    elif report.skipped:
        _record(report.nodeid, "skipped", _one_line(report))


def pytest_sessionfinish(session: Any) -> None:
    path = os.environ.get("COMPAT_RESULTS")
    if not path:
        return
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"selected": _selected, "outcomes": _outcomes}, out, indent=1)
