"""URLs of the e2e project: ``/<flavour>/<case>/`` for every flavour of every case."""

from django.urls import path

from tests.e2e.views import FLAVOURS, build_view, endpoints

urlpatterns = [
    path(
        f"{flavour}/{endpoint.name}/",
        build_view(flavour, endpoint),
        name=f"{flavour}-{endpoint.name}",
    )
    for flavour in FLAVOURS
    for endpoint in endpoints(flavour)
]

handler404 = "restframe.defaults.page_not_found"
handler500 = "restframe.defaults.server_error"
handler400 = "restframe.defaults.bad_request"
handler403 = "restframe.defaults.permission_denied"
