"""Plain Django views (no ``APIView``): restframe still answers their errors.

``APIExceptionMiddleware`` turns an ``APIException`` raised here into the same response an
``APIView`` gives. Django's own errors go to the project's ``handler400``/``handler500`` and
``CSRF_FAILURE_VIEW`` (``restframe.defaults``): a browser gets Django's page or the project's
template, an API client JSON.
"""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from api.exceptions import ServiceUnavailable


def maintenance(request):
    """A project ``APIException`` from a plain view: 503 JSON, as from an ``APIView``."""
    raise ServiceUnavailable()


def suspicious(request):
    """``SuspiciousOperation``: 400 ``{"detail":"Bad request."}``; its text is never shown."""
    raise SuspiciousOperation("Tampered signature for user 42 from 10.0.0.7")


def crash(request):
    """An unhandled error: ``500.html`` with the error id for a browser, JSON for a client."""
    raise RuntimeError("the database password is hunter2")  # never reaches the client


@require_POST
def feedback(request):
    """CSRF-protected like any Django form view: a POST without a token is refused (403)."""
    return HttpResponse("Thanks!", content_type="text/plain")
