"""Sync views, written exactly as with DRF (only the imports say ``restframe``).

Each endpoint shows one kind of error; ``async_views`` has the same endpoints as ``async def``.
"""

from django.urls import reverse

from api.data import BOOKS, READING_LISTS
from api.exceptions import ServiceUnavailable
from api.permissions import ArchiveIsLocked
from api.serializers import BookSerializer, ReadingListSerializer
from restframe import exceptions
from restframe.authentication import BasicAuthentication, SessionAuthentication
from restframe.decorators import api_view, permission_classes
from restframe.permissions import IsAuthenticated
from restframe.response import Response
from restframe.throttling import ScopedRateThrottle
from restframe.views import APIView


class BookList(APIView):
    """GET lists books; POST validates one (400 on bad input, 400 on malformed JSON, 415 on a
    non-JSON body); any other method is a 405 with ``Allow``."""

    def get(self, request):
        return Response(list(BOOKS.values()))

    def post(self, request):
        serializer = BookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data, status=201)


class BookDetail(APIView):
    """404 for unknown ids; 406 when the client accepts nothing we render (``Accept: text/csv``)."""

    def get(self, request, pk):
        try:
            return Response(BOOKS[pk])
        except KeyError:
            raise exceptions.NotFound(f"Book {pk} does not exist.")


class BasicOnly(APIView):
    """401 with ``WWW-Authenticate: Basic realm="api"`` until you send credentials."""

    authentication_classes = [BasicAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"username": request.user.get_username()})


class SessionOnly(APIView):
    """Session auth sends no challenge, so DRF (and restframe) answer 403, not 401."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"username": request.user.get_username()})


@api_view(["GET"])
@permission_classes([IsAuthenticated, ArchiveIsLocked])
def archive(request):
    """Authenticated users still get 403: the permission's ``message`` becomes the detail."""
    return Response({"books": []})


class Burst(APIView):
    """Three requests a minute; the fourth gets 429 with ``Retry-After``."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "burst"

    def get(self, request):
        return Response({"ok": True})


@api_view(["GET"])
def maintenance(request):
    """A project-defined 503."""
    raise ServiceUnavailable()


@api_view(["GET"])
def crash(request):
    """An unhandled error: a generic JSON 500 with an ``error_id``, the traceback in the log."""
    raise RuntimeError("the database password is hunter2")  # never reaches the client


class ReadingListList(APIView):
    """GET lists reading lists; POST creates one. Bad input answers 400 with errors shaped like
    the input: per field, nested (``owner.email``), per list item (``entries[1].isbn``), and
    non-field (``non_field_errors``, also inside an item)."""

    def get(self, request):
        return Response(ReadingListSerializer(READING_LISTS.values(), many=True).data)

    def post(self, request):
        serializer = ReadingListSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=201)


def get_reading_list(pk):
    try:
        return READING_LISTS[pk]
    except KeyError:
        raise exceptions.NotFound(f"Reading list {pk} does not exist.")


class ReadingListDetail(APIView):
    """GET one list; PUT replaces it (every field required), PATCH changes the fields sent."""

    def get(self, request, pk):
        return Response(ReadingListSerializer(get_reading_list(pk)).data)

    def put(self, request, pk):
        return self.update(request, pk, partial=False)

    def patch(self, request, pk):
        return self.update(request, pk, partial=True)

    def update(self, request, pk, partial):
        serializer = ReadingListSerializer(get_reading_list(pk), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


ENDPOINTS = [
    ("books", "book-list", {}),
    ("book", "book-detail", {"pk": 1}),
    ("basic_auth", "basic", {}),
    ("session_auth", "session", {}),
    ("permission_denied", "archive", {}),
    ("throttled", "burst", {}),
    ("service_unavailable", "maintenance", {}),
    ("server_error", "crash", {}),
    ("reading_lists", "reading-list-list", {}),
    ("reading_list", "reading-list-detail", {"pk": 1}),
]

# Plain Django views (no APIView), under /api/plain/: errors still come back negotiated.
PLAIN_ENDPOINTS = [
    ("service_unavailable", "maintenance"),
    ("bad_request", "suspicious"),
    ("server_error", "crash"),
    ("csrf_failure", "feedback"),
]


@api_view(["GET"])
def index(request):
    """``GET /api/``: every endpoint, sync and async, the plain Django views and the router."""
    index = {
        flavour: {
            key: request.build_absolute_uri(reverse(f"{flavour}:{name}", kwargs=kwargs))
            for key, name, kwargs in ENDPOINTS
        }
        for flavour in ("sync", "async")
    }
    index["plain"] = {
        key: request.build_absolute_uri(reverse(f"plain:{name}")) for key, name in PLAIN_ENDPOINTS
    }
    # The DefaultRouter's own root lists the model-backed resources.
    index["models"] = request.build_absolute_uri(reverse("api-root"))
    return Response(index)
