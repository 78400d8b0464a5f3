"""OpenAPI documents, as DRF 3.18 writes them, optionally with every operation's errors.

``SchemaGenerator`` writes the document (OpenAPI 3.0.2, as DRF); ``AutoSchema`` describes one
operation from its view's serializer, parsers, renderers, paginator and filter backends, with
DRF's names, hooks and output. Beyond DRF, and only when asked (the ``SCHEMA_ERROR_RESPONSES``
setting, or an ``AutoSchema`` whose ``error_responses`` is true), ``get_error_responses`` adds
the answers the operation can give when it fails (400, 401, 403, 404, 406, 415, 429), in the
project's ``ERROR_FORMAT``, built from the error catalog's shapes (``restframe.openapi``). Off
by default, so that a project moving from DRF gets DRF's document byte for byte.

A view that raises while it is being described is left out of the document with a
``UserWarning`` naming it; the rest of the schema is still served.
"""

from __future__ import annotations

import re
import warnings
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from django.core.validators import (
    DecimalValidator,
    EmailValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.utils.encoding import force_str

from restframe import exceptions, renderers, serializers
from restframe import fields as f
from restframe import relations as r
from restframe.schemas.errors import error_components, error_responses
from restframe.schemas.generators import BaseSchemaGenerator
from restframe.schemas.inspectors import ViewInspector
from restframe.schemas.utils import get_pk_description, is_list_view
from restframe.settings import api_settings

__all__ = ["AutoSchema", "SchemaGenerator"]

try:  # DRF pluralizes list operation ids with ``inflection``; it is optional here.
    import inflection as _inflection  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    _inflection = None  # type: ignore[assignment]

_PATH_VARIABLE_RE = re.compile(r"{([^}/]+)}")
_SERIALIZER_IN_NAME_RE = re.compile("serializer", re.IGNORECASE)
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
# Field classes with their own JSON type: these exactly, not subclasses (as DRF); any other
# field without a mapping is a string.
_SIMPLE_TYPES: dict[type, str] = {
    f.BooleanField: "boolean",
    f.JSONField: "object",
    f.DictField: "object",
    f.HStoreField: "object",
}


def error_responses_setting() -> bool:
    """``REST_FRAMEWORK["SCHEMA_ERROR_RESPONSES"]``: whether schemas list error responses (off
    by default, so a project's document stays DRF's byte for byte)."""
    return bool(api_settings.SCHEMA_ERROR_RESPONSES)


def _multiple_of(decimal_places: int) -> float:
    """The step of a number with ``decimal_places`` digits after the point (2 -> 0.01)."""
    return float("." + (decimal_places - 1) * "0" + "1")


def _outside_int32(value: Any) -> bool:
    return value is not None and not _INT32_MIN <= int(value) <= _INT32_MAX


def _pluralize(word: str) -> str:
    """``inflection.pluralize`` when installed, else the common English rules."""
    if _inflection is not None:
        return str(_inflection.pluralize(word))
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(ss|x|z|ch|sh)$", word):
        return word + "es"
    if word.endswith("s"):  # already plural, as inflection reads it
        return word
    return word + "s"


def _inspector(view: Any) -> Any:
    """``view.schema``; ``DEFAULT_SCHEMA_CLASS`` when the view inherits ``APIView``'s ``None``
    (views whose own class says ``schema = None`` never get here)."""
    inspector = view.schema
    if inspector is None:
        from restframe.schemas.inspectors import DefaultSchema

        inspector = DefaultSchema().__get__(view, type(view))
    return inspector


class SchemaGenerator(BaseSchemaGenerator):
    """Writes the OpenAPI document for the endpoints a request (or the public) may see."""

    def get_info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"title": self.title or "", "version": self.version or ""}
        if self.description is not None:
            info["description"] = self.description
        return info

    def check_duplicate_operation_id(self, paths: dict[str, Any]) -> None:
        """Warn about operation ids used twice: tools need them unique."""
        seen: dict[str, tuple[str, str]] = {}
        for route, operations in paths.items():
            for method, operation in operations.items():
                if not isinstance(operation, dict) or "operationId" not in operation:
                    continue
                operation_id = operation["operationId"]
                if operation_id in seen:
                    first_route, first_method = seen[operation_id]
                    warnings.warn(
                        f"You have a duplicated operationId in your OpenAPI schema: "
                        f"{operation_id}\n"
                        f"\tRoute: {first_route}, Method: {first_method}\n"
                        f"\tRoute: {route}, Method: {method}\n"
                        "\tAn operationId has to be unique across your schema. Your schema "
                        "may not work in other tools.",
                        stacklevel=2,
                    )
                seen[operation_id] = (route, method)

    def get_schema(self, request: Any = None, public: bool = False) -> dict[str, Any]:
        """The document: every endpoint ``request`` may use (all of them when ``public``)."""
        self._initialise_endpoints()
        components_schemas: dict[str, Any] = {}
        paths: dict[str, dict[str, Any]] = {}
        _paths, view_endpoints = self._get_paths_and_endpoints(None if public else request)
        for path, method, view in view_endpoints:
            try:
                if not self.has_view_permissions(path, method, view):
                    continue
                inspector = _inspector(view)
                operation = inspector.get_operation(path, method)
                components = inspector.get_components(path, method)
            except Exception as exc:  # one broken view must not break the rest
                warnings.warn(
                    f"{type(view).__name__} raised {type(exc).__name__} ({exc}) while its "
                    f"schema was generated; {method} {path} is left out of the schema.",
                    stacklevel=2,
                )
                continue
            for name, value in components.items():
                if name in components_schemas and components_schemas[name] != value:
                    warnings.warn(
                        f'Schema component "{name}" has been overridden with a different value.',
                        stacklevel=2,
                    )
            components_schemas.update(components)
            if path.startswith("/"):
                path = path[1:]
            path = urljoin(self.url or "/", path)
            paths.setdefault(path, {})[method.lower()] = operation
        self.check_duplicate_operation_id(paths)
        schema: dict[str, Any] = {"openapi": "3.0.2", "info": self.get_info(), "paths": paths}
        if components_schemas:
            schema["components"] = {"schemas": components_schemas}
        return schema


class AutoSchema(ViewInspector):
    """Describes a view's operations from its serializer, parsers, renderers and backends."""

    request_media_types: list[str] = []
    response_media_types: list[str] = []
    method_mapping = {
        "get": "retrieve",
        "post": "create",
        "put": "update",
        "patch": "partialUpdate",
        "delete": "destroy",
    }
    # restframe: whether operations list their error responses (DRF lists none). ``None``
    # follows the ``SCHEMA_ERROR_RESPONSES`` setting (off); a subclass or an instance
    # (``AutoSchema(error_responses=True)``) may decide for its views.
    error_responses: bool | None = None

    def __init__(
        self,
        tags: list[str] | None = None,
        operation_id_base: str | None = None,
        component_name: str | None = None,
        *,
        error_responses: bool | None = None,
    ) -> None:
        if tags and not all(isinstance(tag, str) for tag in tags):
            raise ValueError("tags must be a list or tuple of string.")
        self._tags = tags
        self.operation_id_base = operation_id_base
        self.component_name = component_name
        if error_responses is not None:
            self.error_responses = error_responses
        super().__init__()

    def lists_error_responses(self) -> bool:
        """Whether this inspector adds error responses (and their schemas) to operations."""
        if self.error_responses is None:
            return error_responses_setting()
        return bool(self.error_responses)

    # -- the operation -------------------------------------------------------------------

    def get_operation(self, path: str, method: str) -> dict[str, Any]:
        operation: dict[str, Any] = {}
        operation["operationId"] = self.get_operation_id(path, method)
        operation["description"] = self.get_description(path, method)
        parameters: list[dict[str, Any]] = []
        parameters += self.get_path_parameters(path, method)
        parameters += self.get_pagination_parameters(path, method)
        parameters += self.get_filter_parameters(path, method)
        operation["parameters"] = parameters
        request_body = self.get_request_body(path, method)
        if request_body:
            operation["requestBody"] = request_body
        operation["responses"] = self.get_responses(path, method)
        if self.lists_error_responses():
            operation["responses"].update(self.get_error_responses(path, method))
        operation["tags"] = self.get_tags(path, method)
        return operation

    def get_component_name(self, serializer: Any) -> str:
        """``component_name``, else the serializer's class name less every "serializer" in
        it, in any case (``ExampleSerializerModel`` -> ``ExampleModel``)."""
        if self.component_name is not None:
            return self.component_name
        name = _SERIALIZER_IN_NAME_RE.sub("", type(serializer).__name__)
        if not name:
            raise ValueError(
                f'"{type(serializer).__name__}" is an invalid class name for schema '
                "generation. Serializer's class name should be unique and explicit. e.g. "
                '"ItemSerializer"'
            )
        return name

    def get_components(self, path: str, method: str) -> dict[str, Any]:
        """The serializers' components (none for ``DELETE``; the request's wins a shared
        name), then the error schemas when error responses are listed."""
        components: dict[str, Any] = {}
        if method.lower() != "delete":
            request_serializer = self.get_request_serializer(path, method)
            response_serializer = self.get_response_serializer(path, method)
            for serializer in (request_serializer, response_serializer):
                if isinstance(serializer, serializers.Serializer):
                    name = self.get_component_name(serializer)
                    if name not in components:
                        components[name] = self.map_serializer(serializer)
        if self.lists_error_responses():
            components.update(error_components())
        return components

    def _to_camel_case(self, snake_str: str) -> str:
        head, *rest = snake_str.split("_")
        return head + "".join(part.title() for part in rest)

    def get_operation_id_base(self, path: str, method: str, action: str) -> str:
        """The noun of the operation id: the model's, serializer's or view's name."""
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if self.operation_id_base is not None:
            name = self.operation_id_base
        elif model is not None:
            name = model.__name__
        elif self.get_serializer(path, method) is not None:
            name = type(self.get_serializer(path, method)).__name__
            if name.endswith("Serializer"):
                name = name[: -len("Serializer")]
        else:
            name = type(self.view).__name__
            if name.endswith("APIView"):
                name = name[: -len("APIView")]
            elif name.endswith("View"):
                name = name[: -len("View")]
            # Camel-cased class names: ``ThingList`` ends with the ``list`` action.
            if name.endswith(action.title()):
                name = name[: -len(action)]
        if action == "list":
            name = _pluralize(name)
        return name

    def get_operation_id(self, path: str, method: str) -> str:
        method_name = getattr(self.view, "action", None) or method.lower()
        if is_list_view(path, method, self.view):
            action = "list"
        elif method_name not in self.method_mapping:
            action = self._to_camel_case(method_name)
        else:
            action = self.method_mapping[method.lower()]
        name = self.get_operation_id_base(path, method, action)
        return action + name

    def get_path_parameters(self, path: str, method: str) -> list[dict[str, Any]]:
        """One ``in: path`` parameter per ``{variable}``, described from the model field."""
        view = self.view
        model = getattr(getattr(view, "queryset", None), "model", None)
        parameters = []
        for variable in _PATH_VARIABLE_RE.findall(path):
            description = ""
            if model is not None:
                try:
                    model_field = model._meta.get_field(variable)
                except Exception:  # not a model field: no description
                    model_field = None
                if model_field is not None and model_field.help_text:
                    description = force_str(model_field.help_text)
                elif model_field is not None and model_field.primary_key:
                    description = get_pk_description(model, model_field)
            parameters.append(
                {
                    "name": variable,
                    "in": "path",
                    "required": True,
                    "description": description,
                    "schema": {"type": "string"},
                }
            )
        return parameters

    def get_filter_parameters(self, path: str, method: str) -> list[dict[str, Any]]:
        if not self.allows_filters(path, method):
            return []
        parameters: list[dict[str, Any]] = []
        for backend in self.view.filter_backends:
            parameters += backend().get_schema_operation_parameters(self.view)
        return parameters

    def allows_filters(self, path: str, method: str) -> bool:
        """Filter backends apply to list and object operations of views that have them."""
        if getattr(self.view, "filter_backends", None) is None:
            return False
        if hasattr(self.view, "action"):
            return self.view.action in ["list", "retrieve", "update", "partial_update", "destroy"]
        return method.lower() in ["get", "put", "patch", "delete"]

    def get_pagination_parameters(self, path: str, method: str) -> list[dict[str, Any]]:
        if not is_list_view(path, method, self.view):
            return []
        paginator = self.get_paginator()
        if not paginator:
            return []
        return list(paginator.get_schema_operation_parameters(self.view))

    # -- fields --------------------------------------------------------------------------

    def map_choicefield(self, field: Any) -> dict[str, Any]:
        choices = list(dict.fromkeys(field.choices))
        if all(isinstance(choice, bool) for choice in choices):
            type_: str | None = "boolean"
        elif all(isinstance(choice, int) for choice in choices):
            type_ = "integer"
        elif all(isinstance(choice, (int, float, Decimal)) for choice in choices):
            type_ = "number"
        elif all(isinstance(choice, str) for choice in choices):
            type_ = "string"
        else:
            type_ = None
        mapping: dict[str, Any] = {"enum": choices}
        if type_:
            mapping["type"] = type_
        return mapping

    def map_field(self, field: Any) -> dict[str, Any]:
        """The OpenAPI schema of one serializer field (validators aside)."""
        if isinstance(field, serializers.ListSerializer):
            return {"type": "array", "items": self.map_serializer(field.child)}
        if isinstance(field, serializers.Serializer):
            return self.map_serializer(field)
        if isinstance(field, r.ManyRelatedField):
            return {"type": "array", "items": self.map_field(field.child_relation)}
        if isinstance(field, r.PrimaryKeyRelatedField):
            if getattr(field, "pk_field", None):
                return self.map_field(field.pk_field)
            model = getattr(field.queryset, "model", None)
            pk_field = getattr(getattr(model, "_meta", None), "pk", None)
            if isinstance(pk_field, models.AutoField):
                return {"type": "integer"}
        if isinstance(field, f.MultipleChoiceField):
            return {"type": "array", "items": self.map_choicefield(field)}
        if isinstance(field, f.ChoiceField):
            return self.map_choicefield(field)
        if isinstance(field, f.ListField):
            mapping: dict[str, Any] = {"type": "array", "items": {}}
            if not isinstance(field.child, f._UnvalidatedField):
                mapping["items"] = self.map_field(field.child)
            return mapping
        if isinstance(field, f.DateField):
            return {"type": "string", "format": "date"}
        if isinstance(field, f.DateTimeField):
            return {"type": "string", "format": "date-time"}
        if isinstance(field, f.EmailField):
            return {"type": "string", "format": "email"}
        if isinstance(field, f.URLField):
            return {"type": "string", "format": "uri"}
        if isinstance(field, f.UUIDField):
            return {"type": "string", "format": "uuid"}
        if isinstance(field, f.IPAddressField):
            content: dict[str, Any] = {"type": "string"}
            if field.protocol != "both":
                content["format"] = field.protocol
            return content
        if isinstance(field, f.DecimalField):
            if getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING):
                content = {"type": "string", "format": "decimal"}
            else:
                content = {"type": "number"}
            if field.decimal_places:
                content["multipleOf"] = _multiple_of(field.decimal_places)
            if field.max_whole_digits:
                content["maximum"] = int(field.max_whole_digits * "9") + 1
                content["minimum"] = -content["maximum"]
            self._map_min_max(field, content)
            return content
        if isinstance(field, f.FloatField):
            content = {"type": "number"}
            self._map_min_max(field, content)
            return content
        if isinstance(field, f.IntegerField):
            content = {"type": "integer"}
            self._map_min_max(field, content)
            # A bound beyond a signed 32-bit integer, either way, needs 64 bits.
            if _outside_int32(content.get("maximum")) or _outside_int32(content.get("minimum")):
                content["format"] = "int64"
            return content
        if isinstance(field, f.FileField):
            return {"type": "string", "format": "binary"}
        return {"type": _SIMPLE_TYPES.get(type(field), "string")}

    def _map_min_max(self, field: Any, content: dict[str, Any]) -> None:
        if getattr(field, "max_value", None) is not None:
            content["maximum"] = field.max_value
        if getattr(field, "min_value", None) is not None:
            content["minimum"] = field.min_value

    def map_serializer(self, serializer: Any) -> dict[str, Any]:
        """An object schema: each field but hidden ones; ``required`` when some are."""
        required: list[str] = []
        properties: dict[str, Any] = {}
        for field in serializer.fields.values():
            if isinstance(field, f.HiddenField):
                continue
            if field.required and not getattr(serializer, "partial", False):
                required.append(self.get_field_name(field))
            schema = self.map_field(field)
            if field.read_only:
                schema["readOnly"] = True
            if field.write_only:
                schema["writeOnly"] = True
            if field.allow_null:
                schema["nullable"] = True
            default = field.default
            if default is not None and default is not f.empty and not callable(default):
                schema["default"] = default
            if field.help_text:
                schema["description"] = force_str(field.help_text)
            self.map_field_validators(field, schema)
            properties[self.get_field_name(field)] = schema
        result: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            result["required"] = required
        return result

    def map_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        """Constraints from the field's validators: lengths, bounds, pattern, format."""
        for validator in field.validators:
            if isinstance(validator, EmailValidator):
                schema["format"] = "email"
            if isinstance(validator, URLValidator):
                schema["format"] = "uri"
            if isinstance(validator, RegexValidator):
                # Python's ``\Z`` is ECMAScript's end of input; leave the rest as written.
                schema["pattern"] = str(
                    getattr(validator.regex, "pattern", validator.regex)
                ).replace("\\Z", "\\z")
            elif isinstance(validator, MaxLengthValidator):
                key = "maxItems" if isinstance(field, f.ListField) else "maxLength"
                schema[key] = validator.limit_value
            elif isinstance(validator, MinLengthValidator):
                key = "minItems" if isinstance(field, f.ListField) else "minLength"
                schema[key] = validator.limit_value
            elif isinstance(validator, MaxValueValidator):
                schema["maximum"] = validator.limit_value
            elif isinstance(validator, MinValueValidator):
                schema["minimum"] = validator.limit_value
            elif isinstance(validator, DecimalValidator) and not getattr(
                field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING
            ):
                # A number (not a string): its digits bound it, as ``DecimalField`` does.
                self._map_decimal_validator(validator, schema)

    def _map_decimal_validator(self, validator: DecimalValidator, schema: dict[str, Any]) -> None:
        if validator.decimal_places:
            schema["multipleOf"] = _multiple_of(validator.decimal_places)
        if validator.max_digits:
            whole_digits = validator.max_digits
            if validator.decimal_places is not None and validator.decimal_places > 0:
                whole_digits -= validator.decimal_places
            # No whole digits (``max_digits == decimal_places``): below 1.
            schema["maximum"] = int(whole_digits * "9" or "0") + 1
            schema["minimum"] = -schema["maximum"]

    def get_field_name(self, field: Any) -> str:
        """The property name of ``field`` (its ``field_name``)."""
        return str(field.field_name)

    def get_paginator(self) -> Any:
        pagination_class = getattr(self.view, "pagination_class", None)
        if pagination_class:
            return pagination_class()
        return None

    def map_parsers(self, path: str, method: str) -> list[str]:
        return [parser.media_type for parser in self.view.parser_classes]

    def map_renderers(self, path: str, method: str) -> list[str]:
        media_types = []
        for renderer in self.view.renderer_classes:
            # The browsable API is HTML for people, not a representation of the resource.
            if issubclass(renderer, renderers.BrowsableAPIRenderer):
                continue
            media_types.append(renderer.media_type)
        return media_types

    def get_serializer(self, path: str, method: str) -> Any:
        view = self.view
        if not hasattr(view, "get_serializer"):
            return None
        try:
            return view.get_serializer()
        except exceptions.APIException:
            warnings.warn(
                f"{type(view).__name__}.get_serializer() raised an exception during schema "
                f"generation. Serializer fields will not be generated for {method} {path}.",
                stacklevel=2,
            )
            return None

    def get_request_serializer(self, path: str, method: str) -> Any:
        return self.get_serializer(path, method)

    def get_response_serializer(self, path: str, method: str) -> Any:
        return self.get_serializer(path, method)

    def get_reference(self, serializer: Any) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{self.get_component_name(serializer)}"}

    def get_request_body(self, path: str, method: str) -> dict[str, Any]:
        if method not in ("PUT", "PATCH", "POST"):
            return {}
        self.request_media_types = self.map_parsers(path, method)
        serializer = self.get_request_serializer(path, method)
        content: Any = {}
        if isinstance(serializer, serializers.Serializer):
            content = self.get_reference(serializer)
        return {"content": {media: {"schema": content} for media in self.request_media_types}}

    def get_responses(self, path: str, method: str) -> dict[str, Any]:
        """The success response, as DRF describes it (errors: ``get_error_responses``)."""
        if method == "DELETE":
            return {"204": {"description": ""}}
        self.response_media_types = self.map_renderers(path, method)
        serializer = self.get_response_serializer(path, method)
        response_schema: Any = {}
        if isinstance(serializer, serializers.Serializer):
            response_schema = self.get_reference(serializer)
        if is_list_view(path, method, self.view):
            response_schema = {"type": "array", "items": response_schema}
            paginator = self.get_paginator()
            if paginator:
                response_schema = paginator.get_paginated_response_schema(response_schema)
        status_code = "201" if method == "POST" else "200"
        return {
            status_code: {
                "content": {
                    media: {"schema": response_schema} for media in self.response_media_types
                },
                # The description is required by the spec; DRF leaves it empty.
                "description": "",
            }
        }

    def get_tags(self, path: str, method: str) -> list[str]:
        """``tags``, else the first segment of the path."""
        if self._tags:
            return self._tags
        if path.startswith("/"):
            path = path[1:]
        return [path.split("/")[0].replace("_", "-")]

    # -- restframe: the errors -----------------------------------------------------------

    def get_error_responses(self, path: str, method: str) -> dict[str, Any]:
        """The operation's error responses by status, in the project's ``ERROR_FORMAT``."""
        serializer = None
        if method in ("PUT", "PATCH", "POST"):
            serializer = self.get_request_serializer(path, method)
        return error_responses(
            self.view,
            path,
            method,
            serializer=serializer,
            detail=_PATH_VARIABLE_RE.search(path) is not None,
            paginated=is_list_view(path, method, self.view) and bool(self.get_paginator()),
        )
