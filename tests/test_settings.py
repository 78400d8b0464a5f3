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


# --- FromSettings: class attributes that follow the settings --------------------------------


def _holder():
    from restframe.settings import FromSettings

    class Holder:
        key = FromSettings("NON_FIELD_ERRORS_KEY")
        loose = FromSettings("COMPACT_JSON", negate=True)

    class Child(Holder):
        pass

    return Holder, Child


def test_from_settings_follows_every_reload_after_first_use():
    holder, child = _holder()
    for _ in range(2):  # the second read is answered by the settled class attribute
        assert (holder.key, child().key, child.loose) == (
            "non_field_errors",
            "non_field_errors",
            False,
        )
    with override_settings(
        REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "errors", "COMPACT_JSON": False}
    ):
        for _ in range(2):
            assert (child().key, holder.loose) == ("errors", True)
    assert (child().key, child().loose) == ("non_field_errors", False)


def test_from_settings_keeps_what_a_project_assigns():
    holder, child = _holder()
    assert child.key == "non_field_errors"
    holder.key = "mine"  # replaces the settled value: no reload may undo it
    child.loose = True
    with override_settings(
        REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "errors", "COMPACT_JSON": False}
    ):
        assert (child().key, child().loose, holder.loose) == ("mine", True, True)
    assert (child.key, holder.loose) == ("mine", False)
    instance = child()
    instance.key = "per instance"  # as ``as_view(**initkwargs)`` does
    assert (instance.key, child().key) == ("per instance", "mine")


def test_a_value_read_across_a_reload_does_not_settle(monkeypatch):
    holder, _ = _holder()
    changed = override_settings(REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "errors"})
    original = APISettings.__getattr__
    enabled = []

    def change_while_reading(self, attr):
        value = original(self, attr)
        if not enabled:  # as override_settings in another thread would, mid-read
            enabled.append(True)
            changed.enable()
        return value

    monkeypatch.setattr(APISettings, "__getattr__", change_while_reading)
    api_settings.reload()
    try:
        assert holder.key == "non_field_errors"  # read before the change
        assert holder.key == "errors"
    finally:
        changed.disable()
    assert holder.key == "non_field_errors"


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
