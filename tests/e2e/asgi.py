"""ASGI entry point for uvicorn (``tests.e2e.asgi:application``): restframe's drop-in."""

import os

from restframe.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.e2e.settings")

application = get_asgi_application()
