from django.contrib.auth.models import User
from django.urls import path
from rest_framework import generics, serializers
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

handler500 = "restframe.defaults.server_error"


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username"]


class Users(generics.ListAPIView):
    queryset = User.objects.order_by("id")
    serializer_class = UserSerializer
    filterset_fields = {"date_joined": ["gte"], "id": ["exact"]}


class AsyncUsers(Users):
    """restframe beyond DRF: an ``async def`` handler; simplejwt's authenticator and
    django-filter's backend are sync and run in a thread."""

    async def get(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)


class Broken(APIView):
    def get(self, request):
        raise RuntimeError("boom")


urlpatterns = [
    path("token/", TokenObtainPairView.as_view()),
    path("token/refresh/", TokenRefreshView.as_view()),
    path("users/", Users.as_view()),
    path("async/users/", AsyncUsers.as_view()),
    path("broken/", Broken.as_view()),
]
