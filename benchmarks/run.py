"""Error-path benchmark: restframe vs DRF vs django-ninja vs raw Django views.

Everything runs in one process: Django is configured once with ``startproject``'s middleware,
every implementation is mounted under its own URL prefix, and each request goes through Django's
``WSGIHandler`` exactly as a WSGI server would call it (an environ built once per case, the
response iterated and closed). We report the best of several repeats (the least disturbed run)
in requests per second, and restframe's ratios to raw Django, DRF and ninja against targets.
Every request is checked (status, and where a case says so media type and body) before it is
timed: a fast wrong answer is no answer.

Three tables:

* per-framework cases (``CASES``): the same request to each implementation, including a
  five-field serializer POSTed valid and invalid. ``rf_noauth`` is restframe without
  authenticators, the same work as ninja's views (``rf0/ninja``); each implementation's work is
  stated under the table. A second table gives microseconds over raw Django per request (the
  view layer's own cost), through startproject's middleware and through a handler with none;
* comparisons (``COMPARISONS``): restframe against a baseline doing the same job, for errors
  outside ``APIView`` (``handler404``, ``APIExceptionMiddleware``) and for problem details vs
  DRF-format bodies. A side may run under its own settings (``override_settings`` entered
  around its timed batch only, so nothing leaks into other measurements) or its own
  ``WSGIHandler`` (another middleware stack);
* ``many=True`` scaling: restframe vs DRF in microseconds per item for 10, 100 and 1,000 items.

A last part starts fresh subprocesses to measure what each framework adds to a bare Django
project: import + setup time, first-request time and peak memory.

Extending: add a ``Case`` to ``CASES`` and a view for it in each ``build_*`` function that can
serve it (an implementation without a view for a case shows ``n/a``), or a ``Comparison`` to
``COMPARISONS`` whose views are listed in ``ROUTES``.

    python benchmarks/run.py              # full run (about three minutes)
    python benchmarks/run.py --quick      # fewer iterations, for a smoke check (or BENCH_QUICK=1)
    python benchmarks/run.py --cases not_found,success --impls restframe,drf
    python benchmarks/run.py --cases serializer_invalid,404_json,many   # any table's names
    python benchmarks/run.py --cases async    # the ASGI table (opt-in: slow on small machines)
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# The root URLconf (``handler404`` = restframe's negotiated view) and two variants with the same
# routes that differ only in ``handler404``: raw Django's JSON one, and none (Django's default).
URLCONF = "benchmarks_urls"
URLCONF_RAW404 = "benchmarks_urls_raw404"
URLCONF_DJANGO404 = "benchmarks_urls_django404"

# startproject's middleware, in startproject's order.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# The same stack with restframe's middleware innermost, for the comparisons that need it.
MIDDLEWARE_WITH_API_EXCEPTIONS = [*MIDDLEWARE, "restframe.middleware.APIExceptionMiddleware"]

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

FRAMEWORK_APPS = {
    "restframe": ["restframe"],
    "rf_noauth": ["restframe"],
    "drf": ["rest_framework"],
    "ninja": [],
    "raw": [],
}

IMPLS = ("restframe", "rf_noauth", "drf", "ninja", "raw")

SHORT = {"restframe": "rf", "rf_noauth": "rf0"}

# What each implementation does besides answering (stated under the tables: like for like).
IMPL_NOTES = {
    "restframe": "APIView, DRF's default authenticators (Session + Basic), AllowAny, JSON only",
    "rf_noauth": "the same restframe views with authentication_classes = [] (ninja's work)",
    "drf": "APIView, DRF's default authenticators (Session + Basic), AllowAny, JSON only",
    "ninja": "NinjaAPI, no auth (its default), pydantic schemas",
    "raw": "plain Django function views returning JsonResponse",
}

# What an implementation builder returns: {route name: view}, or {"__include__": urls} for a
# framework that mounts a whole URLconf (ninja). ``"__handler404__"`` is the implementation's
# ``handler404``, if it has one.
Views = dict[str, Any]

# One WSGI answer: status line, headers, body.
Reply = tuple[str, list[tuple[str, str]], bytes]
# A body check: true when the body is the one expected.
Expect = Callable[[bytes], bool]

VALIDATION_ERRORS = {
    "email": ["Enter a valid email address."],
    "age": ["Ensure this value is greater than or equal to 0."],
}

# The serializer cases: five fields, POSTed as JSON. The invalid payload breaks three of them in
# three different ways (type, validator, choice); name and joined stay valid.
ROLES = ("admin", "editor", "viewer")
VALID_PERSON: dict[str, Any] = {
    "name": "Ada Lovelace",
    "age": 36,
    "email": "ada@example.com",
    "joined": "2024-01-02T03:04:05Z",
    "role": "admin",
}
INVALID_PERSON: dict[str, Any] = {**VALID_PERSON, "age": "x", "email": "ada", "role": "root"}
PERSON_ERRORS = {
    "age": ["A valid integer is required."],
    "email": ["Enter a valid email address."],
    "role": ['"root" is not a valid choice.'],
}
# DRF's answer to the valid payload: ``validated_data``, the datetime in the current time zone
# (Django's default ``TIME_ZONE``, America/Chicago), rendered compactly.
VALID_PERSON_ECHO: dict[str, Any] = {**VALID_PERSON, "joined": "2024-01-01T21:04:05-06:00"}
MANY_SIZES = (10, 100, 1000)

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DJANGO_404_TEXT = b"The requested resource was not found on this server."


def _compact(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def exact(expected: bytes) -> Expect:
    """The body must be exactly ``expected``."""
    return expected.__eq__


def error_fields(fields: set[str], *, ninja: bool = False) -> Expect:
    """The body is a JSON error naming exactly ``fields`` (ninja lists them under ``detail``)."""

    def check(content: bytes) -> bool:
        try:
            data = json.loads(content)
        except ValueError:
            return False
        if ninja:
            return {str(error["loc"][-1]) for error in data.get("detail", [])} == fields
        return isinstance(data, dict) and set(data) == fields

    return check


def json_keys(keys: set[str]) -> Expect:
    """The body is a JSON object with exactly these keys."""

    def check(content: bytes) -> bool:
        try:
            data = json.loads(content)
        except ValueError:
            return False
        return isinstance(data, dict) and set(data) == keys

    return check


def contains(fragment: bytes) -> Expect:
    return lambda content: fragment in content


# --------------------------------------------------------------------------------------------
# The cases: what is requested, what must come back, and the targets restframe must meet.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One request, sent identically to every implementation under ``/<impl>/<path>``."""

    name: str
    method: str
    path: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # Targets: restframe's req/s as a fraction of raw Django's, DRF's and ninja's (None: none).
    min_vs_raw: float | None = None
    min_vs_drf: float | None = None
    min_vs_ninja: float | None = None
    # Expected status per implementation where it differs from ``status`` (ninja's 422, …).
    status_by_impl: dict[str, int] = field(default_factory=dict)
    # Body checks per implementation ("*": any other); implementations that must answer the
    # very same bytes (drop-in compatibility).
    expect: dict[str, Expect] = field(default_factory=dict)
    identical: tuple[str, ...] = ()
    # Fraction of the default iterations (slow cases).
    weight: float = 1.0


PERSON_CASE_ARGS: dict[str, Any] = {
    "method": "POST",
    "path": "person/",
    "content_type": "application/json",
    "identical": ("restframe", "drf"),
    "weight": 0.4,
}

CASES: list[Case] = [
    Case("not_found", "GET", "not-found/", 404, min_vs_raw=0.75, min_vs_drf=1.6),
    Case(
        "validation",
        "POST",
        "validation/",
        400,
        body=b'{"email": "x", "age": -1}',
        content_type="application/json",
        min_vs_raw=0.75,
        min_vs_drf=1.6,
        status_by_impl={"ninja": 422},
    ),
    Case("method_not_allowed", "DELETE", "echo/", 405, min_vs_raw=0.75, min_vs_drf=1.6),
    Case(
        "malformed_json",
        "POST",
        "echo/",
        400,
        body=b'{"email": "x", "age": ',
        content_type="application/json",
        min_vs_raw=0.65,
    ),
    Case("success", "GET", "echo/", 200, min_vs_raw=0.75),
    Case(
        "serializer_invalid",
        status=400,
        body=json.dumps(INVALID_PERSON).encode(),
        min_vs_drf=2.5,
        min_vs_ninja=1.1,
        status_by_impl={"ninja": 422},
        expect={
            "restframe": exact(_compact(PERSON_ERRORS)),
            "drf": exact(_compact(PERSON_ERRORS)),
            "ninja": error_fields(set(PERSON_ERRORS), ninja=True),
            "raw": error_fields(set(PERSON_ERRORS)),
        },
        **PERSON_CASE_ARGS,
    ),
    Case(
        "serializer_valid",
        status=200,
        body=json.dumps(VALID_PERSON).encode(),
        min_vs_drf=2.5,
        expect={
            "restframe": exact(_compact(VALID_PERSON_ECHO)),
            "drf": exact(_compact(VALID_PERSON_ECHO)),
            "*": json_keys(set(VALID_PERSON)),
        },
        **PERSON_CASE_ARGS,
    ),
]


# The same requests to async views under Django's ASGIHandler (restframe's native async
# APIViews, ninja's async operations, raw ``async def`` views). DRF has no async views.
ASYNC_CASES: list[Case] = [
    Case(
        f"async_{case.name}",
        case.method,
        f"async/{case.path}",
        case.status,
        body=case.body,
        content_type=case.content_type,
        status_by_impl=case.status_by_impl,
        min_vs_ninja=1.0,
        weight=0.25,
    )
    for case in CASES
    if case.name in ("not_found", "validation", "method_not_allowed", "malformed_json", "success")
]
ASYNC_NAME = "async"


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a request to one implementation's views, and what it runs
    under (settings overridden only while it is checked and timed; ``middleware`` picks the
    ``WSGIHandler`` whose stack includes ``APIExceptionMiddleware``)."""

    label: str
    impl: str
    path: str
    status: int
    expect: Expect
    media_type: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    middleware: bool = False


@dataclass(frozen=True)
class Comparison:
    """restframe (``subject``) against a baseline doing the same job."""

    name: str
    subject: Side
    baseline: Side
    min_ratio: float | None = None
    # Both sides must answer the same bytes (restframe promises the baseline's page).
    same_body: bool = False


NOT_FOUND_DRF = b'{"detail":"Not found."}'
PROBLEM_SETTING = {"REST_FRAMEWORK": {"ERROR_FORMAT": "problem"}}
PROBLEM_ACCEPT = {"Accept": "application/problem+json"}
PROBLEM = "application/problem+json"
JSON = "application/json"


def _problem_404(path: str) -> Expect:
    return exact(
        _compact(
            {
                "type": "about:blank",
                "title": "Not Found",
                "status": 404,
                "detail": "Not found.",
                "instance": path,
                "code": "not_found",
            }
        )
    )


def _problem_400(path: str) -> Expect:
    return exact(
        _compact(
            {
                "type": "about:blank",
                "title": "Bad Request",
                "status": 400,
                "detail": "Invalid input.",
                "instance": path,
                "code": "invalid",
                "errors": [
                    {"pointer": f"#/{name}", "detail": message, "code": "invalid"}
                    for name, messages in VALIDATION_ERRORS.items()
                    for message in messages
                ],
            }
        )
    )


def _rf_not_found(label: str, expect: Expect, media_type: str, **kwargs: Any) -> Side:
    return Side(label, "restframe", "/restframe/not-found/", 404, expect, media_type, **kwargs)


def _rf_validation(label: str, expect: Expect, media_type: str, **kwargs: Any) -> Side:
    return Side(
        label, "restframe", "/restframe/validation/", 400, expect, media_type, "POST", **kwargs
    )


def _unknown_url(label: str, impl: str, expect: Expect, media_type: str, **kwargs: Any) -> Side:
    return Side(label, impl, "/no-such-page/", 404, expect, media_type, **kwargs)


DRF_400 = exact(_compact(VALIDATION_ERRORS))

COMPARISONS: list[Comparison] = [
    Comparison(
        "404_json",
        _unknown_url("rf handler404, Accept JSON", "restframe", exact(NOT_FOUND_DRF), JSON),
        _unknown_url(
            "raw handler404: JsonResponse",
            "raw",
            exact(b'{"detail": "Not found."}'),
            JSON,
            settings={"ROOT_URLCONF": URLCONF_RAW404},
        ),
        min_ratio=0.9,
    ),
    Comparison(
        "404_browser",
        _unknown_url(
            "rf handler404, browser",
            "restframe",
            contains(DJANGO_404_TEXT),
            "text/html",
            headers={"Accept": BROWSER_ACCEPT},
        ),
        _unknown_url(
            "Django's page_not_found",
            "raw",
            contains(DJANGO_404_TEXT),
            "text/html",
            headers={"Accept": BROWSER_ACCEPT},
            settings={"ROOT_URLCONF": URLCONF_DJANGO404},
        ),
        same_body=True,
    ),
    Comparison(
        "problem_404",
        _rf_not_found(
            "APIView 404, ERROR_FORMAT=problem",
            _problem_404("/restframe/not-found/"),
            PROBLEM,
            settings=PROBLEM_SETTING,
        ),
        _rf_not_found("same, DRF format", exact(NOT_FOUND_DRF), JSON),
        min_ratio=0.9,
    ),
    Comparison(
        "problem_404_accept",
        _rf_not_found(
            "APIView 404, Accept problem+json",
            _problem_404("/restframe/not-found/"),
            PROBLEM,
            headers=PROBLEM_ACCEPT,
        ),
        _rf_not_found("same, DRF format", exact(NOT_FOUND_DRF), JSON),
        min_ratio=0.9,
    ),
    Comparison(
        "problem_400",
        _rf_validation(
            "APIView 400, ERROR_FORMAT=problem",
            _problem_400("/restframe/validation/"),
            PROBLEM,
            settings=PROBLEM_SETTING,
        ),
        _rf_validation("same, DRF format", DRF_400, JSON),
        min_ratio=0.9,
    ),
    Comparison(
        "problem_400_accept",
        _rf_validation(
            "APIView 400, Accept problem+json",
            _problem_400("/restframe/validation/"),
            PROBLEM,
            headers=PROBLEM_ACCEPT,
        ),
        _rf_validation("same, DRF format", DRF_400, JSON),
        min_ratio=0.9,
    ),
    Comparison(
        "problem_404_url",
        _unknown_url(
            "rf handler404, ERROR_FORMAT=problem",
            "restframe",
            _problem_404("/no-such-page/"),
            PROBLEM,
            settings=PROBLEM_SETTING,
        ),
        _unknown_url("same, DRF format", "restframe", exact(NOT_FOUND_DRF), JSON),
        min_ratio=0.9,
    ),
    Comparison(
        "middleware",
        Side(
            "plain view + APIExceptionMiddleware",
            "restframe",
            "/restframe/plain-not-found/",
            404,
            exact(NOT_FOUND_DRF),
            JSON,
            middleware=True,
        ),
        _rf_not_found("APIView raising NotFound", exact(NOT_FOUND_DRF), JSON, middleware=True),
    ),
]

# Views the comparisons and the scaling table use besides the cases' own: route name → path.
ROUTES = {"plain_not_found": "plain-not-found/", "people": "people/"}
MANY_NAME = "many"


# --------------------------------------------------------------------------------------------
# The implementations: each returns {route name: Django view}. Imports happen inside, after
# Django is configured, so a missing framework only removes its own column.
# --------------------------------------------------------------------------------------------


def _build_apiview_family(
    views: Any,
    response: Any,
    exceptions: Any,
    renderers: Any,
    serializers: Any,
    authenticate: bool = True,
) -> Views:
    """DRF and restframe share an API, so one definition serves both (drop-in, as promised).

    ``authenticate=False`` drops the default authenticators: the same work as ninja's views.
    """
    APIView: Any = views.APIView
    Response: Any = response.Response

    class JSONOnly(APIView):
        # The browsable API is not part of this comparison; both sides render JSON only.
        renderer_classes = [renderers.JSONRenderer]
        if not authenticate:
            authentication_classes: list[Any] = []

    class NotFoundView(JSONOnly):
        def get(self, request: Any) -> Any:
            raise exceptions.NotFound()

    class ValidationView(JSONOnly):
        def post(self, request: Any) -> Any:
            raise exceptions.ValidationError(VALIDATION_ERRORS)

    class EchoView(JSONOnly):
        def get(self, request: Any) -> Any:
            return Response({"ok": True})

        def post(self, request: Any) -> Any:
            return Response(request.data)

    class PersonSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100)
        age = serializers.IntegerField()
        email = serializers.EmailField()
        joined = serializers.DateTimeField()
        role = serializers.ChoiceField(choices=ROLES)

    class PersonView(JSONOnly):
        def post(self, request: Any) -> Any:
            serializer = PersonSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            return Response(serializer.validated_data)

    class PeopleView(JSONOnly):
        def post(self, request: Any) -> Any:
            serializer = PersonSerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
            return Response(serializer.validated_data)

    echo = EchoView.as_view()
    person = PersonView.as_view()
    return {
        "not_found": NotFoundView.as_view(),
        "validation": ValidationView.as_view(),
        "method_not_allowed": echo,
        "malformed_json": echo,
        "success": echo,
        "serializer_invalid": person,
        "serializer_valid": person,
        "people": PeopleView.as_view(),
    }


def _add_async_apiviews(
    built: Views,
    views: Any,
    response: Any,
    exceptions: Any,
    renderers: Any,
    authenticate: bool = True,
) -> None:
    """restframe's native async views (``async def`` handlers) for the ASGI cases."""
    Response: Any = response.Response

    class JSONOnly(views.APIView):
        renderer_classes = [renderers.JSONRenderer]
        if not authenticate:
            authentication_classes: list[Any] = []

    class NotFoundView(JSONOnly):
        async def get(self, request: Any) -> Any:
            raise exceptions.NotFound()

    class ValidationView(JSONOnly):
        async def post(self, request: Any) -> Any:
            raise exceptions.ValidationError(VALIDATION_ERRORS)

    class EchoView(JSONOnly):
        async def get(self, request: Any) -> Any:
            return Response({"ok": True})

        async def post(self, request: Any) -> Any:
            return Response(request.data)

    echo = EchoView.as_view()
    built.update(
        {
            "async_not_found": NotFoundView.as_view(),
            "async_validation": ValidationView.as_view(),
            "async_method_not_allowed": echo,
            "async_malformed_json": echo,
            "async_success": echo,
        }
    )


def build_restframe() -> Views:
    from restframe import exceptions, renderers, response, serializers, views
    from restframe.defaults import page_not_found

    built = _build_apiview_family(views, response, exceptions, renderers, serializers)
    _add_async_apiviews(built, views, response, exceptions, renderers)

    def plain_not_found(request: Any) -> Any:
        # A plain Django view: only APIExceptionMiddleware turns this into a 404.
        raise exceptions.NotFound()

    built["plain_not_found"] = plain_not_found
    built["__handler404__"] = page_not_found
    return built


def build_restframe_noauth() -> Views:
    from restframe import exceptions, renderers, response, serializers, views

    built = _build_apiview_family(
        views, response, exceptions, renderers, serializers, authenticate=False
    )
    _add_async_apiviews(built, views, response, exceptions, renderers, authenticate=False)
    return built


def build_drf() -> Views:
    from rest_framework import (  # type: ignore[import-untyped]
        exceptions,
        renderers,
        response,
        serializers,
        views,
    )

    return _build_apiview_family(views, response, exceptions, renderers, serializers)


def build_ninja() -> Views:
    from datetime import datetime
    from typing import Annotated, Literal

    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import validate_email
    from django.http import Http404
    from ninja import NinjaAPI, Schema
    from ninja.errors import ValidationError
    from pydantic import AfterValidator, Field, create_model

    api = NinjaAPI(urls_namespace="bench-ninja")

    class Payload(Schema):
        email: str
        age: int

    def django_email(value: str) -> str:
        # pydantic's EmailStr needs the email-validator package; Django's validator is the one
        # DRF's EmailField applies, so the constraint is the same on every side.
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid email address.") from None
        return value

    # Built from real objects: this module postpones annotations, and pydantic cannot resolve
    # names local to this function from strings.
    role_type: Any = Literal[ROLES]
    person_schema: Any = create_model(
        "Person",
        __base__=Schema,
        name=(Annotated[str, Field(max_length=100)], ...),
        age=(int, ...),
        email=(Annotated[str, AfterValidator(django_email)], ...),
        joined=(datetime, ...),
        role=(role_type, ...),
    )

    @api.get("/not-found/")
    def not_found(request: Any) -> Any:
        raise Http404

    @api.post("/validation/")
    def validation(request: Any) -> Any:
        raise ValidationError(
            [
                {"loc": ["body", k], "msg": v[0], "type": "value_error"}
                for k, v in VALIDATION_ERRORS.items()
            ]
        )

    @api.get("/echo/")
    def echo_get(request: Any) -> Any:
        return {"ok": True}

    def echo_post(request: Any, payload: Any) -> Any:
        return payload.dict()

    def person(request: Any, payload: Any) -> Any:
        return payload.model_dump()

    # This module postpones annotations, and ninja cannot resolve a string naming a local class.
    echo_post.__annotations__["payload"] = Payload
    api.post("/echo/")(echo_post)
    person.__annotations__["payload"] = person_schema
    api.post("/person/")(person)

    # The ASGI cases: ninja's async views.
    @api.get("/async/not-found/")
    async def async_not_found(request: Any) -> Any:
        raise Http404

    @api.post("/async/validation/")
    async def async_validation(request: Any) -> Any:
        raise ValidationError(
            [
                {"loc": ["body", k], "msg": v[0], "type": "value_error"}
                for k, v in VALIDATION_ERRORS.items()
            ]
        )

    @api.get("/async/echo/")
    async def async_echo_get(request: Any) -> Any:
        return {"ok": True}

    async def async_echo_post(request: Any, payload: Any) -> Any:
        return payload.dict()

    async_echo_post.__annotations__["payload"] = Payload
    api.post("/async/echo/")(async_echo_post)

    # Ninja mounts the whole API as one include(); the benchmark's router takes it as is.
    view_for_all = api.urls
    return {"__include__": view_for_all}


def build_raw() -> Views:
    """Hand-written Django views answering the same JSON a careful developer would write."""
    from django import forms
    from django.http import JsonResponse
    from django.views.decorators.csrf import csrf_exempt

    def not_found(request: Any) -> Any:
        return JsonResponse({"detail": "Not found."}, status=404)

    def handler404(request: Any, exception: Exception) -> Any:
        return JsonResponse({"detail": "Not found."}, status=404)

    @csrf_exempt
    def validation(request: Any) -> Any:
        return JsonResponse(VALIDATION_ERRORS, status=400)

    @csrf_exempt
    def echo(request: Any) -> Any:
        if request.method == "GET":
            return JsonResponse({"ok": True})
        if request.method == "POST":
            try:
                data = json.loads(request.body)
            except ValueError as exc:
                return JsonResponse({"detail": f"JSON parse error - {exc}"}, status=400)
            return JsonResponse(data)
        response = JsonResponse({"detail": f'Method "{request.method}" not allowed.'}, status=405)
        response["Allow"] = "GET, POST, HEAD, OPTIONS"
        return response

    class PersonForm(forms.Form):
        name = forms.CharField(max_length=100)
        age = forms.IntegerField()
        email = forms.EmailField()
        joined = forms.DateTimeField()
        role = forms.ChoiceField(choices=[(role, role) for role in ROLES])

    @csrf_exempt
    def person(request: Any) -> Any:
        try:
            data = json.loads(request.body)
        except ValueError as exc:
            return JsonResponse({"detail": f"JSON parse error - {exc}"}, status=400)
        form = PersonForm(data)
        if not form.is_valid():
            errors = {name: list(messages) for name, messages in form.errors.items()}
            return JsonResponse(errors, status=400)
        return JsonResponse(form.cleaned_data)

    return {
        "not_found": not_found,
        "validation": validation,
        "method_not_allowed": echo,
        "malformed_json": echo,
        "success": echo,
        "serializer_invalid": person,
        "serializer_valid": person,
        "__handler404__": handler404,
        "async_not_found": _async(not_found),
        "async_validation": _async(validation),
        "async_method_not_allowed": _async(echo),
        "async_malformed_json": _async(echo),
        "async_success": _async(echo),
    }


def _async(view: Callable[..., Any]) -> Callable[..., Any]:
    """The same hand-written view as an ``async def`` (Django runs it on the event loop)."""

    async def async_view(request: Any) -> Any:
        return view(request)

    async_view.csrf_exempt = True  # type: ignore[attr-defined]
    return async_view


BUILDERS: dict[str, Callable[[], Views]] = {
    "restframe": build_restframe,
    "rf_noauth": build_restframe_noauth,
    "drf": build_drf,
    "ninja": build_ninja,
    "raw": build_raw,
}


# --------------------------------------------------------------------------------------------
# Django set-up and the request driver.
# --------------------------------------------------------------------------------------------


def configure_django(apps: list[str]) -> None:
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark-not-secret",
        ALLOWED_HOSTS=["testserver"],
        INSTALLED_APPS=DJANGO_APPS + apps,
        MIDDLEWARE=MIDDLEWARE,
        ROOT_URLCONF=URLCONF,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        USE_TZ=True,
        STATIC_URL="static/",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    import django

    django.setup()


def route_paths() -> dict[str, str]:
    """Every route name → its path under ``/<impl>/`` (cases share views by name)."""
    paths = {case.name: case.path for case in CASES}
    paths.update({case.name: case.path for case in ASYNC_CASES})
    paths.update(ROUTES)
    return paths


def install_urls(views_by_impl: dict[str, Views]) -> None:
    """The root URLconf and its two ``handler404`` variants (same routes)."""
    from django.urls import path

    patterns: list[Any] = []
    for impl, views in views_by_impl.items():
        if "__models__" in views:
            from django.urls import include

            patterns.append(path(f"{impl}/models/", include(views["__models__"])))
        if "__include__" in views:
            patterns.append(path(f"{impl}/", views["__include__"]))
            continue
        seen: set[str] = set()
        for name, route in route_paths().items():
            view = views.get(name)
            if view is not None and route not in seen:
                seen.add(route)
                patterns.append(path(f"{impl}/{route}", view))
    handlers = {
        URLCONF: views_by_impl.get("restframe", {}).get("__handler404__"),
        URLCONF_RAW404: views_by_impl.get("raw", {}).get("__handler404__"),
        URLCONF_DJANGO404: None,
    }
    for name, handler404 in handlers.items():
        module = types.ModuleType(name)
        module.urlpatterns = patterns  # type: ignore[attr-defined]
        if handler404 is not None:
            module.handler404 = handler404  # type: ignore[attr-defined]
        sys.modules[name] = module


def supports(impl: str, views: Views, case: Case) -> bool:
    return "__include__" in views or case.name in views


def build_environ(
    method: str,
    path: str,
    body: bytes = b"",
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT": "application/json",
        "HTTP_USER_AGENT": "restframe-bench",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    if content_type:
        environ["CONTENT_TYPE"] = content_type
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def base_environ(impl: str, case: Case) -> dict[str, Any]:
    return build_environ(
        case.method, f"/{impl}/{case.path}", case.body, case.content_type, case.headers
    )


def make_caller(handler: Any, environ: dict[str, Any], body: bytes) -> Callable[[], Reply]:
    """One WSGI call: fresh environ copy (Django writes into META) and input stream."""
    started: list[Any] = [None, None]

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        started[0] = status
        started[1] = headers

    def call() -> Reply:
        env = environ.copy()
        env["wsgi.input"] = io.BytesIO(body)
        response = handler(env, start_response)
        content = b"".join(response)
        response.close()
        return started[0], started[1], content

    return call


def check_reply(
    reply: Reply, status: int, expect: Expect | None = None, media_type: str | None = None
) -> str | None:
    """What is wrong with ``reply``, or ``None``."""
    got_status, headers, content = reply
    problems: list[str] = []
    if not got_status.startswith(f"{status} "):
        problems.append(f"status {got_status}, expected {status}")
    if media_type is not None:
        got_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if got_type.split(";")[0].strip() != media_type:
            problems.append(f"content type {got_type!r}, expected {media_type!r}")
    if expect is not None and not expect(content):
        problems.append(f"unexpected body {content[:300]!r}")
    return "; ".join(problems) or None


NoContext = Callable[[], AbstractContextManager[Any]]


def measure(
    calls: dict[str, Callable[[], Any]],
    iterations: int,
    repeats: int,
    contexts: dict[str, NoContext] | None = None,
    warmup: int | None = None,
) -> dict[str, float]:
    """Best requests per second of each implementation over ``repeats`` runs of ``iterations``.

    Implementations take turns within each repeat, so a burst of noise from the machine lands on
    all of them rather than on whichever happened to run at that moment. ``contexts`` (per key)
    are entered around each of that key's batches and left before the next key runs; one
    untimed call inside refills any cache the context change emptied (URL resolvers, settings).
    """
    contexts = contexts or {}
    if warmup is None:
        warmup = max(50, iterations // 10)
    for key, call in calls.items():
        with contexts.get(key, contextlib.nullcontext)():
            for _ in range(warmup):
                call()
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(repeats):
        for key, call in calls.items():
            with contexts.get(key, contextlib.nullcontext)():
                call()
                gc.collect()
                start = time.perf_counter()
                for _ in range(iterations):
                    call()
                best[key] = min(best[key], time.perf_counter() - start)
    return {key: iterations / seconds for key, seconds in best.items()}


# --------------------------------------------------------------------------------------------
# The three tables.
# --------------------------------------------------------------------------------------------


def verdict(ratio: float | None, target: float | None, label: str) -> tuple[str, bool]:
    """The verdict text for one target, and whether it failed."""
    if target is None:
        return "", False
    if ratio is None:
        return f">={target}x{label} ?", False
    if ratio >= target:
        return f">={target}x{label} PASS", False
    return f">={target}x{label} FAIL", True


def run_cases(
    cases: list[Case],
    views_by_impl: dict[str, Views],
    handler: Any,
    iterations: int,
    repeats: int,
    errors: list[str],
    bare_handler: Any = None,
) -> bool:
    """The per-framework table; true if a target failed.

    With ``bare_handler`` (a ``WSGIHandler`` without middleware) every request is also timed
    through it, and a second table gives each implementation's microseconds over raw Django
    under both stacks: the view layer's own cost.
    """
    results: dict[tuple[str, str], float] = {}
    bare_results: dict[tuple[str, str], float] = {}
    for case in cases:
        calls: dict[Any, Callable[[], Reply]] = {}
        answers: dict[str, bytes] = {}
        for impl, views in views_by_impl.items():
            if not supports(impl, views, case):
                continue
            call = make_caller(handler, base_environ(impl, case), case.body)
            reply = call()
            expect = case.expect.get(impl, case.expect.get("*"))
            problem = check_reply(reply, case.status_by_impl.get(impl, case.status), expect)
            if problem:
                errors.append(f"{impl}/{case.name}: {problem}")
                continue
            calls[impl] = call
            answers[impl] = reply[2]
            if bare_handler is not None:
                bare = make_caller(bare_handler, base_environ(impl, case), case.body)
                problem = check_reply(bare(), case.status_by_impl.get(impl, case.status), expect)
                if problem:
                    errors.append(f"{impl}/{case.name} (no middleware): {problem}")
                else:
                    calls[(impl, "bare")] = bare
        same = {answers[impl] for impl in case.identical if impl in answers}
        if len(same) > 1:
            errors.append(f"{case.name}: {', '.join(case.identical)} answer different bytes")
        n = max(1, int(iterations * case.weight))
        for key, rps in measure(calls, n, repeats).items():
            if isinstance(key, tuple):
                bare_results[(case.name, key[0])] = rps
            else:
                results[(case.name, key)] = rps

    failed = False
    header = f"{'case':<20}" + "".join(f"{impl:>11}" for impl in views_by_impl)
    print(
        "\nRequests per second (higher is better)\n"
        + header
        + f"{'rf/raw':>8}{'rf/drf':>8}{'rf/ninja':>9}{'rf0/ninja':>10}  verdict"
    )
    for case in cases:
        row = f"{case.name:<20}"
        for impl in views_by_impl:
            value = results.get((case.name, impl))
            row += f"{value:>11,.0f}" if value else f"{'n/a':>11}"
        verdicts = []
        rf = results.get((case.name, "restframe"))
        for other, target, label, width in (
            ("raw", case.min_vs_raw, "raw", 8),
            ("drf", case.min_vs_drf, "DRF", 8),
            ("ninja", case.min_vs_ninja, "ninja", 9),
        ):
            base = results.get((case.name, other))
            ratio = rf / base if rf and base else None
            row += f"{ratio:>{width}.2f}" if ratio else f"{'-':>{width}}"
            text, bad = verdict(ratio, target, label)
            if text:
                verdicts.append(text)
            failed = failed or bad
        # Like for like with ninja: restframe without authenticators (ninja's default).
        rf0, ninja = results.get((case.name, "rf_noauth")), results.get((case.name, "ninja"))
        row += f"{rf0 / ninja:>10.2f}" if rf0 and ninja else f"{'-':>10}"
        print(row + "  " + ", ".join(verdicts))
    for impl in views_by_impl:
        print(f"  {impl:<10} {IMPL_NOTES.get(impl, '')}")
    if bare_results:
        print_overhead(cases, views_by_impl, results, bare_results)
    return failed


def print_overhead(
    cases: list[Case],
    views_by_impl: dict[str, Views],
    results: dict[tuple[str, str], float],
    bare_results: dict[tuple[str, str], float],
) -> None:
    """Microseconds each implementation adds over raw Django's view for the same request,
    through startproject's middleware ("mw") and through a handler with none ("bare")."""
    impls = [impl for impl in views_by_impl if impl != "raw"]
    width = max(20, *(len(case.name) + 2 for case in cases))
    print(
        "\nMicroseconds over raw Django per request (the view layer's own cost, lower is"
        " better)\n"
        + f"{'case':<{width}}"
        + "".join(
            f"{SHORT.get(impl, impl) + ' mw':>12}{SHORT.get(impl, impl) + ' bare':>12}"
            for impl in impls
        )
    )
    for case in cases:
        row = f"{case.name:<{width}}"
        for impl in impls:
            for table in (results, bare_results):
                value, raw = table.get((case.name, impl)), table.get((case.name, "raw"))
                row += f"{1e6 / value - 1e6 / raw:>12.1f}" if value and raw else f"{'n/a':>12}"
        print(row)


def make_async_caller(
    handler: Any, loop: Any, environ: dict[str, Any], body: bytes
) -> Callable[[], Reply]:
    """One ASGI call on ``loop``, with the scope Django's ASGIHandler reads (from ``environ``)."""
    import asyncio

    headers = [
        (key[5:].lower().replace("_", "-").encode(), str(value).encode())
        for key, value in environ.items()
        if key.startswith("HTTP_")
    ]
    if environ.get("CONTENT_TYPE"):
        headers.append((b"content-type", environ["CONTENT_TYPE"].encode()))
    headers.append((b"content-length", str(len(body)).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": environ["REQUEST_METHOD"],
        "scheme": "http",
        "path": environ["PATH_INFO"],
        "raw_path": environ["PATH_INFO"].encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }

    async def one() -> Reply:
        sent: list[dict[str, Any]] = []
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # no disconnect: Django cancels this when done
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await handler(dict(scope), receive, send)
        start = sent[0]
        reason = HTTPStatus(start["status"]).phrase
        reply_headers = [(k.decode(), v.decode()) for k, v in start.get("headers", [])]
        content = b"".join(m.get("body", b"") for m in sent[1:])
        return f"{start['status']} {reason}", reply_headers, content

    return lambda: loop.run_until_complete(one())


def run_async_cases(
    cases: list[Case],
    views_by_impl: dict[str, Views],
    iterations: int,
    repeats: int,
    errors: list[str],
) -> bool:
    """The async table: the same requests through Django's ASGIHandler, with and without
    startproject's middleware; true if a target failed."""
    import asyncio

    from django.core.handlers.asgi import ASGIHandler
    from django.test.utils import override_settings

    impls = [impl for impl in ("restframe", "rf_noauth", "ninja", "raw") if impl in views_by_impl]
    loop = asyncio.new_event_loop()
    handler = ASGIHandler()
    with override_settings(MIDDLEWARE=[]):
        bare_handler = ASGIHandler()
    results: dict[tuple[str, str], float] = {}
    bare_results: dict[tuple[str, str], float] = {}
    try:
        for case in cases:
            calls: dict[Any, Callable[[], Reply]] = {}
            for impl in impls:
                views = views_by_impl[impl]
                if not supports(impl, views, case):
                    continue
                status = case.status_by_impl.get(impl, case.status)
                environ = base_environ(impl, case)
                for key, asgi in ((impl, handler), ((impl, "bare"), bare_handler)):
                    call = make_async_caller(asgi, loop, environ, case.body)
                    problem = check_reply(call(), status)
                    if problem:
                        errors.append(f"{impl}/{case.name} (ASGI): {problem}")
                        break
                    calls[key] = call
            n = max(1, int(iterations * case.weight))
            for key, rps in measure(calls, n, repeats).items():
                if isinstance(key, tuple):
                    bare_results[(case.name, key[0])] = rps
                else:
                    results[(case.name, key)] = rps
    finally:
        loop.close()

    failed = False
    print(
        "\nAsync views under ASGIHandler: requests per second (higher is better)\n"
        + f"{'case':<26}"
        + "".join(f"{impl:>11}" for impl in impls)
        + f"{'rf/raw':>8}{'rf/ninja':>9}{'rf0/ninja':>10}  verdict"
    )
    for case in cases:
        row = f"{case.name:<26}"
        for impl in impls:
            value = results.get((case.name, impl))
            row += f"{value:>11,.0f}" if value else f"{'n/a':>11}"
        rf, rf0 = results.get((case.name, "restframe")), results.get((case.name, "rf_noauth"))
        raw, ninja = results.get((case.name, "raw")), results.get((case.name, "ninja"))
        row += f"{rf / raw:>8.2f}" if rf and raw else f"{'-':>8}"
        row += f"{rf / ninja:>9.2f}" if rf and ninja else f"{'-':>9}"
        ratio = rf0 / ninja if rf0 and ninja else None
        row += f"{ratio:>10.2f}" if ratio else f"{'-':>10}"
        # Like for like: ninja's async views run no authentication.
        text, bad = verdict(ratio, case.min_vs_ninja, "ninja (rf0)")
        failed = failed or bad
        print(row + "  " + text)
    print_overhead(cases, {impl: views_by_impl[impl] for impl in impls}, results, bare_results)
    return failed


# --------------------------------------------------------------------------------------------
# Models, viewsets, routers and pagination (issue 9): restframe vs DRF on the same tables.
# --------------------------------------------------------------------------------------------

MODELS_NAME = "models"


@dataclass(frozen=True)
class ModelCase:
    name: str
    method: str
    path: str  # under /<impl>/models/, may carry a query string
    status: int
    body: bytes = b""
    weight: float = 0.1


MODEL_CASES = [
    ModelCase("list_100_nested", "GET", "books/", 200, weight=0.05),
    ModelCase("retrieve_404", "GET", "books/999999/", 404, weight=0.5),
    ModelCase("create_not_unique", "POST", "authors/", 400, b'{"name": "author 1"}', 0.5),
    ModelCase("page_2_of_10", "GET", "paged-books/?page=2", 200, weight=0.3),
]


def setup_models() -> tuple[Any, Any]:
    """Two tables (authors, books) in the in-memory database, with 10 authors and 100 books.

    Declared under ``auth``'s label (an installed app) so the bench needs no app of its own.
    """
    from django.db import connection, models

    class BenchAuthor(models.Model):
        name = models.CharField(max_length=100, unique=True)

        class Meta:
            app_label = "auth"

    class BenchBook(models.Model):
        title = models.CharField(max_length=100)
        author = models.ForeignKey(BenchAuthor, on_delete=models.CASCADE, related_name="books")

        class Meta:
            app_label = "auth"

    with connection.schema_editor() as editor:
        editor.create_model(BenchAuthor)
        editor.create_model(BenchBook)
    authors = BenchAuthor.objects.bulk_create([BenchAuthor(name=f"author {i}") for i in range(10)])
    BenchBook.objects.bulk_create(
        [BenchBook(title=f"book {i}", author=authors[i % 10]) for i in range(100)]
    )
    return BenchAuthor, BenchBook


def build_model_urls(framework: str, author_model: Any, book_model: Any) -> Any:
    """The same ModelViewSets for restframe or DRF (drop-in: one definition serves both)."""
    import importlib

    pkg = "restframe" if framework == "restframe" else "rest_framework"
    serializers = importlib.import_module(f"{pkg}.serializers")
    viewsets = importlib.import_module(f"{pkg}.viewsets")
    pagination = importlib.import_module(f"{pkg}.pagination")
    routers = importlib.import_module(f"{pkg}.routers")
    renderers = importlib.import_module(f"{pkg}.renderers")

    class AuthorSerializer(serializers.ModelSerializer):  # type: ignore[name-defined,misc]
        class Meta:
            model = author_model
            fields = ["id", "name"]

    class BookSerializer(serializers.ModelSerializer):  # type: ignore[name-defined,misc]
        author = serializers.PrimaryKeyRelatedField(queryset=author_model.objects.all())
        writer = AuthorSerializer(source="author", read_only=True)

        class Meta:
            model = book_model
            fields = ["id", "title", "author", "writer"]

    class Page(pagination.PageNumberPagination):  # type: ignore[name-defined,misc]
        page_size = 10

    class BookViewSet(viewsets.ModelViewSet):  # type: ignore[name-defined,misc]
        queryset = book_model.objects.select_related("author").order_by("id")
        serializer_class = BookSerializer
        renderer_classes = [renderers.JSONRenderer]
        pagination_class = None

    class PagedBookViewSet(BookViewSet):
        pagination_class = Page

    class AuthorViewSet(viewsets.ModelViewSet):  # type: ignore[name-defined,misc]
        queryset = author_model.objects.order_by("id")
        serializer_class = AuthorSerializer
        renderer_classes = [renderers.JSONRenderer]

    router = routers.SimpleRouter()
    router.register("books", BookViewSet, basename=f"{framework}-book")
    router.register("paged-books", PagedBookViewSet, basename=f"{framework}-paged-book")
    router.register("authors", AuthorViewSet, basename=f"{framework}-author")
    return router.urls


def run_model_cases(
    views_by_impl: dict[str, Views],
    handler: Any,
    iterations: int,
    repeats: int,
    errors: list[str],
) -> None:
    """ModelViewSet requests, restframe vs DRF: requests per second and SQL queries each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    impls = [impl for impl in ("restframe", "drf") if "__models__" in views_by_impl.get(impl, {})]
    if not impls:
        return
    rows = []
    for case in MODEL_CASES:
        calls: dict[str, Callable[[], Reply]] = {}
        answers: dict[str, bytes] = {}
        queries: dict[str, int] = {}
        for impl in impls:
            path, _, query = f"/{impl}/models/{case.path}".partition("?")
            environ = build_environ(case.method, path, case.body, JSON if case.body else None)
            environ["QUERY_STRING"] = query
            call = make_caller(handler, environ, case.body)
            with CaptureQueriesContext(connection) as captured:
                reply = call()
            problem = check_reply(reply, case.status)
            if problem:
                errors.append(f"{impl}/models {case.name}: {problem}")
                continue
            calls[impl] = call
            answers[impl] = reply[2].replace(f"/{impl}/".encode(), b"/")
            queries[impl] = len(captured.captured_queries)
        if len(set(answers.values())) > 1:
            errors.append(f"models {case.name}: restframe and DRF answer different bytes")
        n = max(3, int(iterations * case.weight))
        rows.append((case.name, measure(calls, n, repeats, warmup=max(3, n // 10)), queries))
    print(
        "\nModelViewSet (router, ModelSerializer, PrimaryKeyRelatedField, nested serializer,"
        " pagination): requests per second\n"
        f"{'case':<20}" + "".join(f"{impl:>11}" for impl in impls) + f"{'rf/drf':>8}  SQL queries"
    )
    for name, rps, queries in rows:
        row = f"{name:<20}" + "".join(
            f"{rps[impl]:>11,.0f}" if impl in rps else f"{'n/a':>11}" for impl in impls
        )
        rf, drf = rps.get("restframe"), rps.get("drf")
        row += f"{rf / drf:>8.2f}" if rf and drf else f"{'-':>8}"
        print(row + "  " + ", ".join(f"{impl} {count}" for impl, count in queries.items()))


def _settings_context(override_settings: Any, overrides: dict[str, Any]) -> NoContext:
    """A fresh ``override_settings`` per batch: entered and left around it, never leaking."""
    return lambda: override_settings(**overrides)


def run_comparisons(
    comparisons: list[Comparison],
    views_by_impl: dict[str, Views],
    handler: Any,
    iterations: int,
    repeats: int,
    errors: list[str],
) -> bool:
    """The restframe-vs-baseline table; true if a target failed."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    middleware_handler: Any = None
    results: dict[str, tuple[float, float]] = {}
    for comparison in comparisons:
        sides = {"subject": comparison.subject, "baseline": comparison.baseline}
        if any(side.impl not in views_by_impl for side in sides.values()):
            continue
        calls: dict[str, Callable[[], Reply]] = {}
        contexts: dict[str, NoContext] = {}
        answers: list[bytes] = []
        for key, side in sides.items():
            if side.middleware and middleware_handler is None:
                # Django builds the middleware chain when the handler is created.
                with override_settings(MIDDLEWARE=MIDDLEWARE_WITH_API_EXCEPTIONS):
                    middleware_handler = WSGIHandler()
            environ = build_environ(side.method, side.path, headers=side.headers)
            call = make_caller(middleware_handler if side.middleware else handler, environ, b"")
            context: NoContext = contextlib.nullcontext
            if side.settings:
                context = _settings_context(override_settings, side.settings)
            with context():
                problem = check_reply(call(), side.status, side.expect, side.media_type)
                answers.append(call()[2])
            if problem:
                errors.append(f"{comparison.name} ({side.label}): {problem}")
                break
            calls[key] = call
            contexts[key] = context
        else:
            if comparison.same_body and answers[0] != answers[1]:
                errors.append(f"{comparison.name}: the two sides answer different bodies")
            else:
                rps = measure(calls, iterations, repeats, contexts)
                results[comparison.name] = (rps["subject"], rps["baseline"])

    from django.conf import settings

    # Every override was left when its batch ended; prove it before anything else is measured.
    if settings.ROOT_URLCONF != URLCONF or hasattr(settings, "REST_FRAMEWORK"):
        errors.append("comparisons: a settings override outlived its measurement")

    failed = False
    print(
        "\nrestframe vs a baseline doing the same job (requests per second, higher is better)\n"
        f"{'comparison':<20}{'restframe':>11}{'baseline':>11}{'ratio':>8}  {'verdict':<15}"
        "restframe side  |  baseline side"
    )
    for comparison in comparisons:
        measured = results.get(comparison.name)
        row = f"{comparison.name:<20}"
        if measured is None:
            row += f"{'n/a':>11}{'n/a':>11}{'-':>8}"
            ratio = None
        else:
            ratio = measured[0] / measured[1]
            row += f"{measured[0]:>11,.0f}{measured[1]:>11,.0f}{ratio:>8.2f}"
        text, bad = verdict(ratio, comparison.min_ratio, "")
        failed = failed or bad
        text = text or "(report)"
        print(f"{row}  {text:<15}{comparison.subject.label}  |  {comparison.baseline.label}")
    return failed


def run_scaling(
    views_by_impl: dict[str, Views],
    handler: Any,
    iterations: int,
    repeats: int,
    errors: list[str],
) -> None:
    """``many=True`` payloads: microseconds per item, restframe vs DRF (linearity at a glance)."""
    impls = [impl for impl in ("restframe", "drf") if "people" in views_by_impl.get(impl, {})]
    if not impls:
        return
    # Roughly the same number of items per size, so every size takes about the same time.
    item_budget = iterations * 3
    rows: list[tuple[int, str, dict[str, float]]] = []
    for size in MANY_SIZES:
        for label, item, status, expected in (
            ("valid", VALID_PERSON, 200, [VALID_PERSON_ECHO] * size),
            # DRF 3.18's default (LIST_SERIALIZER_ERRORS_AS_DICT): errors keyed by item index.
            ("invalid", INVALID_PERSON, 400, {str(i): PERSON_ERRORS for i in range(size)}),
        ):
            body = json.dumps([item] * size).encode()
            want = _compact(expected)
            calls: dict[str, Callable[[], Reply]] = {}
            for impl in impls:
                environ = build_environ("POST", f"/{impl}/{ROUTES['people']}", body, JSON)
                call = make_caller(handler, environ, body)
                problem = check_reply(call(), status, exact(want), JSON)
                if problem:
                    errors.append(f"{impl}/many {size} {label}: {problem}")
                    continue
                calls[impl] = call
            n = max(3, item_budget // size)
            rps = measure(calls, n, repeats, warmup=max(2, n // 10))
            rows.append((size, label, {impl: 1e6 / (r * size) for impl, r in rps.items()}))

    print(
        "\nSerializer many=True: microseconds per item (whole request / items, lower is better)\n"
        f"{'items':>6}  {'payload':<8}"
        + "".join(f"{impl:>11}" for impl in impls)
        + f"{'drf/rf':>9}"
    )
    for size, label, per_item in rows:
        row = f"{size:>6}  {label:<8}"
        for impl in impls:
            value = per_item.get(impl)
            row += f"{value:>11.1f}" if value else f"{'n/a':>11}"
        rf, drf = per_item.get("restframe"), per_item.get("drf")
        row += f"{drf / rf:>9.2f}" if rf and drf else f"{'-':>9}"
        print(row)


# --------------------------------------------------------------------------------------------
# Import/setup/memory probes (run in subprocesses, one per framework).
# --------------------------------------------------------------------------------------------


def peak_rss_kb() -> float:
    """This interpreter's peak resident set size.

    Linux's ``ru_maxrss`` survives ``exec`` and so reports the parent's size in a child started
    from a big process; ``VmHWM`` belongs to the new address space.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def probe(impl: str, traced: bool) -> dict[str, float]:
    """Run in a fresh interpreter: configure Django for ``impl``, build its views, serve one
    request. ``impl == "django"`` is the bare baseline (raw views only)."""
    if traced:
        import tracemalloc

        tracemalloc.start()
    start = time.perf_counter()
    configure_django(FRAMEWORK_APPS.get(impl, []))
    views = BUILDERS["raw" if impl == "django" else impl]()
    install_urls({impl: views})
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    setup = time.perf_counter() - start
    success = next(c for c in CASES if c.name == "success")
    call = make_caller(handler, base_environ(impl, success), success.body)
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    result = {
        "setup_s": setup,
        "first_request_s": first,
        "maxrss_kb": peak_rss_kb(),
    }
    if traced:
        import tracemalloc

        result["traced_peak_kb"] = tracemalloc.get_traced_memory()[1] / 1024
    return result


def run_probe(impl: str, traced: bool) -> dict[str, float] | None:
    args = [sys.executable, __file__, "--probe", impl] + (["--traced"] if traced else [])
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        print(f"  probe {impl} failed:\n{proc.stderr.strip()[-2000:]}")
        return None
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def report_footprint(impls: list[str], runs: int) -> None:
    print(
        "\nImport + setup cost over bare Django (fresh interpreter each, best/median of",
        runs,
        "runs)",
    )
    # DRF, ninja and Django are installed with bytecode; restframe (an editable install) may
    # not be, e.g. under PYTHONDONTWRITEBYTECODE. Compile it so every side loads .pyc files
    # and the probe measures importing, not compiling.
    import compileall

    compileall.compile_dir(str(REPO_ROOT / "restframe"), quiet=1)
    rows: dict[str, dict[str, float]] = {}
    for impl in ["django", *impls]:
        samples = [s for s in (run_probe(impl, traced=False) for _ in range(runs)) if s]
        traced = run_probe(impl, traced=True)
        if not samples or traced is None:
            continue
        rows[impl] = {
            "setup_s": min(s["setup_s"] for s in samples),
            "first_request_s": min(s["first_request_s"] for s in samples),
            "maxrss_kb": statistics.median(s["maxrss_kb"] for s in samples),
            "traced_peak_kb": traced["traced_peak_kb"],
        }
    base = rows.get("django")
    if base is None:
        return
    columns = ("setup ms", 10), ("+ms", 8), ("1st req ms", 11), ("RSS MiB", 9), ("+MiB", 7)
    print(f"  {'':<10}" + "".join(f" {name:>{width}}" for name, width in columns) + " traced +MiB")
    for impl, row in rows.items():
        print(
            f"  {impl:<10} {row['setup_s'] * 1e3:>10.1f}"
            f" {(row['setup_s'] - base['setup_s']) * 1e3:>8.1f}"
            f" {row['first_request_s'] * 1e3:>11.2f} {row['maxrss_kb'] / 1024:>9.1f}"
            f" {(row['maxrss_kb'] - base['maxrss_kb']) / 1024:>7.1f}"
            f" {(row['traced_peak_kb'] - base['traced_peak_kb']) / 1024:>12.2f}"
        )


# --------------------------------------------------------------------------------------------
# Main.
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="300 iterations x 3 repeats")
    parser.add_argument(
        "--cases",
        help=f"comma-separated case or comparison names, {MANY_NAME!r} for the scaling table"
        " (default: all)",
    )
    parser.add_argument("--impls", help=f"comma-separated subset of {','.join(IMPLS)}")
    parser.add_argument("--no-footprint", action="store_true", help="skip the subprocess probes")
    parser.add_argument(
        "--no-bare",
        action="store_true",
        help="skip timing the cases through a handler without middleware",
    )
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.probe:
        print(json.dumps(probe(args.probe, args.traced)))
        return 0
    if args.quick or os.environ.get("BENCH_QUICK"):
        args.iterations, args.repeats = 300, 3
    began = time.perf_counter()

    wanted_impls = args.impls.split(",") if args.impls else list(IMPLS)
    wanted = set(args.cases.split(",")) if args.cases else None
    cases = [c for c in CASES if wanted is None or c.name in wanted]
    comparisons = [c for c in COMPARISONS if wanted is None or c.name in wanted]
    scaling = wanted is None or MANY_NAME in wanted
    # Opt-in (``--cases async``): every ASGI request hops threads for the sync middleware and
    # signals, so these cases are slow to time on a small machine.
    async_cases = [
        c for c in ASYNC_CASES if wanted is not None and (c.name in wanted or ASYNC_NAME in wanted)
    ]

    configure_django(sorted({app for impl in wanted_impls for app in FRAMEWORK_APPS[impl]}))
    views_by_impl: dict[str, Views] = {}
    unavailable: dict[str, str] = {}
    for impl in wanted_impls:
        try:
            views_by_impl[impl] = BUILDERS[impl]()
        except ImportError as exc:
            unavailable[impl] = f"{type(exc).__name__}: {exc}"
    model_table = wanted is None or MODELS_NAME in wanted
    if model_table:
        try:
            author_model, book_model = setup_models()
            for impl, framework in (("restframe", "restframe"), ("drf", "drf")):
                if impl in views_by_impl:
                    views_by_impl[impl]["__models__"] = build_model_urls(
                        framework, author_model, book_model
                    )
        except ImportError as exc:  # a framework without viewsets yet
            print(f"  models table: not available ({type(exc).__name__}: {exc})")
    install_urls(views_by_impl)

    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    print(
        f"Python {sys.version.split()[0]}, Django {__import__('django').get_version()};"
        f" best of {args.repeats} x {args.iterations} requests through WSGIHandler"
        " (serializer cases: 40% as many)"
    )
    for impl, why in unavailable.items():
        print(f"  {impl}: not available ({why})")

    errors: list[str] = []
    failed = "restframe" in unavailable
    if cases:
        bare_handler = None
        if not args.no_bare:
            from django.test.utils import override_settings

            # Django builds the middleware chain when the handler is created.
            with override_settings(MIDDLEWARE=[]):
                bare_handler = WSGIHandler()
        failed |= run_cases(
            cases, views_by_impl, handler, args.iterations, args.repeats, errors, bare_handler
        )
    if comparisons:
        failed |= run_comparisons(
            comparisons, views_by_impl, handler, args.iterations, args.repeats, errors
        )
    if async_cases:
        failed |= run_async_cases(async_cases, views_by_impl, args.iterations, args.repeats, errors)
    if model_table:
        run_model_cases(views_by_impl, handler, args.iterations, min(args.repeats, 3), errors)
    if scaling:
        run_scaling(views_by_impl, handler, args.iterations, min(args.repeats, 3), errors)
    for error in errors:
        print("  wrong answer:", error)
    failed |= bool(errors)

    if not args.no_footprint:
        report_footprint([i for i in ("restframe", "drf", "ninja") if i in views_by_impl], runs=3)

    print(f"\nTotal time: {time.perf_counter() - began:.0f} s")
    if "restframe" not in wanted_impls:
        print("\nOVERALL: n/a (restframe not measured)")
        return 0
    print("\nOVERALL:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
