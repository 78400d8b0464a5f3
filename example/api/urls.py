"""``/api/`` (the index), ``/api/sync/...`` and ``/api/async/...``: the same endpoints twice;
``/api/plain/...``: plain Django views whose errors restframe answers too; ``/api/models/...``:
model-backed viewsets on a ``DefaultRouter``."""

from django.urls import include, path

from api import async_views, model_views, plain_views, views
from restframe.routers import DefaultRouter

router = DefaultRouter()
router.register("authors", model_views.AuthorViewSet, basename="author")
router.register("novels", model_views.NovelViewSet, basename="novel")


def endpoints(module):
    return [
        path("books/", module.BookList.as_view(), name="book-list"),
        path("books/<int:pk>/", module.BookDetail.as_view(), name="book-detail"),
        path("basic/", module.BasicOnly.as_view(), name="basic"),
        path("session/", module.SessionOnly.as_view(), name="session"),
        path("archive/", module.archive, name="archive"),
        path("burst/", module.Burst.as_view(), name="burst"),
        path("maintenance/", module.maintenance, name="maintenance"),
        path("crash/", module.crash, name="crash"),
        path("lists/", module.ReadingListList.as_view(), name="reading-list-list"),
        path("lists/<int:pk>/", module.ReadingListDetail.as_view(), name="reading-list-detail"),
    ]


plain = [
    path("maintenance/", plain_views.maintenance, name="maintenance"),
    path("suspicious/", plain_views.suspicious, name="suspicious"),
    path("crash/", plain_views.crash, name="crash"),
    path("feedback/", plain_views.feedback, name="feedback"),
]


urlpatterns = [
    path("", views.index, name="index"),
    path("sync/", include((endpoints(views), "sync"))),
    path("async/", include((endpoints(async_views), "async"))),
    path("plain/", include((plain, "plain"))),
    path("models/", include(router.urls)),
]
