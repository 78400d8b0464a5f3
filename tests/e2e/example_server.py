"""The example project (``example/``) served for real, as ``make demo`` serves it: a freshly
migrated SQLite file of the test's own (``EXAMPLE_DB``: the demo user and the starting rows, and
nothing written into the checkout), under gunicorn (WSGI) or uvicorn (ASGI)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from tests.plugins.servers import REPO_ROOT

EXAMPLE = REPO_ROOT / "example"


def serve_example(
    kind: str, tmp_path_factory: Any, gunicorn_server: Any, uvicorn_server: Any
) -> Any:
    """A running server (``kind``: "gunicorn" or "uvicorn") of the example on a new database."""
    database = tmp_path_factory.mktemp("example") / "db.sqlite3"
    env = {"EXAMPLE_DB": str(database)}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=EXAMPLE,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "project.settings"},
        check=True,
        timeout=120,
    )
    if kind == "gunicorn":
        return gunicorn_server(
            "project.settings", app="project.wsgi:application", pythonpath=[EXAMPLE], env=env
        )
    return uvicorn_server(
        "project.settings", app="project.asgi:application", pythonpath=[EXAMPLE], env=env
    )
