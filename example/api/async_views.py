"""The same endpoints as ``views``, as ``async def`` handlers.

Under ASGI (``uvicorn project.asgi:application``) they run on the event loop: authentication,
permissions and throttles use their async twins, and errors come back exactly as from the sync
views.
"""

from api.data import BOOKS
from api.exceptions import ServiceUnavailable
from api.permissions import ArchiveIsLocked
from api.serializers import BookSerializer
from restframe import exceptions
from restframe.authentication import BasicAuthentication, SessionAuthentication
from restframe.decorators import api_view, permission_classes
from restframe.permissions import IsAuthenticated
from restframe.response import Response
from restframe.throttling import ScopedRateThrottle
from restframe.views import APIView


class BookList(APIView):
    async def get(self, request):
        return Response(list(BOOKS.values()))

    async def post(self, request):
        serializer = BookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data, status=201)


class BookDetail(APIView):
    async def get(self, request, pk):
        try:
            return Response(BOOKS[pk])
        except KeyError:
            raise exceptions.NotFound(f"Book {pk} does not exist.")


class BasicOnly(APIView):
    authentication_classes = [BasicAuthentication]
    permission_classes = [IsAuthenticated]

    async def get(self, request):
        return Response({"username": request.user.get_username()})


class SessionOnly(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    async def get(self, request):
        return Response({"username": request.user.get_username()})


@api_view(["GET"])
@permission_classes([IsAuthenticated, ArchiveIsLocked])
async def archive(request):
    return Response({"books": []})


class Burst(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "burst-async"

    async def get(self, request):
        return Response({"ok": True})


@api_view(["GET"])
async def maintenance(request):
    raise ServiceUnavailable()


@api_view(["GET"])
async def crash(request):
    raise RuntimeError("the database password is hunter2")  # never reaches the client
