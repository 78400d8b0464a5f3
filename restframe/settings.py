"""API settings: the ``REST_FRAMEWORK`` dict of the project, with DRF's keys and defaults.

``api_settings.X`` reads the project's value or the default, resolves import strings on first
access and caches the result; Django's ``setting_changed`` signal (``override_settings`` in tests)
clears the cache. ``generation`` changes on every reload so views can cache what they derive from
settings and notice when it goes stale.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from restframe import ISO_8601

__all__ = [
    "DEFAULTS",
    "IMPORT_STRINGS",
    "APISettings",
    "FromSettings",
    "api_settings",
    "perform_import",
]


DEFAULTS: dict[str, Any] = {
    # Policies every view uses unless it sets its own.
    "DEFAULT_RENDERER_CLASSES": [
        "restframe.renderers.JSONRenderer",
        "restframe.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "restframe.parsers.JSONParser",
        "restframe.parsers.FormParser",
        "restframe.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "restframe.authentication.SessionAuthentication",
        "restframe.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["restframe.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "restframe.negotiation.DefaultContentNegotiation",
    "DEFAULT_METADATA_CLASS": "restframe.metadata.SimpleMetadata",
    "DEFAULT_VERSIONING_CLASS": None,
    "DEFAULT_PAGINATION_CLASS": None,
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_SCHEMA_CLASS": "restframe.schemas.openapi.AutoSchema",
    # Throttling
    "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None},
    "NUM_PROXIES": None,
    # Pagination, filtering, versioning
    "PAGE_SIZE": None,
    "SEARCH_PARAM": "search",
    "ORDERING_PARAM": "ordering",
    "DEFAULT_VERSION": None,
    "ALLOWED_VERSIONS": None,
    "VERSION_PARAM": "version",
    # Authentication
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "UNAUTHENTICATED_TOKEN": None,
    # restframe: the model TokenAuthentication looks keys up in ("app_label.ModelName"; a ``key``
    # field and a ``user`` relation). None: ``restframe.authtoken``'s ``Token``, as in DRF.
    "TOKEN_MODEL": None,
    # View configuration
    "VIEW_NAME_FUNCTION": "restframe.views.get_view_name",
    "VIEW_DESCRIPTION_FUNCTION": "restframe.views.get_view_description",
    # Exception handling
    "EXCEPTION_HANDLER": "restframe.views.exception_handler",
    "NON_FIELD_ERRORS_KEY": "non_field_errors",
    # DRF 3.18: ``many=True`` item errors keyed by index (True) or the old list with {} (False).
    "LIST_SERIALIZER_ERRORS_AS_DICT": True,
    # Testing
    "TEST_REQUEST_RENDERER_CLASSES": [
        "restframe.renderers.MultiPartRenderer",
        "restframe.renderers.JSONRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "multipart",
    # Hyperlinks and format suffixes
    "URL_FORMAT_OVERRIDE": "format",
    "FORMAT_SUFFIX_KWARG": "format",
    "URL_FIELD_NAME": "url",
    # Input and output formats
    "DATE_FORMAT": ISO_8601,
    "DATE_INPUT_FORMATS": [ISO_8601],
    "DATETIME_FORMAT": ISO_8601,
    "DATETIME_INPUT_FORMATS": [ISO_8601],
    "TIME_FORMAT": ISO_8601,
    "TIME_INPUT_FORMATS": [ISO_8601],
    "DURATION_FORMAT": "django",
    # Encoding
    "UNICODE_JSON": True,
    "COMPACT_JSON": True,
    "STRICT_JSON": True,
    "COERCE_DECIMAL_TO_STRING": True,
    "COERCE_BIGINT_TO_STRING": False,
    "UPLOADED_FILES_USE_URL": True,
    # Browsable API
    "HTML_SELECT_CUTOFF": 1000,
    "HTML_SELECT_CUTOFF_TEXT": "More than {count} items...",
    # Schemas
    "SCHEMA_COERCE_PATH_PK": True,
    "SCHEMA_COERCE_METHOD_NAMES": {"retrieve": "read", "destroy": "delete"},
    # --- restframe's own keys (beyond DRF) ---
    # Error body format: "drf" (DRF's bodies byte for byte) or "problem" (RFC 9457).
    "ERROR_FORMAT": "drf",
    # When set, problem ``type`` = this base + the error code; ``title`` comes from the catalog.
    "PROBLEM_TYPE_BASE_URI": None,
    # Opt-in mappings DRF does not make (off for compatibility).
    "HANDLE_DJANGO_VALIDATION_ERROR": False,
    "HANDLE_PROTECTED_ERROR": False,
    # OpenAPI schemas list each operation's error responses (400 with its serializer's fields,
    # 401/403, 404, 405, 406, 415, 429) from the error catalog, in ERROR_FORMAT.
    "SCHEMA_ERROR_RESPONSES": False,
    # A unique violation that reaches the database (a race past the serializer's check) is a
    # 409 ``already_exists``; False restores DRF's 500.
    "HANDLE_UNIQUE_VIOLATION": True,
    # When the throttle cache cannot be reached: True lets the request through (and logs a
    # warning), False answers 503 with Retry-After.
    "THROTTLE_CACHE_FAIL_OPEN": True,
    # After a cache failure, the throttle skips the cache for this many seconds (0: never), so
    # an outage costs one slow request per worker per cool-down.
    "THROTTLE_CACHE_COOLDOWN": 5.0,
    # Reporting policy (``restframe.reporting``). Called as ``reporter(exc, context, response)``
    # once for every error response an APIView or APIExceptionMiddleware answers.
    "EXCEPTION_REPORTER": "restframe.reporting.report_exception",
    # The statuses the default reporter reports (signal + one ERROR record with traceback).
    "REPORT_STATUS_CODES": range(500, 600),
    # Exception classes (or import strings) and status codes it logs without the traceback.
    "REPORT_WITHOUT_TRACEBACK": [],
}

IMPORT_STRINGS = [
    "DEFAULT_RENDERER_CLASSES",
    "DEFAULT_PARSER_CLASSES",
    "DEFAULT_AUTHENTICATION_CLASSES",
    "DEFAULT_PERMISSION_CLASSES",
    "DEFAULT_THROTTLE_CLASSES",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS",
    "DEFAULT_METADATA_CLASS",
    "DEFAULT_VERSIONING_CLASS",
    "DEFAULT_PAGINATION_CLASS",
    "DEFAULT_FILTER_BACKENDS",
    "DEFAULT_SCHEMA_CLASS",
    "EXCEPTION_HANDLER",
    "TEST_REQUEST_RENDERER_CLASSES",
    "UNAUTHENTICATED_USER",
    "UNAUTHENTICATED_TOKEN",
    "VIEW_NAME_FUNCTION",
    "VIEW_DESCRIPTION_FUNCTION",
    "EXCEPTION_REPORTER",
    "REPORT_WITHOUT_TRACEBACK",
]

# Settings DRF removed long ago; naming them is a mistake worth failing loudly on.
REMOVED_SETTINGS = ["PAGINATE_BY", "PAGINATE_BY_PARAM", "MAX_PAGINATE_BY"]

SETTINGS_DOC = "https://www.django-rest-framework.org/api-guide/settings/"


def import_from_string(value: str, setting_name: str) -> Any:
    """Import a dotted path, naming the setting when it fails."""
    try:
        return import_string(value)
    except ImportError as exc:
        raise ImportError(
            f"Could not import '{value}' for API setting '{setting_name}'. "
            f"{exc.__class__.__name__}: {exc}."
        ) from exc


def perform_import(value: Any, setting_name: str) -> Any:
    """Resolve an import string, or a list/tuple of them; anything else passes through."""
    if value is None:
        return None
    if isinstance(value, str):
        return import_from_string(value, setting_name)
    if isinstance(value, (list, tuple)):
        return [
            import_from_string(item, setting_name) if isinstance(item, str) else item
            for item in value
        ]
    return value


class APISettings:
    """Attribute access to API settings with defaults, lazy imports and a per-key cache.

    ``APISettings({"EXCEPTION_HANDLER": ...})`` builds a private instance, e.g. for a view's
    ``settings`` attribute in tests.
    """

    def __init__(
        self,
        user_settings: dict[str, Any] | None = None,
        defaults: dict[str, Any] | None = None,
        import_strings: list[str] | None = None,
    ) -> None:
        if user_settings:
            self._user_settings = self._check_user_settings(user_settings)
        self.defaults = defaults or DEFAULTS
        self.import_strings = import_strings or IMPORT_STRINGS
        self._cached_attrs: set[str] = set()
        # ``FromSettings`` attributes that settled on a value read from this instance.
        self._settled: list[FromSettings] = []
        self.generation = 0

    @property
    def user_settings(self) -> dict[str, Any]:
        if not hasattr(self, "_user_settings"):
            self._user_settings = self._check_user_settings(getattr(settings, "REST_FRAMEWORK", {}))
        return self._user_settings

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_") or attr not in self.defaults:
            raise AttributeError(f"Invalid API setting: '{attr}'")
        try:
            value = self.user_settings[attr]
        except KeyError:
            value = self.defaults[attr]
        if attr in self.import_strings:
            value = perform_import(value, attr)
        self._cached_attrs.add(attr)
        setattr(self, attr, value)
        return value

    @staticmethod
    def _check_user_settings(user_settings: dict[str, Any]) -> dict[str, Any]:
        for setting in REMOVED_SETTINGS:
            if setting in user_settings:
                raise RuntimeError(
                    f"The '{setting}' setting has been removed. "
                    f"Please refer to '{SETTINGS_DOC}' for available settings."
                )
        return user_settings

    def reload(self) -> None:
        """Forget cached values; the next access reads the project's settings again."""
        with _settling:
            for attr in self._cached_attrs:
                delattr(self, attr)
            self._cached_attrs.clear()
            if "_user_settings" in self.__dict__:
                del self._user_settings
            self.generation += 1
            settled, self._settled = self._settled, []
            for descriptor in settled:
                descriptor.unsettle()


api_settings = APISettings(None, DEFAULTS, IMPORT_STRINGS)


class FromSettings:
    """A class attribute whose value is read from ``api_settings``, and follows it when it changes.

    DRF reads such defaults (``renderer_classes``, ``PAGE_SIZE``, ``SEARCH_PARAM``, ...) when the
    module is imported, so ``override_settings(REST_FRAMEWORK=...)`` never reaches them; here the
    first read settles the class attribute on the setting's value (later reads cost what any
    class attribute costs: views read several per request) and ``api_settings.reload()`` puts
    the descriptor back, so the next read follows the new settings.

    It is a non-data descriptor: a subclass attribute or an instance assignment
    (``as_view(**initkwargs)``) replaces it. It always reads the project-wide ``api_settings``,
    never a view's injected ``settings``: an injected ``APISettings({...})`` falls back to the
    package defaults and must not silently drop the project's policies.
    """

    __slots__ = ("home", "key", "name", "negate", "value")

    def __init__(self, key: str, *, negate: bool = False) -> None:
        self.key = key
        self.negate = negate  # for a default that is the opposite of its setting
        self.home: type | None = None  # the class it is declared on (unknown if assigned late)
        self.name = ""
        self.value: Any = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.home = owner
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        generation = api_settings.generation
        value = getattr(api_settings, self.key)
        if self.negate:
            value = not value
        home = self.home
        if home is not None:
            # Under the lock ``reload`` takes: a value read before a reload never settles after it.
            with _settling:
                if api_settings.generation == generation and vars(home).get(self.name) is self:
                    self.value = value
                    setattr(home, self.name, value)
                    api_settings._settled.append(self)
        return value

    def unsettle(self) -> None:
        """Stand on the class again, unless something else was assigned there meanwhile."""
        home = self.home
        if home is not None and vars(home).get(self.name, self) is self.value:
            setattr(home, self.name, self)
        self.value = None


_settling = threading.RLock()


def reload_api_settings(*args: Any, setting: str, **kwargs: Any) -> None:
    if setting == "REST_FRAMEWORK":
        api_settings.reload()


setting_changed.connect(reload_api_settings)
