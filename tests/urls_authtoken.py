"""URLs for tests/test_authtoken.py: DRF's token endpoint and views guarded by a token."""

from __future__ import annotations

from typing import Any

from django.urls import path

from restframe.authentication import TokenAuthentication
from restframe.authtoken.views import ObtainAuthToken, obtain_auth_token
from restframe.permissions import IsAuthenticated
from restframe.response import Response
from restframe.views import APIView


class WhoAmI(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request: Any) -> Response:
        return Response({"user": request.user.username, "token": request.auth.key})


class AsyncWhoAmI(WhoAmI):
    async def get(self, request: Any) -> Response:  # type: ignore[override]
        return Response({"user": request.user.username, "token": request.auth.key})


class BearerAuthentication(TokenAuthentication):
    keyword = "Bearer"


class BearerWhoAmI(WhoAmI):
    authentication_classes = [BearerAuthentication]


class CustomObtain(ObtainAuthToken):
    def post(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"user": serializer.validated_data["user"].username})


urlpatterns = [
    path("api-token-auth/", obtain_auth_token),
    path("custom-token-auth/", CustomObtain.as_view()),
    path("me/", WhoAmI.as_view()),
    path("async-me/", AsyncWhoAmI.as_view()),
    path("bearer-me/", BearerWhoAmI.as_view()),
]
