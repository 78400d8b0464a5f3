"""Views for the browsable API tests: a model viewset on a router, and the login views."""

from django.contrib.auth.models import Group
from django.urls import include, path

from restframe import filters, pagination, permissions, renderers, routers, serializers, viewsets
from restframe.authentication import SessionAuthentication
from tests.models_viewsets import ViewSetNote


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ViewSetNote
        fields = ["id", "title", "body"]


class NoteViewSet(viewsets.ModelViewSet):
    """Notes, <b>kept</b> short."""

    queryset = ViewSetNote.objects.all()
    serializer_class = NoteSerializer
    authentication_classes = [SessionAuthentication]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer]


class AdminNoteViewSet(NoteViewSet):
    renderer_classes = [renderers.AdminRenderer, renderers.JSONRenderer]


class OnePerPage(pagination.PageNumberPagination):
    page_size = 1


class SearchableNoteViewSet(NoteViewSet):
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["title"]
    ordering_fields = ["title"]
    pagination_class = OnePerPage


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name"]


class GroupViewSet(viewsets.ModelViewSet):
    queryset = Group.objects.all()
    serializer_class = GroupSerializer
    authentication_classes = [SessionAuthentication]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]


router = routers.DefaultRouter()
router.register("notes", NoteViewSet)
router.register("groups", GroupViewSet)
router.register("searchable", SearchableNoteViewSet, basename="searchable")
admin_router = routers.SimpleRouter()
admin_router.register("notes", AdminNoteViewSet, basename="admin-note")

urlpatterns = [
    path("", include(router.urls)),
    path("admin/", include(admin_router.urls)),
    path("api-auth/", include("restframe.urls")),
]
