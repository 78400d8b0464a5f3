"""The error catalog (``restframe.catalog``) and ``manage.py errorcatalog``."""

from __future__ import annotations

import io
import sys

import orjson
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from restframe import catalog, exceptions
from restframe.catalog import TITLES, CatalogEntry, entries, title_for


def by_source(found):
    return {(e.source, e.code): e for e in found}


def test_builtin_exceptions_are_listed():
    found = by_source(entries())
    entry = found[("restframe.exceptions.NotFound", "not_found")]
    assert entry.as_dict() == {
        "code": "not_found",
        "status": 404,
        "message": "Not found.",
        "title": "Not Found",
        "source": "restframe.exceptions.NotFound",
    }
    for cls in (
        exceptions.APIException,
        exceptions.ValidationError,
        exceptions.ParseError,
        exceptions.AuthenticationFailed,
        exceptions.NotAuthenticated,
        exceptions.PermissionDenied,
        exceptions.MethodNotAllowed,
        exceptions.NotAcceptable,
        exceptions.UnsupportedMediaType,
        exceptions.Throttled,
    ):
        entry = found[(f"restframe.exceptions.{cls.__name__}", cls.default_code)]
        assert entry.status == cls.status_code
        assert str(entry.message) == str(cls.default_detail)


def test_error_views_code_is_listed():
    found = by_source(entries())
    entry = found[("restframe.defaults.DjangoBadRequest", "bad_request")]
    assert (entry.status, str(entry.message), entry.title) == (400, "Bad request.", "Bad Request")


def test_project_subclass_is_listed_when_created():
    class PaymentRequired(exceptions.APIException):
        status_code = 402
        default_detail = "Pay first."
        default_code = "payment_required"

    assert PaymentRequired in catalog.exception_classes()
    entry = by_source(entries())[(f"{__name__}.{PaymentRequired.__qualname__}", "payment_required")]
    assert entry.as_dict()["title"] == "Payment Required"
    assert entry.as_dict()["message"] == "Pay first."


def test_field_messages_are_listed():
    found = by_source(entries())
    assert str(found[("restframe.fields.Field", "required")].message) == "This field is required."
    assert str(found[("restframe.fields.CharField", "blank")].message) == (
        "This field may not be blank."
    )
    assert str(found[("restframe.fields.IntegerField", "invalid")].message) == (
        "A valid integer is required."
    )
    assert found[("restframe.fields.IntegerField", "invalid")].status == 400
    assert str(found[("restframe.serializers.Serializer", "invalid")].message) == (
        "Invalid data. Expected a dictionary, but got {datatype}."
    )


def test_validator_messages_are_listed():
    found = by_source(entries())
    entry = found[("restframe.validators.UniqueValidator", "unique")]
    assert str(entry.message) == "This field must be unique."
    entry = found[("restframe.validators.UniqueTogetherValidator", "unique")]
    assert str(entry.message) == "The fields {field_names} must make a unique set."


def test_entries_are_unique():
    """No entry twice; one source may give one code two messages (authtoken's two failures)."""
    found = entries()
    keys = [(e.source, e.code, str(e.message)) for e in found]
    assert len(keys) == len(set(keys))


def test_messages_given_at_raise_time_are_listed():
    found = {(e.source, str(e.message)): e for e in entries()}
    expected = {
        ("restframe.pagination.PageNumberPagination", "Invalid page."): (404, "not_found"),
        ("restframe.pagination.CursorPagination", "Invalid cursor"): (404, "not_found"),
        ("restframe.versioning.URLPathVersioning", "Invalid version in URL path."): (
            404,
            "not_found",
        ),
        ("restframe.versioning.AcceptHeaderVersioning", 'Invalid version in "Accept" header.'): (
            406,
            "not_acceptable",
        ),
        (
            "restframe.authtoken.serializers.AuthTokenSerializer",
            "Unable to log in with provided credentials.",
        ): (400, "authorization"),
        (
            "restframe.authtoken.serializers.AuthTokenSerializer",
            'Must include "username" and "password".',
        ): (400, "authorization"),
    }
    for key, (status, code) in expected.items():
        assert (found[key].status, found[key].code) == (status, code), key


def test_one_code_one_entry_when_classes_declare_the_same_error():
    """A project class repeating a built-in error (DRF's docs' ``ServiceUnavailable``) is listed
    once."""
    from restframe.throttling import ThrottleCacheUnavailable

    class ServiceUnavailable(exceptions.APIException):
        status_code = 503
        default_detail = ThrottleCacheUnavailable.default_detail
        default_code = "service_unavailable"

    matching = [e for e in entries() if e.code == "service_unavailable"]
    assert [e.source for e in matching] == ["restframe.throttling.ThrottleCacheUnavailable"]


def test_every_source_is_a_public_name():
    """A user can look each source up: no private class or module is listed."""
    private = [e.source for e in entries() if any(p.startswith("_") for p in e.source.split("."))]
    assert private == []


def test_exception_codes_are_unique_in_the_builtin_catalog():
    codes = [e.code for e in entries() if e.source.startswith("restframe.exceptions.")]
    assert len(codes) == len(set(codes))


def test_reimported_class_is_listed_once():
    class Twice(exceptions.APIException):
        default_code = "twice"

    first = Twice

    class Twice(exceptions.APIException):  # noqa: F811 - the same dotted path again
        default_code = "twice"

    assert first is not Twice
    sources = [e.source for e in entries() if e.code == "twice"]
    assert len(sources) == 1


@pytest.mark.parametrize(
    ("status", "title"),
    [
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (404, "Not Found"),
        (413, "Content Too Large"),
        (422, "Unprocessable Content"),
        (429, "Too Many Requests"),
        (500, "Internal Server Error"),
        (503, "Service Unavailable"),
        (499, "Client Error"),
        (599, "Server Error"),
    ],
)
def test_titles(status, title):
    assert title_for(status) == title


def test_titles_are_lazy_and_translated_at_use():
    # Lazy objects: the active language decides when the title is used, not at import time.
    assert all(not isinstance(t, str) for t in TITLES.values())
    with translation.override("fr"):
        assert title_for(404) == translation.gettext("Not Found")


def test_declared_title_wins():
    class Teapot(exceptions.APIException):
        status_code = 418
        default_code = "teapot"
        default_title = "I'm a teapot"

    assert title_for(418, "teapot") == "I'm a teapot"
    assert title_for(418) == "Client Error"


def test_entry_dict_is_json_ready():
    entry = CatalogEntry(
        code="x", status=400, message=exceptions.NotFound.default_detail, source="s"
    )
    assert orjson.loads(orjson.dumps(entry.as_dict()))["message"] == "Not found."


# --- manage.py errorcatalog -----------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("errorcatalog", *args, stdout=out)
    return out.getvalue()


def test_command_json():
    data = orjson.loads(run("--format", "json"))
    assert isinstance(data, list) and data
    assert all(list(item) == ["code", "status", "message", "title", "source"] for item in data)
    assert {
        "code": "throttled",
        "status": 429,
        "message": "Request was throttled.",
        "title": "Too Many Requests",
        "source": "restframe.exceptions.Throttled",
    } in data


def test_command_default_format_is_json():
    assert orjson.loads(run()) == orjson.loads(run("--format", "json"))


def test_command_markdown():
    text = run("--format", "markdown")
    lines = text.splitlines()
    assert lines[0] == "| code | status | message | title | source |"
    assert lines[1] == "|---|---|---|---|---|"
    assert (
        "| `not_found` | 404 | Not found. | Not Found | `restframe.exceptions.NotFound` |" in lines
    )


def test_command_rejects_unknown_format():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run("--format", "xml")


def test_command_loads_root_urlconf_and_app_exceptions(tmp_path, monkeypatch):
    app = tmp_path / "catalogapp"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "exceptions.py").write_text(
        "from restframe.exceptions import APIException\n\n\n"
        "class OutOfStock(APIException):\n"
        "    status_code = 409\n"
        "    default_detail = 'Out of stock.'\n"
        "    default_code = 'out_of_stock'\n"
    )
    (tmp_path / "catalog_root_urls.py").write_text(
        "from restframe.exceptions import APIException\n\n\n"
        "class Gone(APIException):\n"
        "    status_code = 410\n"
        "    default_detail = 'Gone for good.'\n"
        "    default_code = 'gone_for_good'\n\n\n"
        "urlpatterns = []\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    from django.conf import settings

    try:
        with override_settings(
            INSTALLED_APPS=[*settings.INSTALLED_APPS, "catalogapp"],
            ROOT_URLCONF="catalog_root_urls",
        ):
            data = orjson.loads(run())
    finally:
        for name in ("catalogapp", "catalogapp.exceptions", "catalog_root_urls"):
            sys.modules.pop(name, None)
    assert {
        "code": "out_of_stock",
        "status": 409,
        "message": "Out of stock.",
        "title": "Conflict",
        "source": "catalogapp.exceptions.OutOfStock",
    } in data
    assert {
        "code": "gone_for_good",
        "status": 410,
        "message": "Gone for good.",
        "title": "Gone",
        "source": "catalog_root_urls.Gone",
    } in data
