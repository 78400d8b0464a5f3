"""restframe: DRF-compatible API views for Django with a correct, fast, standard error path."""

__version__ = "0.1.0"
VERSION = __version__
