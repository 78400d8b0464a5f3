"""Exception handlers registered by class (MRO) or status code, per view or project-wide."""

import pytest
from asgiref.sync import async_to_sync
from django.http import Http404
from django.urls import path

from restframe import exceptions, handlers
from restframe.response import Response
from restframe.test import APIClient, AsyncAPIClient
from restframe.views import APIView


class PaymentGatewayDown(Exception):
    """A third-party error the project wants answered as 503."""


class CardDeclined(PaymentGatewayDown):
    pass


class Charge(APIView):
    def get(self, request):
        raise CardDeclined("gateway said no: secret-merchant-id")


class ChargeAsync(APIView):
    async def get(self, request):
        raise CardDeclined("gateway said no: secret-merchant-id")


class Missing(APIView):
    def get(self, request):
        raise Http404


class TeapotView(APIView):
    exception_handlers = {exceptions.NotFound: lambda exc, context: Response({"tea": True}, 418)}

    def get(self, request):
        raise exceptions.NotFound()


urlpatterns = [
    path("charge", Charge.as_view()),
    path("charge-async", ChargeAsync.as_view()),
    path("missing", Missing.as_view()),
    path("teapot", TeapotView.as_view()),
]
pytestmark = pytest.mark.urls("tests.test_handler_registry")


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch):
    monkeypatch.setattr(handlers, "_registered", {})


class GatewayUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "Payments are unavailable, try again later."
    default_code = "payments_unavailable"


def test_a_class_handler_maps_third_party_errors_and_matches_subclasses():
    handlers.register_exception_handler(PaymentGatewayDown)(
        lambda exc, context: GatewayUnavailable()
    )
    response = APIClient().get("/charge")
    assert response.status_code == 503
    assert response.content == b'{"detail":"Payments are unavailable, try again later."}'


def test_registered_handlers_work_for_async_views():
    handlers.register_exception_handler(PaymentGatewayDown)(
        lambda exc, context: GatewayUnavailable()
    )
    response = async_to_sync(AsyncAPIClient().get)("/charge-async")
    assert response.status_code == 503


def test_a_status_handler_sees_mapped_django_exceptions():
    seen = []

    @handlers.register_exception_handler(404)
    def not_found(exc, context):
        seen.append(type(exc).__name__)
        return Response({"missing": context["request"].path}, status=404)

    response = APIClient().get("/missing")
    assert response.content == b'{"missing":"/missing"}'
    assert seen == ["Http404"]


def test_a_handler_returning_none_falls_back_to_the_default():
    handlers.register_exception_handler(404)(lambda exc, context: None)
    assert APIClient().get("/missing").content == b'{"detail":"Not found."}'


def test_view_handlers_come_first():
    handlers.register_exception_handler(exceptions.NotFound)(
        lambda exc, context: Response({"global": True}, 404)
    )
    response = APIClient().get("/teapot")
    assert (response.status_code, response.content) == (418, b'{"tea":true}')


def test_unregistered_unknown_errors_still_reach_django():
    with pytest.raises(CardDeclined):
        APIClient().get("/charge")
