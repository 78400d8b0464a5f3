"""Run Python in a fresh interpreter, for what only a new process shows: import side effects,
settings configured from scratch, a package installed under another name."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(
    code: str, *, env: Mapping[str, str] | None = None, flags: Sequence[str] = ()
) -> str:
    """Run ``code`` (dedented) from the repository root; return its standard output. A non-zero
    exit fails the calling test with the child's standard error."""
    result = subprocess.run(
        [sys.executable, *flags, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
