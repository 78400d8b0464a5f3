"""Views for the pagination and filter tests: list views over ``PageItem``, sync and async."""

from django.urls import path

from restframe import filters, generics, pagination, serializers
from tests.models_pagination import PageEvent, PageItem


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField()
    created = serializers.IntegerField()


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)


class Pages(pagination.PageNumberPagination):
    page_size = 2
    page_size_query_param = "page_size"
    max_page_size = 3


class Limits(pagination.LimitOffsetPagination):
    default_limit = 2
    max_limit = 4


class Cursors(pagination.CursorPagination):
    page_size = 2
    page_size_query_param = "page_size"
    max_page_size = 3


class IdCursors(pagination.CursorPagination):
    page_size = 2
    ordering = "id"


class ItemList(generics.ListAPIView):
    queryset = PageItem.objects.all()
    serializer_class = ItemSerializer


class PagedItems(ItemList):
    pagination_class = Pages


class LimitedItems(ItemList):
    pagination_class = Limits


class CursorItems(ItemList):
    pagination_class = Cursors


class IdCursorItems(ItemList):
    pagination_class = IdCursors


class EventCursors(generics.ListAPIView):
    queryset = PageEvent.objects.all()
    serializer_class = EventSerializer
    pagination_class = Cursors


class SearchItems(ItemList):
    filter_backends = [filters.SearchFilter]
    search_fields = ["name", "=password"]


class PrefixSearchItems(ItemList):
    """One view per prefix, chosen by the URL's ``field`` keyword."""

    filter_backends = [filters.SearchFilter]

    @property
    def search_fields(self):
        return [self.kwargs["field"]]


class TagSearchItems(ItemList):
    filter_backends = [filters.SearchFilter]
    search_fields = ["tags__label"]


class OrderedItems(ItemList):
    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["name", "created"]
    ordering = ["-created", "id"]


class SerializerOrderedItems(ItemList):
    """No ``ordering_fields``: the serializer's fields are the allowed ones."""

    filter_backends = [filters.OrderingFilter]


class SearchedOrderedPages(ItemList):
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["name"]
    ordering_fields = ["name", "created"]
    pagination_class = Pages


class OrderedCursorItems(ItemList):
    """The cursor follows the ordering filter's ordering."""

    filter_backends = [filters.OrderingFilter]
    ordering_fields = ["name", "created"]
    pagination_class = Cursors


def asynchronous(view_class):
    """``view_class`` with an ``async def get`` that runs the async list action."""

    async def get(self, request, *args, **kwargs):
        return await self.alist(request, *args, **kwargs)

    return type(f"Async{view_class.__name__}", (view_class,), {"get": get, "__module__": __name__})


ROUTES = [
    ("items/", ItemList),
    ("pages/", PagedItems),
    ("limits/", LimitedItems),
    ("cursors/", CursorItems),
    ("id-cursors/", IdCursorItems),
    ("events/", EventCursors),
    ("search/", SearchItems),
    ("search/<str:field>/", PrefixSearchItems),
    ("tag-search/", TagSearchItems),
    ("ordering/", OrderedItems),
    ("serializer-ordering/", SerializerOrderedItems),
    ("searched-pages/", SearchedOrderedPages),
    ("ordered-cursors/", OrderedCursorItems),
]

urlpatterns = [path(route, view.as_view()) for route, view in ROUTES] + [
    path("async/" + route, asynchronous(view).as_view()) for route, view in ROUTES
]
