"""A filter backend's ``ValidationError`` concerns query parameters (restframe, beyond DRF).

django-filter's ``DjangoFilterBackend`` raises its form's errors keyed by parameter name; DRF's
body is unchanged, and problem details name each parameter (``"parameter"``) instead of pointing
into a request body that a GET does not have. ``make compat`` checks the same with django-filter.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.test.utils import override_settings

from restframe import exceptions, generics, serializers
from restframe.test import APIRequestFactory

pytestmark = pytest.mark.django_db

factory = APIRequestFactory()


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username"]


class DateFilter:
    """Rejects ``?since=`` that is not a date, the way django-filter reports a form error."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        if "since" in request.query_params:
            raise exceptions.ValidationError({"since": ["Enter a valid date."]})
        return queryset


class HeaderFilter:
    """A backend that validates a header and says so: its ``location`` is kept."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        exc = exceptions.ValidationError({"x_tenant": ["Unknown tenant."]})
        exc.location = "header"
        raise exc


class Users(generics.ListAPIView):
    queryset = User.objects.all()
    serializer_class = UserSerializer
    filter_backends = [DateFilter]


class AsyncUsers(Users):
    async def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return await self.alist(request, *args, **kwargs)


class TenantUsers(Users):
    filter_backends = [HeaderFilter]


PROBLEM = {
    "type": "about:blank",
    "title": "Bad Request",
    "status": 400,
    "detail": "Invalid input.",
    "instance": "/users/",
    "code": "invalid",
    "errors": [{"parameter": "since", "detail": "Enter a valid date.", "code": "invalid"}],
}


def test_drf_body_is_unchanged() -> None:
    response = Users.as_view()(factory.get("/users/", {"since": "soon"}))
    response.render()
    assert response.status_code == 400
    assert response.content == b'{"since":["Enter a valid date."]}'


@pytest.mark.parametrize("view", [Users, AsyncUsers])
def test_problem_names_the_query_parameter(view: type[Users]) -> None:
    request = factory.get("/users/", {"since": "soon"})
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"}):
        handler = view.as_view()
        response = async_to_sync(handler)(request) if view is AsyncUsers else handler(request)
        response.render()
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == PROBLEM


def test_a_backends_own_location_is_kept() -> None:
    with override_settings(REST_FRAMEWORK={"ERROR_FORMAT": "problem"}):
        response = TenantUsers.as_view()(factory.get("/users/"))
        response.render()
    assert response.status_code == 400
    assert json.loads(response.content)["errors"] == [
        {"header": "X-Tenant", "detail": "Unknown tenant.", "code": "invalid"}
    ]


def test_valid_filters_answer_the_list() -> None:
    User.objects.create(username="ada")
    response = Users.as_view()(factory.get("/users/"))
    response.render()
    assert response.status_code == 200
    assert [user["username"] for user in json.loads(response.content)] == ["ada"]
