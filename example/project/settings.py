"""Settings of the restframe example project: what ``startproject`` gives, plus restframe.

A DRF project moves to restframe by renaming ``rest_framework`` to ``restframe`` in
``INSTALLED_APPS``, in imports and in dotted setting values; ``REST_FRAMEWORK`` keeps its name.

Errors everywhere: ``APIExceptionMiddleware`` answers API errors raised in plain Django views,
``CSRF_FAILURE_VIEW`` and the ``handler4xx/500`` of ``project.urls`` negotiate (a browser gets
``templates/404.html`` / ``500.html``, an API client JSON), and every 5xx is logged once on
``django.request`` with its error id and mailed to ``ADMINS`` (printed to the console here).
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Demo only: a real project reads these from its environment.
SECRET_KEY = "example-not-secret-do-not-use-in-production"
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "restframe",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so it sees what plain Django views raise: an APIException becomes the response
    # an APIView would give (JSON or problem details), not a 500.
    "restframe.middleware.APIExceptionMiddleware",
]

# A CSRF failure outside an APIView: Django's page for a browser, DRF's
# ``{"detail": "CSRF Failed: ..."}`` for an API client.
CSRF_FAILURE_VIEW = "restframe.defaults.csrf_failure"

ROOT_URLCONF = "project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's own error pages: 404.html, and 500.html which shows {{ error_id }}.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "project.wsgi.application"
ASGI_APPLICATION = "project.asgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # EXAMPLE_DB: another file (the end-to-end tests migrate a fresh one of their own).
        "NAME": os.environ.get("EXAMPLE_DB", BASE_DIR / "db.sqlite3"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Who hears about server errors. Django mails ADMINS one message per 5xx (DEBUG off); the
# subject and body carry the error id the user saw. The demo prints the mail on the console
# instead of sending it; EMAIL_HOST/EMAIL_PORT in the environment send it over SMTP.
ADMINS = [("Demo admin", "admin@example.test")]
SERVER_EMAIL = "restframe-demo@example.test"
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Django logs ``django.request`` errors to the console only with DEBUG on; an operator needs
# them (and the error id restframe adds to each 5xx message) in production too. The records stop
# here (``propagate``), so Django's default ``django`` handlers neither print nor mail them twice.
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

REST_FRAMEWORK = {
    # JSON only: the demo shows API answers; browsers get the project's error pages instead.
    "DEFAULT_RENDERER_CLASSES": ["restframe.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": None,
        "user": None,
        "burst": "3/min",
        "burst-async": "3/min",
    },
    # Try "problem" for RFC 9457 bodies (or send "Accept: application/problem+json").
    "ERROR_FORMAT": os.environ.get("RESTFRAME_ERROR_FORMAT", "drf"),
}
