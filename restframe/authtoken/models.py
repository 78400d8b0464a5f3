"""The ``Token`` model: one random key per user, looked up by ``TokenAuthentication``.

As in DRF, the models are abstract unless ``restframe.authtoken`` is installed, so importing this
module (a third-party package may) never requires the app.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.db import models, router
from django.utils.translation import gettext_lazy as _

__all__ = ["Token", "TokenProxy", "TokenProxyQuerySet"]

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


class TokenProxyQuerySet(models.QuerySet["TokenProxy"]):
    """Bulk deletes of proxies go through ``Token``.

    Django's deletion collector deletes rows by ``pk``, and a proxy's ``pk`` is its user's id, so
    a plain ``delete()`` would match the key column against user ids and remove nothing (or,
    worse, another user's token whose key happens to equal that id).
    """

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the matching tokens as ``Token`` rows; the result and signals are ``Token``'s."""
        self._not_support_combined_queries("delete")  # type: ignore[attr-defined]
        if self.query.is_sliced:
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        if self.query.distinct or self.query.distinct_fields:
            raise TypeError("Cannot call delete() after .distinct().")
        if self._fields is not None:  # type: ignore[attr-defined]
            raise TypeError("Cannot call delete() after .values() or .values_list()")
        # The keys are read from the database writes go to, as ``QuerySet.delete()`` does.
        self._for_write = True
        database = self.db
        keys = list(self.values_list("key", flat=True))
        return Token._base_manager.using(database).filter(pk__in=keys).delete()

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class TokenProxy(Token):
    """The admin's view of ``Token``: its ``pk`` is the user's, so admin URLs and logs never
    show a key."""

    objects: ClassVar[models.Manager[TokenProxy]] = TokenProxyQuerySet.as_manager()

    @property  # type: ignore[no-redef]
    def pk(self) -> Any:  # type: ignore[override]
        return self.user_id

    def delete(
        self, using: str | None = None, keep_parents: bool = False
    ) -> tuple[int, dict[str, int]]:
        """Delete this token by its key (see ``TokenProxyQuerySet``), like ``Model.delete()``:
        on the router's write database unless ``using`` says otherwise, sending ``Token``'s
        signals, and leaving the instance without a key."""
        if self.key is None:
            raise ValueError(
                f"{self._meta.object_name} object can't be deleted because its "
                f"{self._meta.pk.attname} attribute is set to None."
            )
        database = using or router.db_for_write(type(self), instance=self)
        deleted = Token._base_manager.using(database).filter(pk=self.key).delete()
        self.key = None  # type: ignore[assignment]
        return deleted

    class Meta:
        proxy = _INSTALLED
        abstract = not _INSTALLED
        verbose_name = _("Token")
        verbose_name_plural = _("Tokens")
