"""Root URLconf: the API under ``/api/``, the admin (to get a session), and JSON error pages.

``handler404``/``handler500`` give API clients JSON for unknown URLs and crashes while browsers
still get Django's HTML pages.
"""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]

handler400 = "restframe.defaults.bad_request"
handler403 = "restframe.defaults.permission_denied"
handler404 = "restframe.defaults.page_not_found"
handler500 = "restframe.defaults.server_error"
