"""The same endpoints as ``views``, as ``async def`` handlers.

Under ASGI (``uvicorn project.asgi:application``) they run on the event loop: authentication,
permissions and throttles use their async twins, and errors come back exactly as from the sync
views.
"""

from api.data import BOOKS, READING_LISTS
from api.exceptions import ServiceUnavailable
from api.permissions import ArchiveIsLocked
from api.serializers import BookSerializer, ReadingListSerializer
from api.views import get_reading_list
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


class ReadingListList(APIView):
    async def get(self, request):
        return Response(ReadingListSerializer(READING_LISTS.values(), many=True).data)

    async def post(self, request):
        serializer = ReadingListSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=201)


class ReadingListDetail(APIView):
    async def get(self, request, pk):
        return Response(ReadingListSerializer(get_reading_list(pk)).data)

    async def put(self, request, pk):
        return self.update(request, pk, partial=False)

    async def patch(self, request, pk):
        return self.update(request, pk, partial=True)

    def update(self, request, pk, partial):
        # Validation is CPU work on data already read: nothing here needs awaiting.
        serializer = ReadingListSerializer(get_reading_list(pk), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)
