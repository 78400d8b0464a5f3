"""The example project's model-backed resources (``/api/models/``), served for real.

Each request is one of ``manage.py demo_help``'s "Models on a router" commands: the test migrates a
fresh SQLite file (with the example's two starting rows), serves the project under gunicorn and
uvicorn, and checks what each command promises, body byte for byte.
"""

import base64

import httpx
import pytest

from tests.e2e.example_server import serve_example

pytestmark = pytest.mark.e2e

JSON = {"Accept": "application/json"}
AUTH = {"Authorization": "Basic " + base64.b64encode(b"demo:demo").decode(), **JSON}


@pytest.fixture(scope="module", params=["gunicorn", "uvicorn"])
def base(request, tmp_path_factory, gunicorn_server, uvicorn_server):
    server = serve_example(request.param, tmp_path_factory, gunicorn_server, uvicorn_server)
    yield server.url
    server.stop()


def test_models_on_a_router_answer_as_demo_help_shows(base):
    with httpx.Client(base_url=base, timeout=10) as http:

        def ask(method, path, headers=JSON, json=None):
            response = http.request(method, path, headers=headers, json=json)
            return response.status_code, response.content.replace(base.encode(), b"http://x")

        assert ask("GET", "/api/models/") == (
            200,
            b'{"authors":"http://x/api/models/authors/","novels":"http://x/api/models/novels/"}',
        )
        novel = (
            b'{"id":1,"title":"The Dispossessed","author":1,"isbn":"9780061054884",'
            b'"published":"1974-05-01"}'
        )
        page = b'{"count":1,"next":null,"previous":null,"results":[' + novel + b"]}"
        assert ask("GET", "/api/models/novels/") == (200, page)
        assert ask("GET", "/api/models/novels/999/") == (
            404,
            b'{"detail":"No Novel matches the given query."}',
        )
        assert ask("GET", "/api/models/novels/abc/") == (404, b'{"detail":"Not found."}')
        assert ask("GET", "/api/models/novels/?page=9") == (404, b'{"detail":"Invalid page."}')
        assert ask("GET", "/api/models/novels/?ordering=isbn&search=dispossessed") == (200, page)
        assert ask("POST", "/api/models/authors/", json={"name": "Ada"}) == (
            403,
            b'{"detail":"Authentication credentials were not provided."}',
        )
        assert ask("POST", "/api/models/authors/", AUTH, {"name": "Ursula K. Le Guin"}) == (
            400,
            b'{"name":["author with this name already exists."]}',
        )
        bad = {"title": "Lathe", "author": 99, "isbn": "9780061054884", "published": "1971"}
        assert ask("POST", "/api/models/novels/", AUTH, bad) == (
            400,
            b'{"author":["Invalid pk \\"99\\" - object does not exist."],'
            b'"isbn":["novel with this ISBN already exists."],'
            b'"published":["Date has wrong format. Use one of these formats instead: '
            b'YYYY-MM-DD."]}',
        )
        wrong_type = {**bad, "author": [1], "isbn": "9780000000001", "published": "1971-03-01"}
        assert ask("POST", "/api/models/novels/", AUTH, wrong_type) == (
            400,
            b'{"author":["Incorrect type. Expected pk value, received list."]}',
        )
        same_title = {
            "title": "The Dispossessed",
            "author": 1,
            "isbn": "9780000000002",
            "published": "1974-05-01",
        }
        assert ask("POST", "/api/models/novels/", AUTH, same_title) == (
            400,
            b'{"non_field_errors":["This author already has a novel with this title."]}',
        )
        # None of the refused writes left a row behind.
        assert ask("GET", "/api/models/novels/") == (200, page)
        created = {**same_title, "title": "The Lathe of Heaven", "isbn": "9780000000003"}
        status, body = ask("POST", "/api/models/novels/", AUTH, created)
        assert (status, body) == (
            201,
            b'{"id":2,"title":"The Lathe of Heaven","author":1,"isbn":"9780000000003",'
            b'"published":"1974-05-01"}',
        )
        status, body = ask("GET", "/api/models/authors/1/novels/")
        assert status == 200
        assert body.startswith(b'{"count":2,"next":null,"previous":null,"results":[' + novel)
