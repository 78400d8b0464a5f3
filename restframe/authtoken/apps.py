"""App config of ``restframe.authtoken``.

The label is ``authtoken``, DRF's, so an existing database's ``authtoken_token`` table and its
migration history are reused. Django refuses two apps with one label, so listing both DRF's
``rest_framework.authtoken`` and this app fails loudly instead of mixing them. A project whose
label ``authtoken`` is already taken installs the app under another label by listing a subclass::

    class RenamedAuthTokenConfig(AuthTokenConfig):
        label = "api_tokens"

(``INSTALLED_APPS = ["myproject.apps.RenamedAuthTokenConfig"]``): the migrations follow the
label, and the table becomes ``<label>_token``.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

__all__ = ["AuthTokenConfig"]


class AuthTokenConfig(AppConfig):
    name = "restframe.authtoken"
    label = "authtoken"
    verbose_name = _("Auth Token")
