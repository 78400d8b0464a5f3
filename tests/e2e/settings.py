"""Settings of the project the e2e servers run (``DJANGO_SETTINGS_MODULE=tests.e2e.settings``).

The cache, and so the throttle history, lives in Redis when ``RESTFRAME_E2E_REDIS_URL`` is set
(so several gunicorn workers share one limit) and in each process's memory otherwise.
"""

import os

SECRET_KEY = "restframe-e2e-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en-us"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "restframe",
]

# startproject's stack (minus messages/clickjacking, which an API does not use), plus a marker
# telling tests which worker process answered.
MIDDLEWARE = [
    "tests.e2e.middleware.worker_pid",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "tests.e2e.urls"
WSGI_APPLICATION = "tests.e2e.wsgi.application"

# Nothing here touches the database (anonymous users, no session cookie); an in-memory SQLite
# keeps the auth and session apps importable without migrations.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

_REDIS_URL = os.environ.get("RESTFRAME_E2E_REDIS_URL")
if _REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": os.environ.get("RESTFRAME_E2E_CACHE_PREFIX", "e2e"),
        }
    }
    if os.environ.get("RESTFRAME_E2E_REDIS_TIMEOUT"):
        # The documented production setting: a hung Redis costs this long, not forever.
        _timeout = float(os.environ["RESTFRAME_E2E_REDIS_TIMEOUT"])
        CACHES["default"]["OPTIONS"] = {
            "socket_timeout": _timeout,
            "socket_connect_timeout": _timeout,
        }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    # The browsable API is out of restframe's scope; JSON is what every client gets.
    "DEFAULT_RENDERER_CLASSES": ["restframe.renderers.JSONRenderer"],
    "THROTTLE_CACHE_COOLDOWN": float(os.environ.get("RESTFRAME_E2E_THROTTLE_COOLDOWN", "5")),
    "DEFAULT_THROTTLE_RATES": {
        "anon": None,
        "user": None,
        "e2e": os.environ.get("RESTFRAME_E2E_THROTTLE_RATE", "1/min"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["stderr"], "level": "WARNING"}},
}
