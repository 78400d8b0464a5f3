"""restframe: DRF-compatible API views for Django with a correct, fast, standard error path."""

__version__ = "0.1.0"
VERSION = __version__

# Package-level constants DRF exposes and third-party code imports.
HTTP_HEADER_ENCODING = "iso-8859-1"
ISO_8601 = "iso-8601"
DJANGO_DURATION_FORMAT = "django"
