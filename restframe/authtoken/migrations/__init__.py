"""Migrations of ``restframe.authtoken``: DRF's names and the same final schema, so a database
migrated by DRF's ``authtoken`` app needs nothing more."""

from __future__ import annotations

from django.apps import apps

__all__ = ["app_label"]


def app_label() -> str:
    """The label this app was installed under (``authtoken`` unless a subclass renamed it), so
    dependencies between these migrations follow a renamed app."""
    config = apps.get_containing_app_config(__name__)
    return "authtoken" if config is None else config.label
