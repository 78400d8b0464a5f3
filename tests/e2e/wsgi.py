"""WSGI entry point for gunicorn (``tests.e2e.wsgi:application``): restframe's drop-in."""

import os

from restframe.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.e2e.settings")

application = get_wsgi_application()
