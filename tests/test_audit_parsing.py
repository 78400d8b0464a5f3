"""Audit of the input and output side against DRF 3.18: parsers, request, negotiation, renderers.

Each test pins a behaviour that once differed from DRF's (or from its documented public API).
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import path

from restframe import exceptions, serializers
from restframe.metadata import ClassLookupDict, SimpleMetadata
from restframe.parsers import JSONParser
from restframe.renderers import JSONRenderer, TemplateHTMLRenderer
from restframe.request import Request
from restframe.response import Response
from restframe.test import APIRequestFactory
from restframe.utils.formatting import lazy_format
from restframe.views import APIView

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "list.html": "[{{ details|join:',' }}] {{ status_code }}",
                        "400.html": "bad: {{ details.0 }} {{ status_code }}",
                    },
                )
            ]
        },
    }
]


class ListPage(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [TemplateHTMLRenderer]

    def get(self, request):
        if request.query_params.get("fail"):
            raise exceptions.ValidationError("Name is taken.")
        return Response(["a", "b"], template_name="list.html")


class Prices(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [JSONRenderer]

    def get(self, request):
        return Response({"price": Decimal("1E+400")})


urlpatterns = [
    path("list/", ListPage.as_view()),
    path("prices/", Prices.as_view()),
]


# --- TemplateHTMLRenderer: a list body is the template's ``details`` -------------------------


@pytest.mark.urls(__name__)
@override_settings(TEMPLATES=TEMPLATES)
def test_template_renderer_passes_a_list_as_details(client):
    response = client.get("/list/")
    assert response.status_code == 200
    assert response.content == b"[a,b] 200"
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.urls(__name__)
@override_settings(TEMPLATES=TEMPLATES)
def test_template_renderer_error_page_gets_a_list_body_as_details(client):
    response = client.get("/list/?fail=1")
    assert response.status_code == 400
    assert response.content == b"bad: Name is taken. 400"


# --- JSONRenderer: a Decimal too large for a float --------------------------------------------


def test_decimal_that_overflows_a_float_is_refused_under_strict_json():
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        JSONRenderer().render({"price": Decimal("1E+400")})
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        JSONRenderer().render([Decimal("-1E+400")])


@override_settings(REST_FRAMEWORK={"STRICT_JSON": False})
def test_decimal_that_overflows_a_float_is_infinity_when_not_strict():
    assert JSONRenderer().render({"price": Decimal("1E+400")}) == b'{"price":Infinity}'
    assert JSONRenderer().render([Decimal("-1E+400"), None]) == b"[-Infinity,null]"


def test_signalling_nan_decimal_fails_as_in_drf():
    with pytest.raises(ValueError, match="signaling NaN"):
        JSONRenderer().render({"v": Decimal("sNaN"), "w": None})


@pytest.mark.urls(__name__)
def test_overflowing_decimal_is_never_sent_as_null(client):
    # DRF fails to render this body (a server error); it must not become {"price":null}.
    client.raise_request_exception = False
    response = client.get("/prices/")
    assert response.status_code == 500
    assert b"null" not in response.content


# --- JSONParser.strict is a plain attribute -----------------------------------------------------


def test_json_parser_strict_is_a_class_attribute_and_can_be_set_on_an_instance():
    assert JSONParser.strict is True
    parser = JSONParser()
    parser.strict = False
    assert repr(parser.parse(io.BytesIO(b"[NaN, -Infinity]"))) == "[nan, -inf]"
    with pytest.raises(exceptions.ParseError) as info:
        JSONParser().parse(io.BytesIO(b"[NaN]"))
    assert str(info.value.detail) == (
        "JSON parse error - Out of range float values are not JSON compliant: 'NaN'"
    )


@override_settings(REST_FRAMEWORK={"STRICT_JSON": False})
def test_json_parser_strict_class_attribute_follows_the_setting():
    assert JSONParser.strict is False
    assert repr(JSONParser().parse(io.BytesIO(b"[Infinity]"))) == "[inf]"


# --- Response / Request public API -------------------------------------------------------------


def test_response_can_be_subscripted_in_annotations():
    assert Response[dict] is Response


def test_request_force_plaintext_errors_exists():
    request = Request(APIRequestFactory().get("/"))
    assert request.force_plaintext_errors(True) is None
    assert request._request.is_ajax() is True


# --- SimpleMetadata.label_lookup ------------------------------------------------------------------


class Money(serializers.DecimalField):
    pass


class Order(serializers.Serializer):
    total = Money(max_digits=5, decimal_places=2)
    note = serializers.CharField()


def test_metadata_label_lookup_is_public_and_customisable():
    class MoneyMetadata(SimpleMetadata):
        label_lookup = ClassLookupDict({**SimpleMetadata.label_lookup.mapping, Money: "money"})

    assert SimpleMetadata.label_lookup[Money(max_digits=5, decimal_places=2)] == "decimal"
    assert MoneyMetadata().get_field_info(Order().fields["total"])["type"] == "money"
    assert MoneyMetadata().get_field_info(Order().fields["note"])["type"] == "string"
    assert SimpleMetadata().get_field_info(Order().fields["total"])["type"] == "decimal"


def test_class_lookup_dict_misses_raise_key_error():
    lookup = ClassLookupDict({int: "int"})
    assert lookup[True] == "int"  # bool is an int
    with pytest.raises(KeyError) as info:
        lookup["text"]
    assert info.value.args == ("Class str not found in lookup.",)
    lookup[str] = "str"
    assert lookup["text"] == "str"


# --- utils.formatting.lazy_format --------------------------------------------------------------


def test_lazy_format_formats_on_first_use_only():
    class Counting:
        calls = 0

        def __format__(self, spec):
            Counting.calls += 1
            return "x"

    text = lazy_format(
        "Ensure this field has no more than {max_length} ({value}).", max_length=3, value=Counting()
    )
    assert Counting.calls == 0
    assert str(text) == "Ensure this field has no more than 3 (x)."
    assert str(text) == "Ensure this field has no more than 3 (x)."
    assert Counting.calls == 1
    assert lazy_format("{} of %s", "one") % "two" == "one of two"


@pytest.mark.parametrize("accept", ["garbage", ",,,", "text", "foo/bar;q=x"])
def test_unparseable_accept_is_not_acceptable_as_in_drf(accept: str) -> None:
    """Only a header that really names problem details earns the fallback instead of 406."""

    class Echo(APIView):
        def get(self, request):  # type: ignore[no-untyped-def]
            return Response({"ok": True})

    response = Echo.as_view()(APIRequestFactory().get("/echo/", HTTP_ACCEPT=accept))
    response.render()
    assert response.status_code == 406
    assert response.content == b'{"detail":"Could not satisfy the request Accept header."}'
