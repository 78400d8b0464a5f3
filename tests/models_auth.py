"""Models for authentication tests: a token model like DRF's authtoken ``Token``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

__all__ = ["AuthToken", "PermissionTarget"]


class AuthToken(models.Model):
    """A key → user token, the shape ``TokenAuthentication`` expects (``key`` + ``user``)."""

    key = models.CharField(max_length=40, primary_key=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="test_auth_token", on_delete=models.CASCADE
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "tests"


class PermissionTarget(models.Model):
    """A plain model whose add/change/delete/view permissions the permission tests grant."""

    name = models.CharField(max_length=50)

    class Meta:
        app_label = "tests"


#: Object permissions ``ObjectBackend`` grants: (user pk, "app_label.codename", object pk).
OBJECT_GRANTS: dict[tuple[int, str, int], bool] = {}


class ObjectBackend:
    """An object-aware auth backend (like django-guardian) granting what ``OBJECT_GRANTS`` lists."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return obj is not None and OBJECT_GRANTS.get((user_obj.pk, perm, obj.pk), False)


OBJECT_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "tests.models_auth.ObjectBackend",
]
