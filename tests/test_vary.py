"""``Vary`` on APIView responses (issue 10, item 7).

An error body's format is negotiated from ``Accept`` (DRF's JSON, problem details, a 406), so
every error response of an APIView varies on ``Accept`` — even with one renderer, where DRF
sends no ``Vary`` and a shared cache could serve one client's format to another. Successful
responses keep DRF's rule: ``Vary: Accept`` only when the view has more than one renderer.
``Accept-Language`` is added by Django's ``LocaleMiddleware`` when it picked the language from
the request, exactly as for ``restframe.defaults`` and ``APIExceptionMiddleware``.
"""

import pytest
from asgiref.sync import async_to_sync
from django.test import override_settings
from django.utils import translation

from restframe.test import APIClient, AsyncAPIClient

pytestmark = pytest.mark.urls("tests.urls_vary")

PREFIXES = ["json", "async"]
PROBLEM = "application/problem+json"


def get(prefix, kind, **headers):
    if prefix == "async":
        client = AsyncAPIClient(raise_request_exception=False)
        return async_to_sync(client.get)(f"/async/{kind}", **headers)
    return APIClient(raise_request_exception=False).get(f"/{prefix}/{kind}", **headers)


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    ("kind", "status"),
    [("not-found", 404), ("unavailable", 500), ("invalid", 400), ("denied", 403)],
)
@pytest.mark.parametrize("accept", ["application/json", PROBLEM, None])
def test_error_responses_vary_on_accept_with_one_renderer(prefix, kind, status, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = get(prefix, kind, **headers)
    assert response.status_code == status
    assert response["Content-Type"] == (PROBLEM if accept == PROBLEM else "application/json")
    assert response["Vary"] == "Accept"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_method_not_allowed_varies_on_accept(prefix):
    if prefix == "async":
        response = async_to_sync(AsyncAPIClient().delete)("/async/ok")
    else:
        response = APIClient().delete("/json/ok")
    assert response.status_code == 405
    assert response.content == b'{"detail":"Method \\"DELETE\\" not allowed."}'
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert response["Vary"] == "Accept"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_not_acceptable_varies_on_accept(prefix):
    response = get(prefix, "ok", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert response.content == b'{"detail":"Could not satisfy the request Accept header."}'
    assert response["Vary"] == "Accept"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_unsupported_media_type_and_parse_errors_vary_on_accept(prefix):
    if prefix == "async":
        client = AsyncAPIClient()
        bad_type = async_to_sync(client.post)("/async/ok", "x", content_type="text/plain")
        malformed = async_to_sync(client.post)("/async/ok", "{", content_type="application/json")
    else:
        bad_type = APIClient().post("/json/ok", "x", content_type="text/plain")
        malformed = APIClient().post("/json/ok", "{", content_type="application/json")
    assert (bad_type.status_code, bad_type["Vary"]) == (415, "Accept")
    assert (malformed.status_code, malformed["Vary"]) == (400, "Accept")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_success_with_one_renderer_keeps_drfs_headers(prefix):
    response = get(prefix, "ok")
    assert response.status_code == 200
    assert "Vary" not in response
    # A 4xx the view returns itself is its own answer, not a negotiated error: DRF's rule.
    response = get(prefix, "returned-400")
    assert response.status_code == 400
    assert "Vary" not in response


def test_several_renderers_vary_on_accept_for_every_response():
    assert APIClient().get("/default/ok")["Vary"] == "Accept"
    assert APIClient().get("/default/not-found")["Vary"] == "Accept"


def test_a_views_own_vary_keeps_its_fields_and_gains_accept_on_errors():
    assert APIClient().get("/own/ok")["Vary"] == "Accept-Language"
    assert APIClient().get("/own/not-found")["Vary"] == "Accept-Language, Accept"


def test_session_authentication_adds_cookie_after_accept():
    with override_settings(ROOT_URLCONF="tests.urls_views"):
        response = APIClient().get("/sync/not-found")
    assert response.status_code == 404
    assert response["Vary"] == "Accept, Cookie"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_messages_translated_from_accept_language_vary_on_it(settings, prefix):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.locale.LocaleMiddleware"]
    # LocaleMiddleware leaves its language active: restore ours for the tests that follow.
    with translation.override(translation.get_language()):
        response = get(prefix, "not-found", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response.json() == {"detail": "Introuvable."}
    assert response["Vary"] == "Accept, Accept-Language"
