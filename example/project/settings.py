"""Settings of the restframe example project: what ``startproject`` gives, plus restframe.

A DRF project moves to restframe by renaming ``rest_framework`` to ``restframe`` in
``INSTALLED_APPS``, in imports and in dotted setting values; ``REST_FRAMEWORK`` keeps its name.
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
]

ROOT_URLCONF = "project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
        "NAME": BASE_DIR / "db.sqlite3",
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

REST_FRAMEWORK = {
    # JSON only: restframe does not ship DRF's browsable API.
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
