"""``restframe.test``: the factory and clients a DRF test suite uses, unchanged."""

import sys
import unittest

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import path, reverse

from restframe.decorators import api_view
from restframe.response import Response
from restframe.test import (
    APIClient,
    APIRequestFactory,
    APITestCase,
    AsyncAPIClient,
    URLPatternsTestCase,
    force_authenticate,
)


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
def whoami(request):
    return Response(
        {
            "user": request.user.username or None,
            "auth": str(request.auth) if request.auth else None,
            "data": request.data,
            "content_type": request.content_type.split(";")[0],
            "authorization": request.META.get("HTTP_AUTHORIZATION"),
        }
    )


@api_view(["GET"])
async def whoami_async(request):
    return Response({"user": request.user.username or None, "auth": request.auth})


urlpatterns = [path("whoami", whoami), path("whoami-async", whoami_async)]
HERE = pytest.mark.urls("tests.test_test_client")


@HERE
def test_default_format_is_multipart():
    response = APIClient().post("/whoami", {"a": "1"})
    assert response.json()["content_type"] == "multipart/form-data"
    assert response.json()["data"] == {"a": "1"}


@HERE
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_format_json_encodes_the_body(method):
    response = getattr(APIClient(), method)("/whoami", {"a": [1, 2]}, format="json")
    assert response.json()["content_type"] == "application/json"
    assert response.json()["data"] == {"a": [1, 2]}


@HERE
def test_explicit_content_type_is_sent_as_is():
    response = APIClient().post("/whoami", '{"x": 1}', content_type="application/json")
    assert response.json()["data"] == {"x": 1}


@HERE
def test_format_and_content_type_together_is_an_error():
    with pytest.raises(ValueError, match="format or content_type"):
        APIRequestFactory().post("/", {}, format="json", content_type="application/json")


@HERE
def test_unknown_format_names_the_setting():
    with pytest.raises(ValueError, match="TEST_REQUEST_RENDERER_CLASSES"):
        APIRequestFactory().post("/", {}, format="yaml")


@HERE
def test_get_data_becomes_the_query_string():
    request = APIRequestFactory().get("/whoami", {"q": ["a", "b"]})
    assert request.META["QUERY_STRING"] == "q=a&q=b"


@HERE
@pytest.mark.django_db
def test_force_authenticate_on_a_factory_request():
    user = User.objects.create_user("ada")
    request = APIRequestFactory().get("/whoami")
    force_authenticate(request, user=user, token="tok")
    response = whoami(request)
    assert response.data["user"] == "ada"
    assert response.data["auth"] == "tok"


@HERE
@pytest.mark.django_db
def test_client_force_authenticate_and_logout():
    client = APIClient()
    client.force_authenticate(user=User.objects.create_user("ada"))
    assert client.get("/whoami").json()["user"] == "ada"
    client.force_authenticate(None)
    assert client.get("/whoami").json()["user"] is None


@HERE
def test_credentials_are_sent_with_every_request():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token abc")
    assert client.get("/whoami").json()["authorization"] == "Token abc"
    client.credentials()
    assert client.get("/whoami").json()["authorization"] is None


@HERE
@pytest.mark.django_db(transaction=True)
def test_async_client_forced_auth_and_credentials():
    client = AsyncAPIClient()
    client.force_authenticate(user=User.objects.create_user("ada"), token="tok")
    body = async_to_sync(client.get)("/whoami-async").json()
    assert body == {"user": "ada", "auth": "tok"}


@HERE
def test_csrf_is_not_enforced_unless_asked():
    request = APIRequestFactory().post("/", {})
    assert request._dont_enforce_csrf_checks is True
    strict = APIRequestFactory(enforce_csrf_checks=True).post("/", {})
    assert strict._dont_enforce_csrf_checks is False


class WhoAmIPatterns(URLPatternsTestCase, APITestCase):
    urlpatterns = [path("elsewhere", whoami)]

    def test_urlpatterns_are_the_urlconf(self):
        response = self.client.get("/elsewhere")
        assert response.status_code == 200
        assert isinstance(self.client, APIClient)


class NamedPatterns(URLPatternsTestCase, APITestCase):
    urlpatterns = [path("named", whoami, name="who")]

    def test_the_test_module_is_the_urlconf_with_the_class_patterns(self):
        # As in DRF: code naming the module (include(), ROOT_URLCONF=__name__) sees them too.
        assert settings.ROOT_URLCONF == __name__
        assert sys.modules[__name__].urlpatterns is NamedPatterns.urlpatterns
        assert reverse("who") == "/named"
        assert self.client.get("/named").status_code == 200


def test_url_patterns_test_case_puts_the_module_patterns_back():
    module = sys.modules[__name__]
    before = module.urlpatterns

    class Empty(URLPatternsTestCase):
        urlpatterns = []  # no routes at all is a valid URLconf

        def test_nothing_resolves(self):
            assert module.urlpatterns is Empty.urlpatterns
            assert self.client.get("/whoami").status_code == 404

    result = unittest.TestResult()
    unittest.TestSuite([Empty("test_nothing_resolves")]).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert module.urlpatterns is before
