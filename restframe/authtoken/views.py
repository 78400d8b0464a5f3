"""``ObtainAuthToken``: POST a username and password, get the user's token (created once)."""

from __future__ import annotations

from typing import Any

from restframe import parsers, renderers
from restframe.authtoken.models import Token
from restframe.authtoken.serializers import AuthTokenSerializer
from restframe.response import Response
from restframe.views import APIView

__all__ = ["ObtainAuthToken", "obtain_auth_token"]


class ObtainAuthToken(APIView):
    # Exchange credentials for the user's token: ``{"token": "<key>"}``. Open to anyone (no
    # permission or throttle classes, as in DRF); a subclass may add a throttle to slow down
    # password guessing. No docstring: it would become the view's description in OPTIONS
    # responses and the browsable API, where DRF shows none.

    throttle_classes: Any = ()
    permission_classes: Any = ()
    parser_classes: Any = (parsers.FormParser, parsers.MultiPartParser, parsers.JSONParser)
    renderer_classes: Any = (renderers.JSONRenderer,)
    serializer_class: Any = AuthTokenSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {"request": self.request, "format": self.format_kwarg, "view": self}

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["context"] = self.get_serializer_context()
        return self.serializer_class(*args, **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


obtain_auth_token = ObtainAuthToken.as_view()
