"""Log in and out of the browsable API with Django's session views.

Add ``path("api-auth/", include("restframe.urls"))`` to the project's URLconf: the login page is
``restframe:login`` and logging out is a POST to ``restframe:logout``, as Django's ``LogoutView``
requires since Django 5 (a GET is answered 405).
"""

from __future__ import annotations

from django.contrib.auth import views
from django.urls import path

__all__ = ["app_name", "urlpatterns"]


class _LogoutView(views.LogoutView):
    """Django's ``LogoutView``, with a page of its own when the project has no
    ``registration/logged_out.html`` (that template ships with ``django.contrib.admin``), so
    logging out never ends in a 500."""

    def get_template_names(self) -> list[str]:
        names: list[str] = super().get_template_names()
        if self.template_name == views.LogoutView.template_name:
            names.append("restframe/logged_out.html")
        return names


app_name = "restframe"
urlpatterns = [
    path("login/", views.LoginView.as_view(template_name="restframe/login.html"), name="login"),
    path("logout/", _LogoutView.as_view(), name="logout"),
]
