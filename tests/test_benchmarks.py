"""``benchmarks/instructions.py``: the child it runs under valgrind serves real requests and
refuses to count a framework that answers wrongly. (Counting itself needs valgrind and minutes,
so it is not run here.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "instructions.py"


def child(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--child", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("not_found", "rf_noauth", "3"),
        ("serializer_invalid", "restframe", "3", "--middleware"),
        ("async_malformed_json", "rf_noauth", "3", "--asgi"),
    ],
)
def test_the_counted_child_serves_the_case(args):
    done = child(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


def test_a_wrong_answer_is_not_counted():
    pytest.importorskip("rest_framework")
    # DRF has no async views: the async route answers 404, and the child says so.
    done = child("async_success", "drf", "3", "--asgi")
    assert done.returncode == 1
    assert "drf/async_success: status 404 Not Found, expected 200" in done.stderr
