"""A model viewset (``django.contrib.auth``'s ``Group``) on a router, and the login views."""

from django.contrib.auth.models import Group
from django.urls import include, path

from restframe import routers, serializers, viewsets


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name"]


class GroupViewSet(viewsets.ModelViewSet):
    queryset = Group.objects.order_by("id")
    serializer_class = GroupSerializer


router = routers.DefaultRouter()
router.register("groups", GroupViewSet)

urlpatterns = [
    path("api/", include(router.urls)),
    path("api-auth/", include("restframe.urls")),
]
