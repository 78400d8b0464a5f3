"""The e2e project with the faults of issue 10 switched on (``DJANGO_SETTINGS_MODULE``).

On top of ``tests.e2e.settings``: ``APIExceptionMiddleware``; ``ADMINS`` with Django's own
``mail_admins`` handler on the ``django`` logger, which re-reads the request when it reports
(the dummy mail backend: the report is built in full, then dropped, so a long run keeps no
mail in memory); a ``500.html`` that fails to render; every record on stderr, one line
each, so tests can count them. ``RESTFRAME_E2E_ASYNC_HANDLER=1`` makes ``EXCEPTION_HANDLER`` an
``async def``; ``RESTFRAME_E2E_BROKEN_RECEIVER=1`` connects a ``got_request_exception``
receiver that raises (``tests.e2e.fault_urls``).
"""

import os
from pathlib import Path

from tests.e2e.settings import *  # noqa: F403

ROOT_URLCONF = "tests.e2e.fault_urls"
MIDDLEWARE = [*MIDDLEWARE, "restframe.middleware.APIExceptionMiddleware"]  # noqa: F405

ADMINS = [("Operator", "ops@example.test")]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "fault_templates"],
    }
]

# Authentication and sessions need their tables: a migrated SQLite file made by the test
# (``tests.e2e.load.migrated_database``); without one, an in-memory database as in the base.
if os.environ.get("RESTFRAME_E2E_DB"):
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["RESTFRAME_E2E_DB"]}
    }

# Basic credentials for users that do not exist still run the hasher once (Django's timing
# defence); the default one takes most of a second, which a fuzz run cannot afford.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if os.environ.get("RESTFRAME_E2E_ASYNC_HANDLER"):
    REST_FRAMEWORK = {
        **REST_FRAMEWORK,  # noqa: F405
        "EXCEPTION_HANDLER": "tests.e2e.fault_urls.async_exception_handler",
    }

# ``RESTFRAME_E2E_MAIL_ADMINS=1``: Django's ``mail_admins`` handler on the ``django`` logger
# (it renders a full report per error, which a fuzz run of thousands of errors cannot afford).
_DJANGO_HANDLERS = (
    ["stderr", "mail_admins"] if os.environ.get("RESTFRAME_E2E_MAIL_ADMINS") else ["stderr"]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"line": {"format": "RECORD %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "line"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "loggers": {
        "django": {"handlers": _DJANGO_HANDLERS, "level": "WARNING"},
        "restframe": {"handlers": ["stderr"], "level": "WARNING"},
    },
}
