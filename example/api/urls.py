"""``/api/`` (the index), ``/api/sync/...`` and ``/api/async/...``: the same endpoints twice."""

from django.urls import include, path

from api import async_views, views


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
    ]


urlpatterns = [
    path("", views.index, name="index"),
    path("sync/", include((endpoints(views), "sync"))),
    path("async/", include((endpoints(async_views), "async"))),
]
