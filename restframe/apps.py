"""Django app config: add ``"restframe"`` to ``INSTALLED_APPS`` for templates, translations,
system checks and the ``errorcatalog`` command."""

from __future__ import annotations

from django.apps import AppConfig


class RestFrameConfig(AppConfig):
    name = "restframe"
    verbose_name = "restframe"

    def ready(self) -> None:
        from restframe import checks  # noqa: F401  (registers the system checks)
