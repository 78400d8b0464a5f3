"""restframe: DRF-compatible API views for Django with a correct, fast, standard error path."""

# DRF's ``VERSION`` / ``__version__`` name the DRF release whose API restframe implements:
# third-party packages compare them to pick code paths (``if VERSION >= "3.12": ...``), so they
# must read as that release, not as restframe's own ``RELEASE`` (also in the package metadata).
RELEASE = "0.1.0"
__version__ = VERSION = "3.18.3"

# Package-level constants DRF exposes and third-party code imports.
HTTP_HEADER_ENCODING = "iso-8859-1"
ISO_8601 = "iso-8601"
DJANGO_DURATION_FORMAT = "django"


def install_as_rest_framework() -> None:
    """Make ``rest_framework`` another name for restframe, for packages that import DRF.

    Call it once, before anything imports ``rest_framework`` (the top of ``settings.py``). From
    then on ``import rest_framework.<x>`` gets restframe's own module, ``"rest_framework"`` in
    ``INSTALLED_APPS`` means restframe, and ``rest_framework/...`` templates resolve to
    restframe's. Raises ``ImproperlyConfigured`` if real DRF is already imported. See
    ``restframe._alias``.
    """
    from restframe._alias import install

    install()
