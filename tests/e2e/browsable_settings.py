"""Settings for the browsable API's browser test: the e2e project, with a SQLite file (named by
``RESTFRAME_E2E_DB``) so the test can migrate it and log in, and the browsable URLconf."""

import os

from tests.e2e.settings import *  # noqa: F403

ROOT_URLCONF = "tests.e2e.browsable_urls"
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["RESTFRAME_E2E_DB"]}
}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["restframe.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["restframe.permissions.IsAuthenticatedOrReadOnly"],
}
