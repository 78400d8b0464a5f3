"""Model-backed resources on a ``DefaultRouter``, written exactly as with DRF.

``/api/models/`` lists them. Anyone may read; writing needs the demo user (``-u demo:demo``).
Each request in ``manage.py demo_help`` shows one error this path produces: a missing or
malformed id, a unique field, a unique constraint, a relation to nothing, a bad page.
"""

from api.models import Author, Novel
from restframe import filters, permissions, serializers, viewsets
from restframe.decorators import action
from restframe.pagination import PageNumberPagination


class NovelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Novel
        fields = ["id", "title", "author", "isbn", "published"]


class AuthorSerializer(serializers.ModelSerializer):
    novels = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Author
        fields = ["id", "name", "novels"]


class SmallPages(PageNumberPagination):
    page_size = 5
    page_size_query_param = "page_size"
    max_page_size = 50


class AuthorViewSet(viewsets.ModelViewSet):
    queryset = Author.objects.all()
    serializer_class = AuthorSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = SmallPages

    @action(detail=True)
    def novels(self, request, pk=None):
        """This author's novels, paginated like every list."""
        page = self.paginate_queryset(self.get_object().novels.all())
        return self.get_paginated_response(NovelSerializer(page, many=True).data)


class NovelViewSet(viewsets.ModelViewSet):
    queryset = Novel.objects.select_related("author")
    serializer_class = NovelSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = SmallPages
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["title", "author__name"]
    ordering_fields = ["title", "published"]
