"""Audit of serializers, fields and validators against DRF 3.18: the corner cases that differed.

Each test pins what DRF 3.18 does for the same declaration and input (checked against DRF while
auditing); expected values are literal.
"""

from __future__ import annotations

import decimal
import warnings

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import override_settings
from django.urls import path

from restframe import fields, serializers
from restframe.exceptions import ValidationError
from restframe.response import Response
from restframe.test import APIClient
from restframe.views import APIView

# --- class-level ``coerce_to_string`` ----------------------------------------------------------


class PlainDecimalField(fields.DecimalField):
    coerce_to_string = False


class TextBigIntegerField(fields.BigIntegerField):
    coerce_to_string = True


def test_decimal_field_subclass_can_turn_string_coercion_off_on_the_class():
    value = PlainDecimalField(max_digits=5, decimal_places=2).to_representation(
        decimal.Decimal("1.2")
    )
    assert value == decimal.Decimal("1.20")
    assert isinstance(value, decimal.Decimal)
    assert PlainDecimalField(max_digits=5, decimal_places=2).to_representation(None) is None


def test_decimal_field_argument_still_wins_over_the_class_attribute():
    field = PlainDecimalField(max_digits=5, decimal_places=2, coerce_to_string=True)
    assert field.to_representation(decimal.Decimal("1.2")) == "1.20"


def test_big_integer_field_subclass_can_turn_string_coercion_on_on_the_class():
    assert TextBigIntegerField().to_representation(2**70) == "1180591620717411303424"
    assert TextBigIntegerField().to_representation(None) == ""
    assert TextBigIntegerField(coerce_to_string=False).to_representation(5) == 5


class PricedSerializer(serializers.Serializer):
    price = PlainDecimalField(max_digits=6, decimal_places=2)
    big = TextBigIntegerField()


class PricedView(APIView):
    def get(self, request):
        return Response(PricedSerializer({"price": decimal.Decimal("3.5"), "big": 7}).data)


urlpatterns = [path("priced/", PricedView.as_view())]


@pytest.mark.urls(__name__)
def test_class_level_coercion_reaches_the_response_body():
    response = APIClient().get("/priced/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.content == b'{"price":3.5,"big":"7"}'


# --- DictField and Django ValidationErrors from its child -------------------------------------


class DjangoCheckedField(fields.Field):
    """A child field whose ``to_internal_value`` raises Django's ``ValidationError``."""

    def to_internal_value(self, data):
        if data == "bad":
            raise DjangoValidationError("Bad value.", code="bad_value")
        return data


def test_dict_field_child_django_error_is_an_error_of_the_whole_field():
    class Serializer(serializers.Serializer):
        mapping = fields.DictField(child=DjangoCheckedField())

    serializer = Serializer(data={"mapping": {"a": "bad", "b": "ok"}})
    assert not serializer.is_valid()
    assert serializer.errors == {"mapping": ["Bad value."]}
    assert serializer.errors["mapping"][0].code == "bad_value"


def test_dict_field_child_django_error_propagates_from_the_field_alone():
    with pytest.raises(DjangoValidationError):
        fields.DictField(child=DjangoCheckedField()).run_validation({"a": "bad"})


def test_list_field_child_django_error_stays_keyed_by_index():
    class Serializer(serializers.Serializer):
        items = fields.ListField(child=DjangoCheckedField())

    serializer = Serializer(data={"items": ["ok", "bad"]})
    assert not serializer.is_valid()
    assert serializer.errors == {"items": {1: ["Bad value."]}}


# --- ``fail()`` with a key that has no message -------------------------------------------------


def test_fail_with_unknown_key_raises_an_assertion_error_like_drf():
    with pytest.raises(AssertionError) as info:
        fields.IntegerField().fail("nope")
    assert str(info.value) == (
        "ValidationError raised by `IntegerField`, but error key `nope` does not exist in the "
        "`error_messages` dictionary."
    )
    assert isinstance(info.value, ImproperlyConfigured)


# --- ``set_value`` overrides -------------------------------------------------------------------


def test_overridden_set_value_receives_every_validated_value():
    class Serializer(serializers.Serializer):
        name = fields.CharField()
        city = fields.CharField(source="address.city")

        def set_value(self, dictionary, keys, value):
            dictionary["/".join(keys).upper()] = value

    serializer = Serializer(data={"name": "Ada", "city": "London"})
    assert serializer.is_valid()
    assert serializer.validated_data == {"NAME": "Ada", "ADDRESS/CITY": "London"}


# --- fields replaced in ``_declared_fields`` after the class was used --------------------------


def test_replacing_a_declared_field_after_first_use_takes_effect():
    class Serializer(serializers.Serializer):
        count = fields.IntegerField()

    first = Serializer(data={})
    assert not first.is_valid()
    assert first.errors == {"count": ["This field is required."]}

    Serializer._declared_fields["count"] = fields.IntegerField(required=False)
    second = Serializer(data={})
    assert second.is_valid(), second.errors
    assert second.validated_data == {}


def test_renaming_a_declared_field_after_first_use_takes_effect():
    class Serializer(serializers.Serializer):
        count = fields.IntegerField()

    assert Serializer({"count": 1}).data == {"count": 1}
    declared = Serializer._declared_fields
    declared["total"] = declared.pop("count")
    assert Serializer({"total": 2}).data == {"total": 2}


# --- ``as_serializer_error`` with something that is not a validation error ---------------------


def test_as_serializer_error_rejects_other_exceptions_with_an_assertion_error():
    with pytest.raises(AssertionError):
        serializers.as_serializer_error(ValueError("nope"))


# --- the list-shaped ``many=True`` errors warning -----------------------------------------------


class ItemSerializer(serializers.Serializer):
    qty = fields.IntegerField()


def test_list_error_format_warning_is_a_pending_deprecation_with_drfs_text():
    with override_settings(REST_FRAMEWORK={"LIST_SERIALIZER_ERRORS_AS_DICT": False}):
        serializer = ItemSerializer(data=[{"qty": 1}, {"qty": "x"}], many=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            serializer.is_valid()
    assert serializer.errors == [{}, {"qty": ["A valid integer is required."]}]
    assert len(caught) == 1
    warning = caught[0]
    assert issubclass(warning.category, PendingDeprecationWarning)
    assert warning.category is serializers.RemovedInDRF320Warning
    assert str(warning.message) == (
        "The list-based error format for `ListSerializer` is deprecated and will be removed in "
        'DRF 3.20. Set `REST_FRAMEWORK["LIST_SERIALIZER_ERRORS_AS_DICT"]` to `True` to use the '
        "dictionary-based error format."
    )
    assert warning.filename == __file__


# --- MultipleChoiceField validates items through the next class in the MRO ---------------------


class UpperChoiceField(fields.ChoiceField):
    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class UpperMultipleChoiceField(fields.MultipleChoiceField, UpperChoiceField):
    pass


def test_multiple_choice_field_items_go_through_a_choice_mixin():
    field = UpperMultipleChoiceField(choices=["A", "B"])
    assert field.run_validation(["a", "B", "a"]) == ["A", "B"]
    with pytest.raises(ValidationError) as info:
        field.run_validation(["c"])
    assert info.value.detail == ['"C" is not a valid choice.']
