"""Token authentication's model, view, admin and management command (DRF's ``authtoken``).

Add ``"restframe.authtoken"`` to ``INSTALLED_APPS`` and run ``migrate``. The app's label is
``authtoken`` and its migrations have DRF's names, so a database that already ran DRF's
``rest_framework.authtoken`` migrations keeps its ``authtoken_token`` table and data as they are.
This package imports nothing at import time: listing it in ``INSTALLED_APPS`` is cheap.
"""
