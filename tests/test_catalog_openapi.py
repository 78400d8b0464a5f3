"""``manage.py errorcatalog --format openapi`` and ``restframe.openapi.openapi_components``."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings

import restframe
from restframe import exceptions
from restframe.formatters import drf_body, problem_body
from restframe.openapi import openapi_components

ROOT = Path(__file__).resolve().parents[1]
ERROR_ID = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633d"
PROBLEM = "application/problem+json"
JSON = "application/json"

SHOP_EXCEPTIONS = (
    "from restframe.exceptions import APIException, ValidationError\n\n\n"
    "class SoldOut(APIException):\n"
    "    status_code = 409\n"
    "    default_detail = 'Sold out.'\n"
    "    default_code = 'sold_out'\n\n\n"
    "class CardDeclined(APIException):\n"
    "    status_code = 402\n"
    "    default_detail = 'Your card was declined.'\n"
    "    default_code = 'card_declined'\n\n\n"
    "class StockError(ValidationError):\n"
    "    default_detail = 'Not enough stock.'\n"
    "    default_code = 'stock'\n"
)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("errorcatalog", "--format", "openapi", *args, stdout=out)
    return out.getvalue()


def document(*args: str) -> dict[str, Any]:
    doc = orjson.loads(run(*args))
    check_openapi(doc)
    return doc


# --- structure checks (no OpenAPI validator is installed: the rules that matter, by hand) ----

COMPONENT_NAME = re.compile(r"^[a-zA-Z0-9._-]+$")


def resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def walk_refs(doc: dict[str, Any], node: Any) -> None:
    if isinstance(node, dict):
        if "$ref" in node:
            resolve(doc, node["$ref"])
        for value in node.values():
            walk_refs(doc, value)
    elif isinstance(node, list):
        for value in node:
            walk_refs(doc, value)


TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "null": type(None),
}


def validates(doc: dict[str, Any], schema: dict[str, Any], value: Any) -> bool:
    """The JSON Schema keywords the export uses (``format`` and annotations ignored)."""
    if "$ref" in schema:
        return validates(doc, resolve(doc, schema["$ref"]), value)
    if "anyOf" in schema and not any(validates(doc, s, value) for s in schema["anyOf"]):
        return False
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(isinstance(value, TYPES[t]) and type(value) is not bool for t in types):
            return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, int) and not (
        schema.get("minimum", value) <= value <= schema.get("maximum", value)
    ):
        return False
    if isinstance(value, dict):
        if any(name not in value for name in schema.get("required", [])):
            return False
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", {})
        for name, member in value.items():
            if not validates(doc, properties.get(name, extra), member):
                return False
    if isinstance(value, list) and "items" in schema:
        return all(validates(doc, schema["items"], item) for item in value)
    return True


def check_openapi(doc: dict[str, Any]) -> None:
    assert list(doc) == ["openapi", "info", "components"]
    assert doc["openapi"] == "3.1.0"
    assert doc["info"] == {"title": "Error responses", "version": restframe.RELEASE}
    components = doc["components"]
    assert list(components) == ["schemas", "responses"]
    for section in components.values():
        assert all(COMPONENT_NAME.match(name) for name in section)
    walk_refs(doc, doc)
    responses = components["responses"]
    assert list(responses) == sorted(responses, key=int)
    for status, response in responses.items():
        assert isinstance(response["description"], str) and response["description"]
        for header in response.get("headers", {}).values():
            assert set(header) == {"description", "schema"}
        assert response["content"]
        for media in response["content"].values():
            assert set(media) == {"schema", "examples"}
            assert list(media["examples"]) == sorted(media["examples"])
            for name, example in media["examples"].items():
                assert list(example) == ["summary", "description", "value"], name
                assert validates(doc, media["schema"], example["value"]), (status, name)
                if isinstance(example["value"], dict) and "status" in example["value"]:
                    assert example["value"]["status"] == int(status)


def test_validator_rejects_what_the_schemas_exclude():
    # The checks above would pass vacuously if ``validates`` accepted anything.
    doc = document()
    problem = {"$ref": "#/components/schemas/ProblemDetails"}
    assert not validates(doc, problem, {"detail": "x"})
    assert not validates(doc, problem, {**problem_404(), "code": "no_such_code"})
    assert not validates(doc, {"$ref": "#/components/schemas/ErrorDetail"}, {"detail": 1})
    assert not validates(doc, {"$ref": "#/components/schemas/ValidationError"}, {"a": [1]})
    assert validates(doc, {"$ref": "#/components/schemas/ValidationError"}, {"a": {"1": ["x"]}})


def problem_404() -> dict[str, Any]:
    return {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found.",
        "instance": "/resource",
        "code": "not_found",
    }


# --- the drf format (the default) ----------------------------------------------------------


def test_drf_format_offers_json_and_problem_json():
    doc = document()
    components = doc["components"]
    assert list(components["schemas"]) == [
        "ErrorDetail",
        "ProblemDetails",
        "ProblemError",
        "ServerError",
        "ValidationError",
    ]
    for status in ("400", "401", "403", "404", "405", "406", "409", "415", "429", "500", "503"):
        assert list(components["responses"][status]["content"]) == [JSON, PROBLEM]


def test_not_found_response():
    response = document()["components"]["responses"]["404"]
    assert response["description"] == "Not Found"
    json_examples = response["content"][JSON]["examples"]
    problem_examples = response["content"][PROBLEM]["examples"]
    assert response["content"][JSON]["schema"] == {"$ref": "#/components/schemas/ErrorDetail"}
    assert response["content"][PROBLEM]["schema"] == {"$ref": "#/components/schemas/ProblemDetails"}
    # Paginators and versioning schemes raise ``NotFound`` with messages of their own: one
    # example each, named by the code and the source when the code is shared.
    assert list(json_examples) == [
        "not_found (restframe.exceptions.NotFound)",
        "not_found (restframe.pagination.CursorPagination)",
        "not_found (restframe.pagination.PageNumberPagination)",
        "not_found (restframe.versioning.HostNameVersioning)",
        "not_found (restframe.versioning.QueryParameterVersioning)",
        "not_found (restframe.versioning.URLPathVersioning)",
        "not_found (restframe.versioning.NamespaceVersioning)",
    ] or sorted(json_examples) == sorted(problem_examples)
    assert json_examples["not_found (restframe.exceptions.NotFound)"] == {
        "summary": "Not found.",
        "description": "From `restframe.exceptions.NotFound`.",
        "value": {"detail": "Not found."},
    }
    assert problem_examples["not_found (restframe.exceptions.NotFound)"] == {
        "summary": "Not found.",
        "description": "From `restframe.exceptions.NotFound`.",
        "value": problem_404(),
    }
    assert json_examples["not_found (restframe.pagination.PageNumberPagination)"]["value"] == {
        "detail": "Invalid page."
    }


@pytest.mark.parametrize(
    ("status", "headers"),
    [
        (
            "401",
            {
                "WWW-Authenticate": {
                    "description": "The challenge of the view's first authentication class.",
                    "schema": {"type": "string"},
                }
            },
        ),
        (
            "405",
            {
                "Allow": {
                    "description": "The methods the view accepts.",
                    "schema": {"type": "string"},
                }
            },
        ),
        (
            "429",
            {
                "Retry-After": {
                    "description": "Seconds to wait before retrying, when the throttle knows.",
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        ),
        (
            "503",
            {
                "Retry-After": {
                    "description": "Seconds to wait before retrying, when known.",
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
        ),
        ("403", None),
        ("404", None),
    ],
)
def test_headers(status, headers):
    response = document()["components"]["responses"][status]
    assert response.get("headers") == headers


def test_unauthenticated_errors_are_also_listed_under_403():
    forbidden = document()["components"]["responses"]["403"]["content"]
    assert list(forbidden[JSON]["examples"]) == [
        "authentication_failed",
        "not_authenticated",
        "permission_denied",
    ]
    assert forbidden[JSON]["examples"]["not_authenticated"] == {
        "summary": "Authentication credentials were not provided.",
        "description": (
            "From `restframe.exceptions.NotAuthenticated`. Answered with 403 when the view's "
            "first authentication class sends no challenge (e.g. `SessionAuthentication`)."
        ),
        "value": {"detail": "Authentication credentials were not provided."},
    }
    assert forbidden[PROBLEM]["examples"]["not_authenticated"]["value"] == {
        "type": "about:blank",
        "title": "Forbidden",
        "status": 403,
        "detail": "Authentication credentials were not provided.",
        "instance": "/resource",
        "code": "not_authenticated",
    }


def test_server_error_response_carries_error_id():
    response = document()["components"]["responses"]["500"]
    assert response["content"][JSON]["schema"] == {"$ref": "#/components/schemas/ServerError"}
    description = (
        "From `restframe.exceptions.APIException`. `error_id` is sent for unhandled "
        "exceptions only."
    )
    # (Other tests' classes with status 500 are listed too: only restframe's own is pinned.)
    assert response["content"][JSON]["examples"]["error"] == {
        "summary": "A server error occurred.",
        "description": description,
        "value": {"detail": "A server error occurred.", "error_id": ERROR_ID},
    }
    assert response["content"][PROBLEM]["examples"]["error"]["value"] == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "A server error occurred.",
        "instance": "/resource",
        "code": "error",
        "error_id": ERROR_ID,
    }


def test_bad_request_has_both_shapes_and_every_field_message():
    response = document()["components"]["responses"]["400"]
    content = response["content"]
    assert content[JSON]["schema"] == {
        "anyOf": [
            {"$ref": "#/components/schemas/ErrorDetail"},
            {"$ref": "#/components/schemas/ValidationError"},
        ]
    }
    examples = content[JSON]["examples"]
    assert examples["parse_error"]["value"] == {"detail": "Malformed request."}
    assert examples["bad_request"]["value"] == {"detail": "Bad request."}
    # ``ValidationError()``: a bare list.
    assert examples["invalid (restframe.exceptions.ValidationError)"]["value"] == ["Invalid input."]
    assert examples["required (restframe.fields.Field)"] == {
        "summary": "This field is required.",
        "description": "From `restframe.fields.Field`.",
        "value": {"field_name": ["This field is required."]},
    }
    assert examples["unique (restframe.validators.UniqueTogetherValidator)"]["value"] == {
        "non_field_errors": ["The fields {field_names} must make a unique set."]
    }
    problems = content[PROBLEM]["examples"]
    assert problems["required (restframe.fields.Field)"]["value"] == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Invalid input.",
        "instance": "/resource",
        "code": "invalid",
        "errors": [
            {"pointer": "#/field_name", "detail": "This field is required.", "code": "required"}
        ],
    }
    assert problems["null (restframe.serializers.Serializer)"]["value"]["errors"] == [
        {"pointer": "#", "detail": "No data provided", "code": "null"}
    ]


def test_non_field_errors_key_setting_is_used():
    with override_settings(REST_FRAMEWORK={"NON_FIELD_ERRORS_KEY": "errors"}):
        doc = document()
    examples = doc["components"]["responses"]["400"]["content"][JSON]["examples"]
    assert examples["null (restframe.serializers.Serializer)"]["value"] == {
        "errors": ["No data provided"]
    }
    assert (
        "`errors` for errors not tied to a field"
        in (doc["components"]["schemas"]["ValidationError"]["description"])
    )


def test_schemas():
    schemas = document()["components"]["schemas"]
    assert schemas["ErrorDetail"] == {
        "type": "object",
        "description": "One error message.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    }
    assert schemas["ServerError"]["required"] == ["detail"]
    assert schemas["ServerError"]["properties"] == {
        "detail": {"type": "string"},
        "error_id": {"type": "string", "format": "uuid"},
    }
    nested = {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/ValidationError"}]}
    assert schemas["ValidationError"]["type"] == ["object", "array"]
    assert schemas["ValidationError"]["additionalProperties"] == nested
    assert schemas["ValidationError"]["items"] == nested
    problem = schemas["ProblemDetails"]
    assert problem["required"] == ["type", "title", "status", "detail", "code"]
    assert list(problem["properties"]) == [
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "code",
        "errors",
        "error_id",
    ]
    assert problem["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/ProblemError"}
    assert {"not_found", "invalid", "throttled", "error"} <= set(
        problem["properties"]["code"]["enum"]
    )
    error = schemas["ProblemError"]
    assert error["required"] == ["pointer", "detail", "code"]
    # Validators and views give codes of their own: listed as examples, not enforced.
    assert "enum" not in error["properties"]["code"]
    assert {"required", "max_length", "unique", "invalid"} <= set(
        error["properties"]["code"]["examples"]
    )


def test_examples_are_the_bodies_restframe_sends():
    """Each example is what the formatters give for the exception raised at ``/resource``."""
    doc = document()
    request = RequestFactory().get("/resource")

    def example(status: str, media: str, name: str) -> Any:
        return doc["components"]["responses"][status]["content"][media]["examples"][name]["value"]

    def wire(body: Any) -> Any:
        return orjson.loads(orjson.dumps(body, default=str))

    cases = [
        ("404", "not_found (restframe.exceptions.NotFound)", exceptions.NotFound()),
        ("429", "throttled", exceptions.Throttled()),
        ("400", "invalid (restframe.exceptions.ValidationError)", exceptions.ValidationError()),
        (
            "400",
            "required (restframe.fields.Field)",
            exceptions.ValidationError(
                {"field_name": ["This field is required."]}, code="required"
            ),
        ),
    ]
    for status, name, exc in cases:
        assert example(status, JSON, name) == wire(drf_body(exc)), name
        assert example(status, PROBLEM, name) == wire(problem_body(exc, request)), name
    server = exceptions.APIException()
    assert example("500", PROBLEM, "error") == wire(
        problem_body(server, request, error_id=ERROR_ID)
    )


# --- the problem format -------------------------------------------------------------------


def test_problem_format_option_describes_problem_json_only():
    doc = document("--error-format", "problem")
    components = doc["components"]
    assert list(components["schemas"]) == ["ProblemDetails", "ProblemError"]
    for response in components["responses"].values():
        assert list(response["content"]) == [PROBLEM]
    assert components["responses"]["404"]["content"][PROBLEM]["examples"][
        "not_found (restframe.exceptions.NotFound)"
    ] == {
        "summary": "Not found.",
        "description": "From `restframe.exceptions.NotFound`.",
        "value": problem_404(),
    }


def test_error_format_setting_is_the_default():
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"}):
        assert run() == run("--error-format", "problem")
        assert openapi_components() == openapi_components("problem")
    assert run() == run("--error-format", "drf")


def test_drf_option_overrides_problem_setting():
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"}):
        doc = document("--error-format", "drf")
    assert list(doc["components"]["responses"]["404"]["content"]) == [JSON, PROBLEM]


def test_problem_type_base_uri():
    settings = {"ERROR_FORMAT": "problem", "PROBLEM_TYPE_BASE_URI": "https://errors.example.com/"}
    with override_settings(REST_FRAMEWORK=settings):
        doc = document()
    responses = doc["components"]["responses"]
    examples = responses["404"]["content"][PROBLEM]["examples"]
    value = examples["not_found (restframe.exceptions.NotFound)"]["value"]
    assert value["type"] == "https://errors.example.com/not_found"
    assert value["title"] == "Not Found"
    value = responses["400"]["content"][PROBLEM]["examples"]["blank"]["value"]
    assert value["type"] == "https://errors.example.com/invalid"


# --- the command's contract ---------------------------------------------------------------


def test_output_is_deterministic_and_indented():
    first = run()
    assert first == run()
    assert first.startswith('{\n  "openapi": "3.1.0",\n  "info": {\n')


def test_function_returns_the_command_components():
    assert openapi_components() == orjson.loads(run())["components"]


def test_unknown_error_format_is_rejected():
    with pytest.raises(CommandError):
        run("--error-format", "xml")
    with pytest.raises(ValueError, match='error_format must be "drf" or "problem", not \'xml\''):
        openapi_components("xml")


def test_error_format_needs_openapi_format():
    out = io.StringIO()
    with pytest.raises(CommandError, match="--error-format applies to --format openapi only."):
        call_command("errorcatalog", "--format", "json", "--error-format", "drf", stdout=out)


# --- the project's own exceptions ---------------------------------------------------------


def write_shop(tmp_path: Path) -> None:
    app = tmp_path / "shopapp"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "exceptions.py").write_text(SHOP_EXCEPTIONS)
    (tmp_path / "shop_urls.py").write_text("urlpatterns = []\n")


def test_project_exceptions_are_in_enum_and_examples(tmp_path, monkeypatch):
    write_shop(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    from django.conf import settings

    try:
        with override_settings(
            INSTALLED_APPS=[*settings.INSTALLED_APPS, "shopapp"], ROOT_URLCONF="shop_urls"
        ):
            doc = document()
    finally:
        for name in ("shopapp", "shopapp.exceptions", "shop_urls"):
            sys.modules.pop(name, None)
    components = doc["components"]
    enum = components["schemas"]["ProblemDetails"]["properties"]["code"]["enum"]
    assert {"sold_out", "card_declined", "stock"} <= set(enum)
    conflict = components["responses"]["409"]["content"][JSON]["examples"]
    assert conflict["sold_out"] == {
        "summary": "Sold out.",
        "description": "From `shopapp.exceptions.SoldOut`.",
        "value": {"detail": "Sold out."},
    }
    assert components["responses"]["402"]["description"] == "Payment Required"


def test_fresh_process_prints_builtin_and_project_errors(tmp_path):
    """``python -m django errorcatalog --format openapi`` as a user runs it."""
    write_shop(tmp_path)
    (tmp_path / "shop_settings.py").write_text(
        "from tests.settings import *  # noqa: F403\n\n"
        "INSTALLED_APPS = [*INSTALLED_APPS, 'shopapp']  # noqa: F405\n"
        "ROOT_URLCONF = 'shop_urls'\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shop_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "errorcatalog", "--format", "openapi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    doc = orjson.loads(result.stdout)
    check_openapi(doc)
    components = doc["components"]
    assert list(components["responses"]) == [
        "400",
        "401",
        "402",
        "403",
        "404",
        "405",
        "406",
        "409",
        "415",
        "429",
        "500",
        "503",
    ]
    assert components["schemas"]["ProblemDetails"]["properties"]["code"]["enum"] == [
        "already_exists",
        "authentication_failed",
        "bad_request",
        "card_declined",
        "conflict",
        "error",
        "invalid",
        "method_not_allowed",
        "not_acceptable",
        "not_authenticated",
        "not_found",
        "parse_error",
        "permission_denied",
        "protected",
        "service_unavailable",
        "sold_out",
        "stock",
        "throttled",
        "unsupported_media_type",
    ]
    assert components["responses"]["402"] == {
        "description": "Payment Required",
        "content": {
            JSON: {
                "schema": {"$ref": "#/components/schemas/ErrorDetail"},
                "examples": {
                    "card_declined": {
                        "summary": "Your card was declined.",
                        "description": "From `shopapp.exceptions.CardDeclined`.",
                        "value": {"detail": "Your card was declined."},
                    }
                },
            },
            PROBLEM: {
                "schema": {"$ref": "#/components/schemas/ProblemDetails"},
                "examples": {
                    "card_declined": {
                        "summary": "Your card was declined.",
                        "description": "From `shopapp.exceptions.CardDeclined`.",
                        "value": {
                            "type": "about:blank",
                            "title": "Payment Required",
                            "status": 402,
                            "detail": "Your card was declined.",
                            "instance": "/resource",
                            "code": "card_declined",
                        },
                    }
                },
            },
        },
    }
    bad_request = components["responses"]["400"]["content"]
    assert list(components["responses"]["409"]["content"][JSON]["examples"]) == [
        "already_exists",
        "conflict",
        "protected",
        "sold_out",
    ]
    assert bad_request[JSON]["examples"]["stock"]["value"] == ["Not enough stock."]
    assert bad_request[PROBLEM]["examples"]["stock"]["value"] == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Not enough stock.",
        "instance": "/resource",
        "code": "stock",
        "errors": [{"pointer": "#", "detail": "Not enough stock.", "code": "stock"}],
    }
