"""ASGI entry point (``uvicorn project.asgi:application``): async views run natively here.
restframe's drop-in for Django's also answers requests Django cannot build (a 400 in the API's
error format, not the server's 500)."""

import os

from restframe.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

application = get_asgi_application()
