"""DRF's own tutorial app (final state: "snippets") switched to restframe by a rename.

``tests/tutorial/site`` is the tutorial project as DRF's tutorial leaves it, written for DRF. The
test copies it twice — as it is, and with ``rest_framework`` renamed to ``restframe`` and nothing
else changed — migrates each copy into its own SQLite file, serves both for real, sends both the
same requests a tutorial reader sends (browsing, creating with basic auth, the errors along the
way) and compares what comes back: status, the headers a client acts on, and the body bytes (with
each server's address replaced by ``http://testserver``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e

SITE = Path(__file__).resolve().parents[1] / "tutorial" / "site"
COMPARED_HEADERS = ("content-type", "allow", "location", "www-authenticate")
ADMIN = ("admin", "admin-password")
TOM = ("tom", "tom-password")


def _prepare(root: Path, flavour: str) -> dict[str, str]:
    """Copy the tutorial into ``root``, renamed for restframe if asked; migrate; add two users."""
    shutil.copytree(SITE, root)
    if flavour == "restframe":
        for path in root.rglob("*.py"):
            text = path.read_text()
            path.write_text(text.replace("rest_framework", "restframe"))
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tutorial.settings",
        PYTHONPATH=str(root),
        TUTORIAL_DB=str(root / "db.sqlite3"),
    )
    users = (
        "from django.contrib.auth.models import User;"
        f"User.objects.create_superuser('{ADMIN[0]}', 'admin@example.com', '{ADMIN[1]}');"
        f"User.objects.create_user('{TOM[0]}', 'tom@example.com', '{TOM[1]}')"
    )
    for args in (
        ["makemigrations", "snippets", "-v", "0"],
        ["migrate", "-v", "0"],
        ["shell", "-c", users],
    ):
        subprocess.run(
            [sys.executable, "-m", "django", *args], cwd=root, env=env, check=True, timeout=120
        )
    return {"TUTORIAL_DB": env["TUTORIAL_DB"]}


def _scenario(base: str) -> list[tuple[str, int, dict[str, str], bytes]]:
    """What a tutorial reader does, step by step; each step's answer, normalised."""
    steps: list[tuple[str, str, str, dict]] = [
        ("api root", "GET", "/", {}),
        ("empty list", "GET", "/snippets/", {}),
        ("create anonymously", "POST", "/snippets/", {"json": {"code": "print(1)"}}),
        (
            "create",
            "POST",
            "/snippets/",
            {"json": {"title": "foo", "code": 'foo = "bar"\n'}, "auth": ADMIN},
        ),
        (
            "create with line numbers",
            "POST",
            "/snippets/",
            {"json": {"code": 'print("hello, world")\n', "linenos": True}, "auth": ADMIN},
        ),
        (
            "create invalid",
            "POST",
            "/snippets/",
            {
                "json": {"title": "x" * 101, "linenos": "maybe", "language": "klingon"},
                "auth": ADMIN,
            },
        ),
        (
            "create malformed JSON",
            "POST",
            "/snippets/",
            {
                "content": b'{"code": ',
                "headers": {"Content-Type": "application/json"},
                "auth": ADMIN,
            },
        ),
        (
            "create with a form",
            "POST",
            "/snippets/",
            {"data": {"code": "x = 1", "style": "monokai"}, "auth": TOM},
        ),
        ("list", "GET", "/snippets/", {}),
        ("detail", "GET", "/snippets/1/", {}),
        ("detail as .json", "GET", "/snippets/1.json", {}),
        ("detail ?format=json", "GET", "/snippets/1/?format=json", {}),
        ("unknown format", "GET", "/snippets/1/?format=xml", {}),
        ("highlight", "GET", "/snippets/1/highlight/", {"headers": {"Accept": "text/html"}}),
        ("highlight as JSON", "GET", "/snippets/1/highlight/", {}),
        ("missing snippet", "GET", "/snippets/999/", {}),
        ("non-numeric pk", "GET", "/snippets/abc/", {}),
        ("huge pk", "GET", "/snippets/99999999999999999999/", {}),
        ("missing highlight", "GET", "/snippets/999/highlight/", {}),
        (
            "update by another user",
            "PUT",
            "/snippets/1/",
            {"json": {"code": "hijacked"}, "auth": TOM},
        ),
        (
            "update with a wrong password",
            "PUT",
            "/snippets/1/",
            {"json": {"code": "x"}, "auth": ("admin", "wrong")},
        ),
        (
            "partial update by the owner",
            "PATCH",
            "/snippets/1/",
            {"json": {"title": "renamed", "style": "emacs"}, "auth": ADMIN},
        ),
        (
            "partial update invalid",
            "PATCH",
            "/snippets/1/",
            {"json": {"style": "no-such-style"}, "auth": ADMIN},
        ),
        ("users", "GET", "/users/", {}),
        ("user", "GET", "/users/1/", {}),
        ("missing user", "GET", "/users/99/", {}),
        ("create user (read-only viewset)", "POST", "/users/", {"json": {}, "auth": ADMIN}),
        ("delete user (read-only viewset)", "DELETE", "/users/1/", {"auth": ADMIN}),
        ("page 2 of 1", "GET", "/snippets/?page=2", {}),
        ("page 0", "GET", "/snippets/?page=0", {}),
        ("page abc", "GET", "/snippets/?page=abc", {}),
        ("last page", "GET", "/snippets/?page=last", {}),
        ("options list", "OPTIONS", "/snippets/", {"auth": ADMIN}),
        ("options detail", "OPTIONS", "/snippets/1/", {"auth": ADMIN}),
        ("delete by another user", "DELETE", "/snippets/1/", {"auth": TOM}),
        ("delete anonymously", "DELETE", "/snippets/1/", {}),
        ("delete", "DELETE", "/snippets/2/", {"auth": ADMIN}),
        ("deleted", "GET", "/snippets/2/", {}),
        (
            "unsupported media type",
            "POST",
            "/snippets/",
            {
                "content": b"code",
                "headers": {"Content-Type": "text/plain"},
                "auth": ADMIN,
            },
        ),
        ("not acceptable", "GET", "/snippets/", {"headers": {"Accept": "application/xml"}}),
    ]
    # Enough snippets for a second page: next/previous links.
    steps += [
        (f"bulk create {n}", "POST", "/snippets/", {"json": {"code": f"n = {n}"}, "auth": TOM})
        for n in range(11)
    ]
    steps += [
        ("page 1 of 2", "GET", "/snippets/", {}),
        ("page 2 of 2", "GET", "/snippets/?page=2", {}),
        ("user with snippets", "GET", "/users/2/", {}),
    ]
    answers = []
    with httpx.Client(base_url=base, timeout=30) as http:
        for label, method, path, kwargs in steps:
            kwargs = dict(kwargs)
            headers = {"Accept": "application/json", **kwargs.pop("headers", {})}
            response = http.request(method, path, headers=headers, **kwargs)
            kept = {
                name: response.headers[name].replace(base, "http://testserver")
                for name in COMPARED_HEADERS
                if name in response.headers
            }
            body = response.content.replace(base.encode(), b"http://testserver")
            answers.append((label, response.status_code, kept, body))
    return answers


@pytest.fixture(scope="module")
def drf_answers(tmp_path_factory, gunicorn_server):
    pytest.importorskip("rest_framework")
    root = tmp_path_factory.mktemp("drf") / "site"
    env = _prepare(root, "drf")
    server = gunicorn_server(
        "tutorial.settings", app="tutorial.wsgi:application", pythonpath=[root], env=env
    )
    try:
        return _scenario(server.url)
    finally:
        server.stop()


@pytest.fixture(scope="module", params=["gunicorn", "uvicorn"])
def restframe_answers(request, tmp_path_factory, gunicorn_server, uvicorn_server):
    root = tmp_path_factory.mktemp(f"restframe-{request.param}") / "site"
    env = _prepare(root, "restframe")
    factory = gunicorn_server if request.param == "gunicorn" else uvicorn_server
    app = (
        "tutorial.wsgi:application" if request.param == "gunicorn" else "tutorial.asgi:application"
    )
    server = factory("tutorial.settings", app=app, pythonpath=[root], env=env)
    try:
        return _scenario(server.url)
    finally:
        server.stop()


def test_the_renamed_tutorial_answers_every_step_as_drf_does(drf_answers, restframe_answers):
    assert [a[0] for a in restframe_answers] == [a[0] for a in drf_answers]
    for ours, theirs in zip(restframe_answers, drf_answers):
        label = ours[0]
        assert ours[1] == theirs[1], (
            f"{label}: status {ours[1]} != DRF's {theirs[1]}\n{ours[3]!r}\n{theirs[3]!r}"
        )
        assert ours[2] == theirs[2], f"{label}: headers differ"
        assert ours[3] == theirs[3], (
            f"{label}: body differs\nrestframe: {ours[3]!r}\nDRF:       {theirs[3]!r}"
        )


def test_the_tutorial_bodies_are_the_documented_ones(restframe_answers):
    answers = {label: (status, headers, body) for label, status, headers, body in restframe_answers}
    assert answers["api root"][0] == 200
    assert answers["api root"][2] == (
        b'{"snippets":"http://testserver/snippets/","users":"http://testserver/users/"}'
    )
    assert answers["empty list"][2] == b'{"count":0,"next":null,"previous":null,"results":[]}'
    assert answers["create anonymously"][:3:2] == (
        403,
        b'{"detail":"Authentication credentials were not provided."}',
    )
    status, headers, body = answers["create"]
    assert status == 201
    assert headers["location"] == "http://testserver/snippets/1/"
    assert json.loads(body) == {
        "url": "http://testserver/snippets/1/",
        "id": 1,
        "highlight": "http://testserver/snippets/1/highlight/",
        "owner": "admin",
        "title": "foo",
        "code": 'foo = "bar"',
        "linenos": False,
        "language": "python",
        "style": "friendly",
    }
    assert answers["missing snippet"][:3:2] == (
        404,
        b'{"detail":"No Snippet matches the given query."}',
    )
    assert answers["non-numeric pk"][:3:2] == (404, b'{"detail":"Not found."}')
    assert answers["update by another user"][:3:2] == (
        403,
        b'{"detail":"You do not have permission to perform this action."}',
    )
    assert answers["page 0"][:3:2] == (404, b'{"detail":"Invalid page."}')
    assert answers["create user (read-only viewset)"][0] == 405
    assert answers["create user (read-only viewset)"][1]["allow"] == "GET, HEAD, OPTIONS"
    assert answers["highlight"][1]["content-type"] == "text/html; charset=utf-8"
    assert answers["highlight"][2].startswith(b"<!DOCTYPE html")
