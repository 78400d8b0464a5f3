"""The ``Token`` model: one random key per user, looked up by ``TokenAuthentication``.

As in DRF, the models are abstract unless ``restframe.authtoken`` is installed, so importing this
module (a third-party package may) never requires the app.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Token", "TokenProxy"]

_INSTALLED = apps.is_installed("restframe.authtoken")


class Token(models.Model):
    """An API key for one user. The key is the primary key and is generated on first save."""

    key = models.CharField(_("Key"), max_length=40, primary_key=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        related_name="auth_token",
        on_delete=models.CASCADE,
        verbose_name=_("User"),
    )
    created = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        abstract = not _INSTALLED
        verbose_name = _("Token")
        verbose_name_plural = _("Tokens")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.key:
            self.key = self.generate_key()
            if self._state.adding and not args and not kwargs.get("force_update"):
                # A fresh random key cannot be in the table: one INSERT, without Django's
                # UPDATE-then-INSERT probe for a primary key set by hand.
                kwargs.setdefault("force_insert", True)
        super().save(*args, **kwargs)

    @classmethod
    def generate_key(cls) -> str:
        """40 hexadecimal characters (160 random bits) from the OS's secure random source."""
        return secrets.token_hex(20)

    def __str__(self) -> str:
        return self.key


class TokenProxy(Token):
    """The admin's view of ``Token``: its ``pk`` is the user's, so admin URLs and logs never
    show a key."""

    @property  # type: ignore[no-redef]
    def pk(self) -> Any:  # type: ignore[override]
        return self.user_id

    class Meta:
        proxy = _INSTALLED
        abstract = not _INSTALLED
        verbose_name = _("Token")
        verbose_name_plural = _("Tokens")
