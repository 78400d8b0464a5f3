"""ASGI entry point for uvicorn (``tests.e2e.asgi:application``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.e2e.settings")

application = get_asgi_application()
