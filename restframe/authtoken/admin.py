"""Admin for tokens, registered on ``TokenProxy`` so that the user's id, not the key, is in
every admin URL (keys must not end up in browser history or access logs)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from restframe.authtoken.models import Token, TokenProxy

__all__ = ["TokenAdmin", "TokenChangeList"]

#: Searching and ordering go by the user model's login field (``USERNAME_FIELD``), which a custom
#: user model may set to e.g. ``email``; read once, when the admin is loaded.
_USER_LOOKUP = f"user__{get_user_model().USERNAME_FIELD}"


class TokenChangeList(ChangeList):
    """Change-list rows link to the token by its user's primary key."""

    def url_for_result(self, result: Model) -> str:
        pk = result.user_id  # type: ignore[attr-defined]
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=(quote(pk),),
            current_app=self.model_admin.admin_site.name,
        )


class TokenAdmin(admin.ModelAdmin):
    list_display = ("key", "user", "created")
    fields = ("user",)
    search_fields = (_USER_LOOKUP,)
    search_help_text = _("Username")
    ordering = (_USER_LOOKUP,)
    actions = None
    list_filter = ("created",)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return TokenChangeList

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        """The token of the user whose primary key is ``object_id`` (see ``TokenProxy``)."""
        queryset = self.get_queryset(request)
        user_pk = Token._meta.get_field("user").target_field
        try:
            value = user_pk.to_python(object_id)
            return queryset.get(user_id=value)
        except (queryset.model.DoesNotExist, ValidationError, ValueError):
            return None


# Django's admin imports this module only when it is installed; the guard lets other code
# import ``TokenAdmin`` (to register it on its own site) without the admin app.
if not TokenProxy._meta.abstract and apps.is_installed("django.contrib.admin"):
    admin.site.register(TokenProxy, TokenAdmin)
