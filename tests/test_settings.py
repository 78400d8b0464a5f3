"""``restframe.settings``: DRF's keys and defaults, lazy imports, reload, clear errors."""

import pytest
from django.test import override_settings

from restframe import status
from restframe.settings import DEFAULTS, APISettings, api_settings


def test_drf_defaults():
    assert api_settings.NON_FIELD_ERRORS_KEY == "non_field_errors"
    assert DEFAULTS["EXCEPTION_HANDLER"] == "restframe.views.exception_handler"
    assert api_settings.EXCEPTION_HANDLER.__name__ == "exception_handler"
    assert api_settings.ERROR_FORMAT == "drf"
    assert api_settings.DEFAULT_THROTTLE_RATES == {"user": None, "anon": None}


def test_import_strings_resolve_lists_and_none():
    classes = api_settings.DEFAULT_PARSER_CLASSES
    assert [cls.__name__ for cls in classes] == ["JSONParser", "FormParser", "MultiPartParser"]
    assert api_settings.DEFAULT_VERSIONING_CLASS is None


def test_override_settings_reloads():
    assert api_settings.NON_FIELD_ERRORS_KEY == "non_field_errors"
    generation = api_settings.generation
    with override_settings(REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "errors"}):
        assert api_settings.NON_FIELD_ERRORS_KEY == "errors"
        assert api_settings.generation > generation
    assert api_settings.NON_FIELD_ERRORS_KEY == "non_field_errors"


def test_bad_import_string_names_the_setting():
    settings = APISettings({"EXCEPTION_HANDLER": "nowhere.handler"})
    with pytest.raises(ImportError) as info:
        settings.EXCEPTION_HANDLER
    assert str(info.value) == (
        "Could not import 'nowhere.handler' for API setting 'EXCEPTION_HANDLER'. "
        "ModuleNotFoundError: No module named 'nowhere'."
    )


def test_unknown_setting_is_an_attribute_error():
    with pytest.raises(AttributeError, match="Invalid API setting: 'NOPE'"):
        api_settings.NOPE


@pytest.mark.parametrize("removed", ["PAGINATE_BY", "PAGINATE_BY_PARAM", "MAX_PAGINATE_BY"])
def test_removed_settings_raise(removed):
    with pytest.raises(RuntimeError, match=f"The '{removed}' setting has been removed"):
        APISettings({removed: 10})


def test_system_check_reports_bad_import_strings():
    from restframe.checks import check_error_format, check_import_strings

    with override_settings(REST_FRAMEWORK={"EXCEPTION_HANDLER": "nowhere.handler"}):
        errors = check_import_strings()
    assert [error.id for error in errors] == ["restframe.E001"]
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "xml"}):
        assert [error.id for error in check_error_format()] == ["restframe.E002"]


@pytest.mark.parametrize(
    ("code", "checks"),
    [
        (100, (True, False, False, False, False)),
        (204, (False, True, False, False, False)),
        (302, (False, False, True, False, False)),
        (404, (False, False, False, True, False)),
        (503, (False, False, False, False, True)),
    ],
)
def test_status_predicates(code, checks):
    predicates = (
        status.is_informational,
        status.is_success,
        status.is_redirect,
        status.is_client_error,
        status.is_server_error,
    )
    assert tuple(predicate(code) for predicate in predicates) == checks


def test_status_constants():
    assert status.HTTP_429_TOO_MANY_REQUESTS == 429
    assert status.HTTP_511_NETWORK_AUTHENTICATION_REQUIRED == 511
    assert status.HTTP_418_IM_A_TEAPOT == 418
