"""The error catalog as OpenAPI 3.1 ``components``: the schemas of the error bodies and one
response per status, with the headers DRF sends and an example per catalogued error.

restframe generates no API schema itself; a project merges these components into the one it
generates (``manage.py errorcatalog --format openapi`` prints them as a document).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.encoding import force_str

from restframe.catalog import _collect, title_for

__all__ = ["openapi_components"]

_SCHEMAS = "#/components/schemas/"
# A sample error id and request path for the examples (the README shows the same id).
_SAMPLE_ERROR_ID = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633d"
_SAMPLE_INSTANCE = "/resource"
_SAMPLE_FIELD = "field_name"
_FORBIDDEN_NOTE = (
    "Answered with 403 when the view's first authentication class sends no challenge "
    "(e.g. `SessionAuthentication`)."
)
# Headers DRF sends with these statuses (each only when it has a value, hence not required).
_HEADERS: dict[int, dict[str, dict[str, Any]]] = {
    401: {
        "WWW-Authenticate": {
            "description": "The challenge of the view's first authentication class.",
            "schema": {"type": "string"},
        }
    },
    405: {
        "Allow": {
            "description": "The methods the view accepts.",
            "schema": {"type": "string"},
        }
    },
    429: {
        "Retry-After": {
            "description": "Seconds to wait before retrying, when the throttle knows.",
            "schema": {"type": "integer", "minimum": 0},
        }
    },
    503: {
        "Retry-After": {
            "description": "Seconds to wait before retrying, when known.",
            "schema": {"type": "integer", "minimum": 0},
        }
    },
}


@dataclass(frozen=True)
class _Sample:
    """One body a client can see, in terms both error formats can render.

    ``where``: ``"detail"`` (a single message), or where a validation message sits: ``"bare"``
    (``ValidationError("x")``), ``"non_field"`` (the serializer's non-field key) or
    ``"field"`` (under a field name). ``code``/``message`` are the occurrence's (the problem's
    top-level members); ``leaf_code``/``leaf_message`` the validation message's.
    """

    status: int
    where: str
    code: str
    message: str
    leaf_code: str
    leaf_message: str
    server_error: bool
    # Said of the example: when the body comes with this status only under a condition.
    note: str = ""

    @property
    def key_code(self) -> str:
        return self.code if self.where == "detail" else self.leaf_code


def openapi_components(error_format: str | None = None) -> dict[str, Any]:
    """OpenAPI 3.1 ``components`` (``schemas`` and ``responses``) for every error in the catalog.

    Responses are keyed by status (``"404"``) so an operation can say
    ``{"$ref": "#/components/responses/404"}``. ``error_format``: ``"drf"`` or ``"problem"``,
    default the project's ``ERROR_FORMAT``. With ``"drf"`` each response offers
    ``application/json`` (DRF's bodies) and ``application/problem+json`` (what a client
    preferring it gets); with ``"problem"`` every API client gets ``application/problem+json``.
    Texts are in the active language; the result is built in a fixed order.
    """
    from restframe.settings import api_settings

    chosen = api_settings.ERROR_FORMAT if error_format is None else error_format
    if chosen not in ("drf", "problem"):
        raise ValueError(f'error_format must be "drf" or "problem", not {chosen!r}.')
    samples = _samples()
    base = api_settings.PROBLEM_TYPE_BASE_URI
    non_field_key = api_settings.NON_FIELD_ERRORS_KEY

    schemas = _problem_schemas(samples)
    if chosen == "drf":
        schemas.update(_drf_schemas(non_field_key))
    by_status: dict[int, dict[_Sample, list[str]]] = {}
    for sample, sources in samples.items():
        by_status.setdefault(sample.status, {})[sample] = sources
    responses: dict[str, Any] = {}
    for status in sorted(by_status):
        group = by_status[status]
        keys = _example_keys(group)
        content: dict[str, Any] = {}
        if chosen == "drf":
            content["application/json"] = {
                "schema": _drf_schema_for(status, group),
                "examples": {
                    key: _example(sample, sources, _drf_value(sample, non_field_key))
                    for key, (sample, sources) in keys.items()
                },
            }
        content["application/problem+json"] = {
            "schema": {"$ref": _SCHEMAS + "ProblemDetails"},
            "examples": {
                key: _example(sample, sources, _problem_value(sample, base))
                for key, (sample, sources) in keys.items()
            },
        }
        response: dict[str, Any] = {"description": title_for(status)}
        if status in _HEADERS:
            response["headers"] = _HEADERS[status]
        response["content"] = content
        responses[str(status)] = response
    return {"schemas": dict(sorted(schemas.items())), "responses": responses}


def _samples() -> dict[_Sample, list[str]]:
    """The catalog as bodies, each with the catalog sources giving it (bodies repeat).

    Each entry's shape follows from the class that produces it.
    """
    from restframe import exceptions, serializers, validators

    generic = exceptions.ValidationError
    # Without an authentication challenge to send, the view answers 403 instead of 401.
    maybe_forbidden = (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)
    found: dict[_Sample, set[str]] = {}
    for entry, origin in _collect():
        message = force_str(entry.message)
        if issubclass(origin, exceptions.APIException):
            where = "bare" if issubclass(origin, generic) else "detail"
            code, top = entry.code, message
        else:
            non_field = issubclass(origin, serializers.BaseSerializer) or issubclass(
                origin, validators.UniqueTogetherValidator
            )
            where = "non_field" if non_field else "field"
            code, top = generic.default_code, force_str(generic.default_detail)
        statuses = [(entry.status, "")]
        if issubclass(origin, maybe_forbidden) and entry.status != 403:
            statuses.append((403, _FORBIDDEN_NOTE))
        for status, note in statuses:
            sample = _Sample(
                status=status,
                where=where,
                code=code,
                message=top,
                leaf_code=entry.code,
                leaf_message=message,
                # The body of an unhandled exception (and of ``APIException()`` raised).
                server_error=origin is exceptions.APIException,
                note=note,
            )
            found.setdefault(sample, set()).add(entry.source)
    order = sorted(found, key=lambda s: (s.status, s.key_code, s.where, s.leaf_message))
    return {sample: sorted(found[sample]) for sample in order}


def _example_keys(group: dict[_Sample, list[str]]) -> dict[str, tuple[_Sample, list[str]]]:
    """Example name → (sample, sources): the code, or code and first source when shared."""
    counts: dict[str, int] = {}
    for sample in group:
        counts[sample.key_code] = counts.get(sample.key_code, 0) + 1
    named: dict[str, tuple[_Sample, list[str]]] = {}
    for sample, sources in group.items():
        key = sample.key_code
        if counts[key] > 1:
            key = f"{key} ({sources[0]})"
        named[key] = (sample, sources)
    return dict(sorted(named.items()))


def _example(sample: _Sample, sources: list[str], value: Any) -> dict[str, Any]:
    description = "From " + ", ".join(f"`{source}`" for source in sources) + "."
    if sample.server_error:
        description += " `error_id` is sent for unhandled exceptions only."
    if sample.note:
        description += " " + sample.note
    return {"summary": sample.leaf_message, "description": description, "value": value}


def _drf_value(sample: _Sample, non_field_key: str) -> Any:
    if sample.where == "detail":
        body: dict[str, Any] = {"detail": sample.message}
        if sample.server_error:
            body["error_id"] = _SAMPLE_ERROR_ID
        return body
    messages = [sample.leaf_message]
    if sample.where == "bare":
        return messages
    return {non_field_key if sample.where == "non_field" else _SAMPLE_FIELD: messages}


def _problem_value(sample: _Sample, base: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank" if base is None else f"{base}{sample.code}",
        "title": title_for(sample.status, None if base is None else sample.code),
        "status": sample.status,
        "detail": sample.message,
        "instance": _SAMPLE_INSTANCE,
        "code": sample.code,
    }
    if sample.where != "detail":
        pointer = f"#/{_SAMPLE_FIELD}" if sample.where == "field" else "#"
        body["errors"] = [
            {"pointer": pointer, "detail": sample.leaf_message, "code": sample.leaf_code}
        ]
    if sample.server_error:
        body["error_id"] = _SAMPLE_ERROR_ID
    return body


def _drf_schema_for(status: int, group: dict[_Sample, list[str]]) -> dict[str, Any]:
    refs = []
    if any(sample.where == "detail" for sample in group):
        refs.append(_SCHEMAS + ("ServerError" if status == 500 else "ErrorDetail"))
    if any(sample.where != "detail" for sample in group):
        refs.append(_SCHEMAS + "ValidationError")
    if len(refs) == 1:
        return {"$ref": refs[0]}
    return {"anyOf": [{"$ref": ref} for ref in refs]}


def _drf_schemas(non_field_key: str) -> dict[str, Any]:
    message_or_nested = {"anyOf": [{"type": "string"}, {"$ref": _SCHEMAS + "ValidationError"}]}
    return {
        "ErrorDetail": {
            "type": "object",
            "description": "One error message.",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        },
        "ServerError": {
            "type": "object",
            "description": (
                "A server error. `error_id` (a UUID, also on the log record) is sent for "
                "unhandled exceptions only."
            ),
            "properties": {
                "detail": {"type": "string"},
                "error_id": {"type": "string", "format": "uuid"},
            },
            "required": ["detail"],
        },
        "ValidationError": {
            "type": ["object", "array"],
            "description": (
                "Invalid input: messages by field name (`"
                + non_field_key
                + "` for errors not tied to a field), nested for nested serializers and "
                "list items (keyed by index); a bare list for `ValidationError(message)`."
            ),
            "additionalProperties": message_or_nested,
            "items": message_or_nested,
        },
    }


def _problem_schemas(samples: dict[_Sample, list[str]]) -> dict[str, Any]:
    codes = sorted({sample.code for sample in samples})
    leaf_codes = sorted({s.leaf_code for s in samples if s.where != "detail"})
    return {
        "ProblemDetails": {
            "type": "object",
            "description": "RFC 9457 problem details.",
            "properties": {
                "type": {
                    "type": "string",
                    "format": "uri-reference",
                    "description": "`about:blank`, or `PROBLEM_TYPE_BASE_URI` + the code.",
                },
                "title": {"type": "string"},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": {"type": "string"},
                "instance": {
                    "type": "string",
                    "format": "uri-reference",
                    "description": "The request path.",
                },
                "code": {"type": "string", "enum": codes},
                "errors": {
                    "type": "array",
                    "description": "Validation errors: one entry per message.",
                    "items": {"$ref": _SCHEMAS + "ProblemError"},
                },
                "error_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "Unhandled exceptions only; also on the log record.",
                },
            },
            "required": ["type", "title", "status", "detail", "code"],
        },
        "ProblemError": {
            "type": "object",
            "properties": {
                "pointer": {
                    "type": "string",
                    "description": (
                        "RFC 6901 JSON Pointer (URI fragment) into the request body; `#` for "
                        "errors not tied to a field."
                    ),
                },
                "detail": {"type": "string"},
                "code": {
                    "type": ["string", "null"],
                    "description": (
                        "Validators and views may use codes of their own: these are examples."
                    ),
                    "examples": leaf_codes,
                },
            },
            "required": ["pointer", "detail", "code"],
        },
    }
