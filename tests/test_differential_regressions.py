"""Regressions found by differential fuzzing against DRF 3.18 (requests sent to both stacks).

Each test pins, through the HTTP layer, what DRF answered for a request where restframe differed.
"""

import pytest
from django.urls import path

from restframe.renderers import JSONRenderer, TemplateHTMLRenderer
from restframe.response import Response
from restframe.test import APIClient
from restframe.views import APIView

pytestmark = pytest.mark.urls("tests.test_differential_regressions")

NOT_ACCEPTABLE = b'{"detail":"Could not satisfy the request Accept header."}'


class Echo(APIView):
    """Default renderers: JSON, then the browsable API (format ``api``)."""

    authentication_classes = []
    permission_classes = []

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"ok": True})


class Page(APIView):
    """JSON first, then an HTML template (format ``html``)."""

    authentication_classes = []
    permission_classes = []
    renderer_classes = [JSONRenderer, TemplateHTMLRenderer]
    template_name = "page.html"

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("echo", Echo.as_view()),
    path("page", Page.as_view()),
]


@pytest.mark.parametrize("accept", ["application/*", "application/*;q=0.5, text/csv"])
def test_format_override_with_only_a_wildcard_accept_is_not_acceptable(accept: str) -> None:
    """``?format=api`` keeps only the HTML renderer; ``application/*`` admits none of it.

    The problem-details fallback is for a header that names ``application/problem+json``
    itself: a wildcard that merely covers it does not turn DRF's 406 into the real answer.
    """
    response = APIClient().get("/echo?format=api", HTTP_ACCEPT=accept)
    assert response.status_code == 406
    assert response.content == NOT_ACCEPTABLE
    assert response["Content-Type"] == "application/json"
    assert response["Vary"] == "Accept"
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


def test_format_override_406_comes_before_the_method_check() -> None:
    """The 406 of negotiation is raised before the handler lookup, as in DRF (not a 405)."""
    response = APIClient().put("/echo?format=api", HTTP_ACCEPT="application/*")
    assert response.status_code == 406
    assert response.content == NOT_ACCEPTABLE


def test_html_format_with_application_wildcard_accept_is_not_acceptable() -> None:
    response = APIClient().get("/page?format=html", HTTP_ACCEPT="application/*, ")
    assert response.status_code == 406
    assert response.content == NOT_ACCEPTABLE
    assert response["Content-Type"] == "application/json"
    assert response["Vary"] == "Accept"


def test_a_range_naming_problem_details_still_gets_the_real_answer() -> None:
    """The intended exception stays: ``application/problem+json`` named outright."""
    response = APIClient().get(
        "/echo?format=api", HTTP_ACCEPT="application/*;q=0.9, application/problem+json"
    )
    assert response.status_code == 200
    assert response.content == b'{"ok":true}'
    assert response["Content-Type"] == "application/json"


def test_problem_details_with_zero_weight_do_not_earn_the_fallback() -> None:
    """Boundary of the same rule: a range that refuses problem details names nothing."""
    response = APIClient().get("/echo?format=api", HTTP_ACCEPT="application/problem+json;q=0")
    assert response.status_code == 406
    assert response.content == NOT_ACCEPTABLE
