"""The browsable API's login and logout views, mounted as the docs say."""

from django.urls import include, path

urlpatterns = [
    path("api-auth/", include("restframe.urls")),
]
