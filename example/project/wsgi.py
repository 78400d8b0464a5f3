"""WSGI entry point (``gunicorn project.wsgi``): restframe's drop-in for Django's, which also
answers requests Django cannot build (a 400 in the API's error format, not the server's 500)."""

import os

from restframe.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

application = get_wsgi_application()
