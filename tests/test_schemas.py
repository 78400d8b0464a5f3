"""OpenAPI schemas: DRF's document for the same API, plus each operation's error responses."""

import copy
import io
import json
import warnings
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.core.validators import MaxLengthValidator
from django.test import override_settings

from restframe.schemas.errors import error_components
from restframe.schemas.openapi import SchemaGenerator
from restframe.test import APIClient
from tests.models_schemas import SchemaItem  # noqa: F401 - registers the model
from tests.urls_schemas import build_api, build_misc_api, framework

pytestmark = pytest.mark.urls("tests.urls_schemas")

SNAPSHOT = Path(__file__).with_name("schemas_drf.json")
# How each API's schema is generated: its URL patterns and the generator's arguments.
APIS = {
    "shop": (build_api, {"title": "Shop", "description": "Things to buy.", "version": "1.0"}),
    "misc": (build_misc_api, {"url": "https://x.org/base"}),
}


def generate(generator_class, package, api):
    build, args = APIS[api]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the API repeats operation ids, as DRF warns too
        schema = generator_class(patterns=build(framework(package)), **args)
        return json.loads(json.dumps(schema.get_schema(public=True)))


def restframe_schema(api="shop", errors=True):
    """restframe's schema, by default with its error responses (``SCHEMA_ERROR_RESPONSES``)
    added to whatever ``REST_FRAMEWORK`` the test set."""
    from django.conf import settings

    current = getattr(settings, "REST_FRAMEWORK", {})
    with override_settings(REST_FRAMEWORK={**current, "SCHEMA_ERROR_RESPONSES": errors}):
        return generate(SchemaGenerator, "restframe", api)


def without_errors(schema):
    """The document without restframe's additions: error responses and their schemas."""
    for operations in schema["paths"].values():
        for operation in operations.values():
            operation["responses"] = {
                status: response
                for status, response in operation["responses"].items()
                if int(status) < 400
            }
    for name in error_components():
        schema["components"]["schemas"].pop(name)
    return schema


def drf_schema(api):
    """Real DRF's schema of the same API (it needs uritemplate and inflection), else the
    snapshot DRF 3.18.3 wrote (tests/schemas_drf.json)."""
    try:
        import inflection  # noqa: F401
        import uritemplate  # noqa: F401
        from rest_framework.schemas.openapi import SchemaGenerator as DRFGenerator
    except ImportError:
        return json.loads(SNAPSHOT.read_text())[api]
    return generate(DRFGenerator, "rest_framework", api)


@pytest.mark.parametrize("api", ["shop", "misc"])
def test_document_is_drfs_plus_error_responses(api):
    # Same keys, values and order: compared as text.
    schema = restframe_schema(api)
    assert json.dumps(without_errors(schema)) == json.dumps(drf_schema(api))


def test_excluded_views_and_url_prefix():
    paths = restframe_schema("misc")["paths"]
    assert list(paths) == [
        "https://x.org/base/a/",
        "https://x.org/base/c/{x}/",
        "https://x.org/base/d/",
        "https://x.org/base/f/",
        "https://x.org/base/sink/",
    ]


@pytest.mark.skipif(
    not all(__import__("importlib.util").util.find_spec(m) for m in ("uritemplate", "inflection")),
    reason="DRF's schema generation needs uritemplate and inflection",
)
def test_snapshot_is_what_drf_writes():
    assert {api: drf_schema(api) for api in APIS} == json.loads(SNAPSHOT.read_text())


def recorded(action):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = action()
    return result, [str(warning.message) for warning in caught]


def test_duplicate_operation_ids_warn_as_drf():
    generator = SchemaGenerator(patterns=build_api(framework("restframe")))
    _schema, messages = recorded(lambda: generator.get_schema(public=True))
    assert messages[0] == (
        "You have a duplicated operationId in your OpenAPI schema: listSchemaItems\n"
        "\tRoute: /api/items/, Method: get\n"
        "\tRoute: /shop/items/, Method: get\n"
        "\tAn operationId has to be unique across your schema. Your schema may not work in "
        "other tools."
    )
    assert len(messages) == 6


DETAIL = {"$ref": "#/components/schemas/ErrorDetail"}
PROBLEM = {"$ref": "#/components/schemas/ProblemDetails"}


def detail_response(description, code, message, status, headers=None):
    drf = {code: {"summary": message, "value": {"detail": message}}}
    problem = {
        code: {
            "summary": message,
            "value": {
                "type": "about:blank",
                "title": description,
                "status": status,
                "detail": message,
                "instance": "/resource",
                "code": code,
            },
        }
    }
    response = {"description": description}
    if headers:
        response["headers"] = headers
    response["content"] = {
        "application/json": {"schema": DETAIL, "examples": drf},
        "application/problem+json": {"schema": PROBLEM, "examples": problem},
    }
    return response


NOT_ACCEPTABLE = detail_response(
    "Not Acceptable", "not_acceptable", "Could not satisfy the request Accept header.", 406
)


def errors_of(schema, path, method):
    return {k: v for k, v in schema["paths"][path][method]["responses"].items() if int(k) >= 400}


def test_plain_get_can_only_be_not_acceptable():
    schema = restframe_schema()
    assert errors_of(schema, "/ping/", "get") == {"406": NOT_ACCEPTABLE}


def merged(description, status, *examples, headers=None):
    """One response holding a ``detail`` example per ``(code, message)``, numbered as the
    schema numbers repeated codes."""
    response = None
    seen = {}
    for code, message in examples:
        seen[code] = seen.get(code, 0) + 1
        key = code if seen[code] == 1 else f"{code} ({seen[code]})"
        one = detail_response(description, code, message, status, headers)
        if response is None:
            response = copy.deepcopy(one)
            for media in response["content"].values():
                media["examples"] = {}
        for media, content in one["content"].items():
            response["content"][media]["examples"][key] = content["examples"][code]
    return response


def test_detail_route_without_auth_answers_404_and_406():
    schema = restframe_schema()
    assert errors_of(schema, "/shop/items/{name}/", "get") == {
        "404": merged(
            "Not Found",
            404,
            ("not_found", "No SchemaItem matches the given query."),
            ("not_found", "Not found."),
        ),
        "406": NOT_ACCEPTABLE,
    }


def test_paginated_throttled_list_behind_session_auth():
    schema = restframe_schema()
    retry_after = {
        "Retry-After": {
            "description": "Seconds to wait before retrying, when the throttle knows.",
            "schema": {"type": "integer", "minimum": 0},
        }
    }
    not_authenticated = ("not_authenticated", "Authentication credentials were not provided.")
    assert errors_of(schema, "/shop/items/", "get") == {
        # SessionAuthentication sends no challenge: 403; IsAuthenticated refuses no user.
        "403": merged("Forbidden", 403, not_authenticated),
        "404": detail_response("Not Found", "not_found", "Invalid page.", 404),
        "406": NOT_ACCEPTABLE,
        "429": detail_response(
            "Too Many Requests",
            "throttled",
            "Request was throttled. Expected available in 60 seconds.",
            429,
            retry_after,
        ),
    }
    # Writing with a session also needs the CSRF token.
    assert errors_of(schema, "/shop/items/", "post")["403"] == merged(
        "Forbidden",
        403,
        not_authenticated,
        ("permission_denied", "CSRF Failed: CSRF token missing."),
    )


BASIC_FAILURES = [
    ("authentication_failed", "Invalid basic header. No credentials provided."),
    (
        "authentication_failed",
        "Invalid basic header. Credentials string should not contain spaces.",
    ),
    ("authentication_failed", "Invalid basic header. Credentials not correctly base64 encoded."),
    ("authentication_failed", "Invalid username/password."),
    ("authentication_failed", "User inactive or deleted."),
]
WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": "The challenge of the view's first authentication class.",
        "schema": {"type": "string"},
    }
}


def test_basic_auth_read_only_get_is_401_for_bad_credentials_only():
    schema = restframe_schema()
    assert errors_of(schema, "/api/items/", "get") == {
        "401": merged("Unauthorized", 401, *BASIC_FAILURES, headers=WWW_AUTHENTICATE),
        "406": NOT_ACCEPTABLE,
    }
    # Writing needs a user (401 without one); any user may write: no 403.
    errors = errors_of(schema, "/api/items/", "post")
    assert errors["401"] == merged(
        "Unauthorized",
        401,
        *BASIC_FAILURES,
        ("not_authenticated", "Authentication credentials were not provided."),
        headers=WWW_AUTHENTICATE,
    )
    assert list(errors) == ["400", "401", "406", "415"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "operation", "headers", "status", "example"),
    [
        ("get", "/shop/items/nope/", "/shop/items/{name}/", {}, 404, "not_found"),
        ("get", "/api/items/abc/", "/api/items/{id}/", {}, 404, "not_found (2)"),
        (
            "get",
            "/api/items/",
            "/api/items/",
            {"HTTP_AUTHORIZATION": "Basic Zm9vOmJhcg=="},
            401,
            "authentication_failed (4)",
        ),
        ("post", "/api/items/", "/api/items/", {}, 401, "not_authenticated"),
        ("get", "/shop/items/", "/shop/items/", {}, 403, "not_authenticated"),
        (
            "get",
            "/ping/",
            "/ping/",
            {"HTTP_ACCEPT": "application/xml"},
            406,
            "not_acceptable",
        ),
    ],
)
@pytest.mark.parametrize("error_format", ["drf", "problem"])
def test_documented_examples_are_what_the_api_answers(
    method, path, operation, headers, status, example, error_format
):
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": error_format}):
        schema = restframe_schema()
        response = getattr(APIClient(), method)(path, **headers)
    media = "application/json" if error_format == "drf" else "application/problem+json"
    documented = schema["paths"][operation][method]["responses"][str(status)]["content"][media]
    expected = documented["examples"][example]["value"]
    if error_format == "problem":
        expected = {**expected, "instance": path.split("?")[0]}
    assert response.status_code == status
    assert response["Content-Type"] == media
    assert json.loads(response.content) == expected


def test_body_operation_lists_fields_and_codes_drf_format():
    schema = restframe_schema()
    errors = errors_of(schema, "/shop/items/{name}/", "put")
    assert list(errors) == ["400", "404", "406", "415"]
    assert errors["415"] == detail_response(
        "Unsupported Media Type",
        "unsupported_media_type",
        'Unsupported media type "text/plain" in request.',
        415,
    )
    bad = errors["400"]["content"]["application/json"]
    strings = {"type": "array", "items": {"type": "string"}}
    assert bad["schema"] == {
        "anyOf": [
            DETAIL,
            {
                "type": "object",
                "properties": {
                    "name": {
                        **strings,
                        "x-error-codes": [
                            "required",
                            "blank",
                            "invalid",
                            "max_length",
                            "null",
                            "null_characters_not_allowed",
                            "surrogate_characters_not_allowed",
                        ],
                    },
                    "price": {
                        **strings,
                        "x-error-codes": [
                            "required",
                            "invalid",
                            "max_decimal_places",
                            "max_digits",
                            "max_string_length",
                            "max_whole_digits",
                            "null",
                        ],
                    },
                    "kind": {**strings, "x-error-codes": ["invalid_choice", "null"]},
                    "in_stock": {**strings, "x-error-codes": ["invalid", "null"]},
                    "non_field_errors": {**strings, "x-error-codes": ["invalid", "null"]},
                },
            },
        ]
    }
    assert bad["examples"]["parse_error"] == {
        "summary": "Malformed request.",
        "value": {"detail": "Malformed request."},
    }
    assert bad["examples"]["name"] == {
        "summary": "This field is required.",
        "value": {"name": ["This field is required."]},
    }
    assert list(bad["examples"]) == [
        "parse_error",
        "name",
        "price",
        "kind",
        "in_stock",
        "non_field_errors",
    ]


@override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"})
def test_problem_format_offers_problem_json_only():
    schema = restframe_schema()
    assert errors_of(schema, "/ping/", "get") == {
        "406": {
            "description": "Not Acceptable",
            "content": {
                "application/problem+json": NOT_ACCEPTABLE["content"]["application/problem+json"]
            },
        }
    }
    bad = errors_of(schema, "/ping/", "post")["400"]
    assert list(bad["content"]) == ["application/problem+json"]
    put = errors_of(schema, "/shop/items/{name}/", "put")["400"]["content"]
    problem = put["application/problem+json"]
    assert problem["schema"]["allOf"][0] == PROBLEM
    variants = problem["schema"]["allOf"][1]["properties"]["errors"]["items"]["anyOf"]
    assert variants[2] == {
        "type": "object",
        "properties": {
            "pointer": {"type": "string", "enum": ["#/kind"]},
            "code": {"type": "string", "enum": ["invalid_choice", "null"]},
        },
    }
    assert variants[-1]["properties"]["pointer"] == {"type": "string", "enum": ["#"]}
    assert problem["examples"]["name"] == {
        "summary": "This field is required.",
        "value": {
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "detail": "Invalid input.",
            "instance": "/resource",
            "code": "invalid",
            "errors": [
                {"pointer": "#/name", "detail": "This field is required.", "code": "required"}
            ],
        },
    }
    assert set(schema["components"]["schemas"]) == {"Item", "ProblemDetails", "ProblemError"}


def test_error_components_are_openapi_30():
    text = json.dumps(error_components("drf"))
    assert '"type": [' not in text
    assert '"examples"' not in text
    assert error_components("drf")["ProblemError"]["properties"]["code"]["nullable"] is True


def test_view_that_raises_is_left_out_with_a_warning():
    client = APIClient()
    response, messages = recorded(
        lambda: client.get("/schema/broken/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    )
    assert (
        "Broken raised RuntimeError (no serializer here) while its schema was generated; "
        "GET /broken/ is left out of the schema."
    ) in messages
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert "/broken/" not in paths
    assert "/ping/" in paths


def test_schema_view_over_http():
    client = APIClient()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        response = client.get("/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    body = json.loads(response.content)
    assert body["info"] == {"title": "Shop", "version": "1.0"}
    assert body["openapi"] == "3.0.2"
    assert response.content.startswith(b'{\n  "openapi": "3.0.2",\n  "info": {\n')
    assert set(body["paths"]) == {
        "/api/items/",
        "/api/items/cheap/",
        "/api/items/{id}/",
        "/shop/items/",
        "/shop/items/{name}/",
        "/ping/",
        "/api/items/{id}/restock/",
    }
    refused = client.get("/schema/", HTTP_ACCEPT="application/json")
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/json"
    assert refused.content == b'{"detail":"Could not satisfy the request Accept header."}'


def test_private_schema_lists_what_the_request_may_use():
    client = APIClient()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        response = client.get("/schema/private/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    # IsAuthenticated refuses an anonymous user; IsAuthenticatedOrReadOnly lets it read only.
    assert "/shop/items/" not in paths
    assert set(paths["/api/items/"]) == {"get"}


def run_generateschema(*args):
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        call_command("generateschema", "--urlconf", "tests.urls_schemas", *args, stdout=out)
    return out.getvalue()


def test_generateschema_openapi_json():
    output = run_generateschema("--format", "openapi-json", "--title", "Shop", "--api_version", "2")
    schema = json.loads(output)
    assert schema["info"] == {"title": "Shop", "version": "2"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = SchemaGenerator(urlconf="tests.urls_schemas", title="Shop", version="2")
        assert schema == json.loads(json.dumps(expected.get_schema(public=True)))


def test_generateschema_to_file(tmp_path):
    target = tmp_path / "schema.json"
    assert run_generateschema("--format", "openapi-json", "--file", str(target)) == ""
    assert json.loads(target.read_text())["openapi"] == "3.0.2"


def test_generateschema_yaml():
    try:
        import yaml
    except ImportError:
        with pytest.raises(CommandError, match="needs PyYAML"):
            run_generateschema()
        return
    schema = yaml.safe_load(run_generateschema("--title", "Shop"))
    assert schema["info"]["title"] == "Shop"
    assert "/ping/" in schema["paths"]


def test_schema_view_default_renderer_is_yaml_when_pyyaml_is_installed():
    client = APIClient()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        response = client.get("/schema/")
        by_format = client.get("/schema/?format=openapi-json")
    assert response.status_code == 200
    try:
        import yaml
    except ImportError:
        # DRF needs PyYAML here; restframe serves the JSON document instead.
        assert response["Content-Type"] == "application/vnd.oai.openapi+json"
        assert json.loads(response.content)["info"]["title"] == "Shop"
    else:
        assert response["Content-Type"] == "application/vnd.oai.openapi"
        assert response.content.startswith(b"openapi: 3.0.2\ninfo:\n  title: Shop\n")
        assert yaml.safe_load(response.content)["info"]["title"] == "Shop"
    assert by_format["Content-Type"] == "application/vnd.oai.openapi+json"


def test_renderers_write_drfs_bytes():
    drf = pytest.importorskip("rest_framework.renderers")
    from restframe.schemas.renderers import JSONOpenAPIRenderer, OpenAPIRenderer

    document = json.loads(SNAPSHOT.read_text())
    document["shop"]["info"]["description"] = "Thïngs to büy."
    assert JSONOpenAPIRenderer().render(document) == drf.JSONOpenAPIRenderer().render(document)
    assert JSONOpenAPIRenderer.media_type == drf.JSONOpenAPIRenderer.media_type
    assert OpenAPIRenderer.media_type == drf.OpenAPIRenderer.media_type
    assert (JSONOpenAPIRenderer.format, OpenAPIRenderer.format) == ("openapi-json", "openapi")
    try:
        import yaml  # noqa: F401
    except ImportError:
        return
    ours = OpenAPIRenderer().render(document, renderer_context={})
    assert ours == drf.OpenAPIRenderer().render(document, renderer_context={})


def test_helpers_answer_as_drfs():
    drf_generators = pytest.importorskip("rest_framework.schemas.generators")
    drf_utils = pytest.importorskip("rest_framework.schemas.utils")
    from django.contrib.auth.models import User

    from restframe.schemas import generators, utils

    for model, name in ((SchemaItem, "id"), (SchemaItem, "name"), (User, "username")):
        field = model._meta.get_field(name)
        assert utils.get_pk_description(model, field) == drf_utils.get_pk_description(model, field)
        assert generators.get_pk_name(model) == drf_generators.get_pk_name(model)
    ours = generators.EndpointEnumerator(patterns=[])
    theirs = drf_generators.EndpointEnumerator(patterns=[])
    for route in (r"^api/items/(?P<pk>[^/.]+)/$", "api/items/<int:pk>/", "a/<slug>/b/"):
        assert ours.get_path_from_regex(route) == theirs.get_path_from_regex(route)
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        endpoint = ("/a/", method, None)
        assert generators.endpoint_ordering(endpoint) == drf_generators.endpoint_ordering(endpoint)


def test_autoschema_arguments_as_drf():
    from restframe.schemas.openapi import AutoSchema

    with pytest.raises(ValueError, match="tags must be a list or tuple of string."):
        AutoSchema(tags=[1])
    with pytest.raises(AttributeError):
        AutoSchema().view  # noqa: B018 - never bound to a view

    class Serializer(__import__("restframe.serializers").serializers.Serializer):
        pass

    with pytest.raises(ValueError, match='"Serializer" is an invalid class name'):
        AutoSchema().get_component_name(Serializer())


@pytest.mark.parametrize("accept", [None, "application/vnd.oai.openapi+json"])
def test_schema_view_errors_are_json_as_drfs(accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = APIClient().get("/schema/locked/", **headers)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"}):
        response = APIClient().get("/schema/locked/", **headers)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Forbidden",
        "status": 403,
        "detail": "Authentication credentials were not provided.",
        "instance": "/schema/locked/",
        "code": "not_authenticated",
    }


def test_with_default_schema_on_apiview(monkeypatch):
    """What ``APIView.schema = DefaultSchema()`` (DRF's class attribute) gives: the same."""
    from restframe.schemas import DefaultSchema
    from restframe.views import APIView

    before = restframe_schema("misc")
    monkeypatch.setattr(APIView, "schema", DefaultSchema(), raising=False)
    assert restframe_schema("misc") == before
    assert restframe_schema() == restframe_schema()


@override_settings(REST_FRAMEWORK={"DEFAULT_SCHEMA_CLASS": "tests.urls_schemas.TaggedSchema"})
def test_default_schema_class_setting():
    schema = restframe_schema("misc")
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert {tuple(op["tags"]) for op in operations} == {("everything",), ("t1",)}
    # Error responses off: only the success responses DRF lists.
    assert all(
        int(status) < 400
        for op in operations
        if op["tags"] == ["everything"]
        for status in op["responses"]
    )
    # The view with its own AutoSchema keeps it (and its error responses).
    custom = schema["paths"]["https://x.org/base/c/{x}/"]["get"]
    assert custom["tags"] == ["t1"]
    # Default authentication: Session first, so a bad Basic header answers 403.
    assert list(custom["responses"]) == ["200", "403", "404", "406"]


# -- DRF's document by default; restframe's error responses when asked ------------------------


@pytest.mark.parametrize("api", ["shop", "misc"])
def test_default_document_is_exactly_drfs(api):
    # No SCHEMA_ERROR_RESPONSES: a project moving from DRF gets DRF's document unchanged.
    assert json.dumps(restframe_schema(api, errors=False)) == json.dumps(drf_schema(api))
    schema = generate(SchemaGenerator, "restframe", api)
    statuses = {
        s for ops in schema["paths"].values() for op in ops.values() for s in op["responses"]
    }
    assert statuses <= {"200", "201", "204"}
    assert not set(error_components()) & set(schema.get("components", {}).get("schemas", {}))


def bound(inspector, view):
    inspector.view = view
    return inspector


def test_error_responses_per_schema_instance_and_setting():
    from restframe.schemas.openapi import AutoSchema
    from restframe.views import APIView

    class Thing(APIView):
        authentication_classes = []

        def get(self, request):
            return None

    view = Thing()
    assert AutoSchema().lists_error_responses() is False
    opted_in = bound(AutoSchema(error_responses=True), view)
    assert opted_in.lists_error_responses() is True
    assert list(opted_in.get_operation("/thing/", "GET")["responses"]) == ["200", "406"]
    assert list(opted_in.get_components("/thing/", "GET")) == list(error_components())
    plain = bound(AutoSchema(), view)
    assert list(plain.get_operation("/thing/", "GET")["responses"]) == ["200"]
    assert plain.get_components("/thing/", "GET") == {}
    with override_settings(REST_FRAMEWORK={"SCHEMA_ERROR_RESPONSES": True}):
        assert list(plain.get_operation("/thing/", "GET")["responses"]) == ["200", "406"]
        opted_out = bound(AutoSchema(error_responses=False), view)
        assert list(opted_out.get_operation("/thing/", "GET")["responses"]) == ["200"]


# -- field and serializer mapping, as DRF 3.18 ------------------------------------------------


def test_component_name_drops_serializer_anywhere_in_any_case():
    from restframe import serializers
    from restframe.schemas.openapi import AutoSchema

    class OrderSerializerV2(serializers.Serializer):
        pass

    class LineserializerItem(serializers.Serializer):
        pass

    assert AutoSchema().get_component_name(OrderSerializerV2()) == "OrderV2"
    assert AutoSchema().get_component_name(LineserializerItem()) == "LineItem"


def test_field_mappings_follow_drf():
    from django.contrib.auth.models import User

    from restframe import serializers
    from restframe.schemas.openapi import AutoSchema

    class Flag(serializers.BooleanField):
        pass

    class Sample(serializers.Serializer):
        by_uuid = serializers.PrimaryKeyRelatedField(
            queryset=User.objects.all(), pk_field=serializers.UUIDField()
        )
        by_int = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
        low = serializers.IntegerField(max_value=-(2**31) - 1)
        high_floor = serializers.IntegerField(min_value=2**31)
        small = serializers.IntegerField(min_value=-(2**31), max_value=2**31 - 1)
        flag = Flag()
        hstore = serializers.HStoreField()
        picks = serializers.MultipleChoiceField(
            choices=["a", "b"], validators=[MaxLengthValidator(2)]
        )
        items = serializers.ListField(validators=[MaxLengthValidator(2)])

    properties = AutoSchema().map_serializer(Sample())["properties"]
    assert properties["by_uuid"] == {"type": "string", "format": "uuid"}
    assert properties["by_int"] == {"type": "integer"}
    assert properties["low"] == {"type": "integer", "maximum": -(2**31) - 1, "format": "int64"}
    assert properties["high_floor"] == {"type": "integer", "minimum": 2**31, "format": "int64"}
    assert properties["small"] == {"type": "integer", "maximum": 2**31 - 1, "minimum": -(2**31)}
    # Only the built-in classes themselves have a type of their own; a subclass is a string.
    assert properties["flag"] == {"type": "string"}
    assert properties["hstore"] == {"type": "object"}
    # Items are counted for list fields only.
    assert properties["picks"]["maxLength"] == 2
    assert properties["items"]["maxItems"] == 2


def test_partial_serializer_requires_nothing():
    from restframe import serializers
    from restframe.schemas.openapi import AutoSchema

    class Note(serializers.Serializer):
        text = serializers.CharField()

    assert AutoSchema().map_serializer(Note()) == {
        "type": "object",
        "properties": {"text": {"type": "string"}},
        "required": ["text"],
    }
    assert AutoSchema().map_serializer(Note(partial=True)) == {
        "type": "object",
        "properties": {"text": {"type": "string"}},
    }


def test_decimal_validator_bounds_numbers_not_strings():
    from django.core.validators import DecimalValidator

    from restframe import serializers
    from restframe.schemas.openapi import AutoSchema

    def as_number(max_digits, decimal_places):
        return serializers.DecimalField(
            max_digits=None,
            decimal_places=None,
            coerce_to_string=False,
            validators=[DecimalValidator(max_digits, decimal_places)],
        )

    class Amounts(serializers.Serializer):
        number = as_number(5, 2)
        fraction = as_number(2, 2)
        text = serializers.CharField(validators=[DecimalValidator(5, 2)])

    properties = AutoSchema().map_serializer(Amounts())["properties"]
    assert properties["number"] == {
        "type": "number",
        "multipleOf": 0.01,
        "maximum": 1000,
        "minimum": -1000,
    }
    assert properties["fraction"] == {
        "type": "number",
        "multipleOf": 0.01,
        "maximum": 1,
        "minimum": -1,
    }
    # A field written as a string (COERCE_DECIMAL_TO_STRING) keeps only its own mapping.
    assert properties["text"] == {"type": "string"}
    schema = {}
    with override_settings(REST_FRAMEWORK={"COERCE_DECIMAL_TO_STRING": False}):
        field = serializers.FloatField(validators=[DecimalValidator(3, 1)])
        AutoSchema().map_field_validators(field, schema)
    assert schema == {"multipleOf": 0.1, "maximum": 100, "minimum": -100}
    coerced = serializers.DecimalField(max_digits=5, decimal_places=2)
    schema = {"type": "string", "format": "decimal"}
    AutoSchema().map_field_validators(coerced, schema)
    assert schema == {"type": "string", "format": "decimal"}


def test_components_request_first_and_none_for_delete():
    from restframe import generics, serializers
    from restframe.schemas.openapi import AutoSchema

    class InSerializer(serializers.Serializer):
        a = serializers.CharField()

    class In2Serializer(serializers.Serializer):
        b = serializers.IntegerField()

    class Split(AutoSchema):
        def get_request_serializer(self, path, method):
            return InSerializer()

        def get_response_serializer(self, path, method):
            return In2Serializer()

    class SameName(Split):
        def get_component_name(self, serializer):
            return "Shared"

    view = generics.GenericAPIView()
    assert list(bound(Split(), view).get_components("/x/", "POST")) == ["In", "In2"]
    shared = bound(SameName(), view).get_components("/x/", "POST")
    assert shared == {
        "Shared": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    }
    assert bound(Split(), view).get_components("/x/", "DELETE") == {}


def test_operation_ids_and_filters_on_plain_views():
    from restframe import filters
    from restframe.schemas.openapi import AutoSchema
    from restframe.views import APIView

    class Shoplist(APIView):
        filter_backends = [filters.SearchFilter]
        search_fields = ["name"]

        def get(self, request):
            return None

    class GadgetRetrieveView(APIView):
        def get(self, request, pk):
            return None

    inspector = bound(AutoSchema(), Shoplist())
    # "list" ends the name only when capitalised, as a class name would write it.
    assert inspector.get_operation_id("/shops/", "GET") == "listShoplists"
    assert bound(AutoSchema(), GadgetRetrieveView()).get_operation_id("/gadgets/{pk}/", "GET") == (
        "retrieveGadget"
    )
    # Filter backends of a plain APIView are described too.
    assert [p["name"] for p in inspector.get_operation("/shops/", "GET")["parameters"]] == [
        "search"
    ]


def test_duplicate_check_skips_operations_without_id():
    paths = {"/a/": {"get": {"operationId": "x"}}, "/b/": {"get": {"description": ""}}}
    _result, messages = recorded(lambda: SchemaGenerator().check_duplicate_operation_id(paths))
    assert messages == []


def test_list_view_and_pk_description_as_drf():
    from django.db import models

    from restframe.schemas.utils import get_pk_description, is_list_view
    from restframe.views import APIView

    view = APIView()
    assert is_list_view("/items/", "GET", view) is True
    assert is_list_view("/items/{pk}/", "GET", view) is False
    assert is_list_view("/items/{pk}.json", "GET", view) is False
    integer_pk = models.IntegerField(primary_key=True)
    assert (
        get_pk_description(SchemaItem, integer_pk) == "A unique value identifying this schema item."
    )
    assert (
        get_pk_description(SchemaItem, SchemaItem._meta.pk)
        == "A unique integer value identifying this schema item."
    )


def test_method_docstring_is_read_by_sections():
    from restframe.schemas.openapi import AutoSchema
    from restframe.views import APIView

    class Both(APIView):
        def get(self, request):
            """
            Shared intro.

            get: Reads it.
            post: Writes it.
            """

        def patch(self, request):
            """
            Shared intro.

            get: Reads it.
            """

        post = get

    inspector = bound(AutoSchema(), Both())
    assert inspector.get_description("/both/", "GET") == "Reads it."
    assert inspector.get_description("/both/", "POST") == "Writes it."
    assert inspector.get_description("/both/", "PATCH") == "Shared intro."
    assert inspector.get_description("/both/", "DELETE") == ""  # no handler, no view docstring


def test_a_schema_assigned_on_a_view_instance_wins_over_the_default():
    """drf-spectacular's generator puts the ``@extend_schema`` inspector on each view instance
    (``view.schema = ...``); reading it back must give that one, as in DRF, not a fresh
    ``DEFAULT_SCHEMA_CLASS``."""
    from restframe.schemas.openapi import AutoSchema
    from restframe.views import APIView

    class Plain(APIView):
        pass

    first, second = Plain(), Plain()
    custom = AutoSchema()
    first.schema = custom
    assert first.schema is custom and custom.view is first
    assert second.schema is not custom and second.schema.view is second
