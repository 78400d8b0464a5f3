"""Small questions schema inspectors ask about views and models."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["get_pk_description", "is_list_view"]


def is_list_view(path: str, method: str, view: Any) -> bool:
    """Whether the operation returns a list: a ``GET`` that is no ``retrieve`` and names no
    object in its path."""
    from restframe.mixins import RetrieveModelMixin

    action = getattr(view, "action", None)
    if action is not None:
        return bool(action == "list")
    if method.lower() != "get":
        return False
    if isinstance(view, RetrieveModelMixin):
        return False
    # A variable anywhere in the last segment (``{pk}``, ``{pk}.json``) names one object.
    return "{" not in path.strip("/").split("/")[-1]


def get_pk_description(model: Any, model_field: Any) -> str:
    """How a path parameter naming ``model``'s primary key is described."""
    # Only a database-generated key is described as an integer (a plain IntegerField is not).
    if isinstance(model_field, models.AutoField):
        text = _("A unique integer value identifying this %(name)s.")
    elif isinstance(model_field, models.UUIDField):
        text = _("A UUID string identifying this %(name)s.")
    else:
        text = _("A unique value identifying this %(name)s.")
    return text % {"name": model._meta.verbose_name}
