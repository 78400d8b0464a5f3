"""Root URLconf: the API under ``/api/``, the admin (to get a session), and negotiated errors.

The ``handler*`` views give API clients JSON (or problem details) for unknown URLs, Django's 400s,
403s and crashes, while browsers get the project's ``templates/404.html`` and ``500.html`` (with
the error id) or Django's own pages.
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
