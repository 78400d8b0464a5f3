"""The e2e project with ``ADMINS`` mail over real SMTP (``DJANGO_SETTINGS_MODULE``).

``EMAIL_HOST``/``EMAIL_PORT`` come from the environment (the test's SMTP sink). ``LOGGING``
sends ``django.request`` errors to a ``mail_admins`` handler and to stderr, and stops them there
so Django's default ``django`` handlers do not mail a second time.
"""

import os

from tests.e2e.settings import *  # noqa: F403

ROOT_URLCONF = "tests.e2e.mail_urls"

MIDDLEWARE = [*MIDDLEWARE, "restframe.middleware.APIExceptionMiddleware"]  # noqa: F405

ADMINS = [("Operator", "ops@example.test")]
SERVER_EMAIL = "api@example.test"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_TIMEOUT = 5

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "loggers": {
        "django.request": {
            "handlers": ["stderr", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}
