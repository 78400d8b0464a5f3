"""Django app config: add ``"restframe"`` to ``INSTALLED_APPS`` for templates, translations,
system checks, error ids on ``django.request`` records and the ``errorcatalog`` command."""

from __future__ import annotations

from django.apps import AppConfig


class RestFrameConfig(AppConfig):
    name = "restframe"
    verbose_name = "restframe"

    def ready(self) -> None:
        from restframe import checks  # noqa: F401  (registers the system checks)
        from restframe.reporting import install_error_id_filter

        # After LOGGING is applied (Django configures logging before loading apps), so the
        # project's logging config cannot drop the filter.
        install_error_id_filter()
