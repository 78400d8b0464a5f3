"""The errors of django-filter and djangorestframework-simplejwt, answered by restframe.

With ``ERROR_FORMAT = "drf"`` (the default) every body is byte for byte what the same project
answers on DRF 3.18 (observed by running it there); with ``"problem"``, or an ``Accept``
preferring ``application/problem+json``, the packages' errors become RFC 9457 problem details
through restframe's exception handler, and an unhandled error gets an ``error_id``.
"""

import json
import re

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.test.utils import override_settings
from rest_framework.test import APIClient, AsyncAPIClient

pytestmark = pytest.mark.django_db

PROBLEM = {"ERROR_FORMAT": "problem"}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}


@pytest.fixture
def client():
    return APIClient(raise_request_exception=False)


@pytest.fixture
def access(client):
    User.objects.create_user("ada", "ada@example.com", "pw")
    response = client.post("/token/", {"username": "ada", "password": "pw"}, format="json")
    assert response.status_code == 200
    return response.json()["access"]


def problem(**kwargs):
    return override_settings(REST_FRAMEWORK={**REST_FRAMEWORK, **PROBLEM, **kwargs})


# DRF's bodies, as DRF 3.18 answers them for this project.


def test_missing_token(client):
    response = client.get("/users/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'


def test_invalid_token(client):
    response = client.get("/users/", HTTP_AUTHORIZATION="Bearer abc")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.content == (
        b'{"detail":"Given token not valid for any token type","code":"token_not_valid",'
        b'"messages":[{"token_class":"AccessToken","token_type":"access",'
        b'"message":"Token is invalid"}]}'
    )


def test_wrong_credentials(client):
    response = client.post("/token/", {"username": "ada", "password": "no"}, format="json")
    assert response.status_code == 401
    assert response.content == b'{"detail":"No active account found with the given credentials"}'


def test_missing_credentials(client):
    response = client.post("/token/", {}, format="json")
    assert response.status_code == 400
    assert response.content == (
        b'{"username":["This field is required."],"password":["This field is required."]}'
    )


def test_refresh_with_an_access_token(client, access):
    response = client.post("/token/refresh/", {"refresh": access}, format="json")
    assert response.status_code == 401
    assert response.content == b'{"detail":"Token has wrong type","code":"token_not_valid"}'


def test_invalid_filter(client, access):
    response = client.get(
        "/users/?date_joined__gte=soon&id=x", HTTP_AUTHORIZATION=f"Bearer {access}"
    )
    assert response.status_code == 400
    assert response.content == (
        b'{"date_joined__gte":["Enter a valid date/time."],"id":["Enter a number."]}'
    )


def test_valid_filter(client, access):
    response = client.get("/users/?id=1", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert response.status_code == 200
    assert response.content == b'[{"id":1,"username":"ada"}]'


# restframe beyond DRF: the same packages under an ``async def`` handler, same bodies.


@pytest.mark.django_db(transaction=True)
def test_async_view(access):
    client = AsyncAPIClient()
    get = async_to_sync(client.get)
    response = get("/async/users/")
    assert response.status_code == 401
    assert response.content == b'{"detail":"Authentication credentials were not provided."}'
    response = get("/async/users/", headers={"Authorization": "Bearer abc"})
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
    response = get("/async/users/?id=x", headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 400
    assert response.content == b'{"id":["Enter a number."]}'
    response = get("/async/users/?id=1", headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 200
    assert response.content == b'[{"id":1,"username":"ada"}]'


# restframe's error path: problem details, error ids.


def test_invalid_token_as_problem(client):
    with problem():
        response = client.get("/users/", HTTP_AUTHORIZATION="Bearer abc")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "Given token not valid for any token type",
        "instance": "/users/",
        "code": "token_not_valid",
        "messages": [
            {"token_class": "AccessToken", "token_type": "access", "message": "Token is invalid"}
        ],
    }


def test_problem_chosen_by_accept(client):
    response = client.get(
        "/users/", HTTP_AUTHORIZATION="Bearer abc", HTTP_ACCEPT="application/problem+json"
    )
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "token_not_valid"


def test_wrong_credentials_as_problem(client):
    with problem(PROBLEM_TYPE_BASE_URI="https://errors.example.com/"):
        response = client.post("/token/", {"username": "ada", "password": "no"}, format="json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "https://errors.example.com/no_active_account",
        "title": "Unauthorized",
        "status": 401,
        "detail": "No active account found with the given credentials",
        "instance": "/token/",
        "code": "no_active_account",
    }


def test_invalid_filter_as_problem(client, access):
    with problem():
        response = client.get(
            "/users/?date_joined__gte=soon&id=x", HTTP_AUTHORIZATION=f"Bearer {access}"
        )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": "Invalid input.",
        "instance": "/users/",
        "code": "invalid",
        "errors": [
            {
                "parameter": "date_joined__gte",
                "detail": "Enter a valid date/time.",
                "code": "invalid",
            },
            {"parameter": "id", "detail": "Enter a number.", "code": "invalid"},
        ],
    }


def test_server_error_has_an_error_id(client, access):
    response = client.get("/broken/", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert response.status_code == 500
    body = response.json()
    assert body["detail"] == "A server error occurred."
    assert re.fullmatch(r"[0-9a-f-]{36}", body["error_id"])


def test_packages_errors_are_in_the_catalog():
    from restframe import catalog

    codes = {(entry.code, entry.status) for entry in catalog.entries()}
    assert ("token_not_valid", 401) in codes
