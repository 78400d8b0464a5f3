"""Each operation's error responses, from the error catalog's body shapes.

``restframe.openapi`` renders the catalog (every error the project can produce) as OpenAPI
components; here the same shapes are narrowed to what one operation can answer: its
serializer's fields and their codes (400), its authentication and permissions (401/403), a
missing object or page (404), negotiation (406), an unparsable body (415) and its throttles
(429), in the project's ``ERROR_FORMAT``. The documents are OpenAPI 3.0 (DRF's version), so
the catalog's 3.1 schemas are written the 3.0 way.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import REASON_CSRF_TOKEN_MISSING
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from restframe import exceptions
from restframe.catalog import title_for
from restframe.openapi import (
    _HEADERS,
    _SCHEMAS,
    _drf_value,
    _example,
    _problem_value,
    _Sample,
    openapi_components,
)
from restframe.settings import api_settings

__all__ = ["error_components", "error_responses"]

_BODY_METHODS = ("POST", "PUT", "PATCH")
# The media type shown in the 415 example (any type the view's parsers refuse).
_SAMPLE_MEDIA_TYPE = "text/plain"
# The wait (seconds) shown in the 429 example.
_SAMPLE_WAIT = 60
# Codes a field can only raise under a setting, with the attribute that enables them.
_CODE_NEEDS = {
    "max_length": "max_length",
    "min_length": "min_length",
    "max_value": "max_value",
    "min_value": "min_value",
    "max_digits": "max_digits",
    "max_whole_digits": "max_digits",
    "max_decimal_places": "decimal_places",
}
_components_cache: dict[tuple[str, int, str | None], dict[str, Any]] = {}
# The ``AuthenticationFailed`` messages of the built-in authenticators (the same msgids as
# ``restframe.authentication``, which raises them inline). An authentication class may list
# its own in an ``error_messages`` mapping (code → message) or sequence of messages.
_BUILTIN_AUTHENTICATION_MESSAGES = {
    "restframe.authentication.BasicAuthentication": (
        _("Invalid basic header. No credentials provided."),
        _("Invalid basic header. Credentials string should not contain spaces."),
        _("Invalid basic header. Credentials not correctly base64 encoded."),
        _("Invalid username/password."),
        _("User inactive or deleted."),
    ),
    "restframe.authentication.TokenAuthentication": (
        _("Invalid token header. No credentials provided."),
        _("Invalid token header. Token string should not contain spaces."),
        _("Invalid token header. Token string should not contain invalid characters."),
        _("Invalid token."),
        _("User inactive or deleted."),
    ),
}


def error_components(error_format: str | None = None) -> dict[str, Any]:
    """The schemas the error responses refer to (OpenAPI 3.0), by component name."""
    chosen = error_format or api_settings.ERROR_FORMAT
    key = (chosen, api_settings.generation, get_language())
    cached = _components_cache.get(key)
    if cached is None:
        schemas = openapi_components(chosen)["schemas"]
        cached = {name: _openapi_30(schema) for name, schema in schemas.items()}
        if len(_components_cache) > 64:
            _components_cache.clear()
        _components_cache[key] = cached
    return cached


def _openapi_30(schema: Any) -> Any:
    """A 3.1 schema written as 3.0: ``type`` lists become ``nullable``, ``examples`` ``example``."""
    if isinstance(schema, list):
        return [_openapi_30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, list):
            types = [item for item in value if item != "null"]
            if len(types) == 1:
                out["type"] = types[0]
            if "null" in value:
                out["nullable"] = True
        elif key == "examples" and isinstance(value, list):
            if value:
                out["example"] = value[0]
        else:
            out[key] = _openapi_30(value)
    return out


def _detail_sample(
    status: int, exc_class: type[exceptions.APIException], message: Any = None, code: Any = None
) -> _Sample:
    text = force_str(exc_class.default_detail if message is None else message)
    code = exc_class.default_code if code is None else code
    return _Sample(
        status=status,
        where="detail",
        code=code,
        message=text,
        leaf_code=code,
        leaf_message=text,
        server_error=False,
    )


def error_responses(
    view: Any,
    path: str,
    method: str,
    serializer: Any = None,
    detail: bool = False,
    paginated: bool = False,
) -> dict[str, Any]:
    """``{"400": response, ...}`` for the errors this operation of ``view`` can answer."""
    chosen = api_settings.ERROR_FORMAT
    by_status: dict[int, list[_Sample]] = {}

    def add(sample: _Sample) -> None:
        by_status.setdefault(sample.status, []).append(sample)

    has_body = method.upper() in _BODY_METHODS
    if has_body:
        add(_detail_sample(400, exceptions.ParseError))
    for sample in _auth_samples(view, method, detail):
        add(sample)
    if detail:
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is not None and hasattr(view, "get_object"):
            # Django's ``get_object_or_404`` message (untranslated in Django), kept by DRF.
            missing = f"No {model._meta.object_name} matches the given query."
            add(_detail_sample(404, exceptions.NotFound, missing))
        add(_detail_sample(404, exceptions.NotFound))
    if paginated:
        paginator = view.pagination_class()
        message = getattr(paginator, "invalid_page_message", None) or getattr(
            paginator, "invalid_cursor_message", None
        )
        if message is not None:
            text = force_str(message).replace("{message}", "").strip()
            add(_detail_sample(404, exceptions.NotFound, message=text))
    add(_detail_sample(406, exceptions.NotAcceptable))
    if has_body:
        text = force_str(exceptions.UnsupportedMediaType.default_detail).format(
            media_type=_SAMPLE_MEDIA_TYPE
        )
        add(_detail_sample(415, exceptions.UnsupportedMediaType, message=text))
    if getattr(view, "throttle_classes", None):
        # The message names the wait, as a throttled client sees it.
        waited = force_str(exceptions.Throttled(wait=_SAMPLE_WAIT).detail)
        add(_detail_sample(429, exceptions.Throttled, waited))

    fields = _field_errors(serializer) if has_body and serializer is not None else []
    responses: dict[str, Any] = {}
    for status in sorted(set(by_status) | ({400} if fields else set())):
        responses[str(status)] = _response(
            status, by_status.get(status, []), fields if status == 400 else [], chosen
        )
    return responses


def _auth_samples(view: Any, method: str, detail: bool) -> list[_Sample]:
    """401/403 bodies: failed or missing credentials, refused permissions."""
    from restframe.permissions import AllowAny

    authenticators = list(view.get_authenticators())
    header = None
    if authenticators:
        try:
            header = authenticators[0].authenticate_header(None)
        except Exception:  # a challenge needing the request: assume one
            header = "?"
    auth_status = 401 if header else 403
    samples = []
    permissions = [
        permission for permission in view.get_permissions() if not isinstance(permission, AllowAny)
    ]
    anonymous = AnonymousUser()
    refusing_anonymous = any(
        _may_refuse(permission, view, method, detail, anonymous) for permission in permissions
    )
    refusing_users = [
        permission
        for permission in permissions
        if _may_refuse(permission, view, method, detail, _PlainUser())
    ]
    for message in _authentication_messages(authenticators):
        samples.append(_detail_sample(auth_status, exceptions.AuthenticationFailed, message))
    if authenticators and refusing_anonymous:
        samples.append(_detail_sample(auth_status, exceptions.NotAuthenticated))
    if method.upper() not in ("GET", "HEAD", "OPTIONS", "TRACE") and any(
        _is_session(authenticator) for authenticator in authenticators
    ):
        # A session-authenticated request without a CSRF token.
        csrf = f"CSRF Failed: {REASON_CSRF_TOKEN_MISSING}"
        samples.append(_detail_sample(403, exceptions.PermissionDenied, csrf))
    for permission in refusing_users:
        samples.append(
            _detail_sample(
                403,
                exceptions.PermissionDenied,
                message=getattr(permission, "message", None),
                code=getattr(permission, "code", None),
            )
        )
    return samples


def _authentication_messages(authenticators: list[Any]) -> list[Any]:
    """The ``AuthenticationFailed`` messages the authenticators can raise, each once."""
    found: list[Any] = []
    for authenticator in authenticators:
        cls = type(authenticator)
        declared = getattr(cls, "error_messages", None)
        if isinstance(declared, dict):
            messages = list(declared.values())
        elif isinstance(declared, (list, tuple)):
            messages = list(declared)
        else:
            dotted = f"{cls.__module__}.{cls.__qualname__}"
            messages = list(_BUILTIN_AUTHENTICATION_MESSAGES.get(dotted, ()))
            if not messages:
                for base in cls.__mro__[1:]:
                    dotted = f"{base.__module__}.{base.__qualname__}"
                    if dotted in _BUILTIN_AUTHENTICATION_MESSAGES:
                        messages = list(_BUILTIN_AUTHENTICATION_MESSAGES[dotted])
                        break
        if not messages and _is_session(authenticator):
            continue  # sessions fail as anonymous, or with a CSRF refusal (403)
        if not messages:
            messages = [exceptions.AuthenticationFailed.default_detail]
        for message in messages:
            if force_str(message) not in (force_str(m) for m in found):
                found.append(message)
    return found


def _is_session(authenticator: Any) -> bool:
    from restframe.authentication import SessionAuthentication

    return isinstance(authenticator, SessionAuthentication)


class _PlainUser:
    """An authenticated user with no privileges, to ask permissions whether they refuse one."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False

    def has_perms(self, perm_list: Any, obj: Any = None) -> bool:
        return False


def _may_refuse(permission: Any, view: Any, method: str, detail: bool, user: Any) -> bool:
    """Whether ``permission`` can refuse ``user`` this method (on the object, for ``detail``).

    Asked with a stand-in request; a permission that needs more of the request may refuse.
    """
    request = SimpleNamespace(method=method.upper(), user=user, auth=None)
    try:
        allowed = permission.has_permission(request, view)
        if allowed and detail:
            allowed = permission.has_object_permission(request, view, None)
    except Exception:  # cannot tell without a real request: it may refuse
        return True
    return not allowed


class _Placeholders(dict[str, Any]):
    """Fills ``{name}`` from the field's attributes and leaves unknown names as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _messages(field: Any) -> list[tuple[str, str]]:
    """``(code, message)`` for each error ``field`` can raise, ``required`` first."""
    found: dict[str, str] = {}
    values = _Placeholders(vars(field))
    for code, message in field.error_messages.items():
        if code == "required" and not field.required:
            continue
        if code == "null" and field.allow_null:
            continue
        if code == "blank" and getattr(field, "allow_blank", False):
            continue
        if code == "empty" and getattr(field, "allow_empty", True):
            continue
        if code == "invalid_unicode" and not getattr(field, "allow_unicode", False):
            continue
        needed = _CODE_NEEDS.get(code)
        if needed is not None and getattr(field, needed, None) is None:
            continue
        try:
            found[code] = force_str(message).format_map(values)
        except (IndexError, ValueError, AttributeError, KeyError):
            found[code] = force_str(message)
    for validator in getattr(field, "validators", ()):
        code = getattr(validator, "code", None)
        message = getattr(validator, "message", None)
        if isinstance(code, str) and code not in found and message is not None:
            found[code] = force_str(message)
    order = sorted(found, key=lambda code: (code != "required", code))
    return [(code, found[code]) for code in order]


def _field_errors(serializer: Any) -> list[tuple[str, bool, list[tuple[str, str]]]]:
    """``(name, nested, [(code, message)])`` for each writable field, then non-field errors."""
    from restframe import serializers
    from restframe.fields import DictField, HiddenField, ListField

    fields = getattr(serializer, "fields", None)
    if fields is None:
        return []
    out = []
    for name, field in fields.items():
        if field.read_only or isinstance(field, HiddenField):
            continue
        nested = isinstance(field, (serializers.BaseSerializer, ListField, DictField))
        messages = _messages(field)
        if messages:
            out.append((name, nested, messages))
    non_field = [(code, message) for code, message in _messages(serializer) if code != "required"]
    for validator in getattr(serializer, "validators", ()) or ():
        code = getattr(validator, "code", None) or "unique"
        message = getattr(validator, "message", None)
        if message is not None and code not in dict(non_field):
            non_field.append((code, force_str(message)))
    if non_field:
        out.append((api_settings.NON_FIELD_ERRORS_KEY, False, non_field))
    return out


def _pointer(name: str) -> str:
    return "#/" + name.replace("~", "~0").replace("/", "~1")


def _response(
    status: int,
    samples: list[_Sample],
    fields: list[tuple[str, bool, list[tuple[str, str]]]],
    chosen: str,
) -> dict[str, Any]:
    base = api_settings.PROBLEM_TYPE_BASE_URI
    non_field_key = api_settings.NON_FIELD_ERRORS_KEY
    drf_examples: dict[str, Any] = {}
    problem_examples: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for sample in samples:
        counts[sample.code] = counts.get(sample.code, 0) + 1
        number = counts[sample.code]
        key = sample.code if number == 1 else f"{sample.code} ({number})"
        drf_examples[key] = _example(sample, [], _drf_value(sample, non_field_key))
        problem_examples[key] = _example(sample, [], _problem_value(sample, base))
    for name, _nested, messages in fields:
        code, message = messages[0]
        where = "non_field" if name == non_field_key else "field"
        sample = _Sample(
            status=400,
            where=where,
            code=exceptions.ValidationError.default_code,
            message=force_str(exceptions.ValidationError.default_detail),
            leaf_code=code,
            leaf_message=message,
            server_error=False,
        )
        drf_examples[name] = {"summary": message, "value": {name: [message]}}
        problem = _problem_value(sample, base)
        problem["errors"] = [
            {
                "pointer": "#" if where == "non_field" else _pointer(name),
                "detail": message,
                "code": code,
            }
        ]
        problem_examples[name] = {"summary": message, "value": problem}
    for examples in (drf_examples, problem_examples):
        for example in examples.values():
            # The catalog's examples name their source classes; an operation's need not.
            if example.get("description") == "From .":
                del example["description"]

    content: dict[str, Any] = {}
    if chosen == "drf":
        content["application/json"] = {
            "schema": _drf_schema(samples, fields),
            "examples": drf_examples,
        }
    content["application/problem+json"] = {
        "schema": _problem_schema(fields),
        "examples": problem_examples,
    }
    response: dict[str, Any] = {"description": title_for(status)}
    if status in _HEADERS:
        response["headers"] = _HEADERS[status]
    response["content"] = content
    return response


def _drf_schema(
    samples: list[_Sample], fields: list[tuple[str, bool, list[tuple[str, str]]]]
) -> dict[str, Any]:
    refs: list[dict[str, Any]] = []
    if samples:
        refs.append({"$ref": _SCHEMAS + "ErrorDetail"})
    if fields:
        properties: dict[str, Any] = {}
        for name, nested, messages in fields:
            codes = [code for code, _message in messages]
            if nested:
                properties[name] = {
                    "allOf": [{"$ref": _SCHEMAS + "ValidationError"}],
                    "x-error-codes": codes,
                }
            else:
                properties[name] = {
                    "type": "array",
                    "items": {"type": "string"},
                    "x-error-codes": codes,
                }
        refs.append({"type": "object", "properties": properties})
    if len(refs) == 1:
        return refs[0]
    return {"anyOf": refs}


def _problem_schema(fields: list[tuple[str, bool, list[tuple[str, str]]]]) -> dict[str, Any]:
    problem = {"$ref": _SCHEMAS + "ProblemDetails"}
    if not fields:
        return problem
    non_field_key = api_settings.NON_FIELD_ERRORS_KEY
    variants = []
    for name, nested, messages in fields:
        if name == non_field_key:
            pointer: dict[str, Any] = {"type": "string", "enum": ["#"]}
        elif nested:
            pointer = {"type": "string", "pattern": "^" + _escape(_pointer(name)) + "(/.*)?$"}
        else:
            pointer = {"type": "string", "enum": [_pointer(name)]}
        variants.append(
            {
                "type": "object",
                "properties": {
                    "pointer": pointer,
                    "code": {"type": "string", "enum": [code for code, _m in messages]},
                },
            }
        )
    errors = {"type": "array", "items": {"anyOf": variants}}
    return {"allOf": [problem, {"type": "object", "properties": {"errors": errors}}]}


def _escape(text: str) -> str:
    import re

    return re.escape(text)
